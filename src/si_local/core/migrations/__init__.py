"""Schema migrations (sqlite-utils ``Migrations``), one function per step, applied in order.

The steps are the only thing that creates or changes the schema: a new database is made by
running them all, an older one by running those it lacks, so the two cannot differ
(``tests/core/test_migrations_frozen.py`` opens databases made by earlier versions, kept in
``tests/data/``, and compares their schema with a new one's).

Rules: a step that has landed on main is never edited again, nor anything it calls; a change is
a new step at the end. Each step carries its own SQL: m001–m006 run the statements frozen in
``_m00N_<area>.py`` (written out from the schema modules they once called), later steps hold
their SQL in their body. Each step runs in one transaction with its record in
``_sqlite_migrations``. A database holding a step this code does not know was written by a newer
SI Local and is refused.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Migrations

from . import (
    _m001_registry,
    _m002_secrets,
    _m003_continuity,
    _m004_diagnostic,
    _m005_training,
    _m006_group,
)

MIGRATION_SET = "si_local"

migrations = Migrations(MIGRATION_SET)


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


@migrations()
def m001_registry(db):
    run_ddl(db, _m001_registry.SQL)


@migrations()
def m002_secrets(db):
    run_ddl(db, _m002_secrets.SQL)


@migrations()
def m003_continuity(db):
    run_ddl(db, _m003_continuity.SQL)


@migrations()
def m004_diagnostic(db):
    run_ddl(db, _m004_diagnostic.SQL)


@migrations()
def m005_training(db):
    run_ddl(db, _m005_training.SQL)


@migrations()
def m006_group(db):
    run_ddl(db, _m006_group.SQL)


@migrations()
def m007_typographic_apostrophes(db):
    """The mandatory scenario seeded by m003 wrote « d'information » with a straight apostrophe,
    unlike every other French text (« d’information »). Changed only where the user kept it, and
    the name only if no other scenario already has the new one (names are unique: the update
    must never keep the database from opening)."""
    name_old, name_new = "Système d'information indisponible", "Système d’information indisponible"
    db.execute("UPDATE continuity_scenario SET name = ? WHERE kind = 'is_unavailable' AND name = ? "
               "AND NOT EXISTS (SELECT 1 FROM continuity_scenario WHERE name = ?)",
               [name_new, name_old, name_new])
    db.execute(
        "UPDATE continuity_scenario SET description = ? WHERE kind = 'is_unavailable' "
        "AND description = ?",
        ["Panne ou arrêt de tout ou partie du système d’information (serveurs, réseau, logiciels).",
         "Panne ou arrêt de tout ou partie du système d'information (serveurs, réseau, logiciels)."])


# Step m008's table, frozen; ``identity.rewrite_file`` runs it too, on a restored copy made
# before m008 (the same statement, so the step then keeps the row it finds).
M008_IDENTITY_TABLE = """
CREATE TABLE IF NOT EXISTS si_local_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    path TEXT,
    copied_from TEXT
)
"""


@migrations()
def m008_identity(db):
    """Every database gets its identity (see core/identity.py); the file's snapshots and keyring
    entries are filed under it. ``open_database`` may have chosen it already, to file the
    snapshot taken before this step under it."""
    from .. import identity

    db.execute(M008_IDENTITY_TABLE)
    # kept when it is already there (a file restored from a copy that had it)
    db.execute("INSERT OR IGNORE INTO si_local_identity (id, uuid) VALUES (1, ?)",
               [getattr(db, "_si_local_new_identity", None) or identity.new_uuid()])


@migrations()
def m009_equipment_workstation(db):
    """Equipment gets the type « workstation » (laptops and desktops read from agent inventories).

    Only the CHECK constraint of ``equipment.kind`` widens, so the table's stored definition is
    edited in place (SQLite's documented procedure for changing a constraint: writable_schema,
    then a new schema_version), inside this step's transaction. Rebuilding the table instead
    would need ``foreign_keys`` off, impossible inside a transaction, and dropping the old table
    with foreign keys on would delete the continuity items that point at equipment (ON DELETE
    CASCADE). Every existing row satisfies the wider constraint."""
    import re
    import sqlite3

    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'equipment'").fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None:
        raise sqlite3.DatabaseError("equipment.kind has no CHECK constraint of the expected form")
    if "'workstation'" in check.group(1):
        return
    kinds = check.group(1).replace("'other'", "'workstation', 'other'")
    if kinds == check.group(1):
        kinds = check.group(1) + ", 'workstation'"
    new_sql = sql[:check.start(1)] + kinds + sql[check.end(1):]
    (version,) = db.execute("PRAGMA schema_version").fetchone()
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'equipment'",
                   [new_sql])
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m010_staff_matricule_profiles(db):
    """The staff gets an optional staff number (« matricule »: the key that matches a person on a
    new import of the staff list), and profiles become a list the user extends: the table
    ``training_profile`` is seeded with the program's profiles (the seven of m005 and the usual
    French hospital ones, by their English keys); any other name is a profile a user added, its
