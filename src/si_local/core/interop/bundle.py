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
- virtual tables and their shadow tables (full-text indexes), rebuilt from the data;
- ``software_name``, ``software_release`` and the column ``software_list.releases``: the search's
  index of the installed programs, made again on import from the lists themselves, each list
  checked first (core/software_lists.py; a list out of shape refuses the bundle).

Secrets never reach the database (they live in the OS keyring; tables only say *where* a secret
is kept), so a bundle never holds one.

Import into an empty database (one holding nothing but the defaults a new database gets, which
the bundle's rows replace, and the bundle's own rows, in every table a bundle covers: a row of a
table the bundle lacks, an incident register entry say, makes it a merge) keeps every id and
inserts in foreign-key order in one transaction;
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

import datetime as dt
import functools
import json
import math
from pathlib import Path
from typing import Any

from ... import __version__
from ..errors import ImportFileError
from ..i18n import _
from ..schema_refusals import refusal_text  # a trigger's refusal (RAISE) in French
from ..write_guard import change_mark, check_unchanged
from .common import decode_utf8, file_error, parse_json, read_limited, sha256_hex, write_atomic
from .. import clock
from .bundle_rows import (EXCLUDED_TABLES, FORMAT, PRIVATE_COLUMNS, STABLE_KEYS,  # noqa: F401
                          VERSION, _check_binary, _columns, _decode, _decode_row, _encode,
                          _foreign_keys, _stable_key, _table_names, _with_own_keys,
                          _without_private, bundle_tables, canonical, table_rows)
from .bundle_preview import (_COLUMN_LABELS, _LONGEST_VALUE, _TABLE_LABELS,  # noqa: F401
                             BundlePlan, FieldChange, RecordChange, TablePlan, _kind_of,
                             _registry_field, field_label, show_value, table_label)
from .bundle_merge import _apply_merge, _duplicate_name, _plan_merge  # noqa: F401, E402


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
    from ..readiness import declarations

    return {**continuity.TEXT_COLUMNS, **training.TEXT_COLUMNS, **campaigns.TEXT_COLUMNS,
            **packs.TEXT_COLUMNS, **secrets.TEXT_COLUMNS, **declarations.TEXT_COLUMNS}


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


def _is_empty_for(db, bundle: dict[str, Any], seeds: dict[str, list[dict[str, Any]]]) -> bool:
    """True when every row already there is the bundle's own row or a new database's default,
    in every table a bundle covers: a table the bundle does not carry (a bundle made before it
    existed) holds none of the bundle's rows, so a row of it, not a default, is the database's
    own (an entry of its incident register) and the database is not empty for this bundle."""
    for table in bundle_tables(db):
        wanted = bundle["tables"].get(table, [])
        seed = seeds.get(table, [])
        for row in _without_private(table, table_rows(db, table)):  # as a bundle carries them
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
    if _is_empty_for(db, bundle, _seed_rows()):
        plan = BundlePlan(path, "empty", facility=bundle.get("facility"))
        for table in order:
            current = _without_private(table, table_rows(db, table))
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


def _index_programs(db, path: str) -> None:
    """The lists of installed programs the bundle brought, checked and indexed for the search
    (their index never travels: see core/software_lists.py); a list not in shape refuses the
    whole bundle."""
    from ..software_lists import ListError, reindex

    try:
        reindex(db)
    except ListError as exc:
        raise file_error(path, _("a list of installed programs is not in the expected shape "
                                 "({error}); nothing was imported.").format(error=exc.reason)) from None


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
            _index_programs(db, plan.path)
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
                                      "nothing was changed.").format(error=refusal_text(exc))) from None


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


def import_bundle(db, path: Path | str, dry_run: bool = False) -> BundlePlan:
    bundle = read_bundle(path)
    plan = plan_bundle(db, bundle, path)
    if not dry_run:
        apply_bundle(db, plan)
    return plan
