"""Settings: one group per section of :data:`SECTIONS` (modules of si_local.ui.sections).

The page scrolls as one: a list or a combo box inside it does not keep the mouse wheel unless it
has the focus (the user clicked it); otherwise the wheel scrolls the page (:class:`WheelToPage`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea, QApplication, QComboBox, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from ...core.i18n import _
from ..sections import about, audit, language, secrets, snapshots, start_page

log = logging.getLogger(__name__)

# (name, module), in the page's order; the group box of each is named section_<name>.
SECTIONS = (
    ("language", language),
    ("start_page", start_page),
    ("snapshots", snapshots),
    ("secrets", secrets),
    ("audit", audit),
    ("about", about),
)


class WheelToPage(QObject):
    """Sends the wheel turned over an inner list or combo box without the focus to the page's
    scroll bar: the page moves, not the list (nor the combo box's value)."""

    def __init__(self, scroll: QScrollArea):
        super().__init__(scroll)
        self.scroll = scroll
        self.owners: dict[QObject, QWidget] = {}

    def watch(self, body: QWidget) -> None:
        for area in body.findChildren(QAbstractScrollArea):
            self._watch(area.viewport(), area)
        for combo in body.findChildren(QComboBox):
            self._watch(combo, combo)

    def _watch(self, target: QObject, owner: QWidget) -> None:
        self.owners[target] = owner
        target.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt naming)
        owner = self.owners.get(watched)
        if event.type() == QEvent.Type.Wheel and owner is not None and not owner.hasFocus():
            QApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        return super().eventFilter(watched, event)


class SettingsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("settings_scroll")
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
        self.wheel = WheelToPage(scroll)
        self.wheel.watch(body)

    def refresh(self) -> None:
        for widget in self.sections.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()


def create_page(ctx, parent=None) -> SettingsPage:
    return SettingsPage(ctx, parent)
