"""What Home's summary reads (the facility, how many records of each kind, the last restore
test) and which facility the Registry's facility form opens. Qt-free: the pages only show it."""

from __future__ import annotations

# Home's cards: card key -> the table it counts
COUNTED_TABLES = {"servers": "server", "vms": "vm", "applications": "application", "backups": "backup"}


def first_facility(db) -> tuple | None:
    """(id, name, finess, kind) of the facility described first, ``None`` before any."""
    return db.execute("SELECT id, name, finess, kind FROM facility ORDER BY id LIMIT 1").fetchone()


def site_count(db) -> int:
    return db.execute("SELECT count(*) FROM site").fetchone()[0]


def record_counts(db) -> dict[str, int]:
    """How many records each of Home's cards counts, by card key."""
    return {key: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for key, table in COUNTED_TABLES.items()}


# The registry's own tables: none holds a record in a new, empty database
REGISTRY_TABLES = ("facility", "site", "server", "vm", "application", "backup", "equipment", "contact")


def registry_is_empty(db) -> bool:
    """Nothing described yet in the registry (a new database): Home says where to start."""
    return not any(db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                   for table in REGISTRY_TABLES)


def last_restore_test(db) -> tuple | None:
    """(tested_on, result) of the latest restore test, ``None`` when none was recorded."""
    return db.execute(
        "SELECT tested_on, result FROM restore_test ORDER BY tested_on DESC LIMIT 1").fetchone()


# The tables whose records a list to choose from offers by their name
NAMED_TABLES = frozenset({"site", "server", "vm", "application", "backup", "equipment", "contact"})


def records_by_name(db, table: str, *extra: str) -> list[dict]:
    """``id``, ``name`` and the ``extra`` columns of every record of ``table``, in the order of
    their names: what a list to choose from offers (a holder, an application, a step's item)."""
    if table not in NAMED_TABLES or not all(column.isidentifier() for column in extra):
        raise ValueError(f"not a list of records by name: {table} {extra}")
    columns = ", ".join(("id", "name", *extra))
    return list(db.query(f"SELECT {columns} FROM {table} ORDER BY name COLLATE FRENCH"))
