"""The Group page (``page.create_page``): ``core_model`` and ``consolidation`` tabs, ``models``,
``dialogs``. Imported when the page is first shown (``ui/areas.py``)."""
