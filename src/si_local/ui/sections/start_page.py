"""Settings › Start page: the page the window opens on, saved in the workstation's settings.json
(a nurse manager may start on Training, a director on the self-diagnostic)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...core.i18n import N_, _
from ..areas import PAGES
from .setting_choice import SettingChoice

TITLE = N_("Start page")
SETTING = "start_page"
# The pages one can start on (not Settings)
CHOICES = ("home", "registry", "continuity", "diagnostic", "training", "group")


def start_page(settings: dict | None) -> str:
    """The key of the page to open first: the saved one, Home when none or unknown."""
    key = (settings or {}).get(SETTING)
    return key if key in CHOICES else "home"


class StartPageSection(SettingChoice):
    def __init__(self, ctx, parent=None):
        titles = {page.key: page.title for page in PAGES}
        super().__init__(ctx, SETTING, _("Start page when SI Local opens:"),
                         [(_(titles[key]), key) for key in CHOICES], start_page(ctx.settings),
                         parent)

    def saved_text(self, _key) -> str:
        return _("Saved: SI Local will open on this page at its next start.")


def create_section(ctx, parent=None) -> QWidget:
    return StartPageSection(ctx, parent)
