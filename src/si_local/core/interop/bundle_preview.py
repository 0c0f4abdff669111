"""What a bundle import would do, as the user reads it: the plan's tables and the changed fields
of each record, with the labels of tables and columns and the way values are shown (split out of
bundle.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_, _, ngettext

# Labels of the tables and columns the registry does not describe (other areas' named tables);
# a reference column without a label takes the name of the table it refers to.
_TABLE_LABELS = {
    "continuity_scenario": N_("Scenario"),
    "continuity_activity": N_("Activity"),
    "training_module": N_("Training module"),
    "training_unit": N_("Unit"),
    "diagnostic_participant": N_("Participant"),
    "continuity_plan": N_("Continuity plan"),
    "continuity_plan_version": N_("Version of the continuity plan"),
    "continuity_step": N_("Step"),
    "continuity_crisis_role": N_("Crisis cell role"),
    "continuity_exercise": N_("Exercise"),
    "continuity_exercise_step": N_("Timed step of an exercise"),
    "continuity_finding": N_("Finding"),
    "continuity_exercise_participant": N_("Participant in an exercise"),
    "continuity_exercise_event": N_("Line of an exercise's main courante"),
    "training_plan": N_("Training plan"),
    "training_staff": N_("Staff"),
    "training_profile": N_("Profile"),
    "training_referent": N_("Référent"),
    "training_session": N_("Training session"),
    "training_participant": N_("Participant in a session"),
    "diagnostic_campaign": N_("Self-diagnostic campaign"),
    "diagnostic_answer": N_("Answer"),
    "diagnostic_action": N_("Self-diagnostic action"),
    "core_model_pack": N_("Core-model pack"),
    "core_model_item": N_("Core-model item"),
    "readiness_declaration": N_("Readiness declaration"),
    "secret_ref": N_("Credential"),
}
_COLUMN_LABELS = {
    "name": N_("Name"), "kind": N_("Type"), "description": N_("Description"), "notes": N_("Notes"),
    "role": N_("Role"), "owner_role": N_("Owner"), "dmia_hours": N_("DMIA (hours)"),
    "pdma_hours": N_("PDMA (hours)"), "degraded_procedure": N_("Degraded mode"),
    "duration_minutes": N_("Duration (minutes)"), "modality": N_("Modality"),
    "manager_name": N_("Manager"), "is_mandatory": N_("Mandatory"),
    "position": N_("Position in the list"), "campaign_id": N_("Campaign"),
}
_LONGEST_VALUE = 100  # characters of a value shown in the preview (long notes are cut)


def _kind_of(table: str):
    from .. import registry as reg

    return next((k for k in reg.KINDS.values() if k.table == table), None)


def _registry_field(table: str, column: str):
    kind = _kind_of(table)
    if kind is None:
        return None
    try:
        return kind.field(column)
    except KeyError:
        return None


def table_label(table: str) -> str:
    """« Machine virtuelle » for ``vm``; the table's own name when no area names it."""
    kind = _kind_of(table)
    if kind is not None:
        return _(kind.singular)
    return _(_TABLE_LABELS[table]) if table in _TABLE_LABELS else table


def field_label(table: str, column: str) -> str:
    """« Serveur hôte » for ``vm.server_id``; the column's own name when no area names it."""
    f = _registry_field(table, column)
    if f is not None:
        return _(f.label)
    if column in _COLUMN_LABELS:
        return _(_COLUMN_LABELS[column])
    if column.endswith("_id"):
        ref = column[: -len("_id")]
        if _kind_of(ref) is not None or ref in _TABLE_LABELS:
            return table_label(ref)
    return column


