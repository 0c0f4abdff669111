"""Consistent copies of the database, taken with SQLite's backup API (safe while in use).

Snapshots are filed under the database's identity (core/identity.py), never under its file name:
``<data folder>/snapshots/<identity>/<name>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite``. Two files
with the same name in two folders, or a file and its copy, have separate folders; a file that
cannot be read any more is matched with its folder by the ``about.json`` it holds; a file with no
identity yet goes to ``unidentified/<name>-<hash of its path>/``. Folders of versions that filed
by name are moved, untouched, to ``legacy/<name>/``: they are listed apart ("older copies, check
before restoring"), never chosen for an automatic recovery and never rotated.

They are taken when the app closes, before every migration, before every import and before a
restore, then rotated: the last 10 are kept, plus the newest of each of the last 8 weeks; the
newest sound snapshot is never deleted.

Restoring checks the chosen file first (SQLite header, ``integrity_check``, an SI Local schema
this version knows), keeps the current file as a snapshot, then replaces it atomically.

A database file (or its ``-wal``/``-shm``) is never opened with Python's ``open()`` while this
process may hold a SQLite connection to it: on POSIX, closing any descriptor of a file releases
all the process's locks on it, the connection's included, and another program would then believe
nobody has the file open, checkpoint and delete its WAL. Headers are read through SQLite (which
keeps the descriptors of a file it has locked open until the last connection closes). The one raw
copy left, of a file SQLite cannot read (:func:`keep_current`), happens during a restore, after
the caller closed its connections.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import errno
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import DatabaseError, UserError
from .i18n import N_, _
from .paths import snapshots_root
from .write_guard import DatabaseLockedError, translate_sqlite_error
from . import clock, collation, identity as ident, storage

log = logging.getLogger(__name__)

KEEP_LAST = 10
KEEP_WEEKS = 8
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_IDENTITY_FOLDER = re.compile(r"^[0-9a-f]{32}$")
LEGACY = "legacy"
UNIDENTIFIED = "unidentified"
_NAME = re.compile(r"-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite$")

REASONS = {
    "on-close": N_("when the app closed"),
    "before-migration": N_("before an update of the file"),
    "before-import": N_("before an import"),
    "before-restore": N_("before a restore"),
    "manual": N_("asked by the user"),
    "damaged": N_("damaged file kept aside"),
}


def secure_file(path: Path) -> None:
    """Readable and writable by the OS user only, where the OS supports it."""
    try:
        os.chmod(path, 0o600)
    except OSError:  # pragma: no cover - e.g. FAT USB keys
        pass


def open_read_only(path: Path | str) -> sqlite3.Connection:
    """A read-only connection that sees every committed change: a WAL file on a read-only medium
    (SQLite cannot create its ``-shm`` there) is read from a private copy of the file and its
    ``-wal`` (core/storage.py), never with ``immutable=1``, which would ignore the ``-wal``."""
    conn = storage.read_only_connection(path)
    collation.register(conn)
    return conn


def not_a_database(exc: BaseException) -> bool:
    """SQLite refused the file as not a database (its header is not SQLite's)."""
    return isinstance(exc, sqlite3.DatabaseError) and (
        getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB
        or "file is not a database" in str(exc).lower())


def backup_to(source: Path | str | sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``source`` (a path or an open connection) to ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_path(target)
    if tmp.exists():
        tmp.unlink()
    own = not isinstance(source, sqlite3.Connection)
    src = open_read_only(source) if own else source
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        friendly = translate_sqlite_error(exc, target) or DatabaseError(
            _("{path}: the copy could not be written ({error}).").format(path=target, error=exc))
        raise friendly from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if own:
            src.close()
    secure_file(tmp)
    os.replace(tmp, target)
    return target


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or clock.now()).strftime(STAMP_FORMAT)


# --- where a database's snapshots live ---------------------------------------------------------

_migrated: set[str] = set()


def migrate_legacy_folders(root: Path | None = None) -> list[Path]:
    """Move the folders named after a file (earlier versions) to ``legacy/``, untouched.
    Returns the new places. Runs once per process and root folder; never deletes anything."""
    root = Path(root or snapshots_root())
    key = str(root)
    if key in _migrated or not root.is_dir():
        return []
    moved = []
    for folder in sorted(root.iterdir()):
        name = folder.name
        if not folder.is_dir() or name in (LEGACY, UNIDENTIFIED) or _IDENTITY_FOLDER.match(name):
            continue
        target = root / LEGACY / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                os.replace(folder, target)
            else:  # moved before, and filled again by an older version since: merge
                for item in folder.iterdir():
                    dest = target / item.name
                    if dest.exists():
                        dest = target / f"{item.stem}-{_stamp()}{item.suffix}"
                    os.replace(item, dest)
                folder.rmdir()
            moved.append(target)
            log.info("snapshot folder %s moved to %s (filed by name, before identities)",
                     folder, target)
        except OSError:
            log.warning("could not move the old snapshot folder %s", folder, exc_info=True)
    _migrated.add(key)
    return moved


def identity_for(db_path: Path | str) -> str | None:
    """The identity of the database at ``db_path``: read in the file, or, for a file that
    cannot be read, from the ``about.json`` of its snapshot folder."""
    if ident.identity_of_file(db_path) is not None:
        found = ident.claim_file(db_path)  # a copy never opened for writing is claimed now
        return found.uuid if found is not None else None
    return ident.identity_by_path(db_path)


def folder_for(db_path: Path | str, identity: str | None = None) -> Path:
    """The snapshot folder of the database at ``db_path`` (created)."""
    root = snapshots_root()
    root.mkdir(parents=True, exist_ok=True)
    migrate_legacy_folders(root)
    identity = identity or identity_for(db_path)
    if identity and _IDENTITY_FOLDER.match(identity):
        folder = root / identity
    else:
        digest = hashlib.sha1(ident.normalised(db_path).encode("utf-8")).hexdigest()[:10]
        folder = root / UNIDENTIFIED / f"{Path(db_path).stem}-{digest}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def legacy_folder(db_path: Path | str) -> Path:
    """Where copies filed by this file's name before identities were kept (may not exist)."""
    root = snapshots_root()
    migrate_legacy_folders(root)
    return root / LEGACY / Path(db_path).stem


def take_snapshot(db_path: Path | str, reason: str, folder: Path | None = None,
                  rotate_after: bool = True, identity: str | None = None) -> Path:
    """Copy the database to its snapshot folder; the file name says when and why."""
    db_path = Path(db_path)
    folder = folder or folder_for(db_path, identity)
    target = folder / f"{db_path.stem}-{_stamp()}-{reason}.sqlite"
    backup_to(db_path, target)
    log.info("snapshot %s taken (%s)", target, reason)
    if rotate_after:
        try:
            rotate(folder)
        except OSError:  # rotation must never make a snapshot fail
            log.exception("snapshot rotation failed in %s", folder)
    return target


# --- listing, soundness, rotation --------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    legacy: bool = False  # filed by name by an earlier version: maybe another database's

    @property
    def reason_label(self) -> str:
        label = _(REASONS[self.reason]) if self.reason in REASONS else self.reason
        if self.legacy:
            label += " — " + _("older copy filed by file name: check it is this database")
        return label


def parse_name(path: Path) -> tuple[dt.datetime, str] | None:
    match = _NAME.search(Path(path).name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), STAMP_FORMAT), match.group(2)
    except ValueError:
        return None


