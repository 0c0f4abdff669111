"""What a snapshot holds, counted in the copy itself (Settings › Snapshots' « Contenu »)."""

from __future__ import annotations

import os

from si_local.core import snapshot_contents as contents
from si_local.core import snapshots as snap


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_demo_snapshot_is_counted_and_described_in_french(demo_db):
    path = snap.take_snapshot(demo_db.path, "manual")
    found = contents.counts(path)
    expected = {table: _count(demo_db, table) for table in ("site", "server", "vm", "training_staff")}
    assert found == expected and all(found.values())
    assert contents.contents(path) == (
        f"{expected['site']} sites, {expected['server']} serveurs, {expected['vm']} VM, "
        f"{expected['training_staff']} personnes")


def test_counts_are_kept_until_the_file_changes(demo_db, monkeypatch):
    path = snap.take_snapshot(demo_db.path, "manual")
    first = contents.counts(path)
    reads = []
    monkeypatch.setattr(contents, "_read", lambda p: reads.append(p) or {"site": 99})
    assert contents.counts(path) == first and reads == []  # from memory
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert contents.counts(path) == {"site": 99} and reads == [path]


def test_one_site_is_singular_and_an_unreadable_file_says_nothing(tmp_path):
    assert contents.describe({"site": 1, "server": 0, "vm": 1, "training_staff": 1}) == \
        "1 site, 0 serveur, 1 VM, 1 personne"
    bad = tmp_path / "x-20261123-120000-000000-manual.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    assert contents.contents(bad) == "—"
    assert contents.contents(tmp_path / "missing.sqlite") == "—"
