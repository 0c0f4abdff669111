"""Step m011_readiness, frozen once on main: never to be edited (a change is a new step).

Readiness (« Conformité »): the declarations a user makes for an expectation of the
regulator that the database cannot show (who, on which day, a note, the path and SHA-256 of
an attached document, never its content). A withdrawal is a new row (``action``
'withdraw'), never an edit: the last row of an expectation says where it stands.

A core-model pack may carry a newer expectations file: ``core_model_item.kind`` gets
'readiness_expectations', its CHECK widened in place as m009 widened one (every row
satisfies the looser definition).
"""

from __future__ import annotations

from ._ddl import audit_triggers


def step(db):
    import re
    import sqlite3

    db.execute("""CREATE TABLE readiness_declaration (
    id INTEGER PRIMARY KEY,
    expectation_id TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT 'declare' CHECK (action IN ('declare', 'withdraw')),
    declared_by TEXT NOT NULL,
    declared_on TEXT NOT NULL,
    note TEXT,
    document_path TEXT,
    document_sha256 TEXT,
    recorded_at TEXT NOT NULL
)""")
    db.execute("CREATE INDEX readiness_declaration_expectation "
               "ON readiness_declaration(expectation_id, id)")
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'core_model_item'").fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None:
        raise sqlite3.DatabaseError("core_model_item.kind has no CHECK constraint of the expected form")
    if "'readiness_expectations'" not in check.group(1):
        kinds = check.group(1).rstrip() + ", 'readiness_expectations'"
        new_sql = sql[:check.start(1)] + kinds + sql[check.end(1):]
        (version,) = db.execute("PRAGMA schema_version").fetchone()
        db.execute("PRAGMA writable_schema = ON")
        try:
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                       "AND name = 'core_model_item'", [new_sql])
            db.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            db.execute("PRAGMA writable_schema = OFF")
    audit_triggers(db, ["readiness_declaration"])
