"""Whole-facility bundles: every user table of the database in one versioned JSON file.

Format (version 1)::

    {"format": "si-local-bundle", "version": 1, "created_at": "2026-11-23T10:00:00Z",
     "app_version": "0.1.0", "facility": {"name": …, "finess": …} or null,
     "tables": {"site": [{"id": 1, "name": …}, …], …},
     "checksum": "<sha256 of the canonical JSON of tables>"}

The canonical JSON is ``json.dumps(tables, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` encoded in UTF-8. Rows are objects keyed by column name; a BLOB value is
written as ``{"$base64": "…"}``.

Tables covered: every table of the database (generic, so a new area's tables are included without
a change here) EXCEPT, and only:

- ``audit``: the audit trail belongs to the database it records (it is not data to move);
- ``_sqlite_migrations``: the schema version of the file, not facility data;
- ``sqlite_*``: SQLite's own tables;
- virtual tables and their shadow tables (full-text indexes), rebuilt from the data.

Secrets never reach the database (they live in the OS keyring; tables only say *where* a secret
is kept), so a bundle never holds one.

Import into an empty database (one holding nothing but the defaults a new database gets, which
the bundle's rows replace) keeps every id and inserts in foreign-key order in one transaction;
foreign keys are checked before the commit. Into a non-empty database it merges: rows are matched
on the table's natural key ``name`` (case-insensitive); link tables (every column a reference) on
their references; other rows are skipped with a reason. :func:`plan_bundle` is the preview: it
counts the rows and lists, record by record, every field an update changes (old → new; a
reference by the name of the record it points to). A change of reference of an existing row (a
VM moved to another host, a server to another site) is a *re-parenting*: the preview lists every
one of them first, never hidden by a cap. A name that appears twice in a table of the bundle
(letter case aside) refuses the whole merge: matching on it would be ambiguous (one server took
another's serial and all the VMs moved to the wrong host). An import into an empty database
matches nothing, so keeps such rows as they are.

A record every database holds (the mandatory continuity scenario, see :data:`STABLE_KEYS`) is
recognised by its flag, never by its content: the bundle's one updates the database's one in
place, whatever the user renamed or rewrote in it. It is never deleted (a trigger refuses it)
nor doubled.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import __version__
from ..errors import ImportFileError
from ..i18n import N_, _, ngettext
from ..safety import change_mark, check_unchanged
from .common import decode_utf8, file_error, parse_json, read_limited, sha256_hex, write_atomic
from .. import clock

FORMAT = "si-local-bundle"
VERSION = 1
EXCLUDED_TABLES = ("audit", "_sqlite_migrations", "si_local_identity")
# Columns that belong to one database only and never travel: the keyring entry of a credential
# reference. An imported reference gets a key of its own (its secret is to be entered again); a
# key written in a bundle by hand is ignored.
PRIVATE_COLUMNS = {"secret_ref": ("key", "service")}


# Records a database always holds, one per table, recognised by a flag column set to 1: the row
# of a bundle with the flag is the same record as the database's own, whatever its name or text.
STABLE_KEYS = {"continuity_scenario": "is_mandatory"}


def _stable_key(table: str, row: dict[str, Any]) -> str | None:
    flag = STABLE_KEYS.get(table)
    return flag if flag is not None and row.get(flag) == 1 else None


def canonical(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps(tables, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _table_names(db) -> list[str]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    names = []
    for name, _sql in rows:
        if name in EXCLUDED_TABLES or name in virtual:
            continue
        if any(name.startswith(v + "_") for v in virtual):  # shadow tables of a virtual table
            continue
        names.append(name)
    return names


def _foreign_keys(db, table: str) -> list[tuple[str, str, bool]]:
    """(column, referenced table, column is NOT NULL) of each foreign key of ``table``."""
    notnull = {r[1]: bool(r[3]) for r in db.execute(f'PRAGMA table_info("{table}")').fetchall()}
    return [(r[3], r[2], notnull.get(r[3], False))
            for r in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()]


def bundle_tables(db) -> list[str]:
    """The tables a bundle covers, parents before children (foreign-key order)."""
    names = _table_names(db)
    deps = {t: {ref for _c, ref, _n in _foreign_keys(db, t) if ref != t and ref in names} for t in names}
    ordered: list[str] = []
    done: set[str] = set()
    while len(ordered) < len(names):
        ready = sorted(t for t in names if t not in done and deps[t] <= done)
        if not ready:  # a cycle between tables: keep the rest in name order (FKs are deferred)
            ready = sorted(t for t in names if t not in done)
        for t in ready:
            ordered.append(t)
            done.add(t)
    return ordered


def _columns(db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")').fetchall()]


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def _check_binary(path, table: str, column: str, value: Any) -> None:
    """A value that is not text, a number or null must be ``{"$base64": "…"}`` holding valid
    base64; anything else (a crafted object, a list, broken base64) refuses the bundle."""
    import binascii

    if isinstance(value, dict) and set(value) == {"$base64"} and isinstance(value["$base64"], str):
        try:
            base64.b64decode(value["$base64"], validate=True)
            return
        except (binascii.Error, ValueError):
            pass
    raise file_error(path, _("{table}, {column}: the value is neither text, a number nor valid "
                             "base64 data; nothing was imported.").format(table=table,
                                                                         column=column))


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def _decode_row(row: dict[str, Any]) -> dict[str, Any]:
    if any(isinstance(v, dict) for v in row.values()):
        return {c: _decode(v) for c, v in row.items()}
    return dict(row)  # no BLOB in it (the common case): a plain copy is much faster


def table_rows(db, table: str) -> list[dict[str, Any]]:
    columns = _columns(db, table)
    order = "id" if "id" in columns else "rowid"
    quoted = ", ".join(f'"{c}"' for c in columns)
    return [dict(zip(columns, (_encode(v) for v in row), strict=True))
            for row in db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}').fetchall()]


def _without_private(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    private = PRIVATE_COLUMNS.get(table)
    if not private:
        return rows
    return [{c: v for c, v in row.items() if c not in private} for row in rows]


def _with_own_keys(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row about to be inserted gets this database's own private values."""
    if table == "secret_ref":
        import uuid

        row = {c: v for c, v in row.items() if c not in PRIVATE_COLUMNS[table]}
        row["key"] = uuid.uuid4().hex
    return row


