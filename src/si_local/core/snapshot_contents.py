"""What a snapshot holds, in a few counts (« 3 sites, 12 serveurs, 40 VM, 120 personnes »), so
that copies taken the same minute can be told apart in Settings › Snapshots.

Each copy is opened read-only (:func:`snapshots.open_read_only`, never ``open()``); the counts
are kept in memory by (path, modification time, size): a list shown again reads no file twice.
(Apart from core/snapshots.py, which is at the house's size limit.)"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .i18n import ngettext
from .snapshots import open_read_only

log = logging.getLogger(__name__)

# The tables counted, in the order shown
COUNTED = ("site", "server", "vm", "training_staff")

_cache: dict[tuple[str, int, int], dict[str, int] | None] = {}


def counts(path: Path | str) -> dict[str, int] | None:
    """How many records of each of :data:`COUNTED` the copy at ``path`` holds (a table the copy
    does not have is left out); None when the file cannot be read."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache[key] = _read(path)
    return _cache[key]


def _read(path: Path) -> dict[str, int] | None:
    try:
        conn = open_read_only(path)
    except sqlite3.Error as exc:
        log.warning("snapshot %s could not be read for its contents: %s", path, exc)
        return None
    found = {}
    try:
        for table in COUNTED:
            try:
                found[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except sqlite3.Error:  # an older copy without the table, or a damaged one
                continue
    finally:
        conn.close()
    return found


def describe(found: dict[str, int] | None) -> str:
    """« 3 sites, 12 serveurs, 40 VM, 120 personnes »; « — » when nothing could be read."""
    if not found:
        return "—"
    words = {
        "site": lambda n: ngettext("{count} site", "{count} sites", n),
        "server": lambda n: ngettext("{count} server", "{count} servers", n),
        "vm": lambda n: ngettext("{count} VM", "{count} VMs", n),
        "training_staff": lambda n: ngettext("{count} person", "{count} people", n),
    }
    return ", ".join(words[table](found[table]).format(count=found[table])
                     for table in COUNTED if table in found)


def contents(path: Path | str) -> str:
    return describe(counts(path))
