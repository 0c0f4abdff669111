"""Schema migrations (sqlite-utils ``Migrations``), one function per step, applied in order.

The steps are the only thing that creates or changes the schema: a new database is made by
running them all, an older one by running those it lacks, so the two cannot differ
(``tests/core/test_migrations_frozen.py`` opens databases made by earlier versions, kept in
``tests/data/``, and compares their schema with a new one's).

Rules: a step that has landed on main is never edited again, nor anything it calls; a change is
a new step at the end. Each step carries its own SQL: m001–m006 run the statements frozen in
``_m00N_<area>.py`` (written out from the schema modules they once called), m007–m010 hold
their SQL in their body here, and from m011 on each step's body is its own module
``_mNNN_<name>.py`` (``step(db)``, with the step's description), so that this file stays a list.
``_ddl.py`` holds the two helpers they call (``run_ddl``, ``audit_triggers``), frozen as well. Each step runs in one transaction with its record in
``_sqlite_migrations``. A database holding a step this code does not know was written by a newer
SI Local and is refused.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from . import (
    _m001_registry,
    _m002_secrets,
    _m003_continuity,
    _m004_diagnostic,
    _m005_training,
    _m006_group,
    _m011_readiness,
    _m012_crisis_exercises,
    _m013_incidents,
    _m014_end_of_support,
    _m015_software,
    _m016_contracts,
    _m017_certificates,
    _m018_backup_runs,
    _m019_software_lists,
    _m020_certificate_link_refusals,
)

from ._ddl import audit_triggers, run_ddl  # noqa: F401  (the steps' helpers)

MIGRATION_SET = "si_local"

migrations = Migrations(MIGRATION_SET)


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
def m011_readiness(db):
    _m011_readiness.step(db)


@migrations()
def m012_crisis_exercises(db):
    _m012_crisis_exercises.step(db)


@migrations()
def m013_incidents(db):
    _m013_incidents.step(db)


@migrations()
def m014_end_of_support(db):
    _m014_end_of_support.step(db)


@migrations()
def m015_software(db):
    _m015_software.step(db)


@migrations()
def m016_contracts(db):
    _m016_contracts.step(db)


@migrations()
def m017_certificates(db):
    _m017_certificates.step(db)


@migrations()
def m018_backup_runs(db):
    _m018_backup_runs.step(db)


@migrations()
def m019_software_lists(db):
    _m019_software_lists.step(db)


@migrations()
def m020_certificate_link_refusals(db):
    _m020_certificate_link_refusals.step(db)


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_version(db) -> int:
    """The number of applied steps of our set (0 for an empty file)."""
    return len(migrations.applied(db))


def unknown_applied(db) -> list[str]:
    known = set(known_names())
    return [m.name for m in migrations.applied(db) if m.name not in known]