def build_bundle(db, created_at: dt.datetime | None = None) -> dict[str, Any]:
    tables = {t: _without_private(t, table_rows(db, t)) for t in bundle_tables(db)}
    facility = None
    if tables.get("facility"):
        first = tables["facility"][0]
        facility = {"name": first.get("name"), "finess": first.get("finess")}
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": (created_at or clock.utcnow()).replace(microsecond=0)
        .isoformat().replace("+00:00", "Z"),
        "app_version": __version__,
        "facility": facility,
        "tables": tables,
        "checksum": sha256_hex(canonical(tables)),
    }


def export_bundle(db, path: Path | str, created_at: dt.datetime | None = None) -> dict[str, int]:
    """Write the bundle to ``path`` (through ``path.part``); returns rows per table.
    ``created_at`` (UTC) is for demos and tests; the real export is dated now."""
    bundle = build_bundle(db, created_at)
    data = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(path, data)
    return {t: len(rows) for t, rows in bundle["tables"].items()}


def read_bundle(path: Path | str) -> dict[str, Any]:
    """Read and check a bundle: format, version, shape and checksum."""
    text = decode_utf8(read_limited(path), path)
    if not text.strip():
        raise file_error(path, _("the file is empty."))
    bundle = parse_json(text, path)
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise file_error(path, _("this file is not an SI Local bundle."))
    version = bundle.get("version")
    if version != VERSION:
        raise file_error(path, _("bundle format version {version} is not supported (this SI Local "
                                 "reads version {supported}); install the version that wrote it."
                                 ).format(version=version, supported=VERSION))
    tables = bundle.get("tables")
    if not isinstance(tables, dict) or not all(
            isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
            for rows in tables.values()):
        raise file_error(path, _("the bundle's « tables » are not a mapping of lists of rows."))
    for table, rows in tables.items():  # SQLite stores integers up to 2**63 - 1, reals finite
        for row in rows:
            for column, value in row.items():
                if isinstance(value, (dict, list)):
                    _check_binary(path, table, column, value)
                    continue
                if isinstance(value, bool):
                    continue
                if (isinstance(value, int) and not -2**63 <= value < 2**63) or (
                        isinstance(value, float) and not math.isfinite(value)):
                    raise file_error(path, _("{table}, {column}: the number {value} cannot be "
                                             "stored; nothing was imported.").format(
                        table=table, column=column, value=str(value)[:30]))
    if bundle.get("checksum") != sha256_hex(canonical(tables)):
        raise file_error(path, _("the bundle's checksum does not match its content: the file was "
                                 "damaged or edited; nothing was imported."))
    return bundle


