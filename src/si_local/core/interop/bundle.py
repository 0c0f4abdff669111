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
their references; other rows are skipped with a reason. :func:`plan_bundle` is the preview.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import __version__
from ..errors import ImportFileError
from ..i18n import _
from .common import decode_utf8, file_error, json_problem, read_limited, sha256_hex, write_atomic
from .. import clock

FORMAT = "si-local-bundle"
VERSION = 1
EXCLUDED_TABLES = ("audit", "_sqlite_migrations")


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


def build_bundle(db, created_at: dt.datetime | None = None) -> dict[str, Any]:
    tables = {t: table_rows(db, t) for t in bundle_tables(db)}
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
    try:
        bundle = json.loads(text)
    except json.JSONDecodeError as exc:
        raise file_error(path, json_problem(exc, text)) from None
    except RecursionError:
        raise file_error(path, _("the JSON is nested too deeply.")) from None
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
    if bundle.get("checksum") != sha256_hex(canonical(tables)):
        raise file_error(path, _("the bundle's checksum does not match its content: the file was "
                                 "damaged or edited; nothing was imported."))
    return bundle


# --- importing -------------------------------------------------------------------------------

@dataclass
class TablePlan:
    table: str
    insert: list[dict[str, Any]] = field(default_factory=list)
    update: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (target id, changes)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # reasons, one per row
    replace: list[dict[str, Any]] = field(default_factory=list)  # defaults removed first


@dataclass
class BundlePlan:
    path: str
    mode: str  # "empty" (ids kept) or "merge"
    tables: list[TablePlan] = field(default_factory=list)
    facility: dict | None = None

    def count(self, what: str) -> int:
        if what == "insert":
            return sum(len(t.insert) for t in self.tables)
        if what == "update":
            return sum(len(t.update) for t in self.tables)
        if what == "unchanged":
            return sum(t.unchanged for t in self.tables)
        return sum(len(t.skipped) for t in self.tables)

    def lines(self) -> list[str]:
        out = []
        for t in self.tables:
            if t.insert or t.update or t.skipped:
                out.append(_("{table}: {inserted} added, {updated} updated, {unchanged} unchanged, "
                              "{skipped} skipped").format(
                    table=t.table, inserted=len(t.insert), updated=len(t.update),
                    unchanged=t.unchanged, skipped=len(t.skipped)))
                for reason in sorted(set(t.skipped)):
                    out.append("  " + _("skipped: {reason}").format(reason=reason))
        return out

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
    return [t for t in bundle_tables(db) if t in bundle["tables"]]


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
    path = str(path)
    order = _check_tables(db, bundle, path)
    if _is_empty_for(db, bundle, order, _seed_rows()):
        plan = BundlePlan(path, "empty", facility=bundle.get("facility"))
        for table in order:
            current = table_rows(db, table)
            wanted = bundle["tables"][table]
            tp = TablePlan(table)
            tp.replace = [r for r in current if r not in wanted]  # defaults the bundle replaces
            for row in wanted:
                if row in current:
                    tp.unchanged += 1
                else:
                    tp.insert.append(_decode_row(row))
            plan.tables.append(tp)
        return plan
    return _plan_merge(db, bundle, order, path)


def _plan_merge(db, bundle: dict[str, Any], order: list[str], path: str) -> BundlePlan:
    plan = BundlePlan(path, "merge", facility=bundle.get("facility"))
    # bundle id -> target id, per table; for rows this plan inserts, a placeholder ("new", n)
    maps: dict[str, dict[Any, Any]] = {}
    for table in order:
        columns = _columns(db, table)
        fks = _foreign_keys(db, table)
        fk_columns = {c for c, _r, _n in fks}
        tp = TablePlan(table)
        plan.tables.append(tp)
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
        if "name" in columns:
            existing = {}
            for record_id, name in db.execute(f'SELECT id, name FROM "{table}" ORDER BY id').fetchall():
                if name is not None:
                    existing.setdefault(str(name).strip().lower(), record_id)
        else:
            quoted = ", ".join(f'"{c}"' for c in sorted(fk_columns))
            existing = {tuple(r[1:]): r[0] for r in db.execute(
                f'SELECT id, {quoted} FROM "{table}"').fetchall()} if "id" in columns else {}
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
            if "name" in columns:
                key = str(values.get("name") or "").strip().lower()
            else:
                key = tuple(values.get(c) for c in sorted(fk_columns))
            match = existing.get(key) if key else None
            if match is None:
                placeholder = ("new", table, len(tp.insert))
                values["__deferred"] = deferred
                tp.insert.append(values)
                maps[table][row.get("id")] = placeholder
                if key:
                    existing[key] = placeholder
                continue
            maps[table][row.get("id")] = match
            if isinstance(match, tuple):
                tp.skipped.append(_("the same name appears twice in the bundle"))
                continue
            current = dict(zip(columns, db.execute(
                f'SELECT * FROM "{table}" WHERE id = ?', [match]).fetchone(), strict=True))
            changes = {c: v for c, v in values.items()
                       if v is not None and current.get(c) != v and c in columns}
            matched.append((match, changes, deferred, current))
        for match, changes, deferred, current in matched:  # self-references, now all mapped
            deferred = {c: b for c, b in deferred.items() if maps[table].get(b) != current.get(c)}
            if deferred:
                changes["__deferred"] = deferred
            if changes:
                tp.update.append((match, changes))
            else:
                tp.unchanged += 1
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
            db.execute("PRAGMA defer_foreign_keys = ON")
            if plan.mode == "empty":
                for tp in reversed(plan.tables):  # a new database's defaults, children first
                    for row in tp.replace:
                        where = " AND ".join(f'"{c}" IS ?' for c in row)
                        db.execute(f'DELETE FROM "{tp.table}" WHERE {where}',
                                   [_decode(v) for v in row.values()])
                for tp in plan.tables:
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
        for number, row in enumerate(tp.insert):
            values = {c: (resolve(v) if c in fks else v) for c, v in row.items() if c != "__deferred"}
            record_id = db[tp.table].insert(values).last_pk
            new_ids[("new", tp.table, number)] = record_id
            if row.get("__deferred"):
                later.append((tp.table, record_id, row["__deferred"]))
        for record_id, changes in tp.update:
            values = {c: (resolve(v) if c in fks else v) for c, v in changes.items() if c != "__deferred"}
            if values:
                db[tp.table].update(record_id, values)
            if changes.get("__deferred"):
                later.append((tp.table, record_id, changes["__deferred"]))
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
