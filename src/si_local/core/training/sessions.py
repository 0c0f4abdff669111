"""Sessions and attendance: scheduling, the one rule of a session held, booking and its
warnings (never blocking), who came and their evaluations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock
from .. import validation as v
from ..errors import UserError, ValidationError
from ..i18n import _, format_date, ngettext
from .common import (ATTENDANCE, DAY_END, DAY_START, PROFILES, TEXT_COLUMNS, TRAINER_KINDS, _choice,
                     _exists, _int, _need, _parse, _rows, _text, label, person_name)


# --- sessions --------------------------------------------------------------------------------

def sessions(db, start: str | None = None, end: str | None = None) -> list[dict]:
    """Sessions in date order, with the module's name and counts of participants."""
    where, params = [], []
    if start:
        where.append("s.ends_at >= ?")
        params.append(start)
    if end:
        where.append("s.starts_at < ?")
        params.append(end)
    sql = f"""
        SELECT s.*, m.name AS module_name, m.modality,
               count(p.id) AS booked,
               sum(p.attendance = 'present') AS present,
               sum(p.attendance = 'pending') AS pending
        FROM training_session s JOIN training_module m ON m.id = s.module_id
        LEFT JOIN training_participant p ON p.session_id = s.id
        {"WHERE " + " AND ".join(where) if where else ""}
        GROUP BY s.id ORDER BY s.starts_at, s.id"""
    found = _rows(db, sql, params)
    for s in found:
        s["present"] = s["present"] or 0
        s["pending"] = s["pending"] or 0
    return found


# --- a session held: the one rule ---------------------------------------------------------------

def is_held(session: dict, today: dt.date) -> bool:
    """Held: the session started on a day before ``today``; a session of today or later is to
    come (the plan's « held / to come », the page's filter, the reminders to record attendance)."""
    return _parse(session["starts_at"]).date() < today


def attendance_can_be_recorded(session: dict, today: dt.date) -> bool:
    """Who came can be recorded from the session's own day on (a session of today included)."""
    return _parse(session["starts_at"]).date() <= today


def upcoming_sessions(db, today: dt.date) -> list[dict]:
    """The sessions to come (today's included), in date order, as :func:`sessions` gives them."""
    return [s for s in sessions(db, start=today.isoformat()) if not is_held(s, today)]


def held_sessions(db, today: dt.date) -> list[dict]:
    """The sessions held (started before today), in date order."""
    return [s for s in sessions(db, end=today.isoformat()) if is_held(s, today)]


def get_session(db, session_id: int) -> dict:
    rows = _rows(db, """SELECT s.*, m.name AS module_name, m.duration_minutes, m.modality,
                               a.name AS application_name
                        FROM training_session s JOIN training_module m ON m.id = s.module_id
                        LEFT JOIN application a ON a.id = m.application_id WHERE s.id = ?""",
                 [session_id])
    if not rows:
        raise UserError(_("Session {id} does not exist.").format(id=session_id))
    return rows[0]


def participants(db, session_id: int) -> list[dict]:
    return _rows(db, """
        SELECT p.*, st.last_name, st.first_name, st.profile, st.shift, st.status,
               u.name AS unit_name
        FROM training_participant p JOIN training_staff st ON st.id = p.staff_id
        LEFT JOIN training_unit u ON u.id = st.unit_id
        WHERE p.session_id = ?
        ORDER BY u.name COLLATE FRENCH, st.last_name COLLATE FRENCH, st.first_name COLLATE FRENCH""",
                 [session_id])