# --- importing -------------------------------------------------------------------------------

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
    "training_plan": N_("Training plan"),
    "training_staff": N_("Staff"),
    "training_referent": N_("Référent"),
    "training_session": N_("Training session"),
    "training_participant": N_("Participant in a session"),
    "diagnostic_campaign": N_("Self-diagnostic campaign"),
    "diagnostic_answer": N_("Answer"),
    "diagnostic_action": N_("Self-diagnostic action"),
    "core_model_pack": N_("Core-model pack"),
    "core_model_item": N_("Core-model item"),
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
                out.append(_("{table}: {inserted} added, {updated} updated, {unchanged} unchanged, "
                              "{skipped} skipped").format(
                    table=t.table, inserted=len(t.insert), updated=len(t.update),
                    unchanged=t.unchanged, skipped=len(t.skipped)))
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
        return _("{path} ({mode}): {inserted} added, {updated} updated, {unchanged} unchanged, "
                 "{skipped} skipped").format(
            path=self.path, mode=mode, inserted=self.count("insert"), updated=self.count("update"),
            unchanged=self.count("unchanged"), skipped=self.count("skip"))


def _check_tables(db, bundle: dict[str, Any], path: str) -> list[str]:
    known = set(_table_names(db))
    for table, rows in bundle["tables"].items():
        if table not in known:
            raise file_error(path, _("the bundle holds the table {table}, unknown to this version of "
                                     "SI Local; install a newer version.").format(table=table))
        columns = set(_columns(db, table))
        for row in rows:
            extra = set(row) - columns
            if extra:
                raise file_error(path, _("the bundle's table {table} has columns unknown to this "
                                         "version of SI Local ({columns}).").format(
                    table=table, columns=", ".join(sorted(extra))))
        _check_lengths(table, rows, path)
    return [t for t in bundle_tables(db) if t in bundle["tables"]]


# Columns naming a record of the other areas' tables in a message (the first one filled).
_RECORD_NAMES = ("name", "title", "role", "last_name", "finding", "step_title", "group_name",
                 "account")


def area_text_columns() -> dict[str, dict[str, Any]]:
    """{table: {column: validation.Text}} of the continuity plan, the training plan, the
    self-diagnostic and the core model: each area's one table of limits."""
    from .. import continuity, secrets, training
    from ..diagnostic import campaigns
    from ..group import packs

    return {**continuity.TEXT_COLUMNS, **training.TEXT_COLUMNS, **campaigns.TEXT_COLUMNS,
            **packs.TEXT_COLUMNS, **secrets.TEXT_COLUMNS}


def _check_lengths(table: str, rows: list[dict[str, Any]], path: str) -> None:
    """Refuse the whole bundle when a text is longer than its field allows (the limit the forms,
    the save functions and the CSV imports apply): nothing is written, the message names table,
    record and field. A bundle comes from another SI Local, so such a value means a damaged or
    forged file. Registry fields take their limit from the registry, the other areas' columns
    from their area's ``TEXT_COLUMNS``."""
    from .. import validation as v

    kind = _kind_of(table)
    if kind is not None:
        limited = [(f.name, f.label, f.limit) for f in kind.fields if f.limit is not None]
        names: tuple[str, ...] = (kind.title_field,)
    else:
        columns = area_text_columns().get(table, {})
        limited = [(name, c.label, c.limit) for name, c in columns.items()]
        names = _RECORD_NAMES
    if not limited:
        return
    for number, row in enumerate(rows, start=1):
        for column, label, limit in limited:
            value = row.get(column)
            if not isinstance(value, str):
                continue
            try:
                v.check_length(_(label), value.strip(), limit)
            except ValueError as exc:
                name = next((row[n] for n in names if isinstance(row.get(n), str) and row[n].strip()),
                            None)
                record = _("row {row}").format(row=number) if not name else str(name)
                if len(record) > 40:
                    record = record[:40] + "…"
                raise file_error(path, _("table {table}, record « {record} »: {problem} Nothing "
                                         "was imported.").format(
                    table=table_label(table), record=record, problem=exc)) from None


