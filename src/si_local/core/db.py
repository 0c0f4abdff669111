"""Opening the database: pragmas, integrity check, migrations, refusal of newer files.

Every connection gets WAL (the rollback journal on a network share, see core/storage.py), foreign
keys, a busy timeout and ``synchronous=FULL`` (a committed change survives a power cut). Writes
go through ``with db.atomic():``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import contextlib
import functools
import logging
import os
import sqlite3
import time
from pathlib import Path

from sqlite_utils import Database

from . import audit, collation, identity, storage
from .errors import CorruptDatabaseError, DatabaseError, ForeignDatabaseError, NewerDatabaseError
from .i18n import _
from .migrations import migrations, unknown_applied
from .snapshots import is_lock_error, not_a_database, remove_leftovers, secure_file, take_snapshot
from .write_guard import DatabaseLockedError, guard_writes, translate_sqlite_error

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def _check_readable(path: Path) -> None:
    """Refuse a file we may not read. Asked of the OS (``os.access``), never by opening the file:
    on POSIX, closing any descriptor of a file drops all the process's locks on it, those of a
    connection this process already has on it (the window's) included. Whether it is a SQLite
    file at all is asked of SQLite itself (see :func:`_not_sqlite`)."""
    if not os.access(path, os.R_OK):
        raise DatabaseError(
            _("{path}: the file cannot be read (permission denied).").format(path=path)
        )


def _not_sqlite(path: Path) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        _("{path}: this file is not an SI Local database (not a SQLite file).").format(path=path)
    )


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        # a WAL file on a read-only medium is read from a private copy, its -wal included
        conn = storage.read_only_connection(path, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    audit.register_functions(conn)
    collation.register(conn)  # ORDER BY ... COLLATE FRENCH
    return conn


def _choose_journal(db: Database, path: Path) -> None:
    """WAL on a local disk; the rollback journal (DELETE) on a network share, where the memory WAL
    shares between programs (the -shm file) does not reach the other computers. A WAL file found
    on a share is checkpointed and switched; when another program has it open, that cannot be
    done safely and the file is refused."""
    if str(path) == ":memory:" or not storage.is_network(path):
        for attempt in range(100):
            try:
                db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                # two programs switching a new file to WAL at once: both hold a read lock and
                # want the write lock, so SQLite refuses one at once (its busy wait would
                # deadlock); the other's switch takes a moment, then this one finds WAL set
                if not is_lock_error(exc) or attempt == 99:
                    raise
                time.sleep(0.02)
    mode = db.execute("PRAGMA journal_mode").fetchone()[0].lower()
    if mode != "wal":
        db.execute("PRAGMA journal_mode = DELETE")
        return
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower()
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
        busy, mode = 1, "wal"
    if busy or mode != "delete":
        db.close()
        raise DatabaseLockedError(_(
            "{path} is on a network share and is open in another program (another SI Local, on "
            "this computer or another one): it cannot be switched to the journal a shared folder "
            "needs. Close it there and try again; nothing was changed.").format(path=path))
    log.info("%s is on a network share: WAL checkpointed, rollback journal from now on", path)


def integrity_problems(db: Database, quick: bool = True) -> list[str]:
    """The lines of ``PRAGMA quick_check`` (or ``integrity_check``) that are not ``ok``."""
    pragma = "quick_check" if quick else "integrity_check"
    return _problem_lines(row[0] for row in db.execute(f"PRAGMA {pragma}").fetchall())


def _problem_lines(rows) -> list[str]:
    """The problems SQLite reported, one per line: a row may hold several lines (« *** in database
    main *** » then « On tree page 169 cell 5: … »), and a message is shown on one line."""
    found: list[str] = []
    for row in rows:
        if row == "ok":
            continue
        for line in str(row).splitlines():
            line = line.strip()
            if line and not (line.startswith("***") and line.endswith("***")):
                found.append(line)
    return found


# Read page by page at every open: the records. The audit trail grows without end (a million rows
# after five years of daily use, 570 MB) and a whole-file check read all of it at each start
# (3 s). Its pages are read in full by ``si-local check`` (integrity_check of the whole file) and
# before any restore, not at open; a damaged audit page still fails the query that reads it.
_NOT_CHECKED_AT_OPEN = frozenset({"audit"})


def open_problems(db: Database) -> list[str]:
    """``quick_check`` of every table and its indexes but the audit trail: what opening checks."""
    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    if not set(tables) & _NOT_CHECKED_AT_OPEN:
        return integrity_problems(db)
    problems: list[str] = []
    for table in tables:
        if table in _NOT_CHECKED_AT_OPEN:
            continue
        quoted = table.replace('"', '""')
        problems += _problem_lines(
            row[0] for row in db.execute(f'PRAGMA quick_check("{quoted}")').fetchall())
    return problems


def has_user_tables(db: Database) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
        ).fetchone()
    )


def is_foreign(db: Database) -> bool:
    """The file holds tables but no record of SI Local's migrations: another program's database.

    A file whose only table is an empty migrations table (creation stopped before its first step)
    is ours. Read-only: nothing is written."""
    tables = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if not tables - {migrations.migrations_table}:
        return False
    if migrations.migrations_table not in tables:
        return True
    try:
        return not migrations.applied(db)
    except sqlite3.OperationalError:  # a migrations table of another shape: not ours
        return True


class _ReopenReadOnly(Exception):
    """Raised inside the opening steps: SQLite refused to write a file it can read."""


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    read_only: bool = False,
    migrate: bool = True,
    snapshot_before_migration: bool = True,
) -> Database:
    """Open (and by default create and migrate) an SI Local database.

    Raises :class:`DatabaseError` subclasses with a message for the user: missing file, not a
    SQLite file, damaged file, file written by a newer version.

    The checks run in this order, each a step below: the path (folder, missing, empty, not
    creatable, unreadable, too short, not writable), the connection and its pragmas (another
    program's tables, damage), a newer schema, the migrations (with a snapshot before them),
    then the identity of the file and what a killed restore left behind.
    """
    path = Path(path)
    existed, read_only = _check_path(path, create, read_only)
    try:
        db = _connect_checked(path, existed, read_only)
    except _ReopenReadOnly:
        return open_database(path, create=create, read_only=True, migrate=migrate,
                             snapshot_before_migration=snapshot_before_migration)
    if not existed:
        secure_file(path)
    _refuse_newer(db, path)
    db.path = path  # type: ignore[attr-defined]
    db.read_only = read_only  # type: ignore[attr-defined]
    guard_writes(db)  # read-only refusal; "disk full" and "locked" explained, after the rollback
    if migrate and not read_only:
        _migrate(db, path, existed, snapshot_before_migration)
    if not read_only and str(path) != ":memory:":
        _claim_identity(db, path)
    return db


def _check_path(path: Path, create: bool, read_only: bool) -> tuple[bool, bool]:
    """The checks on the path before any connection; returns (the file existed with content,
    read_only), read_only turned on for a file that cannot be written."""
    if str(path) != ":memory:" and path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file: give the path of the "
                              "database file itself (for example {example}).").format(
                                  path=path, example=path / "si-local.sqlite"))
    existed = path.exists() and path.stat().st_size > 0
    if not path.exists() and not create:
        raise DatabaseError(_("{path}: no such file.").format(path=path))
    if read_only and not existed and path.exists():  # nothing to read: no table, not even ours
        raise DatabaseError(_("{path}: empty file (0 bytes): it is not a database yet; opening "
                              "it in SI Local creates a new one.").format(path=path))
    if not existed and create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(_("{path}: the file cannot be created ({error}).").format(
                path=path, error=exc.strerror or exc)) from exc
    if existed:
        _check_readable(path)
        if path.stat().st_size < 100:  # shorter than SQLite's header, which SQLite takes as empty
            raise _not_sqlite(path)
        if not read_only and not _writable(path):
            read_only = True  # a read-only file, folder or medium: open it to read, and say so
    return existed, read_only


def _close_quietly(conn) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _connect_checked(path: Path, existed: bool, read_only: bool) -> Database:
    """Connect, set the pragmas and check an existing file: another program's tables, damage.
    Raises _ReopenReadOnly when SQLite refuses to write a file it could read."""
    conn = None
    try:
        conn = _connect(path, read_only)
        db = Database(conn, execute_plugins=False)  # no plugin scan: faster start, fewer surprises
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if existed and is_foreign(db):  # before anything that writes (journal_mode = WAL)
            db.close()
            raise ForeignDatabaseError(
                _("{path} is not an SI Local database (it holds tables of another program); "
                  "nothing was changed.").format(path=path))
        if not read_only:
            _choose_journal(db, path)
        db.execute("PRAGMA synchronous = FULL")
        problems = open_problems(db) if existed else []
    except UnicodeDecodeError:  # a damaged schema quoted in SQLite's message: damaged too
        _close_quietly(conn)
        raise CorruptDatabaseError(_("{path}: the database is damaged ({error}).").format(
            path=path, error=storage.not_utf8_schema())) from None
    except sqlite3.DatabaseError as exc:
        raise _opening_error(exc, conn, path, existed, read_only) from exc
    if problems:
        db.close()
        raise CorruptDatabaseError(
            _("{path}: the database is damaged ({error}).").format(path=path, error=problems[0])
        )
    return db


def _opening_error(exc: sqlite3.DatabaseError, conn, path: Path, existed: bool,
                   read_only: bool) -> Exception:
    """The error to raise for a SQLite error met while opening (or _ReopenReadOnly)."""
    if existed and not_a_database(exc):  # SQLite read the header: not one of its files
        _close_quietly(conn)
        return _not_sqlite(path)
    friendly = translate_sqlite_error(exc, path)
    if friendly is not None and not read_only and existed and "readonly" in str(exc).lower():
        return _ReopenReadOnly()
    if friendly is not None:
        return friendly
    if not existed:
        return DatabaseError(_("{path}: the file cannot be created ({error}).").format(
            path=path, error=exc))
    return CorruptDatabaseError(
        _("{path}: the database is damaged ({error}).").format(path=path, error=exc))


def _refuse_newer(db: Database, path: Path) -> None:
    newer = unknown_applied(db)
    if newer:
        db.close()
        raise NewerDatabaseError(
            _(
                "{path} was written by a newer version of SI Local (unknown steps: {steps}). "
                "Install the newer version to open it; nothing was changed."
            ).format(path=path, steps=", ".join(newer))
        )


def _migrate(db: Database, path: Path, existed: bool, snapshot_before_migration: bool) -> None:
    """Apply the pending steps, after a snapshot of a file that holds records."""
    pending = migrations.pending(db)
    if not pending:
        return
    if existed and snapshot_before_migration and has_user_tables(db):
        _snapshot_before_migration(db, path)
    try:
        _apply_migrations(db)
    except sqlite3.Error as exc:
        db.close()
        friendly = translate_sqlite_error(exc, path)
        if friendly is not None:
            raise friendly from exc
        raise DatabaseError(
            _("{path}: the database could not be updated ({error}); nothing was changed.")
            .format(path=path, error=exc)
        ) from exc
    log.info("migrations applied to %s: %d", path, len(pending))


def _snapshot_before_migration(db: Database, path: Path) -> None:
    before_identity = None
    if identity.read(db) is None:  # step m008 will give it: file the copy under it
        before_identity = identity.new_uuid()
        db._si_local_new_identity = before_identity  # type: ignore[attr-defined]
        identity.write_about(identity.Identity(before_identity), path)
    take_snapshot(path, "before-migration", identity=before_identity)


def _claim_identity(db: Database, path: Path) -> None:
    found = identity.claim(db, path)  # a copied file becomes a database of its own
    try:  # what a killed restore or snapshot left behind
        remove_leftovers(path, found.uuid if found else None)
    except OSError:
        log.warning("could not look for leftovers of %s", path, exc_info=True)


def _apply_migrations(db) -> None:
    """Apply the pending steps. Each step is its own transaction: when two programs create or
    update the same file at the same moment (two imports into a new file), the slower one fails
    on a table the other has just made (« table … already exists »). It then waits for the
    other's step to end (the write lock) and goes on with what is still pending; any other
    failure, or one where nobody made progress meanwhile, is a real one."""
    attempts = len(migrations.pending(db)) + 3  # the other program makes one step per attempt
    while True:
        before = [m.name for m in migrations.pending(db)]
        try:
            migrations.apply(db)
            return
        except sqlite3.Error as exc:
            if db.conn.in_transaction:
                db.conn.rollback()
            attempts -= 1
            if attempts <= 0:
                raise
            db.execute("BEGIN IMMEDIATE")  # waits (busy timeout) for the other program's step
            db.execute("ROLLBACK")
            after = [m.name for m in migrations.pending(db)]
            if not after:
                return
            if after == before and "already exists" not in str(exc):
                raise


@functools.lru_cache(maxsize=1)
def expected_tables() -> frozenset[str]:
    """The tables of a database with every step applied (built in memory once per process)."""
    fresh = open_database(":memory:")
    try:
        return frozenset(fresh.table_names())
    finally:
        fresh.close()


def missing_tables(db: Database) -> list[str]:
    """The tables a complete SI Local database has and ``db`` lacks (read-only)."""
    return sorted(expected_tables() - set(db.table_names()))


def _writable(path: Path) -> bool:
    """The file and its folder can be written (WAL needs its -wal and -shm files beside it)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)




T = TypeVar("T")


def read_only_call(db_path, fn: Callable[..., T], *args) -> T:
    """``fn(db, *args)`` on a connection of its own, read only, closed after: what a worker thread
    printing a document uses (a connection belongs to the thread that opened it)."""
    db = open_database(db_path, create=False, read_only=True)
    try:
        return fn(db, *args)
    finally:
        db.close()
