"""Settings › Language: French or English, saved in the workstation's settings.json."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...core.i18n import LANGUAGES, N_, _, get_language
from .setting_choice import SettingChoice

TITLE = N_("Language")


class LanguageSection(SettingChoice):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "language", _("Language of the interface and of printed documents:"),
                         list((name, code) for code, name in LANGUAGES.items()),
                         (ctx.settings or {}).get("language") or get_language(), parent)
        self.combo.setMinimumContentsLength(12)

    def saved_text(self, code) -> str:
        if code == get_language():
            return _("Saved.")
        return _("Saved: SI Local will be in {language} at its next start.").format(
            language=LANGUAGES[code])


def create_section(ctx, parent=None) -> QWidget:
    return LanguageSection(ctx, parent)