@functools.lru_cache(maxsize=1)
def fresh_schema() -> bytes:
    """A brand-new database (the current schema and the rows its migrations create), without
    audit triggers, as bytes (``Connection.serialize``). Built once per process: the migrations
    do not change while it runs. Bytes rather than a connection, so that any thread can copy it
    (``Connection.deserialize``): the Group page consolidates bundles in a worker thread."""
    from .. import audit
    from ..db import open_database

    db = open_database(":memory:")
    try:
        audit.drop_audit_triggers(db)
        return db.conn.serialize()
    finally:
        db.close()


@functools.lru_cache(maxsize=1)
def _seed_rows() -> dict[str, list[dict[str, Any]]]:
    """The rows a brand-new database already holds (defaults some areas create with the schema),
    read from :func:`fresh_schema` once per process; read-only."""
    from ..db import open_database

    fresh = open_database(":memory:", migrate=False)
    try:
        fresh.conn.deserialize(fresh_schema())
        return {t: table_rows(fresh, t) for t in _table_names(fresh)}
    finally:
        fresh.close()


def _is_empty_for(db, bundle: dict[str, Any], order: list[str],
                  seeds: dict[str, list[dict[str, Any]]]) -> bool:
    """True when every row already there is the bundle's own row or a new database's default."""
    for table in order:
        wanted = bundle["tables"][table]
        seed = seeds.get(table, [])
        for row in table_rows(db, table):
            if row not in wanted and row not in seed:
                return False
    return True


def plan_bundle(db, bundle: dict[str, Any], path: Path | str = "") -> BundlePlan:
    mark = change_mark(db)  # before anything is read
    plan = _plan_bundle(db, bundle, path)
    plan.mark = mark
    return plan


def _plan_bundle(db, bundle: dict[str, Any], path: Path | str = "") -> BundlePlan:
    path = str(path)
    order = _check_tables(db, bundle, path)
    bundle = {**bundle, "tables": {t: _without_private(t, rows)
                                   for t, rows in bundle["tables"].items()}}
    if _is_empty_for(db, bundle, order, _seed_rows()):
        plan = BundlePlan(path, "empty", facility=bundle.get("facility"))
        for table in order:
            current = table_rows(db, table)
            wanted = bundle["tables"][table]
            tp = TablePlan(table)
            new = [r for r in wanted if r not in current]
            tp.unchanged = len(wanted) - len(new)
            for row in current:
                if row in wanted:
                    continue
                # a default the bundle has its own version of: the same record, updated in place
                # (ids are kept: the bundle's id too); otherwise a default the bundle replaces
                same = _same_record(table, row, new)
                if same is None:
                    tp.replace.append(row)
                else:
                    new = [r for r in new if r is not same]
                    tp.update.append((row["id"], _decode_row(same)))
            tp.insert = [_with_own_keys(table, _decode_row(r)) for r in new]
            plan.tables.append(tp)
        return plan
    return _plan_merge(db, bundle, order, path)


def _duplicate_name(path: str, table: str, first: str, second: str) -> ImportFileError:
    if first == second:
        problem = _("the bundle's table {table} holds the name « {name} » twice; rows are matched "
                    "on their name, so nothing was imported (rename one of them where the bundle "
                    "was made).").format(table=table, name=first)
    else:
        problem = _("the bundle's table {table} holds « {first} » and « {second} », the same name "
                    "once letter case is ignored; rows are matched on their name, so nothing was "
                    "imported (rename one of them where the bundle was made).").format(
            table=table, first=first, second=second)
    return file_error(path, problem)


