"""The training plan: units, staff, référents, modules, sessions, attendance, coverage.

No Qt here: the pages, the command line and the printed documents all call these functions.

Rules kept in one place:

* a person **needs** a module when their profile is one of the module's profiles; only active
  staff count;
* a person is **trained** on a module when they were *present* at a session of that module;
* a unit is **ready** for go-live when the share of its people who have every module they need
  reaches the target (80 % unless the plan says otherwise);
* scheduling warnings never block: they tell the nurse executive what to check (capacity, a person
  booked twice at overlapping times, night staff on a day session, people who do not need the
  module or already had it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import validation as v
from .alerts import Alert
from .errors import UserError, ValidationError
from .i18n import N_, _, format_date, format_number, format_percent
from .interop.common import file_error, read_limited, write_atomic
from .interop.csv_lines import (KEPT_ERRORS, CsvProblem, CsvReader, LineErrors,  # noqa: F401
                                decode, first_line)
from . import clock

# --- choices ---------------------------------------------------------------------------------

PROFILES = {
    "doctor": N_("Doctor"),
    "nurse": N_("Nurse"),
    "nursing_assistant": N_("Nursing assistant"),
    "midwife": N_("Midwife"),
    "secretary": N_("Secretary / admissions"),
    "pharmacy": N_("Pharmacy"),
    "other": N_("Other"),
}
UNIT_KINDS = {
    "care_unit": N_("Care unit"),
    "service": N_("Service"),
    "night_team": N_("Night team"),
    "other": N_("Other"),
}
SHIFTS = {"day": N_("Day"), "night": N_("Night")}
STATUSES = {"permanent": N_("Permanent"), "temporary": N_("Temporary"), "newcomer": N_("Newcomer")}
MODALITIES = {
    "classroom": N_("Classroom"),
    "e_learning": N_("E-learning"),
    "tutoring": N_("Tutoring by the référent"),
    "quick_card": N_("Quick-reference card"),
}
TRAINER_KINDS = {"vendor": N_("Vendor"), "internal": N_("Internal trainer"), "referent": N_("Référent")}
ATTENDANCE = {
    "pending": N_("Not recorded"),
    "present": N_("Present"),
    "absent": N_("Absent"),
    "excused": N_("Excused"),
}

# The longest text each free-text column holds (validation.MAX_LENGTHS by type: one line 200,
# "longtext" 10,000): read by the save functions below, the staff CSV import, the windows' line
# edits and bundle imports.
TEXT_COLUMNS: dict[str, dict[str, v.Text]] = {
    "training_plan": {"notes": v.Text(N_("Notes"), "longtext")},
    "training_unit": {"name": v.Text(N_("Name")), "manager_name": v.Text(N_("Manager (cadre)")),
                      "notes": v.Text(N_("Notes"), "longtext")},
    "training_staff": {"last_name": v.Text(N_("Last name")), "first_name": v.Text(N_("First name")),
                       "notes": v.Text(N_("Notes"), "longtext")},
    "training_referent": {"mission": v.Text(N_("Mission"), "longtext")},
    "training_module": {"name": v.Text(N_("Name")), "description": v.Text(N_("Content"), "longtext")},
    "training_session": {"trainer_name": v.Text(N_("Trainer's name")), "room": v.Text(N_("Room")),
                         "notes": v.Text(N_("Notes"), "longtext")},
    "training_participant": {"comment": v.Text(N_("Comment"), "longtext")},
}
# TEXT columns that hold no free text: dates and times (ISO) and choice keys.
OTHER_TEXT_COLUMNS = {
    "training_plan": {"go_live_date"},
    "training_unit": {"kind"},
    "training_staff": {"profile", "shift", "status"},
    "training_referent": {"start_date"},
    "training_module": {"modality"},
    "training_module_profile": {"profile"},
    "training_session": {"starts_at", "ends_at", "trainer_kind"},
    "training_participant": {"attendance"},
}

DEFAULT_TARGET_PERCENT = 80
GO_LIVE_NOTICE_DAYS = 30
DAY_START = dt.time(7, 0)
DAY_END = dt.time(20, 30)


def label(mapping: dict[str, str], key: str | None) -> str:
    """The translated label of a choice key ("nurse" -> "Infirmier ou infirmière")."""
    if key is None:
        return ""
    return _(mapping[key]) if key in mapping else str(key)


def person_name(row: dict) -> str:
    first = (row.get("first_name") or "").strip()
    last = (row.get("last_name") or "").strip()
    return f"{last.upper()} {first}".strip()


def fold(text: str | None) -> str:
    """Lower case without accents nor extra spaces, to compare what people type."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'").replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"\s+", " ", text).strip()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _rows(db, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in db.query(sql, list(params))]


