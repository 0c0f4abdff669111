"""The audit trail: SQLite triggers record every insert, update and delete.

Triggers (not Python code) fill the ``audit`` table, so no code path can skip it. The OS user comes
from the SQL function ``si_local_user()``, registered on every connection opened by
:func:`si_local.core.db.open_database`. The trail itself cannot be changed: triggers on ``audit``
refuse updates and deletes. It is kept bounded by :func:`archive_old` (``si-local audit archive``),
which moves old entries to a CSV file, then deletes them, and records that it did.

The table and its triggers are created by the migrations (``core/migrations``: step m001 creates
``audit``, each area's step the triggers of its tables), never by this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service contexts
        return "?"


def register_functions(conn: sqlite3.Connection) -> None:
    user = os_user()
    conn.create_function("si_local_user", 0, lambda: user, deterministic=True)


def drop_audit_triggers(db) -> None:
    """Drop every audit trigger: for a private copy nobody audits (the in-memory databases the
    group consolidation reads bundles into), where recording every row loaded would only cost
    time."""
    for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' "
            "ESCAPE '\\'").fetchall():
        db.execute(f'DROP TRIGGER "{name}"')


# --- reading the trail (the viewer, the CSV export, ``si-local audit``) ---------------------------

AUDIT_COLUMNS = ["id", "at", "os_user", "table_name", "row_id", "action", "before", "after"]


def audited_tables(db) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT DISTINCT table_name FROM audit ORDER BY table_name").fetchall()]


def query(db, table: str | None = None, since: str | None = None, until: str | None = None,
          limit: int | None = None) -> list[dict]:
    """Entries of the trail, newest first. ``since``/``until`` are ISO dates (inclusive)."""
    where, params = [], []
    if table:
        where.append("table_name = ?")
        params.append(table)
    if since:
        where.append("at >= ?")
        params.append(str(since)[:10])
    if until:
        where.append("at < date(?, '+1 day')")
        params.append(str(until)[:10])
    sql = "SELECT " + ", ".join(AUDIT_COLUMNS) + " FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in db.execute(sql, params).fetchall()]


def changes(entry: dict) -> list[tuple[str, object, object]]:
    """(column, before, after) of the columns an entry changed (all columns for insert/delete)."""
    import json

    before = json.loads(entry["before"]) if entry.get("before") else {}
    after = json.loads(entry["after"]) if entry.get("after") else {}
    out = []
    for column in list(dict.fromkeys([*before.keys(), *after.keys()])):
        old, new = before.get(column), after.get(column)
        if entry["action"] == "update" and old == new:
            continue
        if entry["action"] != "update" and old is None and new is None:
            continue
        out.append((column, old, new))
    return out


def describe(entry: dict) -> str:
    """A readable one-line summary: ``name: "A" → "B"; notes: "" → "x"``."""
    def show(value) -> str:
        if value is None:
            return "∅"
        text = str(value).replace("\n", " ")
        return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"

    parts = []
    for column, old, new in changes(entry):
        if entry["action"] == "insert":
            parts.append(f"{column}: {show(new)}")
        elif entry["action"] == "delete":
            parts.append(f"{column}: {show(old)}")
        else:
            parts.append(f"{column}: {show(old)} → {show(new)}")
    return "; ".join(parts)


# the raw columns (for auditors) and, after the action, the entry as a register line in French
# (core/audit_register.py, passed in as ``line``)
CSV_HEADER = ["id", "at", "os_user", "table", "row_id", "action", "description", "changes", "before",
              "after"]


def _write_csv(path: Path, rows, sync: bool = False, line=None) -> int:
    """Write trail entries (dicts of AUDIT_COLUMNS) to ``path`` through ``path.part``; returns the
    count. ``sync``: the file and its folder are flushed to the disk before this returns.
    ``line(entry)``: the entry's description (``audit_register.Register.line``)."""
    from . import spreadsheet

    from .output_file import part_file

    count = 0
    with part_file(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        os.chmod(tmp, 0o600) if os.name != "nt" else None
        writer = spreadsheet.writer(handle, delimiter=";")
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow([row["id"], row["at"], row["os_user"], row["table_name"],
                             row["row_id"], row["action"], line(row) if line else "",
                             describe(row), row["before"] or "",
                             row["after"] or ""])
            count += 1
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    if sync and os.name != "nt":  # the rename itself on the disk
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return count


def export_csv(db, path, table: str | None = None, since: str | None = None,
               until: str | None = None, line=None) -> int:
    """Write the (filtered) trail to a CSV file readable by a spreadsheet; returns the row count.

    UTF-8 with BOM and ``;`` separators (what French spreadsheets expect); written to
    ``name.part`` then renamed; readable by the OS user only.
    """
    return _write_csv(Path(path), query(db, table=table, since=since, until=until), line=line)


# --- keeping the trail bounded (``si-local audit archive``) ---------------------------------------

# Three years stay in the database: the last three yearly reviews (self-diagnostic campaigns,
# restore tests, plan revisions) can be checked in the application; older entries go to a CSV file
# the facility keeps as long as its own rules say. At the pace of the five-year benchmark (200,000
# entries a year) that is about 300 MB of trail at most.
DEFAULT_KEEP_YEARS = 3


def default_cutoff(today: dt.date, keep_years: int = DEFAULT_KEEP_YEARS) -> dt.date:
    """The day ``keep_years`` before ``today`` (28 February for a 29th): entries older go."""
    try:
        return today.replace(year=today.year - keep_years)
    except ValueError:
        return today.replace(year=today.year - keep_years, day=28)


def default_archive_path(db_path, before: dt.date) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}-audit-before-{before.isoformat()}.csv")


