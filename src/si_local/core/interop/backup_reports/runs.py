"""What every backup report reader gives: runs (a job, a machine, start, end, status), and the
dates, statuses and errors the readers share.

A report is refused whole on its first bad line, in one line naming the file, the line and the
field (« rapport.csv : ligne 4, Start Time : … »): nothing of it is written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ...i18n import _
from ..common import file_error

SUCCESS, WARNING, FAILURE = "success", "warning", "failure"
STATUSES = (SUCCESS, WARNING, FAILURE)
FORMATS = ("veeam-csv", "veeam-html", "vzdump", "csv")
FORMAT_LABELS = {"veeam-csv": "Veeam (CSV)", "veeam-html": "Veeam (HTML)",
                 "vzdump": "Proxmox vzdump", "csv": "CSV"}

# The words the tools (and people) write for a run's result, folded to lower case without accents.
_STATUS_WORDS = {
    SUCCESS: {"success", "succeeded", "successful", "ok", "completed", "reussi", "reussite",
              "succes", "termine"},
    WARNING: {"warning", "warnings", "avertissement", "attention"},
    FAILURE: {"failed", "failure", "error", "errors", "echec", "echoue", "erreur", "ko"},
}
_ACCENTS = str.maketrans("éèêëàâäîïôöûüùç", "eeeeaaaiioouuuc")

_MONTHS = {
    # French then English, folded (no accents, lower case), and their usual abbreviations
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10,
    "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "november": 11, "december": 12,
}
_TIME = r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?"
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t]" + _TIME + r")?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+" + _TIME + r")?$")
_LONG_DMY = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})(?:,?\s+(?:a\s+)?"
                       + _TIME + r")?$")
_LONG_MDY = re.compile(r"^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+" + _TIME + r")?$")
_TIME_ONLY = re.compile(r"^" + _TIME + r"(?:\s*\(\+(\d+)\))?$")


@dataclass(frozen=True)
class Run:
    """One run of a job for one machine (``machine`` empty: the job as a whole)."""
    job: str
    machine: str
    started: dt.datetime
    ended: dt.datetime | None
    status: str
    message: str = ""
    line: int = 0


@dataclass
class Report:
    """A report file read: its runs, in the order of the file."""
    path: str
    sha256: str
    format: str
    encoding: str
    runs: list[Run] = field(default_factory=list)


def fold(text: str) -> str:
    return " ".join(str(text or "").lower().translate(_ACCENTS).split())


def line_error(path, line: int, column: str, problem: str):
    """The one-line refusal of a report: the file, the line and the field."""
    return file_error(path, _("line {line}, {field}: {problem}").format(
        line=line, field=column, problem=problem))


def parse_status(text: str) -> str | None:
    """``success``, ``warning`` or ``failure`` for a tool's word (« Success », « Échec »…)."""
    words = fold(text).replace(".", " ").split()
    if not words:
        return None
    for status, known in _STATUS_WORDS.items():
        if words[0] in known:
            return status
    return None


def _clock(hour, minute, second, half) -> dt.time:
    hour, minute, second = int(hour), int(minute), int(second or 0)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if half == "p" else 0)
    return dt.time(hour, minute, second)


def parse_datetime(text: str) -> dt.datetime:
    """A date and time as the tools write them: ISO (2026-11-30 22:00:12), French
    (30/11/2026 22:00, « lundi 30 novembre 2026 22:00:12 »), or American with AM/PM
    (11/30/2026 10:00:12 PM, « Monday, November 30, 2026 10:00 PM »). ValueError otherwise."""
    value = fold(text)
    if m := _ISO.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        time = _clock(m[4], m[5], m[6], m[7]) if m[4] else dt.time()
    elif m := _NUMERIC.match(value):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        # with AM/PM the export is American (month first); otherwise French (day first)
        day, month = (second, first) if m[7] else (first, second)
        time = _clock(m[4], m[5], m[6], m[7]) if m[4] else dt.time()
    elif (m := _LONG_DMY.match(value)) and m[2] in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2]], int(m[3])
        time = _clock(m[4], m[5], m[6], m[7]) if m[4] else dt.time()
    elif (m := _LONG_MDY.match(value)) and m[1] in _MONTHS:
        month, day, year = _MONTHS[m[1]], int(m[2]), int(m[3])
        time = _clock(m[4], m[5], m[6], m[7]) if m[4] else dt.time()
    else:
        raise ValueError(text)
    if not 1990 <= year <= 2200:
        raise ValueError(text)
    return dt.datetime.combine(dt.date(year, month, day), time)


def parse_time_of(text: str, day: dt.date) -> dt.datetime:
    """« 22:41:05 » on ``day``, « 00:05:12 (+1) » the next day (Veeam's e-mail), or a whole date."""
    value = fold(text)
    if m := _TIME_ONLY.match(value):
        extra = int(m[5] or 0)
        return dt.datetime.combine(day + dt.timedelta(days=extra), _clock(m[1], m[2], m[3], m[4]))
    return parse_datetime(text)


def date_problem() -> str:
    return _("not a date and time (expected 30/11/2026 22:00, 2026-11-30 22:00 or "
             "« 30 novembre 2026 22:00 »).")


def status_problem(value: str) -> str:
    return _("« {value} » is not a result (expected Success, Warning or Failed).").format(value=value)