def _same_record(table: str, default: dict[str, Any], rows: list[dict[str, Any]]) -> dict | None:
    """The row of ``rows`` that is the record ``default`` of a new database: by its stable key,
    else (a table without one) by its id."""
    if "id" not in default:
        return None
    key = _stable_key(table, default)
    if key is not None:
        return next((r for r in rows if _stable_key(table, r) == key), None)
    if STABLE_KEYS.get(table):
        return None  # only the flagged record is the database's own
    return next((r for r in rows if r.get("id") == default["id"]), None)


def _plan_merge(db, bundle: dict[str, Any], order: list[str], path: str) -> BundlePlan:
    plan = BundlePlan(path, "merge", facility=bundle.get("facility"))
    # bundle id -> target id, per table; for rows this plan inserts, a placeholder ("new", n)
    maps: dict[str, dict[Any, Any]] = {}
    plans: dict[str, TablePlan] = {}
    columns_of: dict[str, list[str]] = {}
    names: dict[tuple[str, Any], str] = {}

    def name_of(table: str, target: Any) -> str | None:
        """The name of the record ``target`` (an id, or a placeholder of a row this plan adds)."""
        if target is None:
            return None
        if isinstance(target, tuple):
            name = plans[target[1]].insert[target[2]].get("name")
            return str(name) if name not in (None, "") else _("new record ({table})").format(
                table=table_label(target[1]))
        if (table, target) not in names:
            if table not in columns_of:
                columns_of[table] = _columns(db, table)
            row = db.execute(f'SELECT name FROM "{table}" WHERE id = ?', [target]).fetchone() \
                if "name" in columns_of[table] else None
            names[(table, target)] = str(row[0]) if row and row[0] not in (None, "") else \
                _("no. {id}").format(id=target)
        return names[(table, target)]

    for table in order:
        columns = _columns(db, table)
        fks = _foreign_keys(db, table)
        fk_columns = {c for c, _r, _n in fks}
        fk_refs = {c: r for c, r, _n in fks}
        tp = TablePlan(table)
        plan.tables.append(tp)
        plans[table] = tp
        maps[table] = {}
        rows = bundle["tables"][table]
        if table == "facility" and db.execute("SELECT 1 FROM facility LIMIT 1").fetchone():
            for row in rows:
                existing = db.execute("SELECT id FROM facility ORDER BY id LIMIT 1").fetchone()[0]
                maps[table][row.get("id")] = existing
                tp.skipped.append(_("this database already describes its facility"))
            continue
        link = "name" not in columns and bool(fks) and set(columns) - {"id"} <= fk_columns
        if "name" not in columns and not link:
            tp.skipped.extend([_("no name to match the rows on; add them by hand or use an empty "
                                 "database")] * len(rows))
            continue
        exact: dict[str, int] = {}  # a name written exactly so is matched first
        flag = STABLE_KEYS.get(table)
        stable: dict[str, int] = {}  # stable key -> the database's own record
        flagged_names: set[str] = set()  # its name: not a name other rows may match on
        if "name" in columns:
            existing = {}
            for record_id, name in db.execute(f'SELECT id, name FROM "{table}" ORDER BY id').fetchall():
                if name is not None:
                    exact.setdefault(str(name).strip(), record_id)
                    existing.setdefault(str(name).strip().lower(), record_id)
            if flag:
                for record_id, name in db.execute(
                        f'SELECT id, name FROM "{table}" WHERE "{flag}" = 1 ORDER BY id').fetchall():
                    stable.setdefault(flag, record_id)
                    key = str(name or "").strip().lower()
                    flagged_names.add(key)
                    if existing.get(key) == record_id:
                        del existing[key]
                    if exact.get(str(name or "").strip()) == record_id:
                        del exact[str(name or "").strip()]
                theirs = next((r for r in rows if _stable_key(table, r) == flag), None)
                if flag in stable and theirs is not None:
                    renamed = str(theirs.get("name") or "").strip().lower()
                    if renamed and existing.get(renamed, stable[flag]) == stable[flag]:
                        # it takes the bundle's name (updates run before inserts): its old one
                        # is free for the bundle's other rows
                        flagged_names = {renamed}
        else:
            quoted = ", ".join(f'"{c}"' for c in sorted(fk_columns))
            existing = {tuple(r[1:]): r[0] for r in db.execute(
                f'SELECT id, {quoted} FROM "{table}"').fetchall()} if "id" in columns else {}
        seen: dict[str, str] = {}  # key -> the name as the bundle first writes it
        matched: list[tuple[int, dict, dict, dict]] = []
        for row in rows:
            values = {c: _decode(v) for c, v in row.items() if c != "id"}
            problem = None
            deferred = {}
            for column, ref, notnull in fks:
                if values.get(column) is None:
                    continue
                if ref == table:
                    deferred[column] = values[column]
                    values[column] = None
                    continue
                target = maps.get(ref, {}).get(values[column])
                if target is None:
                    if notnull:
                        problem = _("it refers to a row of {table} that is not imported").format(table=ref)
                        break
                    values[column] = None
                else:
                    values[column] = target
            if problem:
                tp.skipped.append(problem)
                continue
            written = ""
            if "name" in columns:
                written = str(values.get("name") or "").strip()
                key = written.lower()
                if key and key in seen:  # matching on it would be ambiguous: refuse it all
                    raise _duplicate_name(path, table, seen[key], written)
                if key:
                    seen[key] = written
            else:
                key = tuple(values.get(c) for c in sorted(fk_columns))
            stable_key = _stable_key(table, values)
            if stable_key is not None and stable_key in stable:
                # the database's own record (the mandatory scenario): matched by its flag, whatever
                # the bundle's name and text; renamed only if no other record has that name
                match = stable[stable_key]
                maps[table][row.get("id")] = match
                current = dict(zip(columns, db.execute(
                    f'SELECT * FROM "{table}" WHERE id = ?', [match]).fetchone(), strict=True))
                if existing.get(key, match) != match:
                    values.pop("name", None)
                changes = {c: v for c, v in values.items()
                           if v is not None and current.get(c) != v and c in columns and c != flag}
                matched.append((match, changes, deferred, current))
                continue
            if stable_key is None and key in flagged_names:
                tp.skipped.append(_("its name is that of this database's mandatory scenario"))
                continue
            if "name" in columns:  # a name written exactly so first, then letter case aside
                match = exact.get(written, existing.get(key)) if key else None
            else:
                match = existing.get(key) if key else None
            if match is None:
                placeholder = ("new", table, len(tp.insert))
                values["__deferred"] = deferred
                tp.insert.append(_with_own_keys(table, values))
                maps[table][row.get("id")] = placeholder
                if key and not isinstance(key, str):
                    existing[key] = placeholder
                continue
            maps[table][row.get("id")] = match
            if isinstance(match, tuple):  # a link table: the same link twice
                tp.skipped.append(_("the same link appears twice in the bundle"))
                continue
            current = dict(zip(columns, db.execute(
                f'SELECT * FROM "{table}" WHERE id = ?', [match]).fetchone(), strict=True))
            changes = {c: v for c, v in values.items()
                       if v is not None and current.get(c) != v and c in columns}
            matched.append((match, changes, deferred, current))
        for match, changes, deferred, current in matched:  # self-references, now all mapped
            deferred = {c: b for c, b in deferred.items()
                        if maps[table].get(b) is not None and maps[table].get(b) != current.get(c)}
            if deferred:
                changes["__deferred"] = deferred
            if not changes:
                tp.unchanged += 1
                continue
            tp.update.append((match, changes))
            record = RecordChange(table, match, str(current.get("name") or "")
                                  or _("no. {id}").format(id=match))
            for column in columns:
                if column in deferred:
                    record.fields.append(FieldChange(
                        column, name_of(table, current.get(column)),
                        name_of(table, maps[table][deferred[column]]), reparent=True))
                elif column in changes and column in fk_refs:
                    record.fields.append(FieldChange(
                        column, name_of(fk_refs[column], current.get(column)),
                        name_of(fk_refs[column], changes[column]), reparent=True))
                elif column in changes:
                    record.fields.append(FieldChange(column, current.get(column), changes[column]))
            tp.changes.append(record)
    plan._maps = maps  # type: ignore[attr-defined]
    return plan


