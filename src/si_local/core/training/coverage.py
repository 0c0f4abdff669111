"""Coverage and readiness: the plan's target and go-live date, who needs which module, the
units × modules matrix, readiness per unit, people still to train and proposals for a session."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .. import clock
from ..collation import collation_key
from .. import validation as v
from ..errors import ValidationError
from ..i18n import _
from .common import DEFAULT_TARGET_PERCENT, TEXT_COLUMNS, _exists, _int, _rows, _text
from .people import referents, staff
from .sessions import get_session, held_sessions, is_day_session, upcoming_sessions


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
    found.sort(key=lambda p: ((p["shift"] == "night") == day, collation_key(p["unit_name"]),
                              collation_key(p["last_name"]), collation_key(p["first_name"])))
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
        "SELECT id, name FROM training_module ORDER BY name COLLATE FRENCH")]
    unit_rows = [{"id": r[0], "name": r[1]} for r in db.execute(
        "SELECT id, name FROM training_unit ORDER BY name COLLATE FRENCH")]
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
            "WHERE active = 1 ORDER BY last_name COLLATE FRENCH, first_name COLLATE FRENCH"):
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


def _upcoming_dates(db, today: dt.date) -> dict[tuple[int, int], str]:
    """{(staff id, module id): the day (ISO) of the first session to come they are booked on}."""
    return {(r[0], r[1]): r[2][:10] for r in db.execute(
        """SELECT p.staff_id, s.module_id, min(s.starts_at) FROM training_participant p
           JOIN training_session s ON s.id = p.session_id
           WHERE p.attendance = 'pending' AND s.starts_at >= ?
           GROUP BY p.staff_id, s.module_id""", [today.isoformat()])}


@dataclass
class StillToTrain:
    """The people still to train, in two groups: ``to_invite`` still need a session for at
    least one module they miss; ``enrolled`` are booked on a session to come (not yet held) for
    every module they miss. Each person (as in :attr:`Coverage.to_train`) also carries
    ``to_invite`` (module ids without a session to come), ``booked`` ({module id: ISO day of
    their first session to come}) and ``next_date`` (the first of those days, or None)."""

    to_invite: list[dict]
    enrolled: list[dict]

    def in_unit(self, unit_id: int | None) -> tuple[list[dict], list[dict]]:
        return ([p for p in self.to_invite if p["unit_id"] == unit_id],
                [p for p in self.enrolled if p["unit_id"] == unit_id])


def still_to_train(db, today: dt.date | None = None, cov: Coverage | None = None) -> StillToTrain:
    """« Still to train » as the nurse executive reads it: still to invite, apart from the
    people already enrolled in a session to come (a session held is never « to come »)."""
    today = today or clock.today()
    cov = cov or coverage(db)
    dates = _upcoming_dates(db, today)
    to_invite: list[dict] = []
    enrolled: list[dict] = []
    for person in cov.to_train:
        booked = {m: dates[(person["id"], m)] for m in person["missing"] if (person["id"], m) in dates}
        row = dict(person, booked=booked, to_invite=[m for m in person["missing"] if m not in booked],
                   next_date=min(booked.values()) if booked else None)
        (to_invite if row["to_invite"] else enrolled).append(row)
    return StillToTrain(to_invite, enrolled)


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