def save_session(db, values: dict, session_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    module_id = values.get("module_id")
    if not _exists(db, "training_module", module_id):
        errors["module_id"] = _("Choose a module.")
    starts = ends = None
    try:
        starts = v.check_datetime(values.get("starts_at"))
    except ValueError as exc:
        errors["starts_at"] = str(exc)
    try:
        ends = v.check_datetime(values.get("ends_at"))
    except ValueError as exc:
        errors["ends_at"] = str(exc)
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must come after the start.")
    trainer_kind = _choice(errors, "trainer_kind", values.get("trainer_kind"), TRAINER_KINDS, "internal")
    capacity = _int(errors, "capacity", values.get("capacity"), 1, 500)
    v.check_texts(TEXT_COLUMNS["training_session"], values, errors)
    if errors:
        raise ValidationError(errors)
    row = {"module_id": module_id, "starts_at": starts, "ends_at": ends, "trainer_kind": trainer_kind,
           "trainer_name": _text(values.get("trainer_name")), "room": _text(values.get("room")),
           "capacity": capacity, "notes": _text(values.get("notes"))}
    with db.atomic():
        if session_id is None:
            return int(db["training_session"].insert(row).last_pk)
        _need(db, "training_session", session_id)
        db["training_session"].update(session_id, row)
    return int(session_id)


def delete_session(db, session_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_session WHERE id = ?", [session_id])


def is_day_session(session: dict) -> bool:
    """A session held during day hours (it starts at or after 7:00 and ends by 20:30)."""
    start, end = _parse(session["starts_at"]), _parse(session["ends_at"])
    return (start.time() >= DAY_START and end.date() == start.date() and end.time() <= DAY_END)


@dataclass(frozen=True)
class Warning:
    kind: str  # capacity, double_booking, night_on_day, not_needed, already_trained
    message: str  # translated
    staff_id: int | None = None
    other_session_id: int | None = None


def check_booking(db, session_id: int, staff_ids: list[int] | None = None) -> list[Warning]:
    """What to check before (or after) putting people on a session.

    ``staff_ids`` are people about to be added; people already on the session are checked too.
    """
    session = get_session(db, session_id)
    current = [r["staff_id"] for r in _rows(
        db, "SELECT staff_id FROM training_participant WHERE session_id = ?", [session_id])]
    adding = [i for i in dict.fromkeys(staff_ids or []) if i not in current]
    everyone = current + adding
    warnings: list[Warning] = []
    if session["capacity"] and len(everyone) > session["capacity"]:
        warnings.append(Warning("capacity", ngettext(
            "{count} people for {capacity} place: {extra} too many.",
            "{count} people for {capacity} places: {extra} too many.", session["capacity"]).format(
                count=len(everyone), capacity=session["capacity"],
                extra=len(everyone) - session["capacity"])))
    if not everyone:
        return warnings
    people = {r["id"]: r for r in _rows(
        db, f"SELECT id, last_name, first_name, profile, shift, active FROM training_staff "
            f"WHERE id IN ({','.join('?' * len(everyone))})", everyone)}
    marks = ",".join("?" * len(everyone))
    for r in _rows(db, f"""
            SELECT p.staff_id, s.id, s.starts_at, s.ends_at, m.name AS module_name
            FROM training_participant p JOIN training_session s ON s.id = p.session_id
            JOIN training_module m ON m.id = s.module_id
            WHERE p.staff_id IN ({marks}) AND s.id <> ? AND p.attendance <> 'excused'
              AND s.starts_at < ? AND s.ends_at > ?
            ORDER BY s.starts_at""", [*everyone, session_id, session["ends_at"], session["starts_at"]]):
        person = people.get(r["staff_id"])
        if person:
            warnings.append(Warning("double_booking", _(
                "{name} is already booked at the same time ({module}, {start}).").format(
                    name=person_name(person), module=r["module_name"],
                    start=_when(r["starts_at"], r["ends_at"])), r["staff_id"], r["id"]))
    if is_day_session(session):
        for staff_id in everyone:
            person = people.get(staff_id)
            if person and person["shift"] == "night":
                warnings.append(Warning("night_on_day", _(
                    "{name} works nights: this session is during the day.").format(
                        name=person_name(person)), staff_id))
    needed = {r[0] for r in db.execute(
        "SELECT profile FROM training_module_profile WHERE module_id = ?", [session["module_id"]])}
    trained = {r[0] for r in db.execute(
        f"""SELECT DISTINCT p.staff_id FROM training_participant p
            JOIN training_session s ON s.id = p.session_id
            WHERE s.module_id = ? AND p.attendance = 'present' AND s.id <> ?
              AND p.staff_id IN ({marks})""", [session["module_id"], session_id, *everyone])}
    for staff_id in adding:
        person = people.get(staff_id)
        if not person:
            continue
        if needed and person["profile"] not in needed:
            warnings.append(Warning("not_needed", _(
                "{name} ({profile}) does not need this module.").format(
                    name=person_name(person), profile=label(PROFILES, person["profile"])), staff_id))
        if staff_id in trained:
            warnings.append(Warning("already_trained", _(
                "{name} has already followed this module.").format(name=person_name(person)),
                staff_id))
    return warnings


def _when(starts_at: str, ends_at: str | None = None) -> str:
    start = _parse(starts_at)
    text = _("{date} {start}").format(date=format_date(start.date()), start=start.strftime("%H:%M"))
    if ends_at:
        text += "–" + _parse(ends_at).strftime("%H:%M")
    return text


def when(session: dict) -> str:
    """"23/11/2026 09:00–12:00" for a session."""
    return _when(session["starts_at"], session["ends_at"])


def book(db, session_id: int, staff_ids: list[int]) -> list[Warning]:
    """Put people on a session (people already on it are left alone); returns the warnings."""
    get_session(db, session_id)
    ids = list(dict.fromkeys(staff_ids))
    missing = [i for i in ids if not _exists(db, "training_staff", i)]
    if missing:
        raise UserError(_("This record no longer exists."))
    warnings = check_booking(db, session_id, ids)
    with db.atomic():
        for staff_id in ids:
            db.execute("INSERT OR IGNORE INTO training_participant (session_id, staff_id) VALUES (?, ?)",
                       [session_id, staff_id])
    return warnings


def unbook(db, session_id: int, staff_ids: list[int]) -> None:
    with db.atomic():
        for staff_id in staff_ids:
            db.execute("DELETE FROM training_participant WHERE session_id = ? AND staff_id = ?",
                       [session_id, staff_id])


def session_warnings(db, session_id: int) -> list[Warning]:
    return check_booking(db, session_id, [])


def record_attendance(db, session_id: int, attendance: dict[int, str],
                      evaluations: dict[int, tuple[int | None, str | None]] | None = None,
                      today: dt.date | None = None) -> None:
    """Record who came (present, absent, excused; pending to undo) and optional evaluations."""
    session = get_session(db, session_id)
    today = today or clock.today()
    if any(status in ("present", "absent") for status in attendance.values()) and \
            not attendance_can_be_recorded(session, today):
        raise UserError(_("This session has not taken place yet: attendance can be recorded from "
                          "{date}.").format(date=format_date(_parse(session["starts_at"]).date())))
    for status in attendance.values():
        if status not in ATTENDANCE:
            raise UserError(_("Unknown attendance « {value} ».").format(value=status))
    current = {p["staff_id"]: p for p in participants(db, session_id)}
    for staff_id, (score, comment) in (evaluations or {}).items():
        errors: dict[str, str] = {}
        v.check_texts(TEXT_COLUMNS["training_participant"], {"comment": comment}, errors)
        if errors:
            raise ValidationError(errors)
        if score is not None and not 1 <= int(score) <= 5:
            raise ValidationError({"evaluation": _("Enter a mark from 1 to 5.")})
        status = attendance.get(staff_id) or (current.get(staff_id) or {}).get("attendance")
        if score is not None and status != "present":
            person = current.get(staff_id)
            raise ValidationError({"evaluation": _(
                "A mark is for people present at the session; {name} is not marked present.").format(
                    name=person_name(person) if person else str(staff_id))})
    with db.atomic():
        for staff_id, status in attendance.items():
            db.execute("INSERT OR IGNORE INTO training_participant (session_id, staff_id) VALUES (?, ?)",
                       [session_id, staff_id])
            db.execute("UPDATE training_participant SET attendance = ? WHERE session_id = ? AND staff_id = ?",
                       [status, session_id, staff_id])
        for staff_id, (score, comment) in (evaluations or {}).items():
            db.execute("UPDATE training_participant SET evaluation = ?, comment = ? "
                       "WHERE session_id = ? AND staff_id = ?",
                       [score, _text(comment), session_id, staff_id])
