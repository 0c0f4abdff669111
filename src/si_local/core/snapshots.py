"""Consistent copies of the database, taken with SQLite's backup API (safe while in use)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from .paths import snapshots_dir

log = logging.getLogger(__name__)


def secure_file(path: Path) -> None:
    """Readable and writable by the OS user only, where the OS supports it."""
    try:
        os.chmod(path, 0o600)
    except OSError:  # pragma: no cover - e.g. FAT USB keys
        pass


def backup_to(source: Path | str | sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``source`` (a path or an open connection) to ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    own = not isinstance(source, sqlite3.Connection)
    src = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True) if own else source
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        if own:
            src.close()
    secure_file(tmp)
    os.replace(tmp, target)
    return target


def take_snapshot(db_path: Path | str, reason: str, folder: Path | None = None) -> Path:
    """Copy the database to the snapshots folder; the file name says when and why."""
    db_path = Path(db_path)
    folder = folder or snapshots_dir(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    backup_to(db_path, target)
    log.info("snapshot %s taken (%s)", target, reason)
    return target
