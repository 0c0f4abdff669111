"""The rows of a bundle: which tables travel, in which order, how values are written to JSON and
read back, and the columns that never leave a database (split out of bundle.py)."""

from __future__ import annotations

import base64
import json
from typing import Any

from ..i18n import _
from .common import file_error

FORMAT = "si-local-bundle"
VERSION = 1
# The programs' names and releases are the search's index of the installed programs: made again
# from the lists (``software_list.content``) by the import (see core/software_lists.py).
EXCLUDED_TABLES = ("audit", "_sqlite_migrations", "si_local_identity", "software_name",
                   "software_release")
# Columns that belong to one database only and never travel: the keyring entry of a credential
# reference. An imported reference gets a key of its own (its secret is to be entered again); a
# key written in a bundle by hand is ignored.
PRIVATE_COLUMNS = {"secret_ref": ("key", "service"),
                   # the ids of a list's releases in this database: made again on import
                   "software_list": ("releases",)}


# Records a database always holds, one per table, recognised by a flag column set to 1: the row
# of a bundle with the flag is the same record as the database's own, whatever its name or text.
STABLE_KEYS = {"continuity_scenario": "is_mandatory"}


def _stable_key(table: str, row: dict[str, Any]) -> str | None:
    flag = STABLE_KEYS.get(table)
    return flag if flag is not None and row.get(flag) == 1 else None


def canonical(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps(tables, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _table_names(db) -> list[str]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    names = []
    for name, _sql in rows:
        if name in EXCLUDED_TABLES or name in virtual:
            continue
        if any(name.startswith(v + "_") for v in virtual):  # shadow tables of a virtual table
            continue
        names.append(name)
    return names


def _foreign_keys(db, table: str) -> list[tuple[str, str, bool]]:
    """(column, referenced table, column is NOT NULL) of each foreign key of ``table``."""
    notnull = {r[1]: bool(r[3]) for r in db.execute(f'PRAGMA table_info("{table}")').fetchall()}
    return [(r[3], r[2], notnull.get(r[3], False))
            for r in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()]


def bundle_tables(db) -> list[str]:
    """The tables a bundle covers, parents before children (foreign-key order)."""
    names = _table_names(db)
    deps = {t: {ref for _c, ref, _n in _foreign_keys(db, t) if ref != t and ref in names} for t in names}
    ordered: list[str] = []
    done: set[str] = set()
    while len(ordered) < len(names):
        ready = sorted(t for t in names if t not in done and deps[t] <= done)
        if not ready:  # a cycle between tables: keep the rest in name order (FKs are deferred)
            ready = sorted(t for t in names if t not in done)
        for t in ready:
            ordered.append(t)
            done.add(t)
    return ordered


def _columns(db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")').fetchall()]


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def _check_binary(path, table: str, column: str, value: Any) -> None:
    """A value that is not text, a number or null must be ``{"$base64": "…"}`` holding valid
    base64; anything else (a crafted object, a list, broken base64) refuses the bundle."""
    import binascii

    if isinstance(value, dict) and set(value) == {"$base64"} and isinstance(value["$base64"], str):
        try:
            base64.b64decode(value["$base64"], validate=True)
            return
        except (binascii.Error, ValueError):
            pass
    raise file_error(path, _("{table}, {column}: the value is neither text, a number nor valid "
                             "base64 data; nothing was imported.").format(table=table,
                                                                         column=column))


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def _decode_row(row: dict[str, Any]) -> dict[str, Any]:
    if any(isinstance(v, dict) for v in row.values()):
        return {c: _decode(v) for c, v in row.items()}
    return dict(row)  # no BLOB in it (the common case): a plain copy is much faster


def table_rows(db, table: str) -> list[dict[str, Any]]:
    columns = _columns(db, table)
    order = "id" if "id" in columns else "rowid"
    quoted = ", ".join(f'"{c}"' for c in columns)
    return [dict(zip(columns, (_encode(v) for v in row), strict=True))
            for row in db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}').fetchall()]


def _without_private(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    private = PRIVATE_COLUMNS.get(table)
    if not private:
        return rows
    return [{c: v for c, v in row.items() if c not in private} for row in rows]


def _with_own_keys(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row about to be inserted gets this database's own private values."""
    if table == "secret_ref":
        import uuid

        row = {c: v for c, v in row.items() if c not in PRIVATE_COLUMNS[table]}
        row["key"] = uuid.uuid4().hex
    return row
