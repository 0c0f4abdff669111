"""One message catalogue for the interface, the command line and the printed documents.

Source strings are English; the French catalogue is the set of ``resources/i18n/fr/*.po`` files
(one file per area, merged into one catalogue at load time so that areas do not step on each
other), compiled to .mo by Babel and read by the standard gettext module (core/catalogues.py).
French is the default language. Mark strings with ``_("...")`` and format afterwards:
``_("Server {name}").format(name=n)`` — never an f-string inside ``_()``, so the literal can be
found by the completeness test.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from functools import lru_cache
from pathlib import Path

from .catalogues import Catalogue, load_folder
from .paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"
ENV_LANG = "SI_LOCAL_LANG"

_state = {"lang": os.environ.get(ENV_LANG, DEFAULT_LANGUAGE)}


def catalogue_dir(lang: str) -> Path:
    return resources_dir() / "i18n" / lang


@lru_cache(maxsize=4)
def load_catalogue(lang: str) -> Catalogue:
    """All ``*.po`` files of a language merged into one mapping (English source -> translation),
    with the counted messages' forms and the language's plural rule (:class:`Catalogue`).

    Never raises: without the resources folder, or with a file that cannot be read, the messages
    concerned stay in English (the source strings) and the log says why. Translating is what the
    last-resort error handler does too; it must not be the thing that fails."""
    try:
        folder = catalogue_dir(lang)
        if not folder.is_dir():
            return Catalogue()
        return load_folder(folder)
    except OSError as exc:  # FileNotFoundError: no resources folder (an incomplete install)
        log.warning("No %s catalogue, messages stay in English: %s", lang, exc)
        return Catalogue()


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        log.warning("Unknown language %r, falling back to %s", lang, DEFAULT_LANGUAGE)
        lang = DEFAULT_LANGUAGE
    _state["lang"] = lang


def get_language() -> str:
    return _state["lang"]


def locale_name() -> str:
    return {"fr": "fr_FR", "en": "en_GB"}[get_language()]


def _(message: str) -> str:
    """Translate an English source string into the current language."""
    lang = _state["lang"]
    if lang == "en":
        return message
    return load_catalogue(lang).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, by the catalogue's plural rule (French: 0 and 1
    take the singular). A pair the catalogue has no counted entry for (a label counted at run
    time) takes each form's own translation."""
    lang = _state["lang"]
    if lang == "en":
        return singular if n == 1 else plural
    catalogue = load_catalogue(lang)
    index = catalogue.plural(n)
    forms = catalogue.plurals.get(singular)
    if forms and index < len(forms):
        return forms[index]
    return _(singular if index == 0 else plural)


def page_count(n: int) -> str:
    """« 1 page », « 15 pages »."""
    return ngettext("{n} page", "{n} pages", n).format(n=n)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (module-level constants)."""
    return message


# --- dates and numbers in the user's language ------------------------------------------------

def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def format_date(value: dt.date | str | None, fmt: str = "short") -> str:
    """A date as a person reads it: 23/11/2026 in French, 23/11/2026 in British English."""
    from babel import dates as babel_dates  # imported on first use: a faster start
    day = _as_date(value)
    if day is None:
        return ""
    if fmt == "short":
        return babel_dates.format_date(day, "dd/MM/yyyy", locale=locale_name())
    return babel_dates.format_date(day, format=fmt, locale=locale_name())


def format_datetime(value: dt.datetime | str | None, *, date_at_midnight: bool = False,
                    seconds: bool = False) -> str:
    """A date and time, « 23/11/2026 14:05 » (« 23/11/2026 14:05:09 » with ``seconds``); with
    ``date_at_midnight``, a value at midnight (or a date alone) prints as a date: « 00:00 » says
    nothing on paper."""
    from babel import dates as babel_dates
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    elif not isinstance(value, dt.datetime):  # a date alone
        value = dt.datetime.combine(value, dt.time())
    if date_at_midnight and value.time() == dt.time():
        return format_date(value)
    pattern = "dd/MM/yyyy HH:mm:ss" if seconds else "dd/MM/yyyy HH:mm"
    return babel_dates.format_datetime(value, pattern, locale=locale_name())


def format_number(value: float | int | None, decimals: int | None = None) -> str:
    from babel import numbers as babel_numbers
    if value is None or value == "":
        return ""
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=locale_name())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale_name())


# --- durations: one way on screen and on paper ------------------------------------------------
# « 1,5 h », « 2 h », « 30 min », « 2 h 05 min » (a no-break space before the unit in French);
# "" for no value: a table on screen leaves the cell empty, a printed one writes « — » itself.

def format_hours(hours: float | int | None) -> str:
    """A number of hours (DMIA, PDMA, a backup's frequency): « 1,5 h », « 24 h »."""
    if hours is None or hours == "":
        return ""
    return _("{hours} h").format(hours=format_number(hours))


def format_minutes(minutes: float | int | None) -> str:
    """A number of minutes (a step's expected or measured time, a module): « 30 min », « 2,5 min »."""
    if minutes is None or minutes == "":
        return ""
    return _("{minutes} min").format(minutes=format_number(minutes))


def format_duration(minutes: float | int | None) -> str:
    """A time in minutes: whole hours in hours (« 1 h », « 4 h », never « 240 min »), other
    times in minutes under two hours (« 45 min », « 90 min »), else in hours and minutes
    (« 2 h 05 min »)."""
    if minutes is None or minutes == "":
        return ""
    if minutes >= 60 and minutes == int(minutes) and int(minutes) % 60 == 0:
        return format_hours(int(minutes) // 60)
    if minutes < 120:
        return format_minutes(minutes)
    whole = int(round(minutes))
    if whole % 60 == 0:
        return format_hours(whole // 60)
    return _("{hours} h {minutes} min").format(hours=format_number(whole // 60),
                                               minutes=f"{whole % 60:02d}")


# a backup's frequency in words when it is a usual one (« quotidienne », not « 24 h »)
FREQUENCY_WORDS = {1: N_("hourly"), 24: N_("daily"), 168: N_("weekly"), 336: N_("fortnightly"),
                   720: N_("monthly"), 730: N_("monthly"), 744: N_("monthly")}


def format_frequency(hours: float | int | None) -> str:
    """How often something runs, given in hours: « quotidienne », « hebdomadaire »,
    « mensuelle », else « toutes les 6 h » (the hours written by :func:`format_hours`)."""
    if hours is None or hours == "":
        return ""
    if hours == int(hours) and int(hours) in FREQUENCY_WORDS:
        return _(FREQUENCY_WORDS[int(hours)])
    return _("every {hours}").format(hours=format_hours(hours))


def format_percent(ratio: float | None, decimals: int = 0) -> str:
    from babel import numbers as babel_numbers
    if ratio is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    return babel_numbers.format_percent(ratio, format=pattern, locale=locale_name())
