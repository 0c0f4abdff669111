"""Snapshots: rotation, snapshot before import, restore (CLI) keeping the current file."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

from si_local.core import registry as reg
from si_local.core import snapshots as snap
from si_local.core.db import open_database
from support import run_cli


def _fake(folder, good_source, when: dt.datetime, reason="on-close", damaged=False):
    path = folder / f"db-{when.strftime(snap.STAMP_FORMAT)}-{reason}.sqlite"
    shutil.copy(good_source, path)
    if damaged:
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"\xff" * 5000)
    return path


def test_rotation_keeps_last_ten_plus_one_per_week_for_eight_weeks(tmp_path, demo_template):
    folder = tmp_path / "snaps"
    folder.mkdir()
    now = dt.datetime(2026, 11, 23, 12, 0)
    made = []
    for day in range(0, 100):  # one a day for 100 days, plus 5 today
        made.append(_fake(folder, demo_template, now - dt.timedelta(days=day, hours=1)))
    for minute in range(5):
        made.append(_fake(folder, demo_template, now - dt.timedelta(minutes=minute + 1)))
    deleted = snap.rotate(folder, now=now)
    kept = snap.list_snapshots(folder=folder)
    assert len(kept) + len(deleted) == len(made)
    newest = sorted(made, key=lambda p: snap.parse_name(p)[0], reverse=True)[:10]
    assert set(newest) <= {s.path for s in kept}
    for week in range(8):  # one in each of the last 8 weeks
        start, end = now - dt.timedelta(days=7 * (week + 1)), now - dt.timedelta(days=7 * week)
        assert any(start < s.taken_at <= end for s in kept), week
    assert all(s.taken_at > now - dt.timedelta(weeks=8) for s in kept)  # older ones deleted
    assert len(kept) <= 10 + 8


def test_rotation_never_deletes_the_only_good_snapshot(tmp_path, demo_template):
    folder = tmp_path / "snaps"
    folder.mkdir()
    now = dt.datetime(2026, 11, 23, 12, 0)
    good = _fake(folder, demo_template, now - dt.timedelta(weeks=20))  # old but sound
    for minute in range(12):
        _fake(folder, demo_template, now - dt.timedelta(minutes=minute + 1), damaged=True)
    snap.rotate(folder, now=now)
    assert good.exists()
    # with a sound recent one, the old one goes
    _fake(folder, demo_template, now - dt.timedelta(seconds=1))
    snap.rotate(folder, now=now)
    assert not good.exists()


def test_take_snapshot_is_consistent_while_a_transaction_is_open(demo_db):
    sites = demo_db.execute("SELECT COUNT(*) FROM site").fetchone()[0]
    demo_db.conn.execute("BEGIN IMMEDIATE")
    demo_db.conn.execute("INSERT INTO site (name) VALUES ('Pas encore validé')")
    path = snap.take_snapshot(demo_db.path, "manual")
    demo_db.conn.rollback()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM site").fetchone()[0] == sites
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()


def test_cli_backup_snapshots_and_restore_round_trip(demo_path, tmp_path):
    copy = tmp_path / "copie.sqlite"
    result = run_cli("backup", "--db", str(demo_path), "-o", str(copy))
    assert result.returncode == 0, result.stderr
    assert "Copie écrite" in result.stdout
    db = open_database(demo_path)
    reg.save(db, reg.kind("sites"), {"name": "Site ajouté après la copie"})
    db.close()
    result = run_cli("restore", "--db", str(demo_path), str(copy))
    assert result.returncode == 0, result.stderr
    assert "conservé" in result.stdout
    db = open_database(demo_path)
    names = [r[0] for r in db.execute("SELECT name FROM site").fetchall()]
    db.close()
    assert "Site ajouté après la copie" not in names
    kept = [s for s in snap.list_snapshots(demo_path) if s.reason == "before-restore"]
    assert len(kept) == 1
    conn = sqlite3.connect(kept[0].path)  # the replaced data are in the kept snapshot
    assert conn.execute("SELECT COUNT(*) FROM site WHERE name = 'Site ajouté après la copie'"
                        ).fetchone()[0] == 1
    conn.close()
    for suffix in ("-wal", "-shm"):  # no stale WAL of the old file next to the new one
        stale = demo_path.with_name(demo_path.name + suffix)
        assert not stale.exists() or stale.stat().st_size == 0 or suffix == "-shm"
    result = run_cli("snapshots", "--db", str(demo_path))
    assert "avant une restauration" in result.stdout


def test_restore_with_committed_data_only_in_the_wal(demo_path, tmp_path):
    """The current file's WAL holds committed changes: they are in the kept snapshot, and the
    old WAL is not replayed onto the restored file."""
    copy = tmp_path / "copie.sqlite"
    snap.backup_to(demo_path, copy)
    db = open_database(demo_path)
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    reg.save(db, reg.kind("sites"), {"name": "Seulement dans le WAL"})
    kept = snap.restore(demo_path, copy)  # while this connection is still open
    db.close()
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT COUNT(*) FROM site WHERE name = 'Seulement dans le WAL'"
                        ).fetchone()[0] == 1
    conn.close()
    db = open_database(demo_path)
    assert db.execute("SELECT COUNT(*) FROM site WHERE name = 'Seulement dans le WAL'"
                      ).fetchone()[0] == 0
    db.close()
