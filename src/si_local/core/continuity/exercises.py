"""Exercises of the plan: the measured time of each step, the findings and their actions."""

from __future__ import annotations

from typing import Any

from ..diagnostic import actions as diagnostic_actions
from ..errors import UserError, ValidationError
from ..i18n import _
from .common import EXERCISE_KIND_LABELS, FINDING_KIND_LABELS, _check_lengths, _opt_date, _text
from .scenarios import steps


# --- exercises ---------------------------------------------------------------------------------

def exercises(db) -> list[dict]:
    return list(db.query(
        "SELECT e.*, s.name AS scenario_name FROM continuity_exercise e "
        "LEFT JOIN continuity_scenario s ON s.id = e.scenario_id ORDER BY e.held_on DESC, e.id DESC"))


def save_exercise(db, values: dict[str, Any], exercise_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    held_on = _opt_date(values, "held_on", _("Date"), errors)
    if not held_on and _("Date") not in errors:
        errors[_("Date")] = _("required")
    kind = values.get("kind") or "tabletop"
    if kind not in EXERCISE_KIND_LABELS:
        errors[_("Kind")] = _("unknown value \"{value}\".").format(value=kind)
    _check_lengths("continuity_exercise", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"held_on": held_on, "scenario_id": values.get("scenario_id") or None, "kind": kind,
              "participants": _text(values.get("participants")), "notes": _text(values.get("notes")),
              "title": _text(values.get("title")), "objectives": _text(values.get("objectives")),
              "scenario_text": _text(values.get("scenario_text"))}
    with db.atomic():
        if exercise_id is None:
            exercise_id = db["continuity_exercise"].insert(record).last_pk
        else:
            db["continuity_exercise"].update(exercise_id, record)
    return int(exercise_id)


def delete_exercise(db, exercise_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_exercise WHERE id = ?", [exercise_id])


def _exercised_scenario(db, exercise_id: int) -> int | None:
    """The scenario an exercise tested (None if it names none); a missing exercise is refused."""
    row = db.execute("SELECT scenario_id FROM continuity_exercise WHERE id = ?", [exercise_id]).fetchone()
    if row is None:
        raise UserError(_("Exercise {id}: no such exercise.").format(id=exercise_id))
    return row[0]


def exercise_steps(db, exercise_id: int) -> list[dict]:
    """The steps of the exercised scenario with their expected and measured minutes."""
    scenario_id = _exercised_scenario(db, exercise_id)
    measured = {r["step_id"]: r for r in db.query(
        "SELECT * FROM continuity_exercise_step WHERE exercise_id = ?", [exercise_id])}
    rows = []
    for st in (steps(db, scenario_id) if scenario_id else []):
        m = measured.pop(st["id"], None)
        rows.append({"step_id": st["id"], "position": st["position"], "phase": st["phase"],
                     "title": st["title"], "expected_minutes": st["expected_minutes"],
                     "measured_minutes": m["measured_minutes"] if m else None,
                     "note": m["note"] if m else None})
    for m in measured.values():  # steps deleted since the exercise
        rows.append({"step_id": None, "position": None, "phase": None, "title": m["step_title"],
                     "expected_minutes": None, "measured_minutes": m["measured_minutes"],
                     "note": m["note"]})
    return rows


def record_step_time(db, exercise_id: int, step_id: int, minutes: float | None,
                     note: str | None = None) -> None:
    if minutes is not None and minutes < 0:
        raise ValidationError({_("Measured minutes"): _("The value must be at least {minimum}.")
                               .format(minimum=0)})
    errors: dict[str, str] = {}
    _check_lengths("continuity_exercise_step", {"note": note}, errors)
    if errors:
        raise ValidationError(errors)
    _exercised_scenario(db, exercise_id)
    title = db.execute("SELECT title FROM continuity_step WHERE id = ?", [step_id]).fetchone()
    if title is None:
        raise UserError(_("Step {id}: no such step.").format(id=step_id))
    with db.atomic():
        row = db.execute("SELECT id FROM continuity_exercise_step WHERE exercise_id = ? AND step_id = ?",
                         [exercise_id, step_id]).fetchone()
        record = {"exercise_id": exercise_id, "step_id": step_id, "step_title": title[0],
                  "measured_minutes": None if minutes is None else round(float(minutes), 1),
                  "note": _text(note)}
        if row:
            db["continuity_exercise_step"].update(row[0], record)
        else:
            db["continuity_exercise_step"].insert(record)


def findings(db, exercise_id: int | None = None) -> list[dict]:
    sql = ("SELECT f.*, e.held_on FROM continuity_finding f "
           "LEFT JOIN continuity_exercise e ON e.id = f.exercise_id")
    args: list = []
    if exercise_id is not None:
        sql += " WHERE f.exercise_id = ?"
        args.append(exercise_id)
    return list(db.query(sql + " ORDER BY f.status, f.due_on, f.id", args))


def save_finding(db, values: dict[str, Any], finding_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    text = _text(values.get("finding"))
    if not text:
        errors[_("Finding")] = _("required")
    due = _opt_date(values, "due_on", _("Due date"), errors)
    status = values.get("status") or "open"
    if status not in ("open", "done"):
        errors[_("Status")] = _("unknown value \"{value}\".").format(value=status)
    kind = values.get("kind") or "improve"
    if kind not in FINDING_KIND_LABELS:
        errors[_("Kind")] = _("unknown value \"{value}\".").format(value=kind)
    if _text(values.get("action")) and not _text(values.get("owner")):
        errors[_("Owner")] = _("an action needs an owner.")
    _check_lengths("continuity_finding", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"exercise_id": values.get("exercise_id"), "finding": text,
              "action": _text(values.get("action")), "owner": _text(values.get("owner")),
              "due_on": due, "status": status, "kind": kind}
    with db.atomic():
        if finding_id is None:
            finding_id = db["continuity_finding"].insert(record).last_pk
        else:
            db["continuity_finding"].update(finding_id, record)
            linked = db.execute("SELECT diagnostic_action_id FROM continuity_finding WHERE id = ?",
                                [finding_id]).fetchone()
            sync_action(db, {**record, "diagnostic_action_id": linked[0] if linked else None})
    return int(finding_id)


def sync_action(db, finding: dict) -> None:
    """Inside the finding's transaction: the linked action takes its owner, due date and status."""
    action_id = finding.get("diagnostic_action_id")
    if not action_id:
        return
    current = db.execute("SELECT status FROM diagnostic_action WHERE id = ?", [action_id]).fetchone()
    if current is None:
        return
    values: dict[str, Any] = {"owner": finding.get("owner"), "due_date": finding.get("due_on")}
    if finding.get("action"):
        values["title"] = finding["action"]
    if finding.get("status") == "done" and current[0] != "done":
        values["status"] = "done"
    elif finding.get("status") == "open" and current[0] == "done":
        values["status"] = "todo"
    diagnostic_actions.update_action(db, action_id, **values)

