"""Sections of the Settings page.

Each module ``si_local.ui.sections.<name>`` exposes ``TITLE`` (English, marked with N_) and
``create_section(ctx, parent) -> QWidget``; ``ui/pages/settings.py`` lists them, in order, in
``SECTIONS``.
"""
