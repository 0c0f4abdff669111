"""Repeating a session in one step: every week or every two weeks, for a number of occurrences
or until a day, the same module, times, room, trainer and places; written in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import validation as v
from ..errors import UserError, ValidationError
from ..i18n import _, format_date, ngettext
from .common import _parse
from .sessions import Warning, check_booking, save_session

MAX_OCCURRENCES = 52  # a year of weekly sessions
INTERVALS = (1, 2)  # every week, every two weeks


@dataclass
class RepeatedSessions:
    """What :func:`create_repeated_sessions` made: the sessions' ids in date order and the
    booking warnings of each (by session id; a session without any has none)."""

    ids: list[int]
    warnings: dict[int, list[Warning]] = field(default_factory=dict)

    def summary(self) -> str:
        """« 6 sessions créées. »"""
        return ngettext("{count} session created.", "{count} sessions created.",
                        len(self.ids)).format(count=len(self.ids))


def occurrence_days(first: dt.date, every_weeks: int, count: int | None = None,
                    until: dt.date | str | None = None) -> list[dt.date]:
    """The days of the occurrences: ``first``, then every ``every_weeks`` weeks, ``count`` of
    them or up to ``until`` (included). The time of day is kept as written (09:00 stays 09:00
    across a change of summer time); refused above :data:`MAX_OCCURRENCES`."""
    if every_weeks not in INTERVALS:
        raise ValidationError({"repeat": _("Choose every week or every two weeks.")})
    if (count is None) == (until is None):
        raise ValidationError({"repeat": _("Give either a number of sessions or a last day.")})
    step = dt.timedelta(weeks=every_weeks)
    if count is not None:
        if int(count) < 1:
            raise ValidationError({"repeat": _("Enter a number of sessions of 1 or more.")})
        wanted = int(count)
    else:
        try:
            last = dt.date.fromisoformat(v.check_date(until))
        except ValueError as exc:
            raise ValidationError({"repeat": str(exc)}) from None
        if last < first:
            raise ValidationError({"repeat": _("The last day comes before the first session ({date}).")
                                   .format(date=format_date(first))})
        wanted = (last - first).days // step.days + 1
    if wanted > MAX_OCCURRENCES:
        raise UserError(_("{count} sessions asked: at most {max} can be created at once (a year of "
                          "weekly sessions). Choose fewer sessions or an earlier last day.").format(
                              count=wanted, max=MAX_OCCURRENCES))
    return [first + step * index for index in range(wanted)]


def _room_clashes(db, session_id: int) -> list[Warning]:
    """Another session in the same room at overlapping times (a room booked twice)."""
    row = db.execute("SELECT room, starts_at, ends_at FROM training_session WHERE id = ?",
                     [session_id]).fetchone()
    if row is None or not row[0]:
        return []
    found = []
    for other_id, module_name, starts_at in db.execute(
            """SELECT s.id, m.name, s.starts_at FROM training_session s
               JOIN training_module m ON m.id = s.module_id
               WHERE s.id <> ? AND s.room = ? COLLATE NOCASE AND s.starts_at < ? AND s.ends_at > ?
               ORDER BY s.starts_at""", [session_id, row[0], row[2], row[1]]):
        start = _parse(starts_at)
        found.append(Warning("room", _("The room {room} is already taken at that time ({module}, "
                                       "{date} {time}).").format(
            room=row[0], module=module_name, date=format_date(start.date()),
            time=start.strftime("%H:%M")), None, other_id))
    return found


def create_repeated_sessions(db, values: dict, every_weeks: int = 1, count: int | None = None,
                             until: dt.date | str | None = None) -> RepeatedSessions:
    """Create the session ``values`` describes (as :func:`save_session` takes them) and its
    repetitions, all in one transaction: nothing is written when one of them is refused."""
    errors: dict[str, str] = {}
    parsed = {}
    for name in ("starts_at", "ends_at"):
        try:
            parsed[name] = _parse(v.check_datetime(values.get(name)))
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    starts, ends = parsed["starts_at"], parsed["ends_at"]
    days = occurrence_days(starts.date(), every_weeks, count, until)
    length = ends - starts
    result = RepeatedSessions([])
    with db.atomic():
        for day in days:
            start = dt.datetime.combine(day, starts.time())
            session_id = save_session(db, {**values, "starts_at": start.isoformat(),
                                           "ends_at": (start + length).isoformat()})
            result.ids.append(session_id)
        for session_id in result.ids:
            warnings = check_booking(db, session_id, []) + _room_clashes(db, session_id)
            if warnings:
                result.warnings[session_id] = warnings
    return result
