"""The audit trail: SQLite triggers record every insert, update and delete.

Triggers (not Python code) fill the ``audit`` table, so no code path can skip it. The OS user comes
from the SQL function ``si_local_user()``, registered on every connection opened by
:func:`si_local.core.db.open_database`. The trail itself cannot be changed: triggers on ``audit``
refuse updates and deletes.
"""

from __future__ import annotations

import getpass
import sqlite3

AUDIT_DDL = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    os_user TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id INTEGER,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS audit_table_at ON audit(table_name, at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be modified'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be modified'); END;
"""


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service contexts
        return "?"


def register_functions(conn: sqlite3.Connection) -> None:
    user = os_user()
    conn.create_function("si_local_user", 0, lambda: user, deterministic=True)


def _json_of(prefix: str, columns: list[str]) -> str:
    pairs = ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in columns)
    return f"json_object({pairs})"


def install_audit_triggers(db, tables: list[str]) -> None:
    """(Re)create the three audit triggers of each table, from its current columns.

    Call it at the end of every migration that creates or alters a table. Tables without an
    integer ``id`` (link tables) record ``rowid``.
    """
    for table in tables:
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")').fetchall()]
        if not columns:
            raise ValueError(f"no such table: {table}")
        has_rowid = not db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ? AND sql LIKE '%WITHOUT ROWID%'", [table]
        ).fetchone()
        key = "id" if "id" in columns else ("rowid" if has_rowid else "NULL")
        for action in ("insert", "update", "delete"):
            db.execute(f'DROP TRIGGER IF EXISTS "audit_{table}_{action}"')
        new_key = f"NEW.{key}" if key != "NULL" else "NULL"
        old_key = f"OLD.{key}" if key != "NULL" else "NULL"
        db.execute(
            f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" BEGIN '
            f"INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES "
            f"(si_local_user(), '{table}', {new_key}, 'insert', NULL, {_json_of('NEW', columns)}); END"
        )
        db.execute(
            f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE ON "{table}" BEGIN '
            f"INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES "
            f"(si_local_user(), '{table}', {new_key}, 'update', {_json_of('OLD', columns)}, "
            f"{_json_of('NEW', columns)}); END"
        )
        db.execute(
            f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES "
            f"(si_local_user(), '{table}', {old_key}, 'delete', {_json_of('OLD', columns)}, NULL); END"
        )


def drop_audit_triggers(db) -> None:
    """Drop every audit trigger: for a private copy nobody audits (the in-memory databases the
    group consolidation reads bundles into), where recording every row loaded would only cost
    time."""
    for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' "
            "ESCAPE '\\'").fetchall():
        db.execute(f'DROP TRIGGER "{name}"')


# --- reading the trail (the viewer, the CSV export, ``si-local audit``) ---------------------------

AUDIT_COLUMNS = ["id", "at", "os_user", "table_name", "row_id", "action", "before", "after"]


def audited_tables(db) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT DISTINCT table_name FROM audit ORDER BY table_name").fetchall()]


def query(db, table: str | None = None, since: str | None = None, until: str | None = None,
          limit: int | None = None) -> list[dict]:
    """Entries of the trail, newest first. ``since``/``until`` are ISO dates (inclusive)."""
    where, params = [], []
    if table:
        where.append("table_name = ?")
        params.append(table)
    if since:
        where.append("at >= ?")
        params.append(str(since)[:10])
    if until:
        where.append("at < date(?, '+1 day')")
        params.append(str(until)[:10])
    sql = "SELECT " + ", ".join(AUDIT_COLUMNS) + " FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in db.execute(sql, params).fetchall()]


def changes(entry: dict) -> list[tuple[str, object, object]]:
    """(column, before, after) of the columns an entry changed (all columns for insert/delete)."""
    import json

    before = json.loads(entry["before"]) if entry.get("before") else {}
    after = json.loads(entry["after"]) if entry.get("after") else {}
    out = []
    for column in list(dict.fromkeys([*before.keys(), *after.keys()])):
        old, new = before.get(column), after.get(column)
        if entry["action"] == "update" and old == new:
            continue
        if entry["action"] != "update" and old is None and new is None:
            continue
        out.append((column, old, new))
    return out


def describe(entry: dict) -> str:
    """A readable one-line summary: ``name: "A" → "B"; notes: "" → "x"``."""
    def show(value) -> str:
        if value is None:
            return "∅"
        text = str(value).replace("\n", " ")
        return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"

    parts = []
    for column, old, new in changes(entry):
        if entry["action"] == "insert":
            parts.append(f"{column}: {show(new)}")
        elif entry["action"] == "delete":
            parts.append(f"{column}: {show(old)}")
        else:
            parts.append(f"{column}: {show(old)} → {show(new)}")
    return "; ".join(parts)


def export_csv(db, path, table: str | None = None, since: str | None = None,
               until: str | None = None) -> int:
    """Write the (filtered) trail to a CSV file readable by a spreadsheet; returns the row count.

    UTF-8 with BOM and ``;`` separators (what French spreadsheets expect); written to
    ``name.part`` then renamed; readable by the OS user only.
    """
    import csv
    import os
    from pathlib import Path

    path = Path(path)
    rows = query(db, table=table, since=since, until=until)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        os.chmod(tmp, 0o600) if os.name != "nt" else None
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "at", "os_user", "table", "row_id", "action", "changes", "before", "after"])
        for row in rows:
            writer.writerow([row["id"], row["at"], row["os_user"], row["table_name"], row["row_id"],
                             row["action"], describe(row), row["before"] or "", row["after"] or ""])
    os.replace(tmp, path)
    return len(rows)
