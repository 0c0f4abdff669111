"""The window keeps sight of its file while another program writes it.

On POSIX, closing *any* descriptor of a file releases every lock the process holds on it, the
SQLite connection's included. A Python ``open()``/``close()`` of a database the process has open
(to read its header, say) therefore let another process believe nobody had it open: closing its
own connection, that process checkpointed and deleted the ``-wal`` and ``-shm`` files under our
feet, and the window showed 0 people or "no such table". These tests hold a connection open in
one process (A) while another (B) writes, then closes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import run_cli

from si_local.core import snapshots as snap
from si_local.core.db import open_database

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX lock semantics")

STAFF_CSV = "nom;prénom;profil;unité\nNouveau;Arrivant;IDE;Médecine polyvalente\n"


def _staff_csv(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF_CSV, encoding="utf-8")
    return path


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _staff(db) -> int:
    return db.execute("SELECT COUNT(*) FROM training_staff").fetchone()[0]


def _what_a_preview_does(path: Path) -> None:
    """A preview or a print opens its own connection; then the checks that read the file."""
    second = open_database(path, read_only=True, migrate=False)  # what the preview tasks do
    second.close()
    open_database(path, migrate=False).close()
    assert snap.file_problem(path) is None
    assert snap.is_good(path)
    assert snap.check_restorable(path) > 0


def test_checks_on_an_open_file_keep_our_locks_so_another_process_keeps_the_wal(demo_path, tmp_path):
    db = open_database(demo_path)  # process A: the window's connection
    try:
        before = _staff(db)  # a read: A now holds its shared lock on the file
        _what_a_preview_does(demo_path)
        # process B writes then closes: it must see that A still has the file open
        result = run_cli("import", "staff", "--db", str(demo_path), str(_staff_csv(tmp_path)))
        assert result.returncode == 0, result.stderr
        assert _wal(demo_path).exists(), "B checkpointed and deleted the WAL: A's locks were lost"
        assert _staff(db) == before + 1
    finally:
        db.close()


WINDOW_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path

    from si_local.core import snapshots as snap
    from si_local.core.db import open_database
    from si_local.core.reports.training import print_plan

    path = Path(sys.argv[1])
    db = open_database(path)  # as the window does
    print(db.execute("SELECT COUNT(*) FROM training_staff").fetchone()[0], flush=True)
    # a print, as the Training page does it: its own connection, in the same process
    other = open_database(path, read_only=True, migrate=False)
    try:
        print_plan(other, Path(sys.argv[2]))
    finally:
        other.close()
    snap.file_problem(path)
    snap.check_restorable(path)
    print("ready", flush=True)
    sys.stdin.readline()  # the other process writes meanwhile
    try:
        print(db.execute("SELECT COUNT(*) FROM training_staff").fetchone()[0], flush=True)
        print(db.execute("SELECT COUNT(*) FROM training_plan").fetchone()[0], flush=True)
    except Exception as exc:
        print("error:", exc, flush=True)
    sys.stdin.readline()
    db.close()
""")


def test_window_process_sees_what_the_command_line_imports(demo_path, tmp_path):
    script = tmp_path / "window.py"
    script.write_text(WINDOW_SCRIPT, encoding="utf-8")
    window = subprocess.Popen(
        [sys.executable, str(script), str(demo_path), str(tmp_path / "plan.pdf")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        before = int(window.stdout.readline())
        assert window.stdout.readline().strip() == "ready", window.stderr.read()
        result = run_cli("import", "staff", "--db", str(demo_path), str(_staff_csv(tmp_path)))
        assert result.returncode == 0, result.stderr
        assert _wal(demo_path).exists()  # the window still has the file open: the WAL stays
        window.stdin.write("\n")
        window.stdin.flush()
        staff, plan = window.stdout.readline().strip(), window.stdout.readline().strip()
        assert staff == str(before + 1), (staff, plan)
        assert not plan.startswith("error"), plan
        window.stdin.write("\n")
        window.stdin.flush()
        assert window.wait(timeout=60) == 0, window.stderr.read()
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    assert not _wal(demo_path).exists()  # the last one to close tidies up, as usual


@pytest.mark.parametrize("content", [b"hello", b"SQLite format 3\x00" + b"\xff" * 5000, b"x" * 10000])
def test_a_file_sqlite_refuses_is_still_called_not_a_sqlite_file_and_left_untouched(tmp_path, content):
    from si_local.core.errors import CorruptDatabaseError

    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(CorruptDatabaseError) as caught:
            open_database(path, read_only=read_only)
        assert "n’est pas un fichier SQLite" in str(caught.value)
    assert snap.file_problem(path) == "ce n’est pas une base SQLite"
    assert path.read_bytes() == content
    assert not _wal(path).exists() and not path.with_name(path.name + "-shm").exists()
