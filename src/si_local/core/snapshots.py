"""Consistent copies of the database, taken with SQLite's backup API (safe while in use).

Snapshots live in the data folder, ``snapshots/<database name>/``, one file per copy named
``<name>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite``. They are taken when the app closes, before
every migration, before every import and before a restore, then rotated: the last 10 are kept,
plus the newest of each of the last 8 weeks; the newest sound snapshot is never deleted.

Restoring checks the chosen file first (SQLite header, ``integrity_check``, an SI Local schema
this version knows), keeps the current file as a snapshot, then replaces it atomically.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import DatabaseError, UserError
from .i18n import N_, _
from .paths import snapshots_dir
from .safety import translate_sqlite_error
from . import clock

log = logging.getLogger(__name__)

KEEP_LAST = 10
KEEP_WEEKS = 8
SQLITE_HEADER = b"SQLite format 3\x00"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
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


def _ro_uri(path: Path, immutable: bool = False) -> str:
    return "file:" + quote(Path(path).resolve().as_posix()) + ("?immutable=1" if immutable else "?mode=ro")


def open_read_only(path: Path | str) -> sqlite3.Connection:
    """A read-only connection; falls back to ``immutable=1`` for a WAL file on a read-only medium
    (SQLite cannot create the ``-shm`` file there)."""
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError:
        if os.access(Path(path).parent, os.W_OK):
            raise
        return sqlite3.connect(_ro_uri(path, immutable=True), uri=True)


def backup_to(source: Path | str | sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``source`` (a path or an open connection) to ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
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


def take_snapshot(db_path: Path | str, reason: str, folder: Path | None = None,
                  rotate_after: bool = True) -> Path:
    """Copy the database to the snapshots folder; the file name says when and why."""
    db_path = Path(db_path)
    folder = folder or snapshots_dir(db_path)
    target = folder / f"{db_path.stem}-{_stamp()}-{reason}.sqlite"
    backup_to(db_path, target)
    log.info("snapshot %s taken (%s)", target, reason)
    if rotate_after:
        try:
            rotate(folder)
        except OSError:  # rotation must never make a snapshot fail
            log.exception("snapshot rotation failed in %s", folder)
    return target


def snapshot_before(db_or_path, reason: str) -> Path | None:
    """A snapshot before a risky operation (an import, a restore). ``db_or_path`` is an open
    sqlite-utils Database (its file is copied) or a path. Returns None for a database that has
    no file (in memory) or no file yet."""
    path = getattr(db_or_path, "path", db_or_path)
    if path is None or isinstance(path, sqlite3.Connection):
        return None
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    return take_snapshot(path, reason)


# --- listing, soundness, rotation --------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return _(REASONS[self.reason]) if self.reason in REASONS else self.reason


def parse_name(path: Path) -> tuple[dt.datetime, str] | None:
    match = _NAME.search(Path(path).name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), STAMP_FORMAT), match.group(2)
    except ValueError:
        return None


def list_snapshots(db_path: Path | str | None = None, folder: Path | None = None) -> list[Snapshot]:
    """The snapshots of a database, newest first."""
    folder = folder or snapshots_dir(db_path)
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
    """Why ``path`` is not a sound SQLite file (a sentence for the user), or None when it is."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        return _("the file cannot be read ({error})").format(error=exc.strerror or exc)
    if header != SQLITE_HEADER:
        return _("it is not a SQLite database")
    try:
        conn = open_read_only(path)
    except sqlite3.OperationalError as exc:
        return _("it cannot be opened ({error})").format(error=exc)
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed", …
        return _("it is damaged ({error})").format(error=exc)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.Error as exc:
        return _("it is damaged ({error})").format(error=exc)
    finally:
        conn.close()
    bad = [row for row in rows if row != "ok"]
    if bad:
        return _("it is damaged ({error})").format(error=bad[0])
    return None


def is_good(path: Path | str) -> bool:
    return file_problem(path) is None


def latest_good_snapshot(db_path: Path | str) -> Snapshot | None:
    """The newest snapshot of ``db_path`` that passes ``integrity_check`` and is restorable."""
    for snap in list_snapshots(db_path):
        if snap.reason == "damaged":
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
        log.info("rotation deleted %d snapshot(s) in %s", len(deleted), folder)
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
    """Keep the current file as a snapshot before it is replaced (a raw copy when it is damaged)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    if is_good(db_path):
        return take_snapshot(db_path, "before-restore", rotate_after=False)
    folder = snapshots_dir(db_path)
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
    from .safety import AlreadyOpenError, already_open_message, holder

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
    part = db_path.with_name(db_path.name + ".restore.part")
    part.unlink(missing_ok=True)
    backup_to(source, part)  # our own copy first: the source may be on a USB key
    kept = keep_current(db_path)
    if db_path.exists() and is_good(db_path):
        conn = sqlite3.connect(db_path)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
        if busy:
            part.unlink(missing_ok=True)
            raise DatabaseError(_("{path} is in use by another program; nothing was restored.")
                                .format(path=db_path))
    for sidecar in _sidecars(db_path):
        sidecar.unlink(missing_ok=True)
    os.replace(part, db_path)
    secure_file(db_path)
    log.info("restored %s from %s (previous file kept as %s)", db_path, source, kept)
    return kept
