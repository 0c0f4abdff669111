"""One workstation preference chosen in a combo and saved at once in settings.json (the Language
and Start page sections of Paramètres)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core import settings as user_settings
from ..kit.roles import set_role


class SettingChoice(QWidget):
    """``label`` and a combo of ``choices`` ((text, value) pairs) showing ``current``; a choice is
    saved under ``name`` at once, kept on ``ctx.settings`` and told by :meth:`saved_text`."""

    def __init__(self, ctx, name: str, label: str, choices, current, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.name = name
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        caption = QLabel(label, self)
        self.combo = QComboBox(self)
        self.combo.setObjectName(name)
        for text, value in choices:
            self.combo.addItem(text, value)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        caption.setBuddy(self.combo)
        row.addWidget(caption)
        row.addWidget(self.combo)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(self)
        set_role(self.status, "hint")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.combo.currentIndexChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        value = self.combo.currentData()
        user_settings.save({self.name: value})
        self.ctx.settings[self.name] = value
        self.status.setText(self.saved_text(value))

    def saved_text(self, value) -> str:  # pragma: no cover - each section says its own
        raise NotImplementedError
