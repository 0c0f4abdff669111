"""What every part of the continuity plan shares: the keys the tables accept, their labels,
the text columns and their lengths, and the small helpers that clean a form's values."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _
from ..validation import Text, check_date, check_texts


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
EVENT_KIND_LABELS = {
    "inject": N_("Inject"),
    "event": N_("Event"),
    "decision": N_("Decision"),
}
FINDING_KIND_LABELS = {
    "went_well": N_("Went well"),
    "improve": N_("To improve"),
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
                            "notes": Text(N_("Notes"), LONG), "title": Text(N_("Title")),
                            "objectives": Text(N_("Objectives"), LONG),
                            "scenario_text": Text(N_("Scenario as played"), LONG)},
    "continuity_exercise_participant": {"name": Text(N_("Name")), "role": Text(N_("Role")),
                                        "organisation": Text(N_("Unit or organisation"))},
    "continuity_exercise_event": {"text": Text(N_("Text"), LONG), "who": Text(N_("Who")),
                                  "why": Text(N_("Why"), LONG)},
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
    "continuity_finding": {"due_on", "status", "kind"},
    "continuity_exercise_event": {"at", "kind"},
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
    from ..validation import check_float, check_int

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