def list_snapshots(db_path: Path | str | None = None, folder: Path | None = None,
                   legacy: bool = False) -> list[Snapshot]:
    """The snapshots of a database (or of a folder), newest first. With ``legacy``, also the
    copies filed under its file name by earlier versions (marked ``legacy``), after its own."""
    own = _list_folder(folder or folder_for(db_path))
    if legacy and db_path is not None:
        own += [Snapshot(s.path, s.taken_at, s.reason, s.size, legacy=True)
                for s in _list_folder(legacy_folder(db_path))]
    return own


def _list_folder(folder: Path) -> list[Snapshot]:
    found = []
    if not folder.is_dir():
        return found
    for path in folder.glob("*.sqlite"):
        parsed = parse_name(path)
        if parsed is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(Snapshot(path, parsed[0], parsed[1], size))
    return sorted(found, key=lambda s: s.taken_at, reverse=True)


def file_problem(path: Path | str) -> str | None:
    """Why ``path`` is not a sound SQLite file (a sentence for the user), or None when it is.

    Read through SQLite only, never ``open()``: safe on the file this process has open."""
    return _problem(path)[0]


def _problem(path: Path | str) -> tuple[str | None, bool]:
    """(why ``path`` is not a sound SQLite file or None, whether it is only locked)."""
    path = Path(path)
    try:
        size = path.stat().st_size  # no descriptor opened
    except OSError as exc:
        return _("the file cannot be read ({error})").format(error=exc.strerror or exc), False
    if size == 0:
        return _("it is not a SQLite database"), False
    if not os.access(path, os.R_OK):
        return _("the file cannot be read ({error})").format(error=os.strerror(errno.EACCES)), False
    locked = _("it is locked by another program ({error})")
    try:
        conn = open_read_only(path)
    except sqlite3.OperationalError as exc:
        if is_lock_error(exc):
            return locked.format(error=exc), True
        return _("it cannot be opened ({error})").format(error=exc), False
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed", …
        if not_a_database(exc):
            return _("it is not a SQLite database"), False
        return _("it is damaged ({error})").format(error=exc), False
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.Error as exc:
        if is_lock_error(exc):
            return locked.format(error=exc), True
        if not_a_database(exc):
            return _("it is not a SQLite database"), False
        return _("it is damaged ({error})").format(error=exc), False
    finally:
        conn.close()
    bad = [row for row in rows if row != "ok"]
    if bad:
        return _("it is damaged ({error})").format(error=bad[0]), False
    return None, False