def show_value(table: str, column: str, value: Any, reference: bool = False) -> str:
    """A value as the preview shows it: on one line, choices by their label, long text cut."""
    if value is None:
        return _("(not attached)") if reference else _("(empty)")
    if reference:
        return str(value)
    f = _registry_field(table, column)
    if f is not None and f.choices and value in f.choices:
        return _(f.choices[value])
    if f is not None and f.type == "bool":
        return _("yes") if value else _("no")
    if isinstance(value, bytes):
        return ngettext("(binary data, {count} byte)", "(binary data, {count} bytes)",
                        len(value)).format(count=len(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if not text:
        return "« »"
    if len(text) > _LONGEST_VALUE:
        text = text[: _LONGEST_VALUE - 1] + "…"
    if f is not None and f.unit and isinstance(value, (int, float)):
        text = f"{text} {_(f.unit)}"
    return text


@dataclass
class FieldChange:
    """One field an update changes. For a reference, ``old`` and ``new`` are the names of the
    records referred to (never ids) and ``reparent`` is true."""
    column: str
    old: Any
    new: Any
    reparent: bool = False


@dataclass
class RecordChange:
    """The fields an update changes in one existing record."""
    table: str
    record_id: int
    name: str
    fields: list[FieldChange] = field(default_factory=list)

    def header(self) -> str:
        return _("{what} « {name} »:").format(what=table_label(self.table), name=self.name)

    def field_line(self, change: FieldChange) -> str:
        return _("{field}: {old} → {new}").format(
            field=field_label(self.table, change.column),
            old=show_value(self.table, change.column, change.old, change.reparent),
            new=show_value(self.table, change.column, change.new, change.reparent))

    def reparent_lines(self) -> list[str]:
        return [_("{what} « {name} »: {field} {old} → {new}").format(
            what=table_label(self.table), name=self.name,
            field=field_label(self.table, c.column).lower(),
            old=show_value(self.table, c.column, c.old, True),
            new=show_value(self.table, c.column, c.new, True))
            for c in self.fields if c.reparent]


def rows_text(inserted: int, updated: int, unchanged: int, skipped: int) -> str:
    """« 2 lignes ajoutées, 1 ligne mise à jour, 0 ligne inchangée, 0 ligne ignorée »."""
    return ", ".join((
        ngettext("{count} row added", "{count} rows added", inserted).format(count=inserted),
        ngettext("{count} row updated", "{count} rows updated", updated).format(count=updated),
        ngettext("{count} row unchanged", "{count} rows unchanged", unchanged).format(count=unchanged),
        ngettext("{count} row skipped", "{count} rows skipped", skipped).format(count=skipped)))


@dataclass
class TablePlan:
    table: str
    insert: list[dict[str, Any]] = field(default_factory=list)
    update: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (target id, changes)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # reasons, one per row
    replace: list[dict[str, Any]] = field(default_factory=list)  # defaults removed first
    changes: list[RecordChange] = field(default_factory=list)  # one per update, for the preview


@dataclass
class BundlePlan:
    path: str
    mode: str  # "empty" (ids kept) or "merge"
    tables: list[TablePlan] = field(default_factory=list)
    facility: dict | None = None
    mark: int | None = None  # safety.change_mark() when planned: checked again when written

    def count(self, what: str) -> int:
        if what == "insert":
            return sum(len(t.insert) for t in self.tables)
        if what == "update":
            return sum(len(t.update) for t in self.tables)
        if what == "unchanged":
            return sum(t.unchanged for t in self.tables)
        return sum(len(t.skipped) for t in self.tables)

    def reparentings(self) -> list[str]:
        """One line per reference of an existing record the import changes (« Machine virtuelle
        « VM-AD01 » : serveur hôte SRV-HYP-01 → SRV-HYP-02 »), by names."""
        return [line for t in self.tables for record in t.changes for line in record.reparent_lines()]

    def lines(self, limit: int | None = None) -> list[str]:
        """The preview: re-parentings first (all of them, whatever ``limit``), then per table its
        counts, the reasons rows are skipped and every changed field, indented under its record.
        ``limit`` caps the changed fields shown; the rest of a table is « … and N other changes »."""
        out = []
        moves = self.reparentings()
        if moves:
            out.append(ngettext("Warning: {count} existing record would be attached elsewhere:",
                                "Warning: {count} existing records would be attached elsewhere:",
                                len(moves)).format(count=len(moves)))
            out.extend("  " + line for line in moves)
        shown = 0
        capped = False
        for t in self.tables:
            if t.insert or t.update or t.skipped:
                out.append(_("{table}: {counts}").format(table=t.table, counts=rows_text(
                    len(t.insert), len(t.update), t.unchanged, len(t.skipped))))
                for reason in sorted(set(t.skipped)):
                    out.append("  " + _("skipped: {reason}").format(reason=reason))
            hidden = 0
            for record in t.changes:
                if limit is not None and (capped or (shown and shown + len(record.fields) > limit)):
                    capped = True  # the first record is always shown, whole; then the cap holds
                    hidden += len(record.fields)
                    continue
                out.append("  " + record.header())
                out.extend("    " + record.field_line(c) for c in record.fields)
                shown += len(record.fields)
            if hidden:
                out.append("  " + ngettext("… and {count} other change", "… and {count} other changes",
                                           hidden).format(count=hidden))
        return out

    def field_changes(self) -> int:
        """How many fields the updates change, all records together."""
        return sum(len(r.fields) for t in self.tables for r in t.changes)

    def summary(self) -> str:
        mode = _("into an empty database") if self.mode == "empty" else _("merged")
        return _("{path} ({mode}): {counts}").format(path=self.path, mode=mode, counts=rows_text(
            self.count("insert"), self.count("update"), self.count("unchanged"), self.count("skip")))
