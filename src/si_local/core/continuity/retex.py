"""What a crisis exercise's lessons-learned report (RETEX) needs beyond its measured steps: the
participants, the timeline (« main courante ») of injects, events and decisions, the measured
times against the plan's targets and the applications' DMIA, the follow-up of a finding's action
in the self-diagnostic action plan, and the Home alert of the annual exercise.

Fast entry (:func:`parse_line`): a line typed while the exercise runs is stamped with the clock.
Its first word sets its kind: « D » or « ! » a decision, « I » an inject, « E » (or nothing) an
event. A decision may name who decided before a colon and why after a « | »:
« D Dr Martin : couper le réseau | pour isoler le virus ».
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import clock
from ..alerts import Alert
from ..diagnostic import actions as diagnostic_actions
from ..errors import UserError, ValidationError
from ..i18n import _, format_date
from ..validation import check_datetime
from .common import CRITICAL, EVENT_KIND_LABELS, _check_lengths, _text
from .exercises import _exercised_scenario, exercise_steps

EXERCISE_EVERY_DAYS = 365  # one crisis exercise a year (instruction DNS/2025/12)
PREFIXES = {"d": "decision", "!": "decision", "i": "inject", "e": "event"}


# --- participants ------------------------------------------------------------------------------

def participants(db, exercise_id: int) -> list[dict]:
    return list(db.query(
        "SELECT p.*, r.role AS crisis_role FROM continuity_exercise_participant p "
        "LEFT JOIN continuity_crisis_role r ON r.id = p.crisis_role_id "
        "WHERE p.exercise_id = ? ORDER BY p.position, p.id", [exercise_id]))


def staff_choices(db) -> list[tuple[int, str]]:
    """The training staff a participant may be (id, « LAST First »)."""
    return [(r["id"], f"{r['last_name']} {r['first_name'] or ''}".strip()) for r in db.query(
        "SELECT id, last_name, first_name FROM training_staff "
        "ORDER BY last_name COLLATE FRENCH, first_name COLLATE FRENCH")]


def crisis_role_choices(db) -> list[tuple[int, str]]:
    return [(r["id"], r["role"]) for r in db.query(
        "SELECT id, role FROM continuity_crisis_role ORDER BY position, id")]


def _participant_defaults(db, values: dict) -> dict:
    """A participant linked to a staff member takes their name and unit when left blank."""
    out = dict(values)
    staff_id = values.get("staff_id") or None
    if staff_id:
        row = db.execute(
            "SELECT s.last_name, s.first_name, u.name FROM training_staff s "
            "LEFT JOIN training_unit u ON u.id = s.unit_id WHERE s.id = ?", [staff_id]).fetchone()
        if row is None:
            raise ValidationError({_("Staff member"): _("no such staff member.")})
        out["name"] = _text(values.get("name")) or f"{row[0]} {row[1] or ''}".strip()
        out["organisation"] = _text(values.get("organisation")) or row[2]
    return out


def save_participant(db, exercise_id: int, values: dict[str, Any],
                     participant_id: int | None = None) -> int:
    _exercised_scenario(db, exercise_id)
    values = _participant_defaults(db, values)
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors[_("Name")] = _("required")
    role_id = values.get("crisis_role_id") or None
    if role_id and db.execute("SELECT 1 FROM continuity_crisis_role WHERE id = ?",
                              [role_id]).fetchone() is None:
        errors[_("Crisis cell role")] = _("no such role.")
    _check_lengths("continuity_exercise_participant", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"exercise_id": exercise_id, "name": name, "role": _text(values.get("role")),
              "organisation": _text(values.get("organisation")),
              "staff_id": values.get("staff_id") or None, "crisis_role_id": role_id}
    with db.atomic():
        if participant_id is None:
            (last,) = db.execute("SELECT coalesce(max(position), 0) FROM "
                                 "continuity_exercise_participant WHERE exercise_id = ?",
                                 [exercise_id]).fetchone()
            record["position"] = last + 1
            participant_id = db["continuity_exercise_participant"].insert(record).last_pk
        else:
            db["continuity_exercise_participant"].update(participant_id, record)
    return int(participant_id)


def delete_participant(db, participant_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_exercise_participant WHERE id = ?", [participant_id])


# --- timeline ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    who: str | None = None
    why: str | None = None


def parse_line(line: str) -> Line:
    """A typed line of the main courante: its kind from its first word, a decision's who and why."""
    text = (line or "").strip()
    kind = "event"
    match = re.match(r"^([DdIiEe!])(?:\s+|$)", text) or re.match(r"^(!)", text)
    if match:
        kind = PREFIXES[match.group(1).lower()]
        text = text[match.end():].strip()
    who = why = None
    if kind == "decision":
        if "|" in text:
            text, why = (part.strip() for part in text.split("|", 1))
        head, colon, rest = text.partition(":")
        if colon and head.strip() and rest.strip() and len(head.strip()) <= 60:
            who, text = head.strip(), rest.strip()
    return Line(kind, text, who or None, why or None)


