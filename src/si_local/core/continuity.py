"""The continuity plan (PCA / PRA): plan identity and approval, critical activities, scenarios and
their ordered steps, crisis cell, exercises, impact analysis, compliance findings and alerts.

No Qt here. Every write runs in one ``with db.atomic():``; bad input raises
:class:`ValidationError` (field -> message) or :class:`UserError`, in the user's language.

Restart order (see :func:`restart_order`, documented in docs/continuity.md):
1. directory / authentication / DNS machines (nothing else works without them);
2. the backup server (needed to restore the others);
3. the other VMs, most critical first: a VM's criticality is the highest of its own and of the
   applications it hosts (vital > high > medium > low); database servers before the others at
   equal criticality; then by name.
An application is available once all its VMs are running: applications are listed in the order
their last VM restarts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .alerts import RESTORE_TEST_MAX_AGE_DAYS, Alert
from .errors import ImportFileError, UserError, ValidationError
from .group.packs import effective_texts
from .i18n import N_, _, format_date, format_number, ngettext
from .interop.common import parse_json
from .paths import resource
from .validation import Text, check_date, check_texts

# the keys the tables' CHECK constraints accept (steps m003 and later; a test compares them)
SCENARIO_KINDS = ("is_unavailable", "site", "staff", "supplier", "power", "network", "ransomware",
                  "vendor", "other")
PHASES = ("alert", "degraded", "recovery", "return")
ACTIVITY_KINDS = ("care_unit", "administrative", "medico_technical", "other")
# the reference columns of continuity_step_item, exactly one of which is set
ITEM_COLUMNS = ("server_id", "vm_id", "application_id", "backup_id", "equipment_id")

PLAN_REVIEW_MAX_DAYS = 365
CRITICAL = ("high", "vital")
CRITICALITY_RANK = {"vital": 0, "high": 1, "medium": 2, "low": 3}

PHASE_LABELS = {
    "alert": N_("Alert and crisis cell"),
    "degraded": N_("Degraded mode"),
    "recovery": N_("IT recovery"),
    "return": N_("Return to normal"),
}
SCENARIO_KIND_LABELS = {
    "is_unavailable": N_("Information system unavailable"),
    "site": N_("Site unavailable"),
    "staff": N_("Staff unavailable"),
    "supplier": N_("Critical supplier unavailable"),
    "power": N_("Power outage"),
    "network": N_("Network outage"),
    "ransomware": N_("Ransomware"),
    "vendor": N_("Hosted software outage"),
    "other": N_("Other"),
}
ACTIVITY_KIND_LABELS = {
    "care_unit": N_("Care unit"),
    "administrative": N_("Administrative process"),
    "medico_technical": N_("Medico-technical service"),
    "other": N_("Other"),
}
EXERCISE_KIND_LABELS = {
    "tabletop": N_("Tabletop exercise"),
    "partial": N_("Partial exercise"),
    "full": N_("Full-scale exercise"),
}
ITEM_KINDS = {  # step item column -> (registry table, English label)
    "server_id": ("server", N_("Server")),
    "vm_id": ("vm", N_("VM")),
    "application_id": ("application", N_("Application")),
    "backup_id": ("backup", N_("Backup")),
    "equipment_id": ("equipment", N_("Equipment")),
}
SEVERITY_LABELS = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}

# The longest text each free-text column holds (validation.MAX_LENGTHS by type: one line 200,
# "longtext" 10,000): read by the save functions below, the windows' line edits and bundle imports.
LONG = "longtext"
TEXT_COLUMNS: dict[str, dict[str, Text]] = {
    "continuity_plan": {
        "title": Text(N_("Title")), "author": Text(N_("Author")),
        "approved_by": Text(N_("Approved by")), "scope": Text(N_("Scope"), LONG),
        "trigger_rules": Text(N_("Who triggers the plan, and when"), LONG),
        "communication": Text(N_("Communication"), LONG),
        "return_to_normal": Text(N_("Return to normal"), LONG), "notes": Text(N_("Notes"), LONG)},
    "continuity_plan_version": {"approved_by": Text(N_("Approved by")),
                                "summary": Text(N_("Summary"), LONG)},
    "continuity_activity": {
        "name": Text(N_("Name")), "description": Text(N_("Description"), LONG),
        "owner_role": Text(N_("Responsible")),
        "degraded_procedure": Text(N_("Procedure without the information system"), LONG)},
    "continuity_scenario": {"name": Text(N_("Name")), "description": Text(N_("Description"), LONG)},
    "continuity_step": {"title": Text(N_("Title")), "owner_role": Text(N_("Owner")),
                        "standin_role": Text(N_("Stand-in")), "note": Text(N_("Note"), LONG)},
    "continuity_crisis_role": {"role": Text(N_("Role")), "calls": Text(N_("Calls")),
                               "duties": Text(N_("Duties"), LONG)},
    "continuity_exercise": {"participants": Text(N_("Participants"), LONG),
                            "notes": Text(N_("Notes"), LONG)},
    "continuity_exercise_step": {"step_title": Text(N_("Step")), "note": Text(N_("Note"), LONG)},
    "continuity_finding": {"finding": Text(N_("Finding"), LONG), "action": Text(N_("Action")),
                           "owner": Text(N_("Owner"))},
}
# TEXT columns that hold no free text: dates (ISO) and choice keys.
OTHER_TEXT_COLUMNS = {
    "continuity_plan": {"status", "approved_on", "last_review", "next_review"},
    "continuity_plan_version": {"approved_on"},
    "continuity_activity": {"kind"},
    "continuity_scenario": {"kind"},
    "continuity_step": {"phase"},
    "continuity_exercise": {"held_on", "kind"},
    "continuity_finding": {"due_on", "status"},
}


def _check_lengths(table: str, values: dict[str, Any], errors: dict[str, str]) -> None:
    """A value longer than its column allows is an error named by the field's label."""
    check_texts(TEXT_COLUMNS[table], values, errors, by_label=True)


