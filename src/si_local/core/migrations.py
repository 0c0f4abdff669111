"""Schema migrations (sqlite-utils ``Migrations``), one function per step, applied in order.

Rules: a step that has landed on main is never edited again; a change is a new step at the end.
Each step runs in one transaction with its record in ``_sqlite_migrations``. A database holding a
step this code does not know was written by a newer SI Local and is refused.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from .schema import continuity, diagnostic, group, registry, secrets, training

MIGRATION_SET = "si_local"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_registry(db):
    registry.create(db)


@migrations()
def m002_secrets(db):
    secrets.create(db)


@migrations()
def m003_continuity(db):
    continuity.create(db)


@migrations()
def m004_diagnostic(db):
    diagnostic.create(db)


@migrations()
def m005_training(db):
    training.create(db)


@migrations()
def m006_group(db):
    group.create(db)


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


@migrations()
def m008_identity(db):
    """Every database gets its identity (see core/identity.py); the file's snapshots and keyring
    entries are filed under it. ``open_database`` may have chosen it already, to file the
    snapshot taken before this step under it."""
    from . import identity

    identity.create(db, getattr(db, "_si_local_new_identity", None))



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


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_version(db) -> int:
    """The number of applied steps of our set (0 for an empty file)."""
    return len(migrations.applied(db))


def unknown_applied(db) -> list[str]:
    known = set(known_names())
    return [m.name for m in migrations.applied(db) if m.name not in known]
