"""Settings: one group per section of :data:`SECTIONS` (modules of si_local.ui.sections)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core.i18n import _
from ..sections import about, audit, language, secrets, snapshots

log = logging.getLogger(__name__)

# (name, module), in the page's order; the group box of each is named section_<name>.
SECTIONS = (
    ("language", language),
    ("snapshots", snapshots),
    ("secrets", secrets),
    ("audit", audit),
    ("about", about),
)


class SettingsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        title = QLabel(_("Settings"), body)
        title.setProperty("role", "title")
        layout.addWidget(title)
        self.sections: dict[str, QWidget] = {}
        for name, module in SECTIONS:
            box = QGroupBox(_(module.TITLE), body)
            box.setObjectName(f"section_{name}")
            box_layout = QVBoxLayout(box)
            try:
                widget = module.create_section(ctx, box)
            except Exception:  # one broken section must not hide the others
                log.exception("settings section %s failed", name)
                widget = QLabel(_("This section could not be shown; details are in the log."), box)
            box_layout.addWidget(widget)
            self.sections[name] = widget
            layout.addWidget(box)
        layout.addStretch(1)

    def refresh(self) -> None:
        for widget in self.sections.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()


def create_page(ctx, parent=None) -> SettingsPage:
    return SettingsPage(ctx, parent)
