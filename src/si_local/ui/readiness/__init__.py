"""The Readiness page (« Conformité »): the authorities' expectations and where the facility
stands (page.py), the Declare and Withdraw dialogs (dialogs.py)."""