@dataclass
class Archived:
    count: int  # entries written to the archive and removed from the database
    before: dt.date
    path: Path | None  # None when there was nothing to archive


def archive_old(db, before: dt.date, path, line=None) -> Archived:
    """Move the entries recorded before ``before`` (a date, UTC as the trail) to a CSV file.

    The file is written in full, flushed to the disk and renamed before anything is deleted; a
    file that cannot be written deletes nothing. The entries are then deleted in one transaction
    (the ``audit_no_delete`` trigger is lifted inside it and put back before the commit, so no
    other connection ever sees the trail unguarded), and the deletion is itself recorded as one
    entry (table ``audit``, action ``delete``: how many, before which date, to which file).
    An existing file is never overwritten.
    """
    from .errors import UserError
    from .i18n import _

    path = Path(path)
    cutoff = before.isoformat()
    last, count = db.execute("SELECT max(id), count(*) FROM audit WHERE at < ?", [cutoff]).fetchone()
    if not count:
        return Archived(0, before, None)
    if path.exists() or path.is_symlink():
        raise UserError(_("{path} already exists; choose another file name.").format(path=path))
    # Entries are never changed: those up to ``last`` that are older than the cutoff are exactly
    # the ones written, whatever other programs record meanwhile.
    cursor = db.execute("SELECT " + ", ".join(AUDIT_COLUMNS) + " FROM audit WHERE at < ? AND id <= ? "
                        "ORDER BY id", [cutoff, last])
    try:
        written = _write_csv(path, (dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in cursor),
                             sync=True, line=line)
    except OSError as exc:
        raise UserError(_("The archive {path} could not be written ({error}); nothing was deleted "
                          "from the audit trail.").format(path=path, error=exc.strerror or exc)
                        ) from exc
    try:
        with db.atomic():
            guard = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                               "AND name = 'audit_no_delete'").fetchone()
            db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
            deleted = db.execute("DELETE FROM audit WHERE at < ? AND id <= ?", [cutoff, last]).rowcount
            if deleted != written:  # another program archived meanwhile
                raise UserError(_("The audit trail changed while it was archived; nothing was "
                                  "deleted. Run the command again."))
            if guard:
                db.execute(guard[0])
            # numbered after the entries deleted, even when none is left (ids never come back)
            db.execute(
                "INSERT INTO audit (id, os_user, table_name, row_id, action, before, after) VALUES "
                "(max(coalesce((SELECT max(id) FROM audit), 0), ?) + 1, si_local_user(), 'audit', "
                "NULL, 'delete', json_object('entries', ?, 'older_than', ?, 'archive', ?), NULL)",
                [last, deleted, cutoff, str(path.resolve())])
    except BaseException:
        with contextlib.suppress(OSError):  # nothing deleted: the entries are still in the database
            path.unlink()
        raise
    return Archived(deleted, before, path)