def apply_bundle(db, plan: BundlePlan, snapshot: bool = True) -> None:
    """Write a plan in one transaction; foreign keys are checked before the commit."""
    if not (plan.count("insert") or plan.count("update")
            or any(t.replace for t in plan.tables)):
        return
    if snapshot and getattr(db, "path", None):
        from ..snapshots import take_snapshot

        take_snapshot(db.path, "before-import")
    try:
        with db.atomic():
            check_unchanged(db, plan.mark)  # another import wrote meanwhile: this plan is stale
            db.execute("PRAGMA defer_foreign_keys = ON")
            if plan.mode == "empty":
                for tp in reversed(plan.tables):  # a new database's defaults, children first
                    for row in tp.replace:
                        where = " AND ".join(f'"{c}" IS ?' for c in row)
                        db.execute(f'DELETE FROM "{tp.table}" WHERE {where}',
                                   [_decode(v) for v in row.values()])
                for tp in plan.tables:
                    for record_id, row in tp.update:  # a default, now the bundle's (id included)
                        sets = ", ".join(f'"{c}" = ?' for c in row)
                        db.execute(f'UPDATE "{tp.table}" SET {sets} WHERE id = ?',
                                   [*row.values(), record_id])
                    _insert_rows(db, tp.table, tp.insert)
            else:
                _apply_merge(db, plan)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                table, rowid, parent, _fk = problems[0]
                raise file_error(plan.path, _("row {row} of {table} refers to a missing row of "
                                              "{parent}; nothing was imported.").format(
                    row=rowid, table=table, parent=parent))
    except ImportFileError:
        raise
    except Exception as exc:  # sqlite3.IntegrityError and friends: nothing was written
        import sqlite3

        if not isinstance(exc, sqlite3.Error):
            raise
        raise file_error(plan.path, _("the bundle cannot be imported into this database ({error}); "
                                      "nothing was changed.").format(error=exc)) from None