def _exists(db, table: str, record_id: Any) -> bool:
    return record_id is not None and db.execute(
        f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is not None


def _need(db, table: str, record_id: int) -> None:
    if not _exists(db, table, record_id):
        raise UserError(_("This record no longer exists."))


def _choice(errors: dict, name: str, value: Any, mapping: dict, default: str | None = None) -> str | None:
    value = _text(value) or default
    if value not in mapping:
        errors[name] = _("Choose one of the proposed values.")
        return None
    return value


def _int(errors: dict, name: str, value: Any, minimum: int, maximum: int | None = None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return v.check_int(value, minimum=minimum, maximum=maximum)
    except ValueError as exc:
        errors[name] = str(exc)
        return None


# --- the plan's settings ---------------------------------------------------------------------

def plan(db) -> dict:
    row = db.execute("SELECT go_live_date, target_percent, application_id, notes FROM training_plan "
                     "WHERE id = 1").fetchone()
    if row is None:
        return {"go_live_date": None, "target_percent": DEFAULT_TARGET_PERCENT,
                "application_id": None, "notes": None}
    return {"go_live_date": row[0], "target_percent": row[1], "application_id": row[2], "notes": row[3]}


def save_plan(db, values: dict) -> None:
    errors: dict[str, str] = {}
    current = plan(db)
    merged = {**current, **values}
    go_live = _text(merged.get("go_live_date"))
    if go_live:
        try:
            go_live = v.check_date(go_live)
        except ValueError as exc:
            errors["go_live_date"] = str(exc)
    target = _int(errors, "target_percent", merged.get("target_percent"), 1, 100)
    app_id = merged.get("application_id")
    if app_id is not None and not _exists(db, "application", app_id):
        errors["application_id"] = _("Choose an existing record.")
    v.check_texts(TEXT_COLUMNS["training_plan"], merged, errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        db.execute(
            "INSERT INTO training_plan (id, go_live_date, target_percent, application_id, notes) "
            "VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET go_live_date = excluded.go_live_date, "
            "target_percent = excluded.target_percent, application_id = excluded.application_id, "
            "notes = excluded.notes",
            [go_live, target or DEFAULT_TARGET_PERCENT, app_id, _text(merged.get("notes"))])


# --- units -----------------------------------------------------------------------------------

def units(db) -> list[dict]:
    """Every unit with its site's name, its active head count and its référents' names."""
    found = _rows(db, """
        SELECT u.*, s.name AS site_name,
               (SELECT count(*) FROM training_staff st WHERE st.unit_id = u.id AND st.active = 1)
                   AS staff_count
        FROM training_unit u LEFT JOIN site s ON s.id = u.site_id
        ORDER BY u.name COLLATE NOCASE""")
    refs = defaultdict(list)
    for r in _rows(db, """SELECT r.unit_id, st.last_name, st.first_name FROM training_referent r
                          JOIN training_staff st ON st.id = r.staff_id ORDER BY st.last_name"""):
        refs[r["unit_id"]].append(person_name(r))
    for u in found:
        u["referents"] = refs.get(u["id"], [])
    return found


def save_unit(db, values: dict, unit_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = _("Enter a name.")
    elif db.execute("SELECT 1 FROM training_unit WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                    [name, unit_id]).fetchone():
        errors["name"] = _("Another unit already has this name.")
    site_id = values.get("site_id") or None
    if site_id is not None and not _exists(db, "site", site_id):
        errors["site_id"] = _("Choose an existing site.")
    kind = _choice(errors, "kind", values.get("kind"), UNIT_KINDS, "care_unit")
    v.check_texts(TEXT_COLUMNS["training_unit"], values, errors)
    if errors:
        raise ValidationError(errors)
    row = {"name": name, "site_id": site_id, "kind": kind,
           "manager_name": _text(values.get("manager_name")), "notes": _text(values.get("notes"))}
    with db.atomic():
        if unit_id is None:
            return int(db["training_unit"].insert(row).last_pk)
        _need(db, "training_unit", unit_id)
        db["training_unit"].update(unit_id, row)
    return int(unit_id)


def delete_unit(db, unit_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_unit WHERE id = ?", [unit_id])


# --- staff -----------------------------------------------------------------------------------

def staff(db, active_only: bool = False) -> list[dict]:
    where = "WHERE st.active = 1" if active_only else ""
    return _rows(db, f"""
        SELECT st.*, u.name AS unit_name,
               EXISTS (SELECT 1 FROM training_referent r WHERE r.staff_id = st.id) AS is_referent
        FROM training_staff st LEFT JOIN training_unit u ON u.id = st.unit_id {where}
        ORDER BY st.last_name COLLATE NOCASE, st.first_name COLLATE NOCASE""")


def get_staff(db, staff_id: int) -> dict:
    rows = _rows(db, "SELECT * FROM training_staff WHERE id = ?", [staff_id])
    if not rows:
        raise UserError(_("This record no longer exists."))
    return rows[0]


def clean_staff(db, values: dict) -> dict:
    """A person's record ready to write, or :class:`ValidationError` naming every bad field."""
    errors: dict[str, str] = {}
    last = _text(values.get("last_name"))
    if not last:
        errors["last_name"] = _("Enter the last name.")
    profile = _choice(errors, "profile", values.get("profile"), PROFILES, "other")
    unit_id = values.get("unit_id") or None
    if unit_id is not None and not _exists(db, "training_unit", unit_id):
        errors["unit_id"] = _("Choose an existing unit.")
    shift = _choice(errors, "shift", values.get("shift"), SHIFTS, "day")
    status = _choice(errors, "status", values.get("status"), STATUSES, "permanent")
    active = values.get("active", 1)
    v.check_texts(TEXT_COLUMNS["training_staff"], values, errors)
    if errors:
        raise ValidationError(errors)
    return {"last_name": last, "first_name": _text(values.get("first_name")) or "", "profile": profile,
            "unit_id": unit_id, "shift": shift, "status": status, "active": 1 if active else 0,
            "notes": _text(values.get("notes"))}


def save_staff(db, values: dict, staff_id: int | None = None) -> int:
    row = clean_staff(db, values)
    with db.atomic():
        if staff_id is None:
            return int(db["training_staff"].insert(row).last_pk)
        _need(db, "training_staff", staff_id)
        db["training_staff"].update(staff_id, row)
    return int(staff_id)


def delete_staff(db, staff_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_staff WHERE id = ?", [staff_id])


# --- référents -------------------------------------------------------------------------------

def referents(db) -> list[dict]:
    return _rows(db, """
        SELECT r.*, u.name AS unit_name, st.last_name, st.first_name, st.profile, st.shift
        FROM training_referent r JOIN training_unit u ON u.id = r.unit_id
        JOIN training_staff st ON st.id = r.staff_id
        ORDER BY u.name COLLATE NOCASE, st.last_name COLLATE NOCASE""")


def _referent_start(start_date: str | None, errors: dict[str, str]) -> str | None:
    """The référent's start date checked (optional); a bad one is added to ``errors``."""
    start = _text(start_date)
    if start:
        try:
            start = v.check_date(start)
        except ValueError as exc:
            errors["start_date"] = str(exc)
    return start


def add_referent(db, unit_id: int, staff_id: int, start_date: str | None = None,
                 mission: str | None = None) -> int:
    errors: dict[str, str] = {}
    if not _exists(db, "training_unit", unit_id):
        errors["unit_id"] = _("Choose an existing unit.")
    if not _exists(db, "training_staff", staff_id):
        errors["staff_id"] = _("Choose a person from the staff list.")
    start = _referent_start(start_date, errors)
    v.check_texts(TEXT_COLUMNS["training_referent"], {"mission": mission}, errors)
    if not errors and db.execute("SELECT 1 FROM training_referent WHERE unit_id = ? AND staff_id = ?",
                                 [unit_id, staff_id]).fetchone():
        errors["staff_id"] = _("This person is already a référent of this unit.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        return int(db["training_referent"].insert(
            {"unit_id": unit_id, "staff_id": staff_id, "start_date": start,
             "mission": _text(mission)}).last_pk)


def update_referent(db, referent_id: int, start_date: str | None = None,
                    mission: str | None = None) -> None:
    """Change the start date and the mission of a référent (the person and unit stay)."""
    if not _exists(db, "training_referent", referent_id):
        raise UserError(_("This référent no longer exists; refresh the list."))
    errors: dict[str, str] = {}
    start = _referent_start(start_date, errors)
    v.check_texts(TEXT_COLUMNS["training_referent"], {"mission": mission}, errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        db.execute("UPDATE training_referent SET start_date = ?, mission = ? WHERE id = ?",
                   [start, _text(mission), referent_id])


def remove_referent(db, referent_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_referent WHERE id = ?", [referent_id])


def units_without_referent(db) -> list[dict]:
    return _rows(db, """
        SELECT u.id, u.name, (SELECT count(*) FROM training_staff st
                              WHERE st.unit_id = u.id AND st.active = 1) AS staff_count
        FROM training_unit u
        WHERE NOT EXISTS (SELECT 1 FROM training_referent r JOIN training_staff st
                          ON st.id = r.staff_id WHERE r.unit_id = u.id AND st.active = 1)
        ORDER BY u.name COLLATE NOCASE""")


# --- modules ---------------------------------------------------------------------------------

def modules(db) -> list[dict]:
    found = _rows(db, """SELECT m.*, a.name AS application_name FROM training_module m
                         LEFT JOIN application a ON a.id = m.application_id
                         ORDER BY m.name COLLATE NOCASE""")
    profiles = defaultdict(list)
    for r in _rows(db, "SELECT module_id, profile FROM training_module_profile"):
        profiles[r["module_id"]].append(r["profile"])
    order = list(PROFILES)
    for m in found:
        m["profiles"] = sorted(profiles.get(m["id"], []), key=order.index)
    return found


def save_module(db, values: dict, module_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = _("Enter a name.")
    elif db.execute("SELECT 1 FROM training_module WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                    [name, module_id]).fetchone():
        errors["name"] = _("Another module already has this name.")
    app_id = values.get("application_id") or None
    if app_id is not None and not _exists(db, "application", app_id):
        errors["application_id"] = _("Choose an existing application.")
    duration = _int(errors, "duration_minutes", values.get("duration_minutes"), 1, 24 * 60)
    modality = _choice(errors, "modality", values.get("modality"), MODALITIES, "classroom")
    profiles = list(dict.fromkeys(values.get("profiles") or []))
    if any(p not in PROFILES for p in profiles):
        errors["profiles"] = _("Choose one of the proposed values.")
    v.check_texts(TEXT_COLUMNS["training_module"], values, errors)
    if errors:
        raise ValidationError(errors)
    row = {"name": name, "application_id": app_id, "duration_minutes": duration,
           "modality": modality, "description": _text(values.get("description"))}
    with db.atomic():
        if module_id is None:
            module_id = int(db["training_module"].insert(row).last_pk)
        else:
            _need(db, "training_module", module_id)
            db["training_module"].update(module_id, row)
        if "profiles" in values:
            current = {r[0] for r in db.execute(
                "SELECT profile FROM training_module_profile WHERE module_id = ?", [module_id])}
            for gone in current - set(profiles):
                db.execute("DELETE FROM training_module_profile WHERE module_id = ? AND profile = ?",
                           [module_id, gone])
            for new in [p for p in profiles if p not in current]:
                db.execute("INSERT INTO training_module_profile (module_id, profile) VALUES (?, ?)",
                           [module_id, new])
    return int(module_id)


def delete_module(db, module_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_module WHERE id = ?", [module_id])


# --- sessions --------------------------------------------------------------------------------

def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))


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
        ORDER BY u.name COLLATE NOCASE, st.last_name COLLATE NOCASE, st.first_name COLLATE NOCASE""",
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
        warnings.append(Warning("capacity", _(
            "{count} people for {capacity} places: {extra} too many.").format(
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


# --- who needs what --------------------------------------------------------------------------

def _needs(db) -> dict[str, list[int]]:
    needs: dict[str, list[int]] = defaultdict(list)
    for profile, module_id in db.execute(
            "SELECT profile, module_id FROM training_module_profile ORDER BY module_id"):
        needs[profile].append(module_id)
    return needs


def _trained_pairs(db) -> set[tuple[int, int]]:
    return {(r[0], r[1]) for r in db.execute(
        """SELECT DISTINCT p.staff_id, s.module_id FROM training_participant p
           JOIN training_session s ON s.id = p.session_id WHERE p.attendance = 'present'""")}


def _booked_pairs(db, today: dt.date) -> set[tuple[int, int]]:
    return {(r[0], r[1]) for r in db.execute(
        """SELECT DISTINCT p.staff_id, s.module_id FROM training_participant p
           JOIN training_session s ON s.id = p.session_id
           WHERE p.attendance = 'pending' AND s.starts_at >= ?""", [today.isoformat()])}


def people_to_train(db, module_id: int, today: dt.date | None = None,
                    include_booked: bool = False) -> list[dict]:
    """Active people whose profile needs the module and who were not present at a session of it.

    People already booked on an upcoming session of the module are left out unless
    ``include_booked``; each row says ``booked`` (0/1).
    """
    today = today or clock.today()
    profiles = [r[0] for r in db.execute(
        "SELECT profile FROM training_module_profile WHERE module_id = ?", [module_id])]
    if not profiles:
        return []
    trained = {sid for sid, mid in _trained_pairs(db) if mid == module_id}
    booked = {sid for sid, mid in _booked_pairs(db, today) if mid == module_id}
    found = []
    for person in staff(db, active_only=True):
        if person["profile"] not in profiles or person["id"] in trained:
            continue
        person["booked"] = int(person["id"] in booked)
        if person["booked"] and not include_booked:
            continue
        found.append(person)
    return found


def propose(db, session_id: int, today: dt.date | None = None) -> list[dict]:
    """People to put on a session: they need its module, are neither trained nor booked, and
    are free at that time; those whose shift suits the session first, then by unit and name."""
    session = get_session(db, session_id)
    on_session = {r[0] for r in db.execute(
        "SELECT staff_id FROM training_participant WHERE session_id = ?", [session_id])}
    busy = {r[0] for r in db.execute(
        """SELECT p.staff_id FROM training_participant p JOIN training_session s ON s.id = p.session_id
           WHERE s.id <> ? AND p.attendance <> 'excused' AND s.starts_at < ? AND s.ends_at > ?""",
        [session_id, session["ends_at"], session["starts_at"]])}
    day = is_day_session(session)
    found = [p for p in people_to_train(db, session["module_id"], today)
             if p["id"] not in on_session and p["id"] not in busy]
    found.sort(key=lambda p: ((p["shift"] == "night") == day, fold(p["unit_name"]),
                              fold(p["last_name"]), fold(p["first_name"])))
    return found


# --- coverage --------------------------------------------------------------------------------

@dataclass
class Cell:
    trained: int = 0
    needed: int = 0

    @property
    def ratio(self) -> float | None:
        return self.trained / self.needed if self.needed else None


@dataclass
class UnitReadiness:
    unit_id: int | None
    name: str
    people: int  # active people who need at least one module
    ready: int  # of whom every needed module is done
    target_percent: int

    @property
    def ratio(self) -> float | None:
        return self.ready / self.people if self.people else None

    @property
    def meets_target(self) -> bool:
        return self.people == 0 or self.ready * 100 >= self.target_percent * self.people


@dataclass
class Coverage:
    units: list[dict]  # id (None for "no unit"), name
    modules: list[dict]  # id, name
    cells: dict[tuple[int | None, int], Cell]
    readiness: list[UnitReadiness]
    to_train: list[dict]  # person + "missing": [module ids]
    target_percent: int
    module_totals: dict[int, Cell] = field(default_factory=dict)

    def cell(self, unit_id: int | None, module_id: int) -> Cell:
        return self.cells.get((unit_id, module_id), Cell())

    @property
    def overall(self) -> Cell:
        total = Cell()
        for cell in self.module_totals.values():
            total.trained += cell.trained
            total.needed += cell.needed
        return total


def coverage(db, target_percent: int | None = None) -> Coverage:
    """The units × modules matrix, readiness per unit and the people still to train.

    Three queries and one pass over the staff: fast enough for thousands of people.
    """
    target = target_percent or plan(db)["target_percent"] or DEFAULT_TARGET_PERCENT
    module_rows = [{"id": r[0], "name": r[1]} for r in db.execute(
        "SELECT id, name FROM training_module ORDER BY name COLLATE NOCASE")]
    unit_rows = [{"id": r[0], "name": r[1]} for r in db.execute(
        "SELECT id, name FROM training_unit ORDER BY name COLLATE NOCASE")]
    needs = _needs(db)
    trained = _trained_pairs(db)
    cells: dict[tuple[int | None, int], Cell] = {}
    totals: dict[int, Cell] = {m["id"]: Cell() for m in module_rows}
    ready: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    to_train: list[dict] = []
    unit_names = {u["id"]: u["name"] for u in unit_rows}
    has_no_unit = False
    for row in db.execute(
            "SELECT id, last_name, first_name, profile, unit_id, shift, status FROM training_staff "
            "WHERE active = 1 ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE"):
        staff_id, last, first, profile, unit_id, shift, status = row
        wanted = needs.get(profile)
        if not wanted:
            continue
        if unit_id is None:
            has_no_unit = True
        missing = []
        for module_id in wanted:
            cell = cells.get((unit_id, module_id))
            if cell is None:
                cell = cells[(unit_id, module_id)] = Cell()
            cell.needed += 1
            totals[module_id].needed += 1
            if (staff_id, module_id) in trained:
                cell.trained += 1
                totals[module_id].trained += 1
            else:
                missing.append(module_id)
        counts = ready[unit_id]
        counts[1] += 1
        if missing:
            to_train.append({"id": staff_id, "last_name": last, "first_name": first,
                             "profile": profile, "unit_id": unit_id, "shift": shift,
                             "status": status, "unit_name": unit_names.get(unit_id, ""),
                             "missing": missing})
        else:
            counts[0] += 1
    if has_no_unit:
        unit_rows.append({"id": None, "name": _("(no unit)")})
    readiness = [UnitReadiness(u["id"], u["name"], ready[u["id"]][1] if u["id"] in ready else 0,
                               ready[u["id"]][0] if u["id"] in ready else 0, target)
                 for u in unit_rows]
    return Coverage(unit_rows, module_rows, cells, readiness, to_train, target, totals)


def referents_not_trained(db) -> list[dict]:
    """Référents who still miss a module their profile needs (they are meant to help others)."""
    needs = _needs(db)
    trained = _trained_pairs(db)
    names = {m["id"]: m["name"] for m in _rows(db, "SELECT id, name FROM training_module")}
    found = []
    for r in referents(db):
        missing = [m for m in needs.get(r["profile"], []) if (r["staff_id"], m) not in trained]
        if missing:
            r["missing"] = [names[m] for m in missing]
            found.append(r)
    return found


def sessions_to_fill(db, today: dt.date) -> list[dict]:
    """Upcoming sessions with free places."""
    return [s for s in upcoming_sessions(db, today) if s["capacity"] and s["booked"] < s["capacity"]]


def attendance_to_record(db, today: dt.date) -> list[dict]:
    """Sessions already held (started before today) where someone's attendance is still pending."""
    return [s for s in held_sessions(db, today) if s["pending"]]


# --- alerts for Home -------------------------------------------------------------------------

def alerts(db, today: dt.date) -> list[Alert]:
    if not db["training_unit"].exists():
        return []
    found: list[Alert] = []
    for u in units_without_referent(db):
        found.append(Alert("medium", "training", _("Training: the unit {name} has no référent.")
                           .format(name=u["name"]), "training_unit", u["id"]))
    for s in attendance_to_record(db, today):
        found.append(Alert("medium", "training", _(
            "Training: attendance of the session « {module} » of {date} is not recorded.")
            .format(module=s["module_name"], date=format_date(s["starts_at"][:10])),
            "training_session", s["id"]))
    settings = plan(db)
    if settings["go_live_date"]:
        go_live = dt.date.fromisoformat(settings["go_live_date"])
        days = (go_live - today).days
        if 0 <= days <= GO_LIVE_NOTICE_DAYS:
            below = [r for r in coverage(db).readiness if r.people and not r.meets_target]
            if below:
                found.append(Alert("high", "training", _(
                    "Training: {count} unit(s) below the {target} % target, {days} days before "
                    "go-live: {units}.").format(
                        count=len(below), target=below[0].target_percent, days=days,
                        units=", ".join(_("{name} {ratio}").format(
                            name=r.name, ratio=format_percent(r.ratio)) for r in below)),
                    "training_readiness", None))
    return found


# --- staff CSV import ------------------------------------------------------------------------

STAFF_COLUMNS = {
    # key: (English label, accepted headers, folded)
    "last_name": (N_("Last name"), ["nom", "last name", "last_name", "surname", "nom de famille"]),
    "first_name": (N_("First name"), ["prenom", "first name", "first_name", "given name"]),
    "profile": (N_("Profile"), ["profil", "profile", "fonction", "metier", "grade"]),
    "unit": (N_("Unit"), ["unite", "unit", "service", "unite de soins"]),
    "shift": (N_("Shift"), ["horaire", "shift", "poste", "equipe", "jour/nuit"]),
    "status": (N_("Status"), ["statut", "status", "contrat"]),
    "active": (N_("Active"), ["actif", "active", "en poste"]),
    "notes": (N_("Notes"), ["notes", "remarques", "commentaire"]),
}

_ALIASES = {
    "profile": {
        "doctor": ["medecin", "docteur", "dr", "praticien", "md", "physician"],
        "nurse": ["ide", "infirmier", "infirmiere", "infirmier(e)", "infirmier(ere)", "ifr",
                  "cadre de sante", "ipa"],
        "nursing_assistant": ["as", "aide-soignant", "aide-soignante", "aide soignant",
                              "aide soignante", "aide-soignant(e)", "ash", "asg", "aes"],
        "midwife": ["sage-femme", "sage femme", "maieuticien"],
        "secretary": ["secretaire", "secretaire medicale", "admissions", "accueil", "secretariat"],
        "pharmacy": ["pharmacie", "pharmacien", "pharmacienne", "preparateur", "preparatrice", "ppH"],
        "other": ["autre"],
    },
    "shift": {"day": ["jour", "j", "d", "matin", "apres-midi"], "night": ["nuit", "n"]},
    "status": {
        "permanent": ["titulaire", "permanent", "cdi", "stagiaire de la fonction publique"],
        "temporary": ["interimaire", "interim", "vacataire", "cdd", "remplacant", "remplacante",
                      "temporaire", "temporary"],
        "newcomer": ["nouvel arrivant", "nouvelle arrivante", "nouveau", "nouvelle", "newcomer",
                     "arrivant"],
    },
}

_BOOLEAN = {"1": 1, "oui": 1, "yes": 1, "o": 1, "y": 1, "vrai": 1, "true": 1, "x": 1,
            "0": 0, "non": 0, "no": 0, "n": 0, "faux": 0, "false": 0}


def _choice_lookup(key: str, mapping: dict[str, str]) -> dict[str, str]:
    from .i18n import load_catalogue

    table = {}
    french = load_catalogue("fr")
    for choice, english in mapping.items():
        for name in [choice, choice.replace("_", " "), english, french.get(english, ""),
                     *(_ALIASES.get(key, {}).get(choice, []))]:
            if name:
                table[fold(name)] = choice
    return table


@dataclass
class LineError:
    line: int
    column: str  # translated column label ("" for the whole line)
    reason: str

    def __str__(self) -> str:
        if self.column:
            return _("line {line}, column « {column} »: {reason}").format(
                line=self.line, column=self.column, reason=self.reason)
        return _("line {line}: {reason}").format(line=self.line, reason=self.reason)


@dataclass
class StaffImport(LineErrors):  # errors: LineError, the first KEPT_ERRORS
    path: str
    lines: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    dry_run: bool = False
    encoding: str = "UTF-8"

    @property
    def good(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        if self.dry_run:
            head = _("Check only, nothing written: {created} to add, {updated} to update, "
                     "{bad} line(s) with errors.")
        elif self.written:
            head = _("Imported: {created} added, {updated} updated, {bad} line(s) left out.")
        else:
            head = _("Nothing imported: {bad} line(s) with errors ({created} to add and "
                     "{updated} to update once they are fixed, or import only the good lines).")
        return head.format(created=format_number(self.created), updated=format_number(self.updated),
                           bad=format_number(self.bad_line_count)) + " " + _("(encoding: {encoding})").format(
                               encoding=self.encoding)


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def import_staff_csv(db, path: Path | str, *, dry_run: bool = False, only_good: bool = False) -> StaffImport:
    """Read a staff list (CSV, UTF-8 with or without BOM or else Windows-1252, ``;`` or ``,``,
    French or English headers) and add or update people.

    Every bad line is reported with its number, column and reason. When a line is bad nothing is
    written unless ``only_good``; ``dry_run`` never writes. A person already in the list (same
    last and first name) is updated rather than added twice: the list is read under the write
    lock, so two imports of the same file at the same moment add nobody twice.
    """
    if dry_run:
        return _import_staff_csv(db, path, dry_run=True, only_good=only_good)
    with db.atomic():
        return _import_staff_csv(db, path, dry_run=False, only_good=only_good)


def _import_staff_csv(db, path: Path | str, *, dry_run: bool, only_good: bool) -> StaffImport:
    text, encoding = decode(read_limited(path), path)
    report = StaffImport(str(path), dry_run=dry_run, encoding=encoding)
    # a cell may hold as much as the longest field (10,000 characters of notes); each column's
    # own limit is then checked line by line below
    reader = CsvReader(text, path, _sniff_delimiter(first_line(text)),
                       max_chars=max(c.limit for c in TEXT_COLUMNS["training_staff"].values()))
    header = reader.header
    known = {fold(name): key for key, (_label, names) in STAFF_COLUMNS.items() for name in names}
    for key, (english, _names) in STAFF_COLUMNS.items():
        known[fold(_(english))] = key
        known[fold(english)] = key
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = known.get(fold(name))
        if key is None:
            if fold(name):
                raise file_error(path, _("line 1: unknown column « {column} » (expected: {expected}).")
                                 .format(column=name.strip(), expected=", ".join(
                                     _(english) for english, _n in STAFF_COLUMNS.values())))
            continue
        if key in columns:
            raise file_error(path, _("line 1: the column « {column} » appears twice.").format(column=name))
        columns[key] = index
    if "last_name" not in columns:
        raise file_error(path, _("line 1: the column « {column} » is required.").format(
            column=_(STAFF_COLUMNS["last_name"][0])))
    lookups = {key: _choice_lookup(key, mapping) for key, mapping in
               (("profile", PROFILES), ("shift", SHIFTS), ("status", STATUSES))}
    unit_ids = {fold(r[1]): r[0] for r in db.execute("SELECT id, name FROM training_unit")}
    existing = {(fold(r[1]), fold(r[2])): r[0] for r in db.execute(
        "SELECT id, last_name, first_name FROM training_staff")}
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[int | None, dict]] = []
    col_label = {key: _(english) for key, (english, _n) in STAFF_COLUMNS.items()}
    # lines that are not records (unclosed quote, wrong number of fields, value too long)
    by_index = {index: col_label[key] for key, index in columns.items()}
    last_problem = 0
    for item in reader:
        if isinstance(item, CsvProblem):
            report.add_error(LineError(item.line, by_index.get(item.index, item.column), item.reason))
            if item.line != last_problem:
                report.lines += 1
                last_problem = item.line
            continue
        line, cells = item
        report.lines += 1

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        errors: list[LineError] = []
        values: dict[str, Any] = {"last_name": cell("last_name"), "first_name": cell("first_name"),
                                  "notes": cell("notes") or None}
        if not values["last_name"]:
            errors.append(LineError(line, col_label["last_name"], _("the last name is empty.")))
        too_long: dict[str, str] = {}
        v.check_texts(TEXT_COLUMNS["training_staff"], values, too_long, by_label=True)
        errors.extend(LineError(line, column, reason) for column, reason in too_long.items())
        for key in ("profile", "shift", "status"):
            raw = cell(key)
            if not raw:
                values[key] = None
                continue
            found = lookups[key].get(fold(raw))
            if found is None:
                mapping = {"profile": PROFILES, "shift": SHIFTS, "status": STATUSES}[key]
                errors.append(LineError(line, col_label[key], _(
                    "« {value} » is not one of: {choices}.").format(
                        value=raw, choices=", ".join(label(mapping, k) for k in mapping))))
            values[key] = found
        raw_unit = cell("unit")
        values["unit_id"] = None
        if raw_unit:
            values["unit_id"] = unit_ids.get(fold(raw_unit))
            if values["unit_id"] is None:
                errors.append(LineError(line, col_label["unit"], _(
                    "unknown unit « {value} »; create it first on the Units page.").format(value=raw_unit)))
        raw_active = cell("active")
        values["active"] = 1
        if raw_active:
            if fold(raw_active) not in _BOOLEAN:
                errors.append(LineError(line, col_label["active"], _(
                    "« {value} » is neither yes nor no.").format(value=raw_active)))
            else:
                values["active"] = _BOOLEAN[fold(raw_active)]
        identity = (fold(values["last_name"]), fold(values["first_name"]))
        if values["last_name"] and identity in seen:
            errors.append(LineError(line, "", _("this person already appears on line {other}.")
                                    .format(other=seen[identity])))
        if errors:
            for error in errors:
                report.add_error(error)
            continue
        seen[identity] = line
        target = existing.get(identity)
        if target is not None:
            current = get_staff(db, target)
            for key in ("profile", "shift", "status", "unit_id", "notes"):
                if values.get(key) is None:
                    values[key] = current[key]
            report.updated += 1
        else:
            report.created += 1
        good.append((target, values))
    if dry_run or (report.errors and not only_good):
        return report
    with db.atomic():
        for target, values in good:
            row = clean_staff(db, values)
            if target is None:
                db["training_staff"].insert(row)
            else:
                db["training_staff"].update(target, row)
    report.written = True
    return report


STAFF_TEMPLATE = "nom;prénom;profil;unité;horaire;statut;actif\n" \
                 "MARTIN;Claire;Infirmier ou infirmière;Médecine;jour;titulaire;oui\n"


def write_staff_template(path: Path | str) -> Path:
    """Write the staff list a user fills (the columns the import reads, one example line) to
    ``path``: UTF-8 with a byte-order mark (so that Excel shows the accents), ``;`` between
    columns, through ``path.part``. It imports as it is once its unit exists."""
    return write_atomic(path, STAFF_TEMPLATE.encode("utf-8-sig"))


# --- iCalendar -------------------------------------------------------------------------------
# Built with the icalendar library: RFC 5545 escaping, line folding and the VTIMEZONE block are
# its job, not ours.

ICS_TIMEZONE = "Europe/Paris"


def _uid_domain(db) -> str:
    """What makes this database's UIDs its own: its identity (core/identity.py), so that two
    databases never share a UID and one database keeps its UIDs across exports. A file without
    identity (before step m008, opened read-only) falls back on the facility."""
    from . import identity

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
    return f"training-session-{int(session_id)}@{domain or _uid_domain(db)}"


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
            ORDER BY p.session_id, u.name COLLATE NOCASE""").fetchall():
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
    domain = _uid_domain(db)
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


def facility_name(db) -> str:
    row = db.execute("SELECT name FROM facility ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else ""
