"""Sections of the Settings page.

Each module ``si_local.ui.sections.<name>`` exposes ``TITLE`` (English, marked with N_) and
``create_section(ctx, parent) -> QWidget``. The Settings page shows those of :data:`SECTIONS`
that exist, in this order; a missing module is skipped.
"""

SECTIONS = ["language", "snapshots", "secrets", "audit", "about"]
