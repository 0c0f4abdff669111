"""A WAL database on a really read-only medium (a read-only mount): the changes committed in its
``-wal`` are read (from a private copy), and a backup or a snapshot taken from it holds them.
``immutable=1``, used before, served the file without them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat

import pytest

from si_local.core import registry as reg
from si_local.core import snapshots as snap
from si_local.core import storage
from si_local.core.db import open_database
from safety_support import read_only_folder
from support import run_cli

ONLY_IN_WAL = ["Annexe du WAL 1", "Annexe du WAL 2"]


def _sites(path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM site")}
    finally:
        conn.close()


@pytest.fixture
def medium(tmp_path):
    """A folder holding a database and a -wal with two committed sites the main file lacks,
    copied while their writer still had the file open (nothing checkpointed)."""
    source = tmp_path / "source" / "registre.sqlite"
    db = open_database(source)
    try:
        reg.save(db, reg.kind("sites"), {"name": "Site principal"})
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        for name in ONLY_IN_WAL:
            reg.save(db, reg.kind("sites"), {"name": name})
        folder = tmp_path / "medium"
        folder.mkdir()
        shutil.copyfile(source, folder / source.name)
        shutil.copyfile(source.with_name(source.name + "-wal"), folder / (source.name + "-wal"))
    finally:
        db.close()
    copy = folder / source.name
    assert os.path.getsize(folder / (source.name + "-wal")) > 0
    # the main file alone lacks the two sites: they are in the -wal only
    bare = tmp_path / "bare.sqlite"
    shutil.copyfile(copy, bare)
    assert not set(ONLY_IN_WAL) & _sites(bare)
    return copy


def test_wal_rows_are_seen_on_a_read_only_medium(medium, tmp_path):
    before = sorted(p.name for p in medium.parent.iterdir())
    with read_only_folder(medium.parent):
        assert not os.access(medium.parent, os.W_OK)
        db = open_database(medium)
        try:
            assert db.read_only is True
            names = {row[0] for row in db.execute("SELECT name FROM site")}
            assert set(ONLY_IN_WAL) <= names
            folder = storage.private_copy_folder(db.conn)
            assert folder is not None and folder.is_dir()
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert medium.parent not in folder.parents
            # a snapshot of the open database, and one of the file, hold them too
            from_conn = snap.backup_to(db.conn, tmp_path / "from-conn.sqlite")
            snapshot = snap.take_snapshot(medium, "manual")
        finally:
            db.close()
        assert not folder.exists()  # the private copy went with the connection
        result = run_cli("backup", "--db", str(medium), "-o", str(tmp_path / "backup.sqlite"))
        assert result.returncode == 0, result.stderr
        check = run_cli("check", "--db", str(medium))
        assert check.returncode == 0, check.stderr
        assert sorted(p.name for p in medium.parent.iterdir()) == before  # nothing written there
    for copy in (from_conn, snapshot, tmp_path / "backup.sqlite"):
        assert set(ONLY_IN_WAL) <= _sites(copy), copy


def test_snapshot_module_reads_the_wal_on_a_read_only_medium(medium):
    with read_only_folder(medium.parent):
        conn = snap.open_read_only(medium)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM site")}
        finally:
            conn.close()
        assert set(ONLY_IN_WAL) <= names
        assert snap.file_problem(medium) is None


def test_no_wal_on_a_read_only_medium_reads_the_file(tmp_path):
    source = tmp_path / "source" / "registre.sqlite"
    db = open_database(source)
    reg.save(db, reg.kind("sites"), {"name": "Site principal"})
    db.close()  # the last connection checkpoints and removes the -wal
    assert not source.with_name(source.name + "-wal").exists()
    folder = tmp_path / "medium"
    folder.mkdir()
    shutil.copyfile(source, folder / source.name)
    with read_only_folder(folder):
        db = open_database(folder / source.name)
        try:
            assert db.read_only is True
            assert {row[0] for row in db.execute("SELECT name FROM site")} == {"Site principal"}
        finally:
            db.close()