key the name itself (``name``: the column bundles match rows on).

    The CHECK constraints of ``training_staff.profile`` and ``training_module_profile.profile``
    are taken out of the tables' stored definitions in place, as m009 widened one (every row
    satisfies the looser definition); the code checks a profile against the table instead."""
    import re
    import sqlite3

    (version,) = db.execute("PRAGMA schema_version").fetchone()
    changed = {}
    for table in ("training_staff", "training_module_profile"):
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                            [table]).fetchone()
        new_sql, count = re.subn(r"\s*CHECK \(profile IN \([^)]*\)\)", "", sql)
        if count != 1:
            raise sqlite3.DatabaseError(f"{table}.profile has no CHECK constraint of the expected form")
        changed[table] = new_sql
    db.execute("PRAGMA writable_schema = ON")
    try:
        for table, new_sql in changed.items():
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                       [new_sql, table])
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    db.execute("ALTER TABLE training_staff ADD COLUMN matricule TEXT")
    db.execute("CREATE UNIQUE INDEX training_staff_matricule ON training_staff(matricule) "
               "WHERE matricule IS NOT NULL")
    db.execute("""CREATE TABLE training_profile (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0
)""")
    keys = ["doctor", "nurse", "nursing_assistant", "midwife", "secretary", "pharmacy",
            "hospital_services_agent", "health_manager", "physiotherapist",
            "occupational_therapist", "psychologist", "dietitian", "medical_secretary",
            "stretcher_bearer", "other"]
    for position, key in enumerate(keys, start=1):
        db.execute("INSERT INTO training_profile (name, position) VALUES (?, ?)",
                   [key, position * 10])
    audit_triggers(db, ["training_staff", "training_profile"])



@migrations()
def m018_backup_runs(db):
    """The runs of each backup as the backup tools report them (Veeam job reports, Proxmox
    vzdump task logs, a simple CSV): ``backup_run`` keeps one row per job run and machine, with
    the report it came from (file name and SHA-256) so that importing the same report twice adds
    nothing; ``backup.job_name`` is the name the backup tool gives the job, when it is not the
    backup's own name."""
    columns = [row[1] for row in db.execute('PRAGMA table_info("backup")').fetchall()]
    if "job_name" not in columns:  # (a file whose later tables were lost keeps its backups)
        db.execute("ALTER TABLE backup ADD COLUMN job_name TEXT")
    db.execute("""CREATE TABLE backup_run (
    id INTEGER PRIMARY KEY,
    backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE SET NULL,
    job TEXT NOT NULL,
    machine TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL CHECK (status IN ('success', 'warning', 'failure')),
    message TEXT,
    source_file TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (backup_id, job, machine, started)
)""")
    db.execute("CREATE INDEX backup_run_started ON backup_run(backup_id, started)")
    db.execute("CREATE INDEX backup_run_vm ON backup_run(vm_id)")
    audit_triggers(db, ["backup", "backup_run"])

def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_version(db) -> int:
    """The number of applied steps of our set (0 for an empty file)."""
    return len(migrations.applied(db))


def unknown_applied(db) -> list[str]:
    known = set(known_names())
    return [m.name for m in migrations.applied(db) if m.name not in known]
