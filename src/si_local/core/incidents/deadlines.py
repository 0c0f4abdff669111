"""The declaration deadlines, as data (resources/incidents/deadlines.json, format in
docs/incidents.md): the declaration to the ARS « sans délai » and the NIS2 steps (early warning
at 24 hours, notification at 72 hours, final report at one month), the latter applying only when
the facility is in the scope of NIS2 (a setting of the register). The French transposition of NIS2
was not final when this was written: a newer text changes the file, not the code.

For each incident to declare (or whose declaration is still to assess), each deadline that
applies gets its due time and its state: done, due, overdue."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import clock
from ..alerts import Alert
from ..errors import ImportFileError
from ..i18n import _, format_datetime
from ..interop.common import parse_json
from ..paths import resource
from .common import MOMENT_FIELDS, moment

FORMAT = "si-local-incident-deadlines"
SCOPES = ("always", "nis2")
STATES = {"done": "done", "due": "due", "overdue": "overdue"}
MAX_HOURS = 24 * 366
MAX_MONTHS = 12


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str  # as written in the file (French)
    start: str  # the moment it runs from: "detected_at" or "started_at"
    hours: int = 0
    months: int = 0
    scope: str = "always"
    done_field: str | None = None  # an entry's field that, once filled, marks it done
    note: str = ""  # « sans délai »


@dataclass(frozen=True)
class DeadlineState:
    deadline: Deadline
    due: dt.datetime
    state: str  # "done", "due" or "overdue"
    done_at: str | None = None

    @property
    def state_label(self) -> str:
        return {"done": _("done"), "due": _("due"), "overdue": _("overdue")}[self.state]

    @property
    def due_label(self) -> str:
        when = format_datetime(self.due)
        return f"{when} ({self.deadline.note})" if self.deadline.note else when


def deadlines_path() -> Path:
    return resource("incidents", "deadlines.json")


def load_deadlines(path: Path | str | None = None) -> list[Deadline]:
    """The deadlines of ``path`` (the shipped file by default), checked: a bad file is one line
    naming the file and the deadline."""
    path = Path(path) if path else deadlines_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImportFileError(_("{path}: the file cannot be read ({error}).")
                              .format(path=path, error=exc.strerror or exc)) from exc
    except UnicodeDecodeError:
        raise ImportFileError(_("{file}: the file is not UTF-8 text.").format(file=path)) from None
    return parse_deadlines(parse_json(text, path), str(path))


def _whole(value: Any, maximum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum


def _parse_one(raw: Any, bad) -> Deadline:
    if not isinstance(raw, dict):
        raise bad(_("expected an object."))
    for name in ("key", "label"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise bad(_("\"{field}\" is missing or empty.").format(field=name))
    hours, months = raw.get("hours", 0), raw.get("months", 0)
    if not _whole(hours, MAX_HOURS):
        raise bad(_("\"hours\" must be a whole number of hours, at most {maximum}.").format(maximum=MAX_HOURS))
    if not _whole(months, MAX_MONTHS):
        raise bad(_("\"months\" must be a whole number of months, at most {maximum}.").format(maximum=MAX_MONTHS))
    start = raw.get("from", "detected_at")
    if start not in ("detected_at", "started_at"):
        raise bad(_("\"from\" must be \"detected_at\" or \"started_at\"."))
    scope = raw.get("scope", "always")
    if scope not in SCOPES:
        raise bad(_("\"scope\" must be \"always\" or \"nis2\"."))
    done_field = raw.get("done_field")
    if done_field is not None and (not isinstance(done_field, str) or done_field not in MOMENT_FIELDS):
        raise bad(_("unknown \"done_field\" « {value} ».").format(value=done_field))
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise bad(_("\"{field}\" must be text.").format(field="note"))
    return Deadline(raw["key"].strip(), raw["label"].strip(), start, hours, months, scope,
                    done_field, note.strip())


def parse_deadlines(data: Any, source: str) -> list[Deadline]:
    def bad(what: str, where: str = "") -> ImportFileError:
        return ImportFileError(f"{source}: {where + ': ' if where else ''}{what}")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad(_("not a deadlines file (expected \"format\": \"{format}\").").format(format=FORMAT))
    if data.get("version") != 1:
        raise bad(_("unknown version {version}.").format(version=data.get("version")))
    items = data.get("deadlines")
    if not isinstance(items, list) or not items:
        raise bad(_("\"deadlines\" must be a list of at least one deadline."))
    found: list[Deadline] = []
    for number, raw in enumerate(items, start=1):
        where = _("deadline {number}").format(number=number)
        deadline = _parse_one(raw, lambda what, where=where: bad(what, where))
        if deadline.key in {d.key for d in found}:
            raise bad(_("the key « {key} » is used twice.").format(key=deadline.key), where)
        found.append(deadline)
    return found


def _add_months(when: dt.datetime, months: int) -> dt.datetime:
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def applies(entry: dict, deadline: Deadline, in_scope: bool) -> bool:
    if entry.get("declaration") == "not_required":
        return False
    return deadline.scope == "always" or in_scope


def states(entry: dict, deadlines: list[Deadline], in_scope: bool,
           now: dt.datetime | None = None) -> list[DeadlineState]:
    """The deadlines of one incident (its latest entry) that apply, with their state at ``now``."""
    from .register import steps_done

    now = now or clock.now()
    done = steps_done(entry)
    out = []
    for d in deadlines:
        start = moment(entry.get(d.start)) or moment(entry.get("detected_at"))
        if start is None or not applies(entry, d, in_scope):
            continue
        try:
            due = _add_months(start + dt.timedelta(hours=d.hours), d.months)
        except (OverflowError, ValueError):  # an incident typed in the year 9999
            due = dt.datetime.max.replace(second=0, microsecond=0)
        done_at = done.get(d.key) or (entry.get(d.done_field) if d.done_field else None)
        state = "done" if done_at else ("overdue" if now > due else "due")
        out.append(DeadlineState(d, due, state, done_at))
    return out


def alerts(db, today: dt.date, deadlines: list[Deadline] | None = None) -> list[Alert]:
    """Home's alerts: each deadline not done of each incident (high when overdue)."""
    from .register import incidents, nis2_in_scope

    try:
        deadlines = deadlines if deadlines is not None else load_deadlines()
    except ImportFileError as exc:
        return [Alert("high", "incidents", str(exc))]
    now = clock.now() if clock.today() == today else dt.datetime.combine(today, dt.time(12))
    scope = nis2_in_scope(db)
    found = []
    for inc in incidents(db):
        for st in states(inc.entry, deadlines, scope, now):
            if st.state == "done":
                continue
            text = (_("Incident {number} « {title} »: {deadline} overdue since {due}.")
                    if st.state == "overdue" else
                    _("Incident {number} « {title} »: {deadline} due by {due}."))
            found.append(Alert("high" if st.state == "overdue" else "medium", "incidents",
                               text.format(number=inc.number, title=inc.entry["title"],
                                           deadline=st.deadline.label, due=st.due_label),
                               "incident", inc.number))
    return found
