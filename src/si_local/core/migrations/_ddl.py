"""The two helpers the steps use to write schema: ``run_ddl`` (a multi-statement script inside the
step's transaction) and ``audit_triggers`` (a table's three audit triggers). Frozen like the steps
that call them: a different shape of trigger is a new function."""

from __future__ import annotations

import sqlite3


def run_ddl(db, script: str) -> None:
    """Run a multi-statement SQL script inside the current transaction.

    ``sqlite3.executescript`` would commit first, breaking the one-transaction-per-migration
    rule, so statements are split with ``sqlite3.complete_statement`` and run one by one.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement.rstrip(";").strip():
                db.execute(statement)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement: {buffer.strip()[:80]}")


def _json_of(prefix: str, columns: list[str]) -> str:
    pairs = ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in columns)
    return f"json_object({pairs})"


def audit_triggers(db, tables: list[str]) -> None:
    """(Re)create the three audit triggers of each table, from its current columns: for a later
    step that creates a table or changes its columns. The SQL it writes is the one m001–m006
    froze (a test compares them); once a step calling it has landed, it is frozen like that step:
    a different shape of trigger is a new function. Link tables without an integer ``id``
    record ``rowid``."""
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