def _insert_rows(db, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows with one prepared statement per set of columns (executemany): a bundle of a
    few thousand rows loads in a fraction of the time row-by-row inserts take."""
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row in rows:
        columns = tuple(row)
        groups.setdefault(columns, []).append(tuple(row.values()))
    for columns, values in groups.items():
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _c in columns)
        db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)


def _apply_merge(db, plan: BundlePlan) -> None:
    new_ids: dict[tuple, int] = {}
    maps = plan._maps  # type: ignore[attr-defined]

    def resolve(value):
        return new_ids[value] if isinstance(value, tuple) else value

    later: list[tuple[str, int, dict[str, Any]]] = []
    for tp in plan.tables:
        fks = {c: ref for c, ref, _n in _foreign_keys(db, tp.table)}
        # updates first: a record renamed (the mandatory scenario) frees its old name for a new row
        for record_id, changes in tp.update:
            values = {c: (resolve(v) if c in fks else v) for c, v in changes.items() if c != "__deferred"}
            if values:
                db[tp.table].update(record_id, values)
            if changes.get("__deferred"):
                later.append((tp.table, record_id, changes["__deferred"]))
        for number, row in enumerate(tp.insert):
            values = {c: (resolve(v) if c in fks else v) for c, v in row.items() if c != "__deferred"}
            record_id = db[tp.table].insert(values).last_pk
            new_ids[("new", tp.table, number)] = record_id
            if row.get("__deferred"):
                later.append((tp.table, record_id, row["__deferred"]))
    for table, record_id, deferred in later:  # references inside one table (a stand-in)
        values = {}
        for column, bundle_id in deferred.items():
            target = maps[table].get(bundle_id)
            values[column] = resolve(target) if target is not None else None
        db[table].update(record_id, values)


def import_bundle(db, path: Path | str, dry_run: bool = False) -> BundlePlan:
    bundle = read_bundle(path)
    plan = plan_bundle(db, bundle, path)
    if not dry_run:
        apply_bundle(db, plan)
    return plan
