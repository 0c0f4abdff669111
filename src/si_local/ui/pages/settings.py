"""Settings: one group per section module found under si_local.ui.sections."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core.i18n import _
from ..sections import SECTIONS

log = logging.getLogger(__name__)


def available_sections() -> list:
    """The section modules present, in the order of SECTIONS."""
    found = []
    for name in SECTIONS:
        try:
            module = importlib.import_module(f"si_local.ui.sections.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"si_local.ui.sections.{name}":
                raise
            continue
        if hasattr(module, "create_section"):
            found.append((name, module))
    return found


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
        for name, module in available_sections():
            box = QGroupBox(_(getattr(module, "TITLE", name)), body)
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
