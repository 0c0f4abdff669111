"""Step m014_end_of_support, frozen once on main: never to be edited (a change is a new step).

End of support of the machines' systems: the compensating measure a person records for a
server or a VM whose system is out of support (or soon), and the tables of end-of-support
dates loaded by hand or from a core-model pack (the newest by its data's date wins over the
one shipped with the program). A core-model pack may carry such a table: the CHECK of
``core_model_item.kind`` widens to 'end_of_support_table', in place as m009 widened one.
"""

from __future__ import annotations

from ._ddl import run_ddl, audit_triggers


def step(db):
    import re
    import sqlite3

    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'core_model_item'").fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None:
        raise sqlite3.DatabaseError("core_model_item.kind has no CHECK constraint of the expected form")
    if "'end_of_support_table'" not in check.group(1):
        new_sql = sql[:check.end(1)] + ", 'end_of_support_table'" + sql[check.end(1):]
        (version,) = db.execute("PRAGMA schema_version").fetchone()
        db.execute("PRAGMA writable_schema = ON")
        try:
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                       "AND name = 'core_model_item'", [new_sql])
            db.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            db.execute("PRAGMA writable_schema = OFF")
    run_ddl(db, """
CREATE TABLE end_of_support_measure (
    id INTEGER PRIMARY KEY,
    server_id INTEGER UNIQUE REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER UNIQUE REFERENCES vm(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('isolated', 'extended_support', 'replacement', 'other')),
    replacement_on TEXT,
    note TEXT,
    set_by TEXT,
    set_at TEXT NOT NULL,
    CHECK ((server_id IS NULL) <> (vm_id IS NULL))
);
CREATE TABLE end_of_support_table (
    id INTEGER PRIMARY KEY,
    data_date TEXT NOT NULL,
    origin TEXT NOT NULL,
    content TEXT NOT NULL,
    loaded_by TEXT,
    loaded_at TEXT NOT NULL
);
""")
    audit_triggers(db, ["end_of_support_measure", "end_of_support_table"])
