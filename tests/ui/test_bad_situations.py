"""Each bad situation created for real: the message is clear (French) and no data is lost."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from safety_support import read_only_folder, tiny_filesystem

from si_local.core import db as core_db
from si_local.core import registry as reg
from si_local.core import snapshots as snap
from si_local.core.db import integrity_problems, open_database
from si_local.core.errors import CorruptDatabaseError, NewerDatabaseError, ReadOnlyDatabaseError
from si_local.core.lock_file import AlreadyOpenError, InstanceLock
from si_local.core.write_guard import DatabaseLockedError, DiskFullError
from support import run_cli


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def count(path: Path, table: str = "server") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def damage(path: Path) -> None:
    """Overwrite pages in the middle of the file with garbage, keeping the SQLite header."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for offset in range(4096 * 2, size - 4096, 4096 * 7):
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * 1024)


# --- damaged file ---------------------------------------------------------------------------------

def test_damaged_file_is_refused_and_latest_good_snapshot_brings_everything_back(demo_path):
    servers = count(demo_path)
    good = snap.take_snapshot(demo_path, "on-close")
    bad_older = snap.take_snapshot(demo_path, "before-import")
    damage(bad_older)  # a damaged snapshot is skipped, even when it is the newest
    damage(demo_path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(demo_path)
    assert "endommagée" in str(caught.value) and str(demo_path) in str(caught.value)
    assert snap.latest_good_snapshot(demo_path).path == good
    kept = snap.restore(demo_path, good)
    assert kept is not None and "damaged" in kept.name and kept.exists()  # damaged file kept aside
    db = open_database(demo_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM server").fetchone()[0] == servers
        assert integrity_problems(db, quick=False) == []
    finally:
        db.close()


def test_damaged_file_cli_backup_refuses_and_restore_works(demo_path, tmp_path):
    good = snap.take_snapshot(demo_path, "manual")
    damage(demo_path)
    result = run_cli("backup", "--db", str(demo_path), "-o", str(tmp_path / "copy.sqlite"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "endommagée" in result.stderr
    assert not (tmp_path / "copy.sqlite").exists()
    result = run_cli("restore", "--db", str(demo_path), str(good))
    assert result.returncode == 0, result.stderr
    assert "restaurée" in result.stdout
    assert snap.file_problem(demo_path) is None


def test_gui_offers_the_latest_good_snapshot(qtbot, demo_path, monkeypatch, answers):
    from si_local.ui import snapshots as safety_dialogs

    snap.take_snapshot(demo_path, "on-close")
    damage(demo_path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(demo_path)
    assert safety_dialogs.recover_damaged(demo_path, caught.value) is True
    asked = [text for _title, text in answers.asked]
    assert "instantané" in asked[0] and "endommagée" in asked[0]
    open_database(demo_path).close()


def test_gui_says_so_when_no_good_snapshot_exists(qtbot, demo_path, monkeypatch, answers):
    from si_local.ui import snapshots as safety_dialogs

    damage(demo_path)
    before = digest(demo_path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(demo_path)
    assert safety_dialogs.recover_damaged(demo_path, caught.value) is False
    assert "Aucun instantané" in answers.texts("warn")[0]
    assert digest(demo_path) == before  # the damaged file itself is left as it was


def test_restore_refuses_bad_sources_and_changes_nothing(demo_path, tmp_path):
    before = digest(demo_path)
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    newer = tmp_path / "newer.sqlite"
    shutil.copy(demo_path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('si_local', 'm999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(demo_path, damaged)
    damage(damaged)
    expected = {not_sqlite: "n’est pas une base SQLite", other: "pas une base SI Local",
                newer: "version plus récente", damaged: "endommagé"}
    for source, words in expected.items():
        result = run_cli("restore", "--db", str(demo_path), str(source))
        assert result.returncode != 0, source
        assert words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert digest(demo_path) == before
    assert snap.list_snapshots(demo_path) == []  # nothing was even snapshotted


# --- read-only file or folder ----------------------------------------------------------------------

def test_read_only_folder_opens_read_only_and_refuses_writes(tmp_path, demo_template):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "demo.sqlite"
    shutil.copy(demo_template, path)
    before = digest(path)
    servers = count(path)
    with read_only_folder(folder):
        db = open_database(path)
        try:
            assert db.read_only is True
            assert db.execute("SELECT COUNT(*) FROM server").fetchone()[0] == servers
            with pytest.raises(ReadOnlyDatabaseError) as caught:
                reg.save(db, reg.kind("sites"), {"name": "Annexe"})
            assert "lecture seule" in str(caught.value)
        finally:
            db.close()
        result = run_cli("secret", "status", "--db", str(path))
        assert "Traceback" not in result.stderr
    assert digest(path) == before


def test_read_only_file_opens_read_only(tmp_path, demo_template):
    if os.name == "nt" or os.geteuid() == 0:
        pytest.skip("root ignores a file's permission bits; the read-only folder test covers it")
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    os.chmod(path, 0o400)
    try:
        db = open_database(path)
        assert db.read_only is True
        with pytest.raises(ReadOnlyDatabaseError):
            reg.save(db, reg.kind("sites"), {"name": "Annexe"})
        db.close()
    finally:
        os.chmod(path, 0o600)


def test_read_only_gui_status_bar_says_so(qtbot, tmp_path, demo_template):
    from si_local.ui.app import build_context
    from si_local.ui.main_window import MainWindow

    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "demo.sqlite"
    shutil.copy(demo_template, path)
    with read_only_folder(folder):
        ctx = build_context(path)
        try:
            assert ctx.read_only is True
            assert any("lecture seule" in n for n in ctx.notices)
            window = MainWindow(ctx)
            qtbot.addWidget(window)
            assert "lecture seule" in window.db_label.text()
            for name in window.page_names():  # every page can be shown on a read-only file
                window.show_page(name)
        finally:
            ctx.close()


# --- file locked by another program -----------------------------------------------------------------

LOCKER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.create_function("si_local_user", 0, lambda: "other-program")  # for the audit triggers
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO site (name) VALUES ('Held by the other program')")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    print("released", flush=True)
""")


def test_locked_file_waits_then_explains_then_works(demo_path, monkeypatch):
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_MS", 400)
    db = open_database(demo_path)
    sites = db.execute("SELECT COUNT(*) FROM site").fetchone()[0]
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(demo_path), "2.0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(DatabaseLockedError) as caught:
            reg.save(db, reg.kind("sites"), {"name": "Annexe"})
        waited = time.monotonic() - started
        assert waited >= 0.35  # it waited (busy timeout) before explaining
        message = str(caught.value)
        assert "verrouillée par un autre programme" in message and "rien n’a été modifié" in message
        assert locker.stdout.readline().strip() == "released"
    finally:
        locker.wait(timeout=10)
    reg.save(db, reg.kind("sites"), {"name": "Annexe"})  # once released, the same action works
    names = [r[0] for r in db.execute("SELECT name FROM site").fetchall()]
    assert "Annexe" in names and "Held by the other program" in names
    assert len(names) == sites + 2
    db.close()


# --- a second instance on the same file ---------------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sys, time
    from si_local.core.lock_file import InstanceLock
    lock = InstanceLock(sys.argv[1])
    assert lock.acquire()
    print("holding", flush=True)
    time.sleep(30)
""")


def test_second_process_notices_the_lock_file_and_restore_refuses(demo_path):
    good = snap.take_snapshot(demo_path, "manual")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert InstanceLock(demo_path).acquire() is False
        with pytest.raises(AlreadyOpenError):
            InstanceLock(demo_path).__enter__()
        before = digest(demo_path)
        result = run_cli("restore", "--db", str(demo_path), str(good))
        assert result.returncode != 0
        assert "déjà ouverte dans un autre SI Local" in result.stderr
        assert f"processus {holder.pid}" in result.stderr
        assert digest(demo_path) == before
    finally:
        holder.kill()  # kill -9 too: the OS releases the lock, no stale file blocks anyone
        holder.wait(timeout=10)
    lock = InstanceLock(demo_path)
    assert lock.acquire() is True
    lock.release()


SECOND_GUI = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from si_local.ui import app as ui_app
    from si_local.ui import snapshots as safety_dialogs
    shown = []
    ui_app._show_error = shown.append
    code = ui_app.run_gui(db_path=sys.argv[1])
    print(code)
    print(shown[0] if shown else "")
""")


def test_second_gui_brings_the_first_to_front_and_exits(qtbot, demo_path):
    from si_local.ui.instance_guard import InstanceGuard

    first = InstanceGuard(demo_path)
    assert first.claim() is None
    try:
        with qtbot.waitSignal(first.activated, timeout=20000):
            second = subprocess.Popen([sys.executable, "-c", SECOND_GUI, str(demo_path)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            deadline = time.monotonic() + 20
            while second.poll() is None and time.monotonic() < deadline:
                qtbot.wait(50)
        out, err = second.communicate(timeout=20)
        lines = out.strip().splitlines()
        assert lines[0] == "3", err
        assert "déjà ouverte dans SI Local" in lines[1]
    finally:
        first.release()


# --- disk full during a write ---------------------------------------------------------------------

def test_disk_full_rolls_back_and_says_disque_plein(demo_path):
    db = open_database(demo_path)
    try:
        apps = db.execute("SELECT COUNT(*) FROM application").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")  # the file cannot grow any more
        values = {"name": "Très grosse application", "criticality": "high", "notes": "x" * 10_000}  # the longest notes allowed
        with pytest.raises(DiskFullError) as caught:
            reg.save(db, reg.kind("applications"), values)
        assert "disque plein" in str(caught.value)
        assert db.execute("SELECT COUNT(*) FROM application").fetchone()[0] == apps
        assert not db.conn.in_transaction
        assert integrity_problems(db, quick=False) == []
        db.execute("PRAGMA max_page_count = 1073741823")  # space freed: the same action works
        reg.save(db, reg.kind("applications"), values)
        assert db.execute("SELECT COUNT(*) FROM application").fetchone()[0] == apps + 1
    finally:
        db.close()


def test_real_tiny_filesystem_fills_up(tmp_path):
    with tiny_filesystem(tmp_path / "small", 1536) as folder:
        path = folder / "small.sqlite"
        db = open_database(path)
        saved = []
        try:
            with pytest.raises(DiskFullError) as caught:
                for i in range(200):
                    reg.save(db, reg.kind("sites"), {"name": f"Site {i}", "notes": "y" * 10_000})
                    saved.append(f"Site {i}")
            assert "disque plein" in str(caught.value)
            assert saved, "nothing fitted: the test proved nothing"
        finally:
            db.close()
        db = open_database(path)
        try:
            names = [r[0] for r in db.execute("SELECT name FROM site ORDER BY id").fetchall()]
            assert names == saved  # every saved change is there, the failed one is absent
            assert integrity_problems(db, quick=False) == []
        finally:
            db.close()


# --- database from a newer version ---------------------------------------------------------------------

def test_newer_database_refused_nothing_changed(demo_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('si_local', 'm999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = digest(demo_path)
    with pytest.raises(NewerDatabaseError) as caught:
        open_database(demo_path)
    assert "version plus récente" in str(caught.value)
    assert digest(demo_path) == before


def test_newer_database_gui_message(qtbot, demo_path, monkeypatch):
    from si_local.ui import app as ui_app

    conn = sqlite3.connect(demo_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('si_local', 'm999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    shown = []
    monkeypatch.setattr(ui_app, "_show_error", shown.append)
    assert ui_app.run_gui(db_path=demo_path) != 0
    assert "version plus récente" in shown[0]
    assert InstanceLock(demo_path).acquire()  # the refused start released its lock


def test_backup_to_a_full_disk_says_so_and_leaves_no_partial_file(demo_path, tmp_path):
    with tiny_filesystem(tmp_path / "usb", 256) as folder:  # smaller than the database
        target = folder / "copie.sqlite"
        with pytest.raises(DiskFullError) as caught:
            snap.backup_to(demo_path, target)
        assert "disque plein" in str(caught.value)
        assert list(folder.iterdir()) == []  # neither the copy nor its .part
    assert snap.file_problem(demo_path) is None
