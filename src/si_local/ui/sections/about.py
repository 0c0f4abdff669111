"""Settings › About: the same facts as Help › About (version, licence, data folder, database,
secret store), with buttons to open the data folder and copy the details for support."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...core.i18n import N_
from ..about import AboutPanel

TITLE = N_("About SI Local")  # not "About": the catalogue already uses it for a subject ("Objet")


def create_section(ctx, parent=None) -> QWidget:
    panel = AboutPanel(ctx, parent)
    panel.setObjectName("about_panel")
    return panel
