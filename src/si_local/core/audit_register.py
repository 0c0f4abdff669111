"""The audit trail read like a register, in French: « Serveur physique SRV-HYP-01 : Fin de
garantie 30/06/2027 → 30/06/2028 ».

The triggers record a table name, a row id and the row before/after as JSON (core/audit.py); this
module says the same for a person: the kind of record (the registry's kind, or the area's label of
the table), the record's name (read from the current row, or from the JSON of the entry when the
record is gone: « Serveur physique SRV-OLD (supprimé) »), each changed field by its label and each
value as the lists show it (the registry's ``display_value``: dates, units, choices, references by
name). A table or column no area names is shown in a readable form, never by its SQL name alone.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import registry as reg
from . import audit
from .audit import changes
from .continuity.common import (
    ACTIVITY_KIND_LABELS, EXERCISE_KIND_LABELS, PHASE_LABELS, SCENARIO_KIND_LABELS,
    TEXT_COLUMNS as CONTINUITY_TEXTS,
)
from .diagnostic.campaigns import TEXT_COLUMNS as DIAGNOSTIC_TEXTS
from .group.packs import TEXT_COLUMNS as GROUP_TEXTS
from .i18n import N_, _, format_date, format_datetime, format_minutes, format_number, ngettext
from .readiness.declarations import TEXT_COLUMNS as READINESS_TEXTS
from .secrets import TEXT_COLUMNS as SECRET_TEXTS
from .training.common import (
    ATTENDANCE, MODALITIES, PROFILES, SHIFTS, STATUSES, TEXT_COLUMNS as TRAINING_TEXTS,
    TRAINER_KINDS, UNIT_KINDS, person_name,
)

# --- what each area calls its tables (the registry's come from its kinds) ----------------------

TABLE_LABELS = {
    # continuity plan
    "continuity_plan": N_("Continuity plan"),
    "continuity_plan_version": N_("Version of the continuity plan"),
    "continuity_activity": N_("Activity"),
    "continuity_activity_application": N_("Application of an activity"),
    "continuity_scenario": N_("Scenario"),
    "continuity_step": N_("Step"),
    "continuity_step_item": N_("Item of a step"),
    "continuity_crisis_role": N_("Crisis cell role"),
    "continuity_exercise": N_("Exercise"),
    "continuity_exercise_step": N_("Timed step of an exercise"),
    "continuity_finding": N_("Finding"),
    "continuity_exercise_participant": N_("Participant in an exercise"),
    "continuity_exercise_event": N_("Line of an exercise's main courante"),
    # training plan
    "training_plan": N_("Training plan"),
    "training_unit": N_("Unit"),
    "training_staff": N_("Staff"),
    "training_profile": N_("Profile"),
    "training_referent": N_("Référent"),
    "training_module": N_("Training module"),
    "training_module_profile": N_("Profile of a training module"),
    "training_session": N_("Training session"),
    "training_participant": N_("Participant in a session"),
    # self-diagnostic
    "diagnostic_campaign": N_("Self-diagnostic campaign"),
    "diagnostic_participant": N_("Participant"),
    "diagnostic_answer": N_("Answer"),
    "diagnostic_target": N_("Target of a dimension"),
    "diagnostic_action": N_("Self-diagnostic action"),
    # group, registry links, safety
    "core_model_pack": N_("Core-model pack"),
    "core_model_item": N_("Core-model item"),
    "readiness_declaration": N_("Readiness declaration"),
    "application_vm": N_("Application on a VM"),
    "backup_vm": N_("VM covered by a backup"),
    "backup_application": N_("Application covered by a backup"),
    "certificate_server": N_("Server using a certificate"),
    "certificate_vm": N_("VM using a certificate"),
    "certificate_application": N_("Application using a certificate"),
    "certificate_link_refusal": N_("Certificate link removed by hand"),
    "backup_run": N_("Backup run"),
    "secret_ref": N_("Credential"),
    # incident register
    "incident_entry": N_("Incident register entry"),
    "incident_link": N_("What an incident touched"),
    "incident_setting": N_("Incident register setting"),
    "software_list": N_("Installed programs"),  # one entry per machine and import (core/software.py)
    "software_name": N_("Program name"),
    "software_release": N_("Program release"),
    "software_tag": N_("Alert tag of a machine"),
    "audit": N_("Audit trail"),
    "si_local_identity": N_("Database identity"),
    "end_of_support_measure": N_("Compensating measure (end of support)"),
    "end_of_support_table": N_("Table of end-of-support dates"),
}

# Entries the code writes (no trigger) about a set of rows of a record: not a table of their own
SUMMARY_TABLES = {"software_list"}

# Labels of the columns the areas' TEXT_COLUMNS do not name (numbers, dates, choices, links).
COLUMN_LABELS = {
    "programs": N_("Number of programs"), "added": N_("Added"), "removed": N_("Removed"),
    "name": N_("Name"), "title": N_("Title"), "kind": N_("Type"), "status": N_("Status"),
    "position": N_("Position in the list"), "notes": N_("Notes"), "version": N_("Version"),
    "phase": N_("Phase"), "is_mandatory": N_("Mandatory"), "dmia_hours": N_("DMIA (hours)"),
    "pdma_hours": N_("PDMA (hours)"), "expected_minutes": N_("Expected duration"),
    "measured_minutes": N_("Measured duration"), "duration_minutes": N_("Duration"),
    "held_on": N_("Date"), "due_on": N_("Due date"), "due_date": N_("Due date"),
    "approved_on": N_("Approval date"), "last_review": N_("Last review"),
    "next_review": N_("Next review"), "done_on": N_("Done on"), "closed_on": N_("Closed on"),
    "campaign_date": N_("Date"), "answered_at": N_("Answered on"), "start_date": N_("Start date"),
    "go_live_date": N_("Go-live date"), "target_percent": N_("Target"),
    "starts_at": N_("Start"), "ends_at": N_("End"), "trainer_kind": N_("Trainer"),
    "capacity": N_("Capacity"), "attendance": N_("Attendance"), "evaluation": N_("Evaluation"),
    "profile": N_("Profile"), "shift": N_("Shift"), "active": N_("Active"),
    "modality": N_("Modality"), "level": N_("Level"), "to_review": N_("To review"),
    "proposed_from_registry": N_("Proposed from the registry"), "question_id": N_("Question"),
    "dimension_id": N_("Dimension"), "target": N_("Target"), "priority_score": N_("Priority score"),
    "is_priority": N_("Priority"), "rank": N_("Rank"), "owner_kind": N_("Kind of record"),
    "owner_id": N_("Record"), "created_at": N_("Created on"), "updated_at": N_("Changed on"),
    "questionnaire_key": N_("Questionnaire"), "questionnaire_version": N_("Questionnaire version"),
    "context_json": N_("Context"), "source": N_("Source"), "key": N_("Key"),
    "standard": N_("Core-model text"), "base": N_("Previous core-model text"),
    "local": N_("Local text"), "pack_version": N_("Pack version"), "checksum": N_("Checksum"),
    "taken_at": N_("Taken on"), "items": N_("Items"), "entries": N_("Entries"),
    "older_than": N_("Older than"), "archive": N_("Archive"), "service": N_("Keyring service"),
    "standin_contact_id": N_("Stand-in"), "contact_id": N_("Contact"),
}

# Choice columns and the labels of their keys.
CHOICES = {
    ("continuity_step", "phase"): PHASE_LABELS,
    ("continuity_scenario", "kind"): SCENARIO_KIND_LABELS,
    ("continuity_activity", "kind"): ACTIVITY_KIND_LABELS,
    ("continuity_exercise", "kind"): EXERCISE_KIND_LABELS,
    ("training_staff", "profile"): PROFILES,
    ("training_module_profile", "profile"): PROFILES,
    ("training_staff", "shift"): SHIFTS,
    ("training_staff", "status"): STATUSES,
    ("training_unit", "kind"): UNIT_KINDS,
    ("training_module", "modality"): MODALITIES,
    ("training_session", "trainer_kind"): TRAINER_KINDS,
    ("training_participant", "attendance"): ATTENDANCE,
}
# the registry's records: typed in, or written by an inventory import
SOURCES = {"manual": N_("Entered by hand"), "inventory": N_("Inventory import")}
_BOOLEANS = {"is_mandatory", "active", "to_review", "proposed_from_registry", "is_priority"}
_AREA_TEXTS = {**CONTINUITY_TEXTS, **TRAINING_TEXTS, **DIAGNOSTIC_TEXTS, **GROUP_TEXTS,
               **SECRET_TEXTS, **READINESS_TEXTS}
# Columns naming a record of the areas' tables (the first one filled), after the registry's.
_NAME_COLUMNS = ("name", "title", "role", "finding", "step_title", "group_name", "account",
                 "label", "key")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
LONGEST_VALUE = 60  # characters of a value shown in a line (long notes are cut)

_KINDS = {k.table: k for k in reg.KINDS.values()}


def readable(name: str) -> str:
    """« Training module » for ``training_module``: the form of a name no area labels."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def table_label(table: str) -> str:
    """« Serveur physique » for ``server``, « Étape » for ``continuity_step``."""
    kind = _KINDS.get(table)
    if kind is not None:
        return _(kind.singular)
    if table in TABLE_LABELS:
        return _(TABLE_LABELS[table])
    return readable(table)