def timeline(db, exercise_id: int, kind: str | None = None) -> list[dict]:
    sql = "SELECT * FROM continuity_exercise_event WHERE exercise_id = ?"
    args: list = [exercise_id]
    if kind:
        sql += " AND kind = ?"
        args.append(kind)
    return list(db.query(sql + " ORDER BY at, id", args))


def _stamp(value: Any, before: str | None) -> str:
    """A typed time: « 14:05 » keeps the day of ``before`` (or today), else a full date and time."""
    text = str(value or "").strip()
    if re.fullmatch(r"\d{1,2}[:h]\d{2}(:\d{2})?", text):
        day = (before or clock.now().isoformat())[:10]
        parts = [int(x) for x in re.split(r"[:h]", text)] + [0]
        if parts[0] > 23 or parts[1] > 59 or parts[2] > 59:
            raise ValueError(_("Enter a time as HH:MM."))
        return f"{day}T{parts[0]:02d}:{parts[1]:02d}:{parts[2]:02d}"
    return check_datetime(text)


def save_event(db, exercise_id: int, values: dict[str, Any], event_id: int | None = None) -> int:
    """Record or correct one line of the timeline; ``at`` defaults to the clock's now."""
    _exercised_scenario(db, exercise_id)
    errors: dict[str, str] = {}
    before = None
    if event_id is not None:
        row = db.execute("SELECT at FROM continuity_exercise_event WHERE id = ? AND exercise_id = ?",
                         [event_id, exercise_id]).fetchone()
        if row is None:
            raise UserError(_("Timeline line {id}: no such line.").format(id=event_id))
        before = row[0]
    at = None
    try:
        raw = values.get("at")
        at = _stamp(raw, before) if _text(raw) else clock.now().replace(microsecond=0).isoformat()
    except ValueError as exc:
        errors[_("Time")] = str(exc)
    kind = values.get("kind") or "event"
    if kind not in EVENT_KIND_LABELS:
        errors[_("Kind")] = _("unknown value \"{value}\".").format(value=kind)
    text = _text(values.get("text"))
    if not text:
        errors[_("Text")] = _("required")
    _check_lengths("continuity_exercise_event", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"exercise_id": exercise_id, "at": at, "kind": kind, "text": text,
              "who": _text(values.get("who")), "why": _text(values.get("why"))}
    with db.atomic():
        if event_id is None:
            event_id = db["continuity_exercise_event"].insert(record).last_pk
        else:
            db["continuity_exercise_event"].update(event_id, record)
    return int(event_id)


def record_line(db, exercise_id: int, line: str) -> int:
    """The fast entry: one typed line, stamped now, its kind from its prefix (see the module)."""
    parsed = parse_line(line)
    return save_event(db, exercise_id, {"kind": parsed.kind, "text": parsed.text,
                                        "who": parsed.who, "why": parsed.why})


