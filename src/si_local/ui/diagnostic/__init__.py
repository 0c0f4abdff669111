"""The self-diagnostic page (``page.create_page``), one module per part: ``campaign_list``, the
campaign's three tabs (``walkthrough``, ``results``, ``action_plan``), ``dialogs``, ``widgets``
(level buttons, question cards), ``radar``, ``models`` (tables and cell editors) and ``common``.
Imported when the page is first shown (``ui/areas.py``)."""
