"""Scenarios and their ordered steps (with the registry items each step concerns); a scenario
made from a template."""

from __future__ import annotations

from typing import Any

from ..errors import UserError, ValidationError
from ..i18n import N_, _
from .common import (ITEM_COLUMNS, ITEM_KINDS, PHASES, SCENARIO_KINDS, _check_lengths,
                     _opt_number, _text)
from .templates import Template, load_templates


# --- scenarios and steps -----------------------------------------------------------------------

MANDATORY_NAME = N_("Information system unavailable")


def ensure_mandatory(db) -> int:
    """The mandatory scenario exists (re-created if a file lost it); returns its id."""
    row = db.execute("SELECT id FROM continuity_scenario WHERE is_mandatory = 1 ORDER BY id").fetchone()
    if row:
        return row[0]
    with db.atomic():
        name = _(MANDATORY_NAME)
        clash = db.execute("SELECT id FROM continuity_scenario WHERE name = ? COLLATE NOCASE",
                           [name]).fetchone()
        if clash:
            db.execute("UPDATE continuity_scenario SET is_mandatory = 1, kind = 'is_unavailable' "
                       "WHERE id = ?", [clash[0]])
            return clash[0]
        return db["continuity_scenario"].insert({
            "kind": "is_unavailable", "name": name, "is_mandatory": 1, "position": 0}).last_pk


def scenarios(db) -> list[dict]:
    return list(db.query(
        "SELECT s.*, (SELECT count(*) FROM continuity_step t WHERE t.scenario_id = s.id) AS step_count, "
        "(SELECT max(held_on) FROM continuity_exercise e WHERE e.scenario_id = s.id) AS last_exercise "
        "FROM continuity_scenario s ORDER BY s.is_mandatory DESC, s.position, s.name COLLATE FRENCH"))


def get_scenario(db, scenario_id: int) -> dict:
    rows = list(db.query("SELECT * FROM continuity_scenario WHERE id = ?", [scenario_id]))
    if not rows:
        raise UserError(_("Scenario {id}: no such scenario.").format(id=scenario_id))
    return rows[0]


