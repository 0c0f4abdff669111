"""Data safety helpers: errors for full disks and locked files, SQLite error translation, and the
lock file that tells other SI Local processes (a second window, the command line) that a database
is already open for writing.

No Qt here. :func:`guard_writes` wraps ``db.atomic()`` so that every transaction (the one way the
app writes) turns SQLite's low-level failures into a one-line message for the user, after SQLite
has rolled the transaction back.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import socket
import sqlite3
from pathlib import Path

from .errors import DatabaseError, ReadOnlyDatabaseError, UserError
from .i18n import _

log = logging.getLogger(__name__)


class DiskFullError(DatabaseError):
    """The disk (or the database's size limit) is full; the transaction was rolled back."""


class DatabaseLockedError(DatabaseError):
    """Another program kept the database locked longer than the wait allowed."""


class AlreadyOpenError(DatabaseError):
    """Another SI Local process has this database open for writing."""


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


# errno values that say the medium is full (a quota counts as full for the user)
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def output_error(exc: OSError, path) -> UserError:
    """The one-line message for a file the user asked for (a PDF, a CSV, a pack) that could not
    be written: the disk is full, or another reason, naming the file."""
    if exc.errno in _FULL:
        return DiskFullError(_("{path}: disk full — the file was not written. Free some space on "
                               "the disk, then try again.").format(path=path))
    return UserError(_("{path}: the file cannot be written ({error}).").format(
        path=path, error=exc.strerror or exc))


@contextlib.contextmanager
def part_file(path):
    """Write a file the user asked for through ``name.part``::

        with part_file(path) as tmp:
            write(tmp)

    The ``.part`` file is renamed over ``path`` when the block ends; when anything fails it is
    removed (the user never finds half a file), and a failure to write it (disk full, no right,
    medium removed) becomes one line naming ``path`` instead of an unexpected error."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in _FULL or exc.filename in (None, str(tmp), str(path), tmp, path):
            raise output_error(exc, path) from exc
        raise  # another file (a font, a resource): not the user's to fix
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


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


# --- the lock file ----------------------------------------------------------------------------

def lock_path(db_path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """An OS lock on ``<database>.lock`` held while a process writes to the database.

    The lock is released by the OS when the process ends, even on a crash or ``kill -9``: a
    leftover file never blocks anyone. The file records who holds it (pid, host) for messages.
    """

    def __init__(self, db_path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._handle = None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another process does."""
        if self._handle is not None:
            return True
        try:
            handle = open(self.path, "a+")
        except OSError:  # read-only folder: nothing can be written anyway
            return True
        try:
            os.chmod(self.path, 0o600)
        except OSError:  # pragma: no cover
            pass
        if not _try_lock(handle):
            handle.close()
            return False
        if not _same_file(handle, self.path):  # released and removed by its holder meanwhile
            _unlock(handle)
            handle.close()
            return self.acquire()
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still locked: a newcomer then sees a fresh file
        try:
            _unlock(self._handle)
            self._handle.close()
        finally:
            self._handle = None

    def __enter__(self):
        if not self.acquire():
            raise AlreadyOpenError(already_open_message(self.db_path))
        return self

    def __exit__(self, *exc):
        self.release()


def _same_file(handle, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def holder(db_path) -> dict | None:
    """Who holds the lock of ``db_path`` (``{"pid", "host"}``), or None when nobody does."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    try:
        handle = open(path, "r+")
    except OSError:
        return None
    try:
        if _try_lock(handle):
            _unlock(handle)
            return None
        handle.seek(0)
        try:
            info = json.loads(handle.read() or "{}")
        except ValueError:
            info = {}
        return {"pid": info.get("pid"), "host": info.get("host")}
    finally:
        handle.close()


def already_open_message(db_path) -> str:
    who = holder(db_path) or {}
    return _("{path} is already open in another SI Local (process {pid} on {host}). "
             "Use that window, or close it first.").format(
        path=db_path, pid=who.get("pid") or "?", host=who.get("host") or "?")


if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

