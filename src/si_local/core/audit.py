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