def phase_label(key: str) -> str:
    return _(PHASE_LABELS.get(key, key))


def scenario_kind_label(key: str) -> str:
    return _(SCENARIO_KIND_LABELS.get(key, key))


def activity_kind_label(key: str) -> str:
    return _(ACTIVITY_KIND_LABELS.get(key, key))


def severity_label(key: str) -> str:
    return _(SEVERITY_LABELS.get(key, key))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _opt_date(values: dict, key: str, label: str, errors: dict) -> str | None:
    value = values.get(key)
    if _blank(value):
        return None
    try:
        return check_date(value)
    except ValueError as exc:
        errors[label] = str(exc)
        return None


def _opt_number(values: dict, key: str, label: str, errors: dict, integer: bool = False):
    from .validation import check_float, check_int

    value = values.get(key)
    if _blank(value):
        return None
    try:
        return check_int(value) if integer else check_float(value)
    except ValueError as exc:
        errors[label] = str(exc)
        return None


def facility_name(db) -> str:
    row = db.execute("SELECT name FROM facility ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else ""


# --- templates ---------------------------------------------------------------------------------

@dataclass
class TemplateStep:
    phase: str
    title: str
    owner_role: str | None
    standin_role: str | None
    minutes: int | None
    note: str | None = None


@dataclass
class Template:
    key: str
    kind: str
    name: str
    description: str
    steps: list[TemplateStep]
    from_group: bool = False  # from a core-model pack of the group

    @property
    def picker_label(self) -> str:
        """The name, marked when the template came with the group's core model."""
        return _("{name} — group core model").format(name=self.name) if self.from_group else self.name


# The longest expected duration of a template's step: a year. A pack's template goes into the
# database when a scenario is added from it, and SQLite cannot store an integer of 2**63 or more.
MAX_STEP_MINUTES = 525_600


def templates_path() -> Path:
    return resource("continuity", "templates.json")


def load_templates(path: Path | str | None = None, db=None) -> list[Template]:
    """Read and validate the scenario templates (format in docs/continuity.md).

    With ``db``, the templates of the group's core-model packs this database took are added (the
    facility's adapted version when it has one); one with the key of a shipped template takes
    its place. They are read from the database, so they need no file and no write."""
    path = Path(path) if path else templates_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImportFileError(_("{path}: the file cannot be read ({error}).")
                              .format(path=path, error=exc.strerror or exc)) from exc
    except UnicodeDecodeError:
        raise ImportFileError(_("{file}: the file is not UTF-8 text.").format(file=path)) from None
    data = parse_json(text, path)
    result = parse_templates(data, str(path))
    if db is not None:
        index = {t.key: i for i, t in enumerate(result)}
        for tpl in group_templates(db):
            if tpl.key in index:
                result[index[tpl.key]] = tpl
            else:
                index[tpl.key] = len(result)
                result.append(tpl)
    return result


def group_templates(db) -> list[Template]:
    """The scenario templates of the core-model packs this database took."""
    found = []
    for source, text in effective_texts(db, "scenario_template"):
        raw = json.loads(text)
        tpl = parse_templates({"format": 1, "templates": [raw]}, source)[0]
        tpl.from_group = True
        found.append(tpl)
    return found


def parse_templates(data: Any, path: str) -> list[Template]:
    """Check decoded template data (``{"format": 1, "templates": [...]}``) named ``path`` in
    messages; raises :class:`ImportFileError` naming the template and the step at fault."""
    def bad(where: str, what: str):
        return ImportFileError(_("{path}: {where}: {what}").format(path=path, where=where, what=what))

    if not isinstance(data, dict) or data.get("format") != 1 or not isinstance(data.get("templates"), list):
        raise bad("format", _("expected an object with \"format\": 1 and a \"templates\" list."))
    result: list[Template] = []
    keys: set[str] = set()
    for i, raw in enumerate(data["templates"], start=1):
        where = _("template {number}").format(number=i)
        if not isinstance(raw, dict):
            raise bad(where, _("expected an object."))
        for name in ("key", "kind", "name"):
            if not isinstance(raw.get(name), str) or not raw[name].strip():
                raise bad(where, _("\"{field}\" is missing or empty.").format(field=name))
        if raw["kind"] not in SCENARIO_KINDS:
            raise bad(where, _("unknown kind \"{kind}\".").format(kind=raw["kind"]))
        if raw["key"] in keys:
            raise bad(where, _("the key \"{key}\" is used twice.").format(key=raw["key"]))
        keys.add(raw["key"])
        _template_lengths("continuity_scenario", raw, lambda m, w=where: bad(w, m))
        steps = raw.get("steps")
        if not isinstance(steps, list) or not steps:
            raise bad(where, _("\"steps\" must be a non-empty list."))
        parsed = []
        for j, st in enumerate(steps, start=1):
            swhere = _("template {number}, step {step}").format(number=i, step=j)
            if not isinstance(st, dict):
                raise bad(swhere, _("expected an object."))
            if st.get("phase") not in PHASES:
                raise bad(swhere, _("unknown phase \"{phase}\".").format(phase=st.get("phase")))
            if not isinstance(st.get("title"), str) or not st["title"].strip():
                raise bad(swhere, _("\"{field}\" is missing or empty.").format(field="title"))
            for name in ("owner_role", "standin_role", "note"):  # written as they are
                if st.get(name) is not None and not isinstance(st[name], str):
                    raise bad(swhere, _("\"{field}\" must be text.").format(field=name))
            minutes = st.get("minutes")
            if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool)
                                        or minutes < 0):
                raise bad(swhere, _("\"minutes\" must be a whole number of minutes."))
            if minutes is not None and minutes > MAX_STEP_MINUTES:  # SQLite stops at 2**63
                raise bad(swhere, _("\"minutes\" must be at most {maximum} (a year).").format(
                    maximum=format_number(MAX_STEP_MINUTES)))
            _template_lengths("continuity_step", st, lambda m, w=swhere: bad(w, m))
            parsed.append(TemplateStep(st["phase"], st["title"].strip(), st.get("owner_role"),
                                       st.get("standin_role"), minutes, st.get("note")))
        result.append(Template(raw["key"], raw["kind"], raw["name"].strip(),
                               str(raw.get("description") or ""), parsed))
    return result


