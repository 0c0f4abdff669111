"""The lock file of a database (``<database>.lock``): it tells other SI Local processes (a second
window, the command line) that the database is already open for writing.

No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path

from .errors import DatabaseError
from .i18n import _


class AlreadyOpenError(DatabaseError):
    """Another SI Local process has this database open for writing."""


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