def save_scenario(db, values: dict[str, Any], scenario_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors[_("Name")] = _("required")
    kind = values.get("kind") or "other"
    if kind not in SCENARIO_KINDS:
        errors[_("Kind")] = _("unknown value \"{value}\".").format(value=kind)
    _check_lengths("continuity_scenario", values, errors)
    if name and not errors:
        other = db.execute("SELECT id FROM continuity_scenario WHERE name = ? COLLATE NOCASE",
                           [name]).fetchone()
        if other and other[0] != scenario_id:
            errors[_("Name")] = _("a scenario with this name already exists.")
    if errors:
        raise ValidationError(errors)
    record = {"name": name, "kind": kind, "description": _text(values.get("description"))}
    with db.atomic():
        if scenario_id is None:
            record["position"] = db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM continuity_scenario").fetchone()[0]
            scenario_id = db["continuity_scenario"].insert(record).last_pk
        else:
            current = get_scenario(db, scenario_id)
            if current["is_mandatory"]:
                record["kind"] = "is_unavailable"
            db["continuity_scenario"].update(scenario_id, record)
    return int(scenario_id)


def delete_scenario(db, scenario_id: int) -> None:
    scenario = get_scenario(db, scenario_id)
    if scenario["is_mandatory"]:
        raise UserError(_("The scenario \"{name}\" is mandatory and cannot be deleted.")
                        .format(name=scenario["name"]))
    with db.atomic():
        db.execute("DELETE FROM continuity_scenario WHERE id = ?", [scenario_id])


def add_from_template(db, key: str, name: str | None = None,
                      templates: list[Template] | None = None) -> int:
    """Create a scenario (or fill the empty mandatory one) from a template; returns its id."""
    found = {t.key: t for t in (templates or load_templates(db=db))}
    if key not in found:
        raise UserError(_("Unknown scenario template \"{key}\".").format(key=key))
    tpl = found[key]
    with db.atomic():
        target = None
        if tpl.kind == "is_unavailable":
            mandatory = ensure_mandatory(db)
            if not db.execute("SELECT 1 FROM continuity_step WHERE scenario_id = ?", [mandatory]).fetchone():
                target = mandatory
                if not get_scenario(db, mandatory)["description"]:
                    db["continuity_scenario"].update(mandatory, {"description": tpl.description})
        if target is None:
            wanted = name or tpl.name
            final, n = wanted, 2
            while db.execute("SELECT 1 FROM continuity_scenario WHERE name = ? COLLATE NOCASE",
                             [final]).fetchone():
                final = f"{wanted} ({n})"
                n += 1
            target = save_scenario(db, {"name": final, "kind": tpl.kind, "description": tpl.description})
        start = db.execute("SELECT coalesce(max(position), 0) FROM continuity_step WHERE scenario_id = ?",
                           [target]).fetchone()[0]
        db["continuity_step"].insert_all([
            {"scenario_id": target, "position": start + i, "phase": st.phase, "title": st.title,
             "owner_role": st.owner_role, "standin_role": st.standin_role,
             "expected_minutes": st.minutes, "note": st.note}
            for i, st in enumerate(tpl.steps, start=1)])
    return int(target)


def steps(db, scenario_id: int) -> list[dict]:
    rows = list(db.query("SELECT * FROM continuity_step WHERE scenario_id = ? ORDER BY position, id",
                         [scenario_id]))
    items = step_items(db, [r["id"] for r in rows])
    for row in rows:
        row["items"] = items.get(row["id"], [])
    return rows


def step_items(db, step_ids: list[int] | None = None) -> dict[int, list[tuple[str, int, str]]]:
    """step id -> [(column, registry id, name)] of the registry items each step concerns."""
    result: dict[int, list[tuple[str, int, str]]] = {}
    parts = []
    for column, (table, _label) in ITEM_KINDS.items():
        parts.append(f"SELECT i.id AS link, i.step_id, '{column}' AS col, t.id AS ref, t.name AS name "
                     f"FROM continuity_step_item i JOIN {table} t ON t.id = i.{column}")
    sql = " UNION ALL ".join(parts) + " ORDER BY link"
    wanted = set(step_ids) if step_ids is not None else None
    for r in db.query(sql):
        if wanted is None or r["step_id"] in wanted:
            result.setdefault(r["step_id"], []).append((r["col"], r["ref"], r["name"]))
    return result


def _validate_step(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = _text(values.get("title"))
    if not title:
        errors[_("Title")] = _("required")
    phase = values.get("phase") or "alert"
    if phase not in PHASES:
        errors[_("Phase")] = _("unknown value \"{value}\".").format(value=phase)
    minutes = _opt_number(values, "expected_minutes", _("Expected minutes"), errors, integer=True)
    _check_lengths("continuity_step", values, errors)
    if errors:
        raise ValidationError(errors)
    return {"title": title, "phase": phase, "owner_role": _text(values.get("owner_role")),
            "standin_role": _text(values.get("standin_role")), "expected_minutes": minutes,
            "note": _text(values.get("note"))}


def save_step(db, values: dict[str, Any], step_id: int | None = None) -> int:
    """Add (at the end, or at ``values['position']``) or update a step.

    ``values['items']``, when given, is the list of (column, id) registry items the step concerns,
    column among server_id, vm_id, application_id, backup_id, equipment_id.
    """
    record = _validate_step(values)
    items = values.get("items")
    if items is not None:
        for column, _ref in items:
            if column not in ITEM_COLUMNS:
                raise ValidationError({_("Registry items"): _("unknown value \"{value}\".")
                                       .format(value=column)})
    with db.atomic():
        if step_id is None:
            scenario_id = values.get("scenario_id")
            get_scenario(db, scenario_id)
            count = db.execute("SELECT count(*) FROM continuity_step WHERE scenario_id = ?",
                               [scenario_id]).fetchone()[0]
            record.update(scenario_id=scenario_id, position=count + 1)
            step_id = db["continuity_step"].insert(record).last_pk
            if values.get("position"):
                move_step_to(db, step_id, int(values["position"]) - 1)
        else:
            db["continuity_step"].update(step_id, record)
        if items is not None:
            db.execute("DELETE FROM continuity_step_item WHERE step_id = ?", [step_id])
            for column, ref in items:
                db.execute(f"INSERT INTO continuity_step_item (step_id, {column}) VALUES (?, ?)",
                           [step_id, int(ref)])
    return int(step_id)


def _scenario_of(db, step_id: int) -> int:
    row = db.execute("SELECT scenario_id FROM continuity_step WHERE id = ?", [step_id]).fetchone()
    if row is None:
        raise UserError(_("Step {id}: no such step.").format(id=step_id))
    return row[0]


def _renumber(db, scenario_id: int, ordered_ids: list[int]) -> None:
    current = dict(db.execute("SELECT id, position FROM continuity_step WHERE scenario_id = ?",
                              [scenario_id]).fetchall())
    for position, sid in enumerate(ordered_ids, start=1):
        if current.get(sid) != position:
            db.execute("UPDATE continuity_step SET position = ? WHERE id = ?", [position, sid])


def delete_step(db, step_id: int) -> None:
    with db.atomic():
        scenario_id = _scenario_of(db, step_id)
        db.execute("DELETE FROM continuity_step WHERE id = ?", [step_id])
        ids = [r[0] for r in db.execute(
            "SELECT id FROM continuity_step WHERE scenario_id = ? ORDER BY position, id", [scenario_id])]
        _renumber(db, scenario_id, ids)


def move_step_to(db, step_id: int, index: int) -> int:
    """Move a step to ``index`` (0-based, clamped) within its scenario; returns the new index."""
    with db.atomic():
        scenario_id = _scenario_of(db, step_id)
        ids = [r[0] for r in db.execute(
            "SELECT id FROM continuity_step WHERE scenario_id = ? ORDER BY position, id", [scenario_id])]
        ids.remove(step_id)
        index = max(0, min(int(index), len(ids)))
        ids.insert(index, step_id)
        _renumber(db, scenario_id, ids)
    return index