def _template_lengths(table: str, raw: dict, bad) -> None:
    """A template's text longer than the column it goes to refuses the template file or pack
    (its steps are written as they are, as the user could not have typed them)."""
    errors: dict[str, str] = {}
    check_texts(TEXT_COLUMNS[table], {k: v for k, v in raw.items() if isinstance(v, str)}, errors)
    if errors:
        raise bad(next(iter(errors.values())))


# --- plan --------------------------------------------------------------------------------------

PLAN_FIELDS = ("title", "author", "approved_by", "approved_on", "last_review", "next_review",
               "scope", "trigger_rules", "communication", "return_to_normal", "notes")


def get_plan(db) -> dict[str, Any]:
    row = db.execute("SELECT * FROM continuity_plan WHERE id = 1").fetchone()
    if row is None:  # pragma: no cover - created by the migration
        with db.atomic():
            db.execute("INSERT INTO continuity_plan (id) VALUES (1)")
        return get_plan(db)
    columns = [d[0] for d in db.execute("SELECT * FROM continuity_plan LIMIT 0").description]
    return dict(zip(columns, row, strict=True))


def save_plan(db, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    labels = {"approved_on": _("Approved on"), "last_review": _("Last review"),
              "next_review": _("Next review")}
    for key in PLAN_FIELDS:
        if key not in values:
            continue
        if key in labels:
            clean[key] = _opt_date(values, key, labels[key], errors)
        else:
            clean[key] = _text(values[key])
    _check_lengths("continuity_plan", clean, errors)
    if not errors and clean.get("last_review") and clean.get("next_review") \
            and clean["next_review"] < clean["last_review"]:
        errors[labels["next_review"]] = _("the next review must come after the last one.")
    if errors:
        raise ValidationError(errors)
    if clean:
        with db.atomic():
            db["continuity_plan"].update(1, clean)


def approve_plan(db, approved_by: str, today: dt.date, summary: str | None = None) -> int:
    """Approve the plan: its version goes up by one, review dates move on; returns the version."""
    if _blank(approved_by):
        raise ValidationError({_("Approved by"): _("required")})
    errors: dict[str, str] = {}
    _check_lengths("continuity_plan_version", {"approved_by": approved_by, "summary": summary}, errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        plan = get_plan(db)
        version = int(plan["version"] or 0) + 1
        next_review = plan["next_review"]
        if not next_review or next_review <= today.isoformat():
            next_review = (today + dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat()
        db["continuity_plan"].update(1, {
            "version": version, "status": "approved", "approved_by": approved_by.strip(),
            "approved_on": today.isoformat(), "last_review": today.isoformat(),
            "next_review": next_review})
        db["continuity_plan_version"].insert({
            "version": version, "approved_on": today.isoformat(),
            "approved_by": approved_by.strip(), "summary": _text(summary)})
    return version


def versions(db) -> list[dict]:
    return list(db.query("SELECT * FROM continuity_plan_version ORDER BY version DESC"))


# --- critical activities -----------------------------------------------------------------------

def activities(db) -> list[dict]:
    rows = list(db.query("SELECT * FROM continuity_activity ORDER BY position, name"))
    links: dict[int, list[dict]] = {}
    for r in db.query(
        "SELECT l.activity_id, a.id, a.name, a.dmia_hours, a.pdma_hours, a.criticality "
        "FROM continuity_activity_application l JOIN application a ON a.id = l.application_id "
        "ORDER BY a.name"
    ):
        links.setdefault(r["activity_id"], []).append(r)
    for row in rows:
        row["applications"] = links.get(row["id"], [])
        row["application_ids"] = [a["id"] for a in row["applications"]]
    return rows


def save_activity(db, values: dict[str, Any], activity_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors[_("Name")] = _("required")
    kind = values.get("kind") or "other"
    if kind not in ACTIVITY_KINDS:
        errors[_("Kind")] = _("unknown value \"{value}\".").format(value=kind)
    dmia = _opt_number(values, "dmia_hours", _("DMIA (hours)"), errors)
    pdma = _opt_number(values, "pdma_hours", _("PDMA (hours)"), errors)
    _check_lengths("continuity_activity", values, errors)
    if name and not errors:
        other = db.execute("SELECT id FROM continuity_activity WHERE name = ? COLLATE NOCASE",
                           [name]).fetchone()
        if other and other[0] != activity_id:
            errors[_("Name")] = _("an activity with this name already exists.")
    if errors:
        raise ValidationError(errors)
    record = {"name": name, "kind": kind, "description": _text(values.get("description")),
              "owner_role": _text(values.get("owner_role")), "dmia_hours": dmia,
              "pdma_hours": pdma, "degraded_procedure": _text(values.get("degraded_procedure"))}
    with db.atomic():
        if activity_id is None:
            record["position"] = (db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM continuity_activity").fetchone()[0])
            activity_id = db["continuity_activity"].insert(record).last_pk
        else:
            db["continuity_activity"].update(activity_id, record)
        if "application_ids" in values:
            wanted = set(int(i) for i in values["application_ids"] or [])
            db.execute("DELETE FROM continuity_activity_application WHERE activity_id = ?", [activity_id])
            for app in sorted(wanted):
                db.execute("INSERT INTO continuity_activity_application (activity_id, application_id) "
                           "VALUES (?, ?)", [activity_id, app])
    return int(activity_id)


def delete_activity(db, activity_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_activity WHERE id = ?", [activity_id])


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
        "FROM continuity_scenario s ORDER BY s.is_mandatory DESC, s.position, s.name"))


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


# --- crisis cell -------------------------------------------------------------------------------

def crisis_roles(db) -> list[dict]:
    return list(db.query(
        """SELECT r.*, c.name AS contact_name, c.role AS contact_role, c.phone, c.mobile, c.email,
                  s.name AS standin_name, s.phone AS standin_phone, s.mobile AS standin_mobile
           FROM continuity_crisis_role r
           LEFT JOIN contact c ON c.id = r.contact_id
           LEFT JOIN contact s ON s.id = r.standin_contact_id
           ORDER BY r.position, r.id"""))


def save_crisis_role(db, values: dict[str, Any], role_id: int | None = None) -> int:
    role = _text(values.get("role"))
    if not role:
        raise ValidationError({_("Role"): _("required")})
    contact_id = values.get("contact_id") or None
    standin = values.get("standin_contact_id") or None
    if contact_id is None and standin is None and not values.get("allow_empty"):
        raise ValidationError({_("Contact"): _("choose who holds this role.")})
    if contact_id is not None and contact_id == standin:
        raise ValidationError({_("Stand-in"): _("the stand-in must be another person.")})
    errors: dict[str, str] = {}
    _check_lengths("continuity_crisis_role", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"role": role, "contact_id": contact_id, "standin_contact_id": standin,
              "calls": _text(values.get("calls")), "duties": _text(values.get("duties"))}
    with db.atomic():
        if role_id is None:
            record["position"] = db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM continuity_crisis_role").fetchone()[0]
            role_id = db["continuity_crisis_role"].insert(record).last_pk
        else:
            if "position" in values:
                record["position"] = int(values["position"])
            db["continuity_crisis_role"].update(role_id, record)
    return int(role_id)


def move_crisis_role(db, role_id: int, delta: int) -> int:
    """Move a role up or down the call tree; returns its new 0-based index."""
    with db.atomic():
        ids = [r[0] for r in db.execute("SELECT id FROM continuity_crisis_role ORDER BY position, id")]
        if role_id not in ids:
            raise UserError(_("Role {id}: no such role.").format(id=role_id))
        index = ids.index(role_id)
        ids.pop(index)
        index = max(0, min(index + delta, len(ids)))
        ids.insert(index, role_id)
        for position, rid in enumerate(ids, start=1):
            db.execute("UPDATE continuity_crisis_role SET position = ? WHERE id = ?", [position, rid])
    return index


def delete_crisis_role(db, role_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_crisis_role WHERE id = ?", [role_id])


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
              "participants": _text(values.get("participants")), "notes": _text(values.get("notes"))}
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
    if _text(values.get("action")) and not _text(values.get("owner")):
        errors[_("Owner")] = _("an action needs an owner.")
    _check_lengths("continuity_finding", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"exercise_id": values.get("exercise_id"), "finding": text,
              "action": _text(values.get("action")), "owner": _text(values.get("owner")),
              "due_on": due, "status": status}
    with db.atomic():
        if finding_id is None:
            finding_id = db["continuity_finding"].insert(record).last_pk
        else:
            db["continuity_finding"].update(finding_id, record)
    return int(finding_id)


# --- impact analysis ---------------------------------------------------------------------------

IMPACT_KINDS = ("server", "vm", "application", "site", "equipment")
IMPACT_KIND_LABELS = {"server": N_("server"), "vm": N_("virtual machine"),
                      "application": N_("application"), "site": N_("site"),
                      "equipment": N_("piece of equipment")}
NETWORK_POWER = ("ups", "switch", "firewall", "router")
DIRECTORY_WORDS = ("active directory", "annuaire", "authentification", "authentication", "dns",
                   "ldap", "domain controller", "contrôleur de domaine")
BACKUP_WORDS = ("sauvegarde", "backup", "veeam")
DATABASE_WORDS = ("base de données", " base", "database", "sql", "oracle", "postgres")


@dataclass
class RestartItem:
    vm_id: int
    name: str
    role: str
    criticality: str
    tier: int
    reason: str
    applications: list[str] = field(default_factory=list)


@dataclass
class Impact:
    kind: str
    target_id: int
    target_name: str
    servers: list[dict] = field(default_factory=list)
    vms: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    backups: list[dict] = field(default_factory=list)
    mirrors: list[dict] = field(default_factory=list)  # {source, target, method, interval_minutes, vm_names}
    unprotected_vms: list[str] = field(default_factory=list)
    restart: list[RestartItem] = field(default_factory=list)
    application_order: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def mirror_takes_over(self) -> bool:
        return bool(self.mirrors) and not self.unprotected_vms


def find_target(db, name_or_id: str | int, kind: str | None = None) -> tuple[str, int, str]:
    """Find a server, VM, application, site or piece of equipment by id or name."""
    kinds = [kind] if kind else list(IMPACT_KINDS)
    for k in kinds:
        if k not in IMPACT_KINDS:
            raise UserError(_("Unknown kind \"{kind}\"; expected one of: {kinds}.")
                            .format(kind=k, kinds=", ".join(IMPACT_KINDS)))
    text = str(name_or_id).strip()
    if kind and text.isdigit():
        row = db.execute(f"SELECT id, name FROM {kind} WHERE id = ?", [int(text)]).fetchone()
        if row:
            return kind, row[0], row[1]
    for k in kinds:
        row = db.execute(f"SELECT id, name FROM {k} WHERE name = ? COLLATE NOCASE", [text]).fetchone()
        if row:
            return k, row[0], row[1]
    matches = []
    for k in kinds:
        for row in db.execute(f"SELECT id, name FROM {k} WHERE name LIKE ? ORDER BY name",
                              [f"%{text}%"]).fetchall():
            matches.append((k, row[0], row[1]))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(_("\"{name}\" matches several items: {names}. Give the exact name.")
                        .format(name=text, names=", ".join(m[2] for m in matches[:8])))
    raise UserError(_("\"{name}\": no server, VM, application, site or equipment of this name.")
                    .format(name=text))


def _has(text: str, words) -> bool:
    low = f" {text.lower()} "
    return any(w in low for w in words)


def restart_order(db, vm_ids: list[int] | None = None) -> list[RestartItem]:
    """The VMs in the order to restart them (rule in the module docstring)."""
    apps_by_vm: dict[int, list[tuple[str, str]]] = {}
    for r in db.query("SELECT av.vm_id, a.name, a.criticality FROM application_vm av "
                      "JOIN application a ON a.id = av.application_id ORDER BY a.name"):
        apps_by_vm.setdefault(r["vm_id"], []).append((r["name"], r["criticality"]))
    rows = list(db.query("SELECT id, name, role, criticality FROM vm ORDER BY name"))
    if vm_ids is not None:
        wanted = set(vm_ids)
        rows = [r for r in rows if r["id"] in wanted]
    items = []
    for r in rows:
        text = f"{r['name']} {r['role'] or ''}"
        apps = apps_by_vm.get(r["id"], [])
        crit = min([r["criticality"]] + [c for _n, c in apps], key=lambda c: CRITICALITY_RANK.get(c, 9))
        name_up = r["name"].upper()
        if _has(text, DIRECTORY_WORDS) or "-AD" in name_up or name_up.startswith("AD") or "-DC" in name_up:
            tier, reason = 0, _("directory and authentication: needed by everything else")
        elif _has(text, BACKUP_WORDS) or "-SAV" in name_up or "-BKP" in name_up:
            tier, reason = 1, _("backup server: needed to restore the others")
        else:
            tier = 2 + CRITICALITY_RANK.get(crit, 3) * 2 + (0 if _has(text, DATABASE_WORDS) else 1)
            reason = _("criticality: {level}").format(level=_criticality_label(crit))
        items.append(RestartItem(r["id"], r["name"], r["role"] or "", crit, tier, reason,
                                 [n for n, _c in apps]))
    items.sort(key=lambda i: (i.tier, i.name.lower()))
    return items


def _criticality_label(key: str) -> str:
    labels = {"vital": N_("vital"), "high": N_("high"), "medium": N_("medium"), "low": N_("low")}
    return _(labels.get(key, key))


def impact(db, kind: str | None, id_or_name: str | int) -> Impact:
    """What stops when a server, VM, application, site or piece of equipment fails."""
    kind, target_id, target_name = find_target(db, id_or_name, kind)
    result = Impact(kind, target_id, target_name)
    down_servers: set[int] = set()
    down_vms: set[int] = set()
    down_apps: set[int] = set()
    if kind == "server":
        down_servers.add(target_id)
    elif kind == "vm":
        down_vms.add(target_id)
    elif kind == "application":
        down_apps.add(target_id)
    elif kind == "site":
        down_servers |= {r[0] for r in db.execute("SELECT id FROM server WHERE site_id = ?", [target_id])}
        result.notes.append(_("Everything on the site stops: servers, equipment and the people's workstations."))
    elif kind == "equipment":
        eq = next(db.query("SELECT * FROM equipment WHERE id = ?", [target_id]))
        if eq["kind"] in NETWORK_POWER and eq["site_id"]:
            sql = "SELECT id FROM server WHERE site_id = ?"
            args: list = [eq["site_id"]]
            if eq["room"]:
                sql += " AND (room IS NULL OR room = ?)"
                args.append(eq["room"])
            down_servers |= {r[0] for r in db.execute(sql, args)}
            result.notes.append(_("The failure of this equipment (UPS, switch, firewall or router) is "
                                  "taken to stop the servers of its site and room."))
        elif eq["kind"] == "nas":
            words = [eq["name"].lower()] + ([eq["maker"].lower()] if eq["maker"] else [])
            for b in db.query("SELECT id, name, medium, notes FROM backup ORDER BY name"):
                text = " ".join(str(b[k] or "") for k in ("name", "medium", "notes")).lower()
                if any(w in text for w in words):
                    result.backups.append(b)
            result.notes.append(_("No service stops, but the backups stored on it are lost until it is repaired."))
        else:
            result.notes.append(_("No server depends on this equipment in the registry."))
    if down_servers:
        result.servers = list(db.query(
            f"SELECT id, name FROM server WHERE id IN ({','.join('?' * len(down_servers))}) ORDER BY name",
            list(down_servers)))
        down_vms |= {r[0] for r in db.execute(
            f"SELECT id FROM vm WHERE server_id IN ({','.join('?' * len(down_servers))})", list(down_servers))}
    if down_vms:
        result.vms = list(db.query(
            f"SELECT vm.id, vm.name, vm.role, vm.criticality, vm.server_id FROM vm "
            f"WHERE vm.id IN ({','.join('?' * len(down_vms))}) ORDER BY vm.name", list(down_vms)))
        down_apps |= {r[0] for r in db.execute(
            f"SELECT DISTINCT application_id FROM application_vm WHERE vm_id IN "
            f"({','.join('?' * len(down_vms))})", list(down_vms))}
    if down_apps:
        result.applications = list(db.query(
            f"SELECT id, name, criticality, dmia_hours, pdma_hours FROM application WHERE id IN "
            f"({','.join('?' * len(down_apps))}) ORDER BY name", list(down_apps)))
        result.activities = list(db.query(
            f"SELECT DISTINCT ac.id, ac.name, ac.kind, ac.dmia_hours, ac.pdma_hours "
            f"FROM continuity_activity ac JOIN continuity_activity_application l ON l.activity_id = ac.id "
            f"WHERE l.application_id IN ({','.join('?' * len(down_apps))}) ORDER BY ac.name",
            list(down_apps)))
    # mirrors: a replication of a stopped server (or of a stopped VM) onto a server still running
    if result.vms:
        site_down = {r[0] for r in db.execute("SELECT id FROM server WHERE site_id = ?", [target_id])} \
            if kind == "site" else set()
        covered: dict[int, list[str]] = {}
        mirrors: dict[int, dict] = {}
        for rep in db.query(
            "SELECT r.*, t.name AS target_name, s.name AS source_server, v.name AS source_vm "
            "FROM replication r JOIN server t ON t.id = r.target_server_id "
            "LEFT JOIN server s ON s.id = r.source_server_id LEFT JOIN vm v ON v.id = r.source_vm_id"
        ):
            if rep["target_server_id"] in down_servers or rep["target_server_id"] in site_down:
                continue
            for v in result.vms:
                if (rep["source_server_id"] and rep["source_server_id"] == v["server_id"]) or \
                        (rep["source_vm_id"] and rep["source_vm_id"] == v["id"]):
                    covered.setdefault(v["id"], []).append(rep["target_name"])
                    m = mirrors.setdefault(rep["id"], {
                        "source": rep["source_server"] or rep["source_vm"], "target": rep["target_name"],
                        "method": rep["method"], "interval_minutes": rep["interval_minutes"],
                        "vm_names": []})
                    m["vm_names"].append(v["name"])
        result.mirrors = list(mirrors.values())
        result.unprotected_vms = [v["name"] for v in result.vms if v["id"] not in covered]
    # a failed server that is the mirror of a server still running: that one loses its protection
    if down_servers:
        for rep in db.query(
            "SELECT DISTINCT t.name AS target, coalesce(s.name, v.name) AS source "
            "FROM replication r JOIN server t ON t.id = r.target_server_id "
            "LEFT JOIN server s ON s.id = r.source_server_id LEFT JOIN vm v ON v.id = r.source_vm_id "
            f"WHERE r.target_server_id IN ({','.join('?' * len(down_servers))}) "
            f"AND coalesce(r.source_server_id, v.server_id, -1) NOT IN ({','.join('?' * len(down_servers))}) "
            "ORDER BY t.name, source", list(down_servers) * 2
        ):
            result.notes.append(_("{target} is the mirror of {source}: until it is repaired, {source} "
                                  "has no mirror and its loss would need a restore from backups.")
                                .format(target=rep["target"], source=rep["source"]))
    result.restart = restart_order(db, [v["id"] for v in result.vms]) if result.vms else []
    if result.restart:
        last_rank: dict[str, int] = {}
        rank = {item.vm_id: i for i, item in enumerate(restart_order(db))}
        for a in db.query("SELECT a.name, av.vm_id FROM application_vm av "
                          "JOIN application a ON a.id = av.application_id"):
            last_rank[a["name"]] = max(last_rank.get(a["name"], -1), rank.get(a["vm_id"], -1))
        names = {a["name"] for a in result.applications}
        result.application_order = sorted(names, key=lambda n: (last_rank.get(n, 99999), n))
    return result


def impact_lines(result: Impact) -> list[str]:
    """The impact as lines of text (command line and plain-text views)."""
    lines = [_("Impact of the loss of {name} ({kind})").format(
        kind=_(IMPACT_KIND_LABELS[result.kind]), name=result.target_name)]
    lines += ["  " + n for n in result.notes]
    if result.servers:
        lines.append(_("Servers stopped ({count}): {names}").format(
            count=len(result.servers), names=", ".join(s["name"] for s in result.servers)))
    lines.append(_("VMs stopped ({count}):").format(count=len(result.vms)))
    lines += [f"  - {v['name']} ({v['role'] or '—'})" for v in result.vms] or ["  " + _("none")]
    lines.append(_("Applications stopped ({count}):").format(count=len(result.applications)))
    lines += [f"  - {a['name']}" for a in result.applications] or ["  " + _("none")]
    lines.append(_("Critical activities affected ({count}):").format(count=len(result.activities)))
    lines += [f"  - {a['name']}" for a in result.activities] or ["  " + _("none")]
    if result.backups:
        lines.append(_("Backups affected: {names}").format(names=", ".join(b["name"] for b in result.backups)))
    if result.vms:
        if result.mirrors:
            for m in result.mirrors:
                interval = (_(" (every {minutes} min)").format(minutes=format_number(m["interval_minutes"]))
                            if m["interval_minutes"] else "")
                lines.append(ngettext("The mirror {target} takes over {count} VM replicated from {source}{interval}.",
                                      "The mirror {target} takes over {count} VMs replicated from "
                                      "{source}{interval}.", len(m["vm_names"]))
                             .format(target=m["target"], count=len(m["vm_names"]), source=m["source"],
                                     interval=interval))
        if result.unprotected_vms:
            lines.append(_("No mirror for: {names}. They must be restored from backups.")
                         .format(names=", ".join(result.unprotected_vms)))
        lines.append(_("Restart order:"))
        for i, item in enumerate(result.restart, start=1):
            lines.append(f"  {i}. {item.name} — {item.reason}")
        if result.application_order:
            lines.append(_("Applications available, in order: {names}")
                         .format(names=", ".join(result.application_order)))
    return lines


# --- compliance --------------------------------------------------------------------------------

@dataclass
class Finding:
    severity: str  # high, medium, low
    rule: str  # stable key: 32110_copies, 32110_media, ..., pdma, dmia, restore_age, ...
    subject: str
    problem: str
    action: str


def _backups_of_applications(db) -> dict[int, list[dict]]:
    result: dict[int, dict[int, dict]] = {}
    sql = """
        SELECT ba.application_id AS app, b.* FROM backup_application ba JOIN backup b ON b.id = ba.backup_id
        UNION
        SELECT av.application_id AS app, b.* FROM application_vm av
        JOIN backup_vm bv ON bv.vm_id = av.vm_id JOIN backup b ON b.id = bv.backup_id
    """
    for r in db.query(sql):
        app = r.pop("app")
        result.setdefault(app, {})[r["id"]] = r
    return {k: list(v.values()) for k, v in result.items()}


def _last_tests(db) -> dict[int, dict]:
    last: dict[int, dict] = {}
    for t in db.query("SELECT * FROM restore_test ORDER BY tested_on, id"):
        last[t["backup_id"]] = t
    return last


def compliance(db, today: dt.date) -> list[Finding]:
    """Compliance findings from the registry and the plan; each says what to do."""
    out: list[Finding] = []
    backups_by_app = _backups_of_applications(db)
    last_test = _last_tests(db)
    vm_names_by_app: dict[int, set[str]] = {}
    for r in db.query("SELECT av.application_id, vm.name FROM application_vm av JOIN vm ON vm.id = av.vm_id"):
        vm_names_by_app.setdefault(r["application_id"], set()).add(r["name"].lower())
    apps = list(db.query("SELECT * FROM application ORDER BY name"))
    for app in apps:
        name = app["name"]
        backups = backups_by_app.get(app["id"], [])
        if app["criticality"] in CRITICAL:
            subject = _("Application {name}").format(name=name)
            copies = 1 + len(backups)
            if copies < 3:
                out.append(Finding("high", "32110_copies", subject,
                    _("3-2-1-1-0: {copies} copies of the data (production included), 3 expected.")
                    .format(copies=copies),
                    _("Add a backup so that the data exist in at least 3 copies.")))
            media = {(b["medium"] or b["method"] or b["name"]).strip().lower() for b in backups}
            if len(media) < 2:
                out.append(Finding("medium", "32110_media", subject,
                    _("3-2-1-1-0: backups on {count} kind(s) of medium, 2 expected.").format(count=len(media)),
                    _("Keep one copy on another medium (for example disk and tape or removable disk).")))
            if not any(b["location"] == "off_site" for b in backups):
                out.append(Finding("high", "32110_offsite", subject,
                    _("3-2-1-1-0: no copy is kept off site."),
                    _("Keep one copy in another building or at a trusted host.")))
            if not any(b["offline"] or b["immutable"] for b in backups):
                out.append(Finding("high", "32110_offline", subject,
                    _("3-2-1-1-0: no offline or immutable copy; ransomware could reach every copy."),
                    _("Keep one copy offline (removable disk, tape) or immutable.")))
            tests = [last_test[b["id"]] for b in backups if b["id"] in last_test]
            latest = max(tests, key=lambda t: t["tested_on"]) if tests else None
            if latest is None:
                out.append(Finding("high", "32110_errors", subject,
                    _("3-2-1-1-0: no restore test of its backups."),
                    _("Restore its data on a test machine and record the result and the duration.")))
            elif latest["result"] != "success":
                out.append(Finding("high", "32110_errors", subject,
                    _("3-2-1-1-0: the last restore test ({date}) did not succeed completely.")
                    .format(date=format_date(latest["tested_on"])),
                    _("Fix the cause and test the restore again until it succeeds without error.")))
        if app["pdma_hours"] is not None and backups:
            freqs = [b["frequency_hours"] for b in backups if b["frequency_hours"]]
            if freqs and min(freqs) > app["pdma_hours"]:
                out.append(Finding("high", "pdma", _("Application {name}").format(name=name),
                    _("Backups every {freq} h but its PDMA is {pdma} h: more data than accepted could be lost.")
                    .format(freq=format_number(min(freqs)), pdma=format_number(app["pdma_hours"])),
                    _("Back up at least every {pdma} h (or replicate continuously), or revise the PDMA with the users.")
                    .format(pdma=format_number(app["pdma_hours"]))))
        elif app["pdma_hours"] is not None and app["criticality"] in CRITICAL and not backups:
            out.append(Finding("high", "pdma", _("Application {name}").format(name=name),
                _("No backup covers it, so its PDMA of {pdma} h cannot be met.")
                .format(pdma=format_number(app["pdma_hours"])),
                _("Link it (or its VMs) to a backup in the registry.")))
        if app["dmia_hours"] is not None and backups:
            durations = []
            names = vm_names_by_app.get(app["id"], set()) | {name.lower()}
            for b in backups:
                for t in db.query("SELECT * FROM restore_test WHERE backup_id = ? AND duration_minutes "
                                  "IS NOT NULL ORDER BY tested_on DESC", [b["id"]]):
                    if (t["target"] or "").strip().lower() in names:
                        durations.append(t)
            if durations:
                latest = max(durations, key=lambda t: t["tested_on"])
                hours = latest["duration_minutes"] / 60
                if hours > app["dmia_hours"]:
                    out.append(Finding("high", "dmia", _("Application {name}").format(name=name),
                        _("Measured restore time {hours} h ({date}) exceeds its DMIA of {dmia} h.")
                        .format(hours=format_number(round(hours, 1)), date=format_date(latest["tested_on"]),
                                dmia=format_number(app["dmia_hours"])),
                        _("Speed up the restore (mirror, faster medium, restore procedure) or revise the DMIA.")))
            elif app["criticality"] in CRITICAL:
                out.append(Finding("low", "dmia", _("Application {name}").format(name=name),
                    _("No measured restore time for its machines: the DMIA of {dmia} h is not checked.")
                    .format(dmia=format_number(app["dmia_hours"])),
                    _("Time the next restore test of one of its VMs and record the duration.")))
    # activities stricter than their applications' backups
    for ac in activities(db):
        if ac["pdma_hours"] is None:
            continue
        freqs = [b["frequency_hours"] for a in ac["applications"] for b in backups_by_app.get(a["id"], [])
                 if b["frequency_hours"]]
        if freqs and min(freqs) > ac["pdma_hours"]:
            out.append(Finding("high", "pdma", _("Activity {name}").format(name=ac["name"]),
                _("Backups every {freq} h but the activity's PDMA is {pdma} h.")
                .format(freq=format_number(min(freqs)), pdma=format_number(ac["pdma_hours"])),
                _("Back up its applications at least every {pdma} h, or revise the PDMA.")
                .format(pdma=format_number(ac["pdma_hours"]))))
    # restore tests older than 6 months
    limit = (today - dt.timedelta(days=RESTORE_TEST_MAX_AGE_DAYS)).isoformat()
    for b in db.query("SELECT id, name FROM backup ORDER BY name"):
        t = last_test.get(b["id"])
        subject = _("Backup {name}").format(name=b["name"])
        if t is None:
            out.append(Finding("high", "restore_age", subject, _("Never tested by a restore."),
                               _("Plan a restore test and record it in the registry.")))
        elif t["tested_on"][:10] < limit:
            out.append(Finding("medium", "restore_age", subject,
                _("Last restore test on {date}, more than 6 months ago.").format(date=format_date(t["tested_on"])),
                _("Test a restore again (at least every 6 months).")))
    # scenarios never exercised
    for s in scenarios(db):
        if not s["last_exercise"]:
            out.append(Finding("high" if s["is_mandatory"] else "medium", "exercise",
                _("Scenario {name}").format(name=s["name"]), _("Never exercised."),
                _("Schedule an exercise (a tabletop exercise is a good start) and record it.")))
    # plan review
    plan = get_plan(db)
    review_limit = (today - dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat()
    if not plan["last_review"]:
        out.append(Finding("high", "review", _("Continuity plan"), _("The plan has never been reviewed."),
                           _("Review the plan with the crisis cell and approve it.")))
    elif plan["last_review"] < review_limit:
        out.append(Finding("high", "review", _("Continuity plan"),
            _("Last review on {date}, more than 12 months ago.").format(date=format_date(plan["last_review"])),
            _("Review the plan with the crisis cell and approve it.")))
    # national programme: three kinds of activity and one more scenario
    kinds = {a["kind"] for a in activities(db)}
    for key in ("care_unit", "administrative", "medico_technical"):
        if key not in kinds:
            out.append(Finding("medium", "activities", _("Critical activities"),
                _("No critical activity of the kind \"{kind}\".").format(kind=activity_kind_label(key)),
                _("Describe it with its DMIA, PDMA, applications and degraded mode.")))
    skinds = {s["kind"] for s in scenarios(db)}
    if not skinds & {"site", "staff", "supplier"}:
        out.append(Finding("medium", "scenarios", _("Scenarios"),
            _("Besides \"information system unavailable\", no scenario for a site, staff or critical supplier loss."),
            _("Add at least one of them from the templates.")))
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(out, key=lambda f: order.get(f.severity, 9))


# --- alerts for Home ---------------------------------------------------------------------------

def alerts(db, today: dt.date) -> list[Alert]:
    if not db["continuity_plan"].exists():
        return []
    found: list[Alert] = []
    plan = get_plan(db)
    if plan["next_review"] and plan["next_review"] < today.isoformat():
        found.append(Alert("high", "continuity", _("Continuity plan: review overdue since {date}.")
                           .format(date=format_date(plan["next_review"])), "continuity_plan", 1))
    elif not plan["last_review"]:
        found.append(Alert("high", "continuity",
                           _("Continuity plan: never reviewed nor approved; write it with the team "
                             "and record its approval."), "continuity_plan", 1))
    elif plan["last_review"] < (today - dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat():
        found.append(Alert("high", "continuity", _("Continuity plan: not reviewed for 12 months."),
                           "continuity_plan", 1))
    for s in scenarios(db):
        if not s["last_exercise"]:
            found.append(Alert("medium", "continuity", _("Scenario {name}: never exercised.")
                               .format(name=s["name"]), "continuity_scenario", s["id"]))
    for f in db.query("SELECT id, finding, action, owner, due_on FROM continuity_finding "
                      "WHERE status = 'open' AND due_on IS NOT NULL AND due_on < ? ORDER BY due_on",
                      [today.isoformat()]):
        found.append(Alert("medium", "continuity", _("Exercise action overdue since {date}: {action} ({owner}).")
                           .format(date=format_date(f["due_on"]), action=f["action"] or f["finding"],
                                   owner=f["owner"] or "—"), "continuity_finding", f["id"]))
    return found