def is_lock_error(exc: BaseException) -> bool:
    """SQLite said "busy" or "locked": another program holds the file, which is not damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text or "busy" in text


def is_good(path: Path | str) -> bool:
    return file_problem(path) is None


def latest_good_snapshot(db_path: Path | str) -> Snapshot | None:
    """The newest snapshot of ``db_path`` that passes ``integrity_check``, is restorable and is
    a copy of this very database (never one of another identity, never a legacy copy)."""
    own = identity_for(db_path)
    for snap in list_snapshots(db_path):
        if snap.reason == "damaged":
            continue
        theirs = ident.identity_of_file(snap.path)
        if theirs is not None and theirs.uuid != own:
            log.warning("snapshot %s belongs to another database (%s): skipped", snap.path,
                        theirs.uuid)
            continue
        try:
            check_restorable(snap.path)
        except UserError:
            continue
        return snap
    return None


def rotate(folder: Path, now: dt.datetime | None = None, keep_last: int = KEEP_LAST,
           weeks: int = KEEP_WEEKS) -> list[Path]:
    """Delete the snapshots no longer needed; returns the deleted paths.

    Kept: the ``keep_last`` newest; the newest of each of the last ``weeks`` weeks; and, when none
    of those is sound, the newest sound one (never delete the only good copy).
    """
    now = now or clock.now()
    snaps = list_snapshots(folder=folder)
    keep = {s.path for s in snaps[:keep_last]}
    for week in range(weeks):
        start = now - dt.timedelta(days=7 * (week + 1))
        end = now - dt.timedelta(days=7 * week)
        in_week = [s for s in snaps if start < s.taken_at <= end]
        if in_week:
            keep.add(in_week[0].path)
    kept = [s for s in snaps if s.path in keep]
    if not any(s.reason != "damaged" and is_good(s.path) for s in kept):
        for s in snaps:
            if s.path not in keep and s.reason != "damaged" and is_good(s.path):
                keep.add(s.path)
                break
    deleted = []
    for s in snaps:
        if s.path not in keep:
            try:
                s.path.unlink()
                Path(str(s.path) + "-wal").unlink(missing_ok=True)
                deleted.append(s.path)
            except OSError:
                log.warning("could not delete old snapshot %s", s.path)
    if deleted:
        log.info("snapshots deleted by the rotation in %s: %d", folder, len(deleted))
    return deleted


# --- restore ---------------------------------------------------------------------------------

def check_restorable(path: Path | str) -> int:
    """Raise :class:`DatabaseError` unless ``path`` is a sound SI Local database this version can
    open. Returns the number of schema steps it holds."""
    from .migrations import MIGRATION_SET, known_names

    path = Path(path)
    if not path.is_file():
        raise DatabaseError(_("{path}: no such file.").format(path=path))
    problem = file_problem(path)
    if problem:
        raise DatabaseError(_("{path} cannot be restored: {problem}.").format(path=path, problem=problem))
    conn = open_read_only(path)
    try:
        try:
            names = [row[0] for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
        except sqlite3.Error:
            names = []
    finally:
        conn.close()
    if not names:
        raise DatabaseError(_("{path} cannot be restored: it is not an SI Local database.")
                            .format(path=path))
    unknown = [n for n in names if n not in set(known_names())]
    if unknown:
        raise DatabaseError(_(
            "{path} cannot be restored: it was written by a newer version of SI Local "
            "(unknown steps: {steps}).").format(path=path, steps=", ".join(unknown)))
    return len(names)


def _sidecars(db_path: Path) -> list[Path]:
    return [Path(str(db_path) + suffix) for suffix in ("-wal", "-shm", "-journal")]


def keep_current(db_path: Path) -> Path | None:
    """Keep the current file as a snapshot before it is replaced (a raw copy when it is damaged).

    Called by :func:`restore`, whose caller has closed its connections to ``db_path``: the raw
    copy's ``open()``/``close()`` then releases no lock of ours (a damaged file gives restore no
    write lock to hold: :func:`take_write_lock` returns None for it)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    problem, locked = _problem(db_path)
    if problem is None:
        return take_snapshot(db_path, "before-restore", rotate_after=False)
    if locked:  # a locked file is not a damaged file: it is never archived as one
        raise DatabaseLockedError(_in_use(db_path))
    folder = folder_for(db_path)
    target = folder / f"{db_path.stem}-{_stamp()}-damaged.sqlite"
    shutil.copyfile(db_path, target)
    secure_file(target)
    wal = Path(str(db_path) + "-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + "-wal"))
        secure_file(Path(str(target) + "-wal"))
    return target


def restore(db_path: Path | str, source: Path | str, check_lock: bool = True) -> Path | None:
    """Replace ``db_path`` by ``source`` after checking it; returns the snapshot of the old file.

    The caller closes its own connections first. ``check_lock`` refuses when another SI Local
    process holds the database (the GUI, which owns the lock itself, passes False).
    """
    from .lock_file import AlreadyOpenError, already_open_message, holder

    db_path = Path(db_path)
    source = Path(source)
    check_restorable(source)
    if source.resolve() == db_path.resolve():
        raise UserError(_("{path} is the database itself; choose a snapshot or another file.")
                        .format(path=source))
    if check_lock and holder(db_path):
        raise AlreadyOpenError(already_open_message(db_path))
    if not os.access(db_path.parent, os.W_OK):
        raise DatabaseError(_("{folder}: the folder cannot be written; nothing was restored.")
                            .format(folder=db_path.parent))
    lock = take_write_lock(db_path)  # refuses, in one line, when another program writes it
    part = part_path(db_path, ".restore")
    try:
        backup_to(source, part)  # our own copy first: the source may be on a USB key
        current = ident.identity_of_file(db_path)
        uuid = current.uuid if current else ident.identity_by_path(db_path)
        if uuid:  # the restored file is this database again (its snapshots, its keyring entries)
            ident.rewrite_file(part, ident.Identity(uuid, ident.normalised(db_path),
                                                    current.copied_from if current else None))
        kept = keep_current(db_path)  # read while we hold the write lock: nothing can change
    except BaseException:
        part.unlink(missing_ok=True)
        _release(lock)
        raise
    _release(lock)
    # Everything committed is in the kept snapshot. A program that started reading or writing in
    # the meantime keeps the WAL busy: its work must not be lost, nothing is replaced.
    if lock is not None and _checkpoint_busy(db_path):
        part.unlink(missing_ok=True)
        raise DatabaseLockedError(_in_use(db_path))
    for sidecar in _sidecars(db_path):
        sidecar.unlink(missing_ok=True)
    os.replace(part, db_path)
    secure_file(db_path)
    log.info("restored %s from %s (previous file kept as %s)", db_path, source, kept)
    return kept


LOCK_WAIT_SECONDS = 2.0


def _in_use(db_path: Path) -> str:
    return _("{path} is being written by another program (it holds the database's write lock); "
             "nothing was restored. Close that program, then try again.").format(path=db_path)


def take_write_lock(db_path: Path) -> sqlite3.Connection | None:
    """A connection holding the write lock of ``db_path`` (``BEGIN IMMEDIATE``: other programs
    can still read, none can write), or None for a file that is not a readable database (missing,
    empty, damaged: nothing to protect). Raises :class:`DatabaseLockedError` when another program
    holds the lock beyond a short wait."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(str(db_path), timeout=LOCK_WAIT_SECONDS, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        if is_lock_error(exc):
            raise DatabaseLockedError(_in_use(db_path)) from exc
        return None  # damaged or not a database: it is replaced and kept aside as it is
    return conn


def _checkpoint_busy(db_path: Path) -> bool:
    try:
        conn = sqlite3.connect(str(db_path), timeout=LOCK_WAIT_SECONDS)
        try:
            return bool(conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return is_lock_error(exc)


def _release(conn: sqlite3.Connection | None) -> None:
    if conn is None:
        return
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
    conn.close()


# --- what an interrupted copy leaves behind ---------------------------------------------------------

_PART = re.compile(r"\.(\d+)\.part$")


def part_path(target: Path, infix: str = "") -> Path:
    """Where a copy is written before it is renamed into place: ``<name><infix>.<pid>.part``. The
    process id lets the next start remove what a killed process left, and only that."""
    return target.with_name(f"{target.name}{infix}.{os.getpid()}.part")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def remove_leftovers(db_path: Path | str, identity: str | None = None) -> list[Path]:
    """Remove the ``.part`` files a killed restore or snapshot of ``db_path`` left (beside the file
    and in its snapshot folder); a copy still being written by a live process is left alone."""
    db_path = Path(db_path)
    places = [(db_path.parent, f"{db_path.name}.restore.*.part")]
    try:
        places.append((folder_for(db_path, identity), "*.part"))
    except OSError:
        pass
    removed = []
    for folder, pattern in places:
        for path in folder.glob(pattern):
            match = _PART.search(path.name)
            if match and _alive(int(match.group(1))):
                continue
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                log.warning("could not remove the leftover %s", path)
    if removed:
        log.info("leftover files of an interrupted copy removed (%d): %s", len(removed),
                 ", ".join(str(p) for p in removed))
    return removed
