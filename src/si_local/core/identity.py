"""Who a database is: a stable identity stored inside the file, created once.

Two files called ``si-local.sqlite`` in two folders are two databases; a file copied elsewhere
(a USB key, a second workstation, a test copy) is a *new* database from the moment it is opened
there for writing. Snapshots are filed under the identity (``snapshots/<identity>/``) and keyring
entries are named after it (``si-local/<identity>``), so nothing of one database is ever
rotated away, offered for recovery or overwritten by another.

The identity lives in the one-row table ``si_local_identity`` (step ``m008_identity``): a random
UUID, when it was created, the path of the file that last opened it for writing and, for a copy,
the identity it was copied from. Opening for writing *claims* the file (:func:`claim`):

- the recorded path is this file (or none is recorded yet): nothing to do;
- the recorded path is another file that still exists and holds the same identity: this file is a
  copy, it gets a new identity (``copied_from`` keeps the old one);
- otherwise the file was moved or renamed: the identity stays, the path is updated.

Each snapshot folder holds an ``about.json`` (identity, path, when) so that a file too damaged
to be read can still be matched with its snapshots by its path.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

TABLE = "si_local_identity"
ABOUT = "about.json"

# the table is created by step m008 (core/migrations: M008_IDENTITY_TABLE, frozen)


@dataclass(frozen=True)
class Identity:
    uuid: str
    path: str | None = None
    copied_from: str | None = None


def new_uuid() -> str:
    return uuid.uuid4().hex


def _row(conn) -> Identity | None:
    try:
        row = conn.execute(f"SELECT uuid, path, copied_from FROM {TABLE} WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return Identity(*row) if row else None


def read(db) -> Identity | None:
    """The identity of an open database (None before step m008)."""
    return _row(getattr(db, "conn", db))


def identity_of_file(path: Path | str) -> Identity | None:
    """The identity recorded in a file, read through SQLite (read-only); None when the file has
    none or cannot be read."""
    path = Path(path)
    if not path.is_file():
        return None
    from .snapshots import open_read_only

    try:
        conn = open_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return _row(conn)
    finally:
        conn.close()


def normalised(path: Path | str) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def _same_file(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _decide(current: Identity, path: Path) -> Identity | None:
    """The identity the file at ``path`` must hold, when it differs from ``current``."""
    here = normalised(path)
    if current.path == here:
        return None
    if current.path and not _same_file(current.path, path):
        other = identity_of_file(current.path)
        if other is not None and other.uuid == current.uuid:
            log.info("%s is a copy of %s: it gets an identity of its own", path, current.path)
            return Identity(new_uuid(), here, current.uuid)
    return Identity(current.uuid, here, current.copied_from)  # moved, renamed, or first claim


def claim(db, path: Path | str) -> Identity | None:
    """Record that ``db`` (open for writing) is the file at ``path``; a copy gets its own identity.

    Returns the identity in force. Never raises for a file it cannot update (read-only medium,
    locked): the identity is then the one recorded."""
    from .errors import UserError

    path = Path(path)
    current = read(db)
    if current is None:
        return None
    updated = _decide(current, path)
    if updated is None:
        write_about(current, path)
        return current
    try:
        with db.atomic():
            db.execute(f"UPDATE {TABLE} SET uuid = ?, path = ?, copied_from = ? WHERE id = 1",
                       [updated.uuid, updated.path, updated.copied_from])
    except (sqlite3.Error, UserError):
        log.warning("the identity of %s could not be updated", path, exc_info=True)
        return current
    write_about(updated, path)
    return updated


def claim_file(path: Path | str) -> Identity | None:
    """:func:`claim` for a file this process has not opened (a snapshot of a copied file that
    was never opened for writing). Returns the identity that is really this file's, or None when
    it has none, cannot be read, or is a copy that cannot be updated (read-only medium): never
    the identity of the file it was copied from."""
    path = Path(path)
    current = identity_of_file(path)
    if current is None:
        return None
    updated = _decide(current, path)
    if updated is None:
        write_about(current, path)
        return current
    try:
        conn = sqlite3.connect(str(path), timeout=5)
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                row = _row(conn)  # read again under the write lock
                if row is None or row.uuid != current.uuid:
                    return row
                conn.execute(f"UPDATE {TABLE} SET uuid = ?, path = ?, copied_from = ? "
                             "WHERE id = 1", [updated.uuid, updated.path, updated.copied_from])
        finally:
            conn.close()
    except sqlite3.Error:
        log.warning("the identity of %s could not be updated", path, exc_info=True)
        return updated if updated.uuid == current.uuid else None
    write_about(updated, path)
    return updated


def rewrite_file(path: Path | str, identity: Identity) -> None:
    """Give the (closed, private) file ``path`` the identity ``identity``: a restored copy becomes
    the database it replaces."""
    from .migrations import M008_IDENTITY_TABLE

    conn = sqlite3.connect(str(path))
    try:
        with conn:
            conn.execute(M008_IDENTITY_TABLE)  # a copy made before step m008 has no table yet
            conn.execute(f"INSERT OR REPLACE INTO {TABLE} (id, uuid, path, copied_from) "
                         "VALUES (1, ?, ?, ?)", [identity.uuid, identity.path, identity.copied_from])
    finally:
        conn.close()


# --- the snapshot folders' about.json ----------------------------------------------------------

def write_about(identity: Identity, db_path: Path | str) -> None:
    """Say in the identity's snapshot folder which file it belongs to (best effort)."""
    from .paths import snapshots_root

    folder = snapshots_root() / identity.uuid
    about = folder / ABOUT
    data = {"identity": identity.uuid, "path": normalised(db_path),
            "copied_from": identity.copied_from}
    try:
        if about.is_file() and json.loads(about.read_text(encoding="utf-8")) == data:
            return
        folder.mkdir(parents=True, exist_ok=True)
        part = about.with_name(ABOUT + ".part")
        part.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(part, about)
    except (OSError, ValueError):
        log.warning("could not write %s", about, exc_info=True)


def identity_by_path(db_path: Path | str) -> str | None:
    """The identity whose snapshot folder says it belongs to ``db_path`` (a file that cannot be
    read any more). None when no folder says so, or when several do (never guess)."""
    from .paths import snapshots_root

    here = normalised(db_path)
    found = []
    root = snapshots_root()
    if not root.is_dir():
        return None
    for about in root.glob(f"*/{ABOUT}"):
        try:
            data = json.loads(about.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("path") == here and data.get("identity"):
            found.append(str(data["identity"]))
    return found[0] if len(found) == 1 else None
