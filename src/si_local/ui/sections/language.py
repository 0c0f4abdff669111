"""Settings › Language: French or English, saved in the workstation's settings.json."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core import settings as user_settings
from ...core.i18n import LANGUAGES, N_, _, get_language

TITLE = N_("Language")


class LanguageSection(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel(_("Language of the interface and of printed documents:"), self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("language")
        self.combo.setMinimumContentsLength(12)
        for code, name in LANGUAGES.items():
            self.combo.addItem(name, code)
        saved = (ctx.settings or {}).get("language") or get_language()
        self.combo.setCurrentIndex(max(0, self.combo.findData(saved)))
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
        code = self.combo.currentData()
        user_settings.save({"language": code})
        if isinstance(self.ctx.settings, dict):
            self.ctx.settings["language"] = code
        if code == get_language():
            self.status.setText(_("Saved."))
        else:
            self.status.setText(_("Saved: SI Local will be in {language} at its next start.")
                                .format(language=LANGUAGES[code]))


def create_section(ctx, parent=None) -> QWidget:
    return LanguageSection(ctx, parent)
