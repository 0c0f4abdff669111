"""The Group page: the regional group's core model (standard vs local) and the consolidation of
several facilities' bundles. Business rules live in si_local.core.group; this only lays out."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...core.i18n import _
from .consolidation import ConsolidationTab
from .core_model import CoreModelTab

log = logging.getLogger(__name__)


class GroupPage(QWidget):
    LOADED_WHEN_BUILT = True  # see MainWindow._on_page_changed

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        title = QLabel(_("Regional group"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.core_model = CoreModelTab(ctx, self)
        self.consolidation = ConsolidationTab(ctx, self)
        self.tabs.addTab(self.core_model, _("Core model"))
        self.tabs.addTab(self.consolidation, _("Consolidation"))
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.core_model.refresh()


def create_page(ctx, parent=None) -> GroupPage:
    return GroupPage(ctx, parent)
