"""The sessions as an iCalendar file (.ics)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from .. import clock
from ..i18n import _
from ..interop.common import write_atomic
from .common import TRAINER_KINDS, _parse, fold, label
from .sessions import sessions


# --- iCalendar -------------------------------------------------------------------------------
# Built with the icalendar library: RFC 5545 escaping, line folding and the VTIMEZONE block are
# its job, not ours.

ICS_TIMEZONE = "Europe/Paris"


def uid_domain(db) -> str:
    """What makes this database's UIDs its own: its identity (core/identity.py), so that two
    databases never share a UID and one database keeps its UIDs across exports. A file without
    identity (before step m008, opened read-only) falls back on the facility."""
    from .. import identity

    found = identity.read(db)
    if found is not None and found.uuid:
        return f"{found.uuid}.si-local"
    row = db.execute("SELECT finess, name FROM facility ORDER BY id LIMIT 1").fetchone()
    if row and row[0]:
        return f"{row[0]}.si-local"
    if row and row[1]:
        slug = re.sub(r"[^a-z0-9]+", "-", fold(row[1])).strip("-")
        return f"{slug or 'facility'}.si-local"
    return "si-local"


def session_uid(db, session_id: int, domain: str | None = None) -> str:
    """The UID of a session's event: the same session keeps it from one export to the next, so a
    calendar application updates the event instead of adding it again."""
    return f"training-session-{int(session_id)}@{domain or uid_domain(db)}"


def is_all_day(session: dict) -> bool:
    """A session entered without times (start and end at midnight): an all-day event."""
    return (_parse(session["starts_at"]).time() == dt.time(0)
            and _parse(session["ends_at"]).time() == dt.time(0))


def _session_units(db, wanted: set[int] | None) -> dict[int, list[str]]:
    units: dict[int, list[str]] = defaultdict(list)
    for session_id, name in db.execute("""
            SELECT DISTINCT p.session_id, u.name
            FROM training_participant p JOIN training_staff st ON st.id = p.staff_id
            JOIN training_unit u ON u.id = st.unit_id
            ORDER BY p.session_id, u.name COLLATE FRENCH""").fetchall():
        if wanted is None or session_id in wanted:
            units[session_id].append(name)
    return units


def _description(s: dict, units: list[str]) -> str:
    lines = [_("Trainer: {kind}{name}").format(
        kind=label(TRAINER_KINDS, s["trainer_kind"]),
        name=(" — " + s["trainer_name"]) if s["trainer_name"] else "")]
    if s["capacity"]:
        lines.append(_("Participants: {count} / {capacity}").format(
            count=s["booked"], capacity=s["capacity"]))
    else:
        lines.append(_("Participants: {count}").format(count=s["booked"]))
    if units:
        lines.append(_("Units: {names}").format(names=", ".join(units)))
    if s["notes"]:
        lines.append(s["notes"])
    return "\n".join(lines)


def ics_calendar(db, session_ids: list[int] | None = None, now: dt.datetime | None = None):
    """The sessions as an ``icalendar.Calendar``: one VEVENT per session, times in Europe/Paris
    with its VTIMEZONE, sessions without times as all-day events, one stable UID per session."""
    from zoneinfo import ZoneInfo

    import icalendar

    zone = ZoneInfo(ICS_TIMEZONE)
    stamp = (now or clock.utcnow()).astimezone(dt.UTC)
    domain = uid_domain(db)
    wanted = set(session_ids) if session_ids is not None else None
    units = _session_units(db, wanted)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//SI Local//Training plan//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Training plan"))
    calendar.add("x-wr-timezone", ICS_TIMEZONE)
    first = last = None
    for s in sessions(db):
        if wanted is not None and s["id"] not in wanted:
            continue
        start, end = _parse(s["starts_at"]), _parse(s["ends_at"])
        event = icalendar.Event()
        event.add("uid", session_uid(db, s["id"], domain))
        event.add("dtstamp", stamp)
        if is_all_day(s):
            # DATE values; DTEND is the day after the last one (RFC 5545 3.6.1)
            event.add("dtstart", start.date())
            event.add("dtend", max(end.date(), start.date() + dt.timedelta(days=1)))
        else:
            event.add("dtstart", start.replace(tzinfo=zone))
            event.add("dtend", end.replace(tzinfo=zone))
        event.add("summary", s["module_name"])
        if s["room"]:
            event.add("location", s["room"])
        event.add("description", _description(s, units.get(s["id"], [])))
        event.add("categories", [_("Training")])
        calendar.add_component(event)
        first = min(first or start, start)
        last = max(last or end, end)
    if first is not None:
        # only the years the sessions need, not 1970-2038
        calendar.add_missing_timezones(first_date=dt.date(first.year - 1, 1, 1),
                                       last_date=dt.date(last.year + 2, 1, 1))
    return calendar


def ics_events(calendar) -> list:
    """The VEVENT components of a calendar (what an export counts)."""
    return [c for c in calendar.subcomponents if c.name == "VEVENT"]


def ics_text(db, session_ids: list[int] | None = None, now: dt.datetime | None = None) -> str:
    """The sessions as the text of an iCalendar file (RFC 5545)."""
    return ics_calendar(db, session_ids, now).to_ical().decode("utf-8")


def export_ics(db, path: Path | str, session_ids: list[int] | None = None) -> int:
    """Write the sessions to ``path`` (.ics, through ``path.part``); returns how many events
    were written (the events of the calendar, counted as objects)."""
    calendar = ics_calendar(db, session_ids)
    write_atomic(path, calendar.to_ical())
    return len(ics_events(calendar))
