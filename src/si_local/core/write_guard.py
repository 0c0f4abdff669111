"""The write guard of a database: every transaction (``db.atomic()``, the one way the app writes)
takes the write lock at its start, is refused on a read-only file, and turns SQLite's low-level
failures (disk full, locked, read-only) into a one-line message for the user after the rollback.
Also the change mark an import's plan carries, checked again when it is written.

No Qt here.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3

from .errors import DatabaseError, ReadOnlyDatabaseError, UserError
from .i18n import _

log = logging.getLogger(__name__)


class DiskFullError(DatabaseError):
    """The disk (or the database's size limit) is full; the transaction was rolled back."""


class DatabaseLockedError(DatabaseError):
    """Another program kept the database locked longer than the wait allowed."""


def read_only_message(path) -> str:
    return _("{path} is open read-only (the file or its folder cannot be written): "
             "changes cannot be saved.").format(path=path)


def translate_sqlite_error(exc: BaseException, path) -> DatabaseError | None:
    """The user-facing error for a SQLite failure we know how to explain (or a file write that
    ran out of disk space), else ``None``."""
    disk_full = isinstance(exc, OSError) and exc.errno == errno.ENOSPC
    if not (disk_full or isinstance(exc, sqlite3.Error)):
        return None
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None)
    if disk_full or code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DiskFullError(_(
            "{path}: disk full — the change was not saved (nothing was half-written). "
            "Free some space on the disk, then try again.").format(path=path))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseLockedError(_(
            "{path} is locked by another program (another SI Local, a backup or a synchronisation "
            "tool?). SI Local waited, then gave up; nothing was changed. Close the other program "
            "and try again.").format(path=path))
    if code == sqlite3.SQLITE_READONLY or "readonly database" in text or "read-only" in text:
        return ReadOnlyDatabaseError(read_only_message(path))
    return None


class DatabaseChangedError(UserError):
    """Another program (a second import, a window) wrote to the database between the preview of
    an import and its writing: nothing was written, the import is to be run again."""


def data_version(conn) -> int:
    """SQLite's ``PRAGMA data_version`` of ``conn`` (a connection): it changes when another
    connection commits to the file."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def change_mark(db) -> int | None:
    """A number that changes with every write to ``db``, whichever program makes it: the last
    entry of the audit trail (every table's triggers write one, no code path skips them).
    ``None`` for a database without a trail (nothing to compare)."""
    try:
        return db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
    except sqlite3.OperationalError:
        return None


def check_unchanged(db, mark: int | None) -> None:
    """Inside the write transaction of an import: refuse it when the database changed since its
    plan was made (``mark`` from :func:`change_mark` then; ``None``: not checked)."""
    if mark is not None and change_mark(db) != mark:
        raise DatabaseChangedError(_(
            "{path}: the database changed while this import was being prepared (another import "
            "or another window?); nothing was written. Run the import again.").format(
                path=getattr(db, "path", "?")))


def guard_writes(db) -> None:
    """Make ``db.atomic()`` refuse writes on a read-only database, take the write lock at the start
    (``BEGIN IMMEDIATE``: a locked file is waited for, up to the busy timeout, instead of failing
    half-way) and explain SQLite failures after the rollback. Nested blocks stay savepoints."""
    original = db.atomic
    path = getattr(db, "path", None) or "?"

    def explain(exc: sqlite3.Error):
        friendly = translate_sqlite_error(exc, path)
        if friendly is not None:
            log.warning("write refused on %s: %s", path, exc)
        return friendly

    @contextlib.contextmanager
    def atomic():
        if getattr(db, "read_only", False):
            raise ReadOnlyDatabaseError(read_only_message(path))
        conn = db.conn
        if conn.in_transaction:
            with original() as inner:  # a savepoint inside the outer transaction
                yield inner
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            friendly = explain(exc)
            if friendly is None:
                raise
            raise friendly from exc
        try:
            yield db
        except BaseException as exc:
            if conn.in_transaction:
                conn.rollback()
            friendly = explain(exc) if isinstance(exc, sqlite3.Error) else None
            if friendly is None:
                raise
            raise friendly from exc
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            friendly = explain(exc)
            if friendly is None:
                raise
            raise friendly from exc

    db.atomic = atomic