def delete_event(db, event_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_exercise_event WHERE id = ?", [event_id])


# --- measured times ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Timing:
    label: str
    target_minutes: float | None
    measured_minutes: float | None
    kind: str  # "step", "total", "dmia"

    @property
    def over(self) -> bool:
        return (self.target_minutes is not None and self.measured_minutes is not None
                and self.measured_minutes > self.target_minutes)


def timings(db, exercise_id: int) -> list[Timing]:
    """Each step's measured minutes against its target, the total, and for each critical
    application of the scenario's steps the time from the start of the exercise to the end of its
    last step (the measured minutes added up in the steps' order) against its DMIA."""
    rows = exercise_steps(db, exercise_id)
    out = [Timing(r["title"], r["expected_minutes"], r["measured_minutes"], "step") for r in rows]
    measured = [r["measured_minutes"] for r in rows if r["measured_minutes"] is not None]
    targets = [r["expected_minutes"] for r in rows  # the targets of the steps measured
               if r["expected_minutes"] is not None and r["measured_minutes"] is not None]
    if measured:
        out.append(Timing(_("Whole exercise"), sum(targets) if targets else None, sum(measured),
                          "total"))
    elapsed: dict[int, float] = {}
    total = 0.0
    for r in rows:
        total += r["measured_minutes"] or 0
        if r["step_id"] and r["measured_minutes"] is not None:
            elapsed[r["step_id"]] = total
    if not elapsed:
        return out
    marks = ",".join("?" * len(elapsed))
    crit = ",".join("?" * len(CRITICAL))
    for app in db.query(
            f"SELECT a.name, a.dmia_hours, group_concat(i.step_id) AS steps FROM continuity_step_item i "
            f"JOIN application a ON a.id = i.application_id WHERE i.step_id IN ({marks}) "
            f"AND a.criticality IN ({crit}) GROUP BY a.id ORDER BY a.name COLLATE FRENCH",
            [*elapsed, *CRITICAL]):
        reached = max(elapsed[int(s)] for s in str(app["steps"]).split(","))
        dmia = None if app["dmia_hours"] is None else app["dmia_hours"] * 60
        out.append(Timing(_("{name} back (DMIA)").format(name=app["name"]), dmia, reached, "dmia"))
    return out


# --- a finding's action in the self-diagnostic action plan ---------------------------------------

def latest_campaign(db) -> dict | None:
    row = db.execute("SELECT id, title, campaign_date FROM diagnostic_campaign "
                     "ORDER BY campaign_date DESC, id DESC LIMIT 1").fetchone()
    return None if row is None else {"id": row[0], "title": row[1], "campaign_date": row[2]}


def follow_in_action_plan(db, finding_id: int) -> int:
    """Copy a finding's action into the latest self-diagnostic campaign's action plan (once), and
    keep the link: its owner, due date and status follow the finding's from then on."""
    found = list(db.query("SELECT f.*, e.held_on FROM continuity_finding f LEFT JOIN "
                          "continuity_exercise e ON e.id = f.exercise_id WHERE f.id = ?", [finding_id]))
    if not found:
        raise UserError(_("Finding {id}: no such finding.").format(id=finding_id))
    f = found[0]
    if f["diagnostic_action_id"]:
        return int(f["diagnostic_action_id"])
    if not f["action"]:
        raise ValidationError({_("Action"): _("write the action first.")})
    campaign = latest_campaign(db)
    if campaign is None:
        raise UserError(_("No self-diagnostic campaign yet: start one to follow this action in "
                          "its action plan."))
    why = _("Crisis exercise of {date}: {finding}").format(
        date=format_date(f["held_on"]) if f["held_on"] else "—", finding=f["finding"])
    with db.atomic():
        action_id = diagnostic_actions.add_action(
            db, campaign["id"], f["action"], why=why[:2000], owner=f["owner"] or "",
            due_date=f["due_on"])
        if f["status"] == "done":
            diagnostic_actions.update_action(db, action_id, status="done")
        db.execute("UPDATE continuity_finding SET diagnostic_action_id = ? WHERE id = ?",
                   [action_id, finding_id])
    return int(action_id)


# --- Home: the annual exercise -----------------------------------------------------------------

def last_exercise(db) -> str | None:
    (held,) = db.execute("SELECT max(held_on) FROM continuity_exercise").fetchone()
    return held


def next_exercise_due(db) -> dt.date | None:
    held = last_exercise(db)
    return None if held is None else _add_year(dt.date.fromisoformat(held[:10]))


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def annual_exercise_alerts(db, today: dt.date) -> list[Alert]:
    due = next_exercise_due(db)
    if due is None:
        return [Alert("high", "continuity", _("No crisis exercise recorded: hold one a year "
                                              "(instruction DNS/2025/12)."), "continuity_exercise", None)]
    if due < today:
        return [Alert("high", "continuity", _("Annual crisis exercise overdue since {date}.")
                      .format(date=format_date(due)), "continuity_exercise", None)]
    return [Alert("low", "continuity", _("Next annual crisis exercise due by {date}.")
                  .format(date=format_date(due)), "continuity_exercise", None)]