def _field(table: str, column: str):
    kind = _KINDS.get(table)
    if kind is None:
        return None
    try:
        return kind.field(column)
    except KeyError:
        return None


def field_label(table: str, column: str) -> str:
    """« Fin de garantie » for ``server.warranty_end``: the registry's label, the area's, a
    shared one, the label of the table an ``…_id`` column refers to."""
    f = _field(table, column)
    if f is not None:
        return _(f.label)
    text = _AREA_TEXTS.get(table, {}).get(column)
    if text is not None:
        return _(text.label)
    if column in COLUMN_LABELS:
        return _(COLUMN_LABELS[column])
    if column.endswith("_id"):
        target = _reference_table(column)
        if target:
            return table_label(target)
    return readable(column)


def _reference_table(column: str) -> str | None:
    """The table an ``…_id`` column refers to (``source_server_id`` -> ``server``)."""
    stem = column[: -len("_id")]
    for candidate in (stem, stem.split("_")[-1], f"training_{stem}", f"continuity_{stem}",
                      f"diagnostic_{stem}"):
        if candidate in _KINDS or candidate in TABLE_LABELS:
            return candidate
    return None


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


class Register:
    """Reads entries of the trail as register lines; record names are read once per record."""

    def __init__(self, db):
        self.db = db
        self._tables = {row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        self._rows: dict[tuple[str, int], dict | None] = {}

    # --- reading records ---
    def _row(self, table: str, row_id) -> dict | None:
        """The current row (None when the record is gone or the table unknown)."""
        if table not in self._tables or not isinstance(row_id, int):
            return None
        key = (table, row_id)
        if key not in self._rows:
            cursor = self.db.execute(f'SELECT * FROM "{table}" WHERE id = ?', [row_id])
            row = cursor.fetchone()
            self._rows[key] = None if row is None else dict(
                zip([d[0] for d in cursor.description], row, strict=True))
        return self._rows[key]

    def name_of(self, table: str, row: dict | None, depth: int = 0) -> str:
        """A record's name as the lists show it; the names of what it links for a link."""
        if not row:
            return ""
        kind = _KINDS.get(table)
        if kind is not None and row.get(kind.title_field) not in (None, ""):
            return self.value(table, kind.title_field, row[kind.title_field])
        if table == "training_staff":
            return person_name(row)
        for column in _NAME_COLUMNS:
            if isinstance(row.get(column), str) and row[column].strip():
                return _cut(row[column])
        if depth < 2:  # a link: the records it links
            names = [self.name_of(target, self._row(target, value), depth + 1)
                     for column, value in row.items() if column.endswith("_id")
                     and (target := _reference_table(column)) and value is not None]
            names = [n for n in names if n]
            if names:
                return " – ".join(names)
        return _("no. {id}").format(id=row.get("id", "?"))

    def record(self, entry: dict) -> str:
        """« SRV-HYP-01 », « SRV-OLD (supprimé) » when the record is gone."""
        table, row_id = entry["table_name"], entry["row_id"]
        current = self._row(table, row_id)
        if current is not None:
            return self.name_of(table, current)
        recorded = _json(entry.get("after")) or _json(entry.get("before"))
        if table in SUMMARY_TABLES:  # written by code about a machine: named after it
            return self.name_of(table, recorded or {"id": row_id})
        name = self.name_of(table, recorded or {"id": row_id})
        return _("{name} (deleted)").format(name=name)

    # --- values ---
    def value(self, table: str, column: str, value: Any) -> str:
        """A stored value as the application shows it."""
        if value is None or value == "":
            return _("(empty)")
        f = _field(table, column)
        if f is not None and f.type == "ref":
            target = reg.KINDS[f.ref].table  # type: ignore[index]
            return self.name_of(target, self._row(target, value)) or str(value)
        if f is not None:
            return _cut(reg.display_value(f, value)) or _("(empty)")
        return _cut(self._area_value(table, column, value))

    def _area_value(self, table: str, column: str, value: Any) -> str:
        choices = CHOICES.get((table, column), SOURCES if column == "source" else None)
        if choices is not None and value in choices:
            return _(choices[value])
        if column in _BOOLEANS:
            return _("Yes") if value else _("No")
        if column.endswith("_id") and isinstance(value, int):
            target = _reference_table(column)
            if target:
                return self.name_of(target, self._row(target, value)) or str(value)
        if isinstance(value, str) and _DATE.match(value):
            return format_date(value)
        if isinstance(value, str) and _DATETIME.match(value):
            return format_datetime(value[:19])
        if column.endswith("_minutes") and isinstance(value, (int, float)):
            return format_minutes(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value)
        return str(value)

    # --- lines ---
    def changes(self, entry: dict) -> list[str]:
        """« Fin de garantie 30/06/2027 → 30/06/2028 », one per changed field (update)."""
        table = entry["table_name"]
        return [_("{field} {before} → {after}").format(
            field=field_label(table, column), before=self.value(table, column, old),
            after=self.value(table, column, new))
            for column, old, new in changes(entry) if column != "id"]

    def line(self, entry: dict) -> str:
        """The entry as one register line."""
        table, action = entry["table_name"], entry["action"]
        what = table_label(table)
        if table == "audit":
            recorded = _json(entry.get("before")) or {}
            count = recorded.get("entries") if isinstance(recorded.get("entries"), int) else 0
            return ngettext("{what}: {count} entry archived to {path}",
                            "{what}: {count} entries archived to {path}", count).format(
                what=what, count=count, path=recorded.get("archive", "?"))
        if action == "delete":
            recorded = _json(entry.get("before")) or {"id": entry["row_id"]}
            return _("{what} {name} (deleted)").format(what=what, name=self.name_of(table, recorded))
        name = self.record(entry)
        if action == "insert":
            return _("{what} {name}: created").format(what=what, name=name)
        changed = self.changes(entry)
        if not changed:
            return _("{what} {name}: saved, nothing changed").format(what=what, name=name)
        text = changed[0]
        for change in changed[1:]:
            text = _("{changes}; {change}").format(changes=text, change=change)
        return _("{what} {name}: {changes}").format(what=what, name=name, changes=text)

    def detail(self, entry: dict) -> list[str]:
        """One line per changed field: « Fin de garantie : 30/06/2027 → 30/06/2028 » for an
        update, « Nom : SRV-NEW » for a creation or a deletion."""
        table, action = entry["table_name"], entry["action"]
        out = []
        for column, old, new in changes(entry):
            if column == "id":
                continue
            label = field_label(table, column)
            if action == "update":
                out.append(_("{field}: {before} → {after}").format(
                    field=label, before=self.value(table, column, old),
                    after=self.value(table, column, new)))
            else:
                out.append(_("{field}: {value}").format(
                    field=label, value=self.value(table, column, new if action == "insert" else old)))
        return out


def _json(text) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def export_csv(db, path, table: str | None = None, since: str | None = None,
               until: str | None = None) -> int:
    """:func:`si_local.core.audit.export_csv` with each entry's register line."""
    return audit.export_csv(db, path, table=table, since=since, until=until, line=Register(db).line)


def archive_old(db, before, path):
    """:func:`si_local.core.audit.archive_old` with each entry's register line in the file."""
    return audit.archive_old(db, before, path, line=Register(db).line)
