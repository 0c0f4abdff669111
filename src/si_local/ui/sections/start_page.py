"""Settings › Start page: the page the window opens on, saved in the workstation's settings.json
(a nurse manager may start on Training, a director on the self-diagnostic)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core import settings as user_settings
from ...core.i18n import N_, _
from ..areas import PAGES

TITLE = N_("Start page")
SETTING = "start_page"
# The pages one can start on (not Settings)
CHOICES = ("home", "registry", "continuity", "diagnostic", "training", "group")


def start_page(settings: dict | None) -> str:
    """The key of the page to open first: the saved one, Home when none or unknown."""
    key = (settings or {}).get(SETTING)
    return key if key in CHOICES else "home"


class StartPageSection(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel(_("Start page when SI Local opens:"), self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("start_page")
        titles = {page.key: page.title for page in PAGES}
        for key in CHOICES:
            self.combo.addItem(_(titles[key]), key)
        self.combo.setCurrentIndex(max(0, self.combo.findData(start_page(ctx.settings))))
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setProperty("role", "hint")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.combo.currentIndexChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        key = self.combo.currentData()
        user_settings.save({SETTING: key})
        if isinstance(self.ctx.settings, dict):
            self.ctx.settings[SETTING] = key
        self.status.setText(_("Saved: SI Local will open on this page at its next start."))


def create_section(ctx, parent=None) -> QWidget:
    return StartPageSection(ctx, parent)
