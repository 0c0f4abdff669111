"""Schema of each area, one module per area, applied by :mod:`si_local.core.migrations`."""

from __future__ import annotations

import sqlite3


def run_ddl(db, script: str) -> None:
    """Run a multi-statement DDL script inside the current transaction.

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
