"""Replacing the database file takes its write lock first; a locked file is not a damaged file;
interrupted copies leave nothing behind at the next start.

Reproduced on earlier versions: while another process held ``BEGIN EXCLUSIVE`` on a file in
rollback-journal mode, ``restore`` could not read it, archived the sound file as « damaged »,
replaced it, and the other process's commit was lost.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from si_local.core import registry as reg
from si_local.core import snapshots as snap
from si_local.core.db import open_database
from si_local.core.write_guard import DatabaseLockedError
from support import run_cli

HOLDER = r"""
import sqlite3, sys
from si_local.core import audit
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
audit.register_functions(conn)  # the audit triggers call them
conn.execute("PRAGMA journal_mode = " + sys.argv[2])
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO site (name) VALUES ('Written by the other program')")
print("held", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
print("committed", flush=True)
"""


def _sites(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM site ORDER BY name")]
    finally:
        conn.close()


@pytest.fixture
def with_snapshot(tmp_path):
    path = tmp_path / "si-local.sqlite"
    db = open_database(path)
    reg.save(db, reg.kind("sites"), {"name": "Site A"})
    db.close()
    return path, snap.take_snapshot(path, "manual")


@pytest.mark.parametrize("journal", ["WAL", "DELETE"])
def test_restore_refuses_while_another_program_writes_and_its_commit_survives(
        with_snapshot, journal):
    path, snapshot = with_snapshot
    before = {s.path for s in snap.list_snapshots(path)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), journal],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("restore", "--db", str(path), str(snapshot))
        assert result.returncode != 0
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "verrou d’écriture" in lines[0], result.stderr
        assert "Traceback" not in result.stderr
        with pytest.raises(DatabaseLockedError):
            snap.restore(path, snapshot, check_lock=False)
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"
        holder.wait(timeout=10)
    # nothing archived as damaged, nothing replaced, the other program's commit kept
    after = snap.list_snapshots(path)
    assert not [s for s in after if s.reason == "damaged"]
    assert {s.path for s in after} == before
    assert "Written by the other program" in _sites(path)
    assert not list(path.parent.glob("*.part"))
    # once it is done, the restore goes through (and keeps the file it replaces)
    assert run_cli("restore", "--db", str(path), str(snapshot)).returncode == 0
    assert _sites(path) == ["Site A"]
    kept = [s for s in snap.list_snapshots(path) if s.reason == "before-restore"]
    assert len(kept) == 1 and "Written by the other program" in _sites(kept[0].path)


def test_a_locked_file_is_reported_as_locked_never_as_damaged(with_snapshot):
    path, _snapshot = with_snapshot
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "DELETE"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        problem = snap.file_problem(path)
        assert problem is not None and "verrouillé" in problem and "endommagé" not in problem
        with pytest.raises(DatabaseLockedError):
            snap.keep_current(path)
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    assert snap.file_problem(path) is None


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_copy_are_removed_at_the_next_start(with_snapshot):
    path, snapshot = with_snapshot
    dead = _dead_pid()
    folder = snap.folder_for(path)
    killed_restore = path.with_name(f"{path.name}.restore.{dead}.part")
    killed_snapshot = folder / f"{snapshot.name}.{dead}.part"
    older_style = folder / f"{snapshot.name}.part"  # written by an earlier version
    live = folder / f"{snapshot.name}.{sys.modules['os'].getpid()}.part"  # being written now
    for leftover in (killed_restore, killed_snapshot, older_style, live):
        leftover.write_bytes(b"half a copy")
    db = open_database(path)
    db.close()
    assert not killed_restore.exists() and not killed_snapshot.exists()
    assert not older_style.exists()
    assert live.exists()  # a live process's copy is never pulled from under it
    assert snapshot.exists() and [s.path for s in snap.list_snapshots(path)] == [snapshot]
