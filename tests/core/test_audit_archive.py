"""Keeping the audit trail bounded: old entries go to a CSV file, then leave the database.

Real SQLite files; "today" from a FixedClock (core) or SI_LOCAL_TODAY (the command line).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3

import pytest

from support import run_cli

TODAY = dt.date(2026, 11, 23)  # three years kept: entries before 2023-11-23 go
OLD = ["2019-03-04T10:00:00.000Z", "2021-06-30T08:15:00.000Z", "2023-11-22T23:59:59.999Z"]
RECENT = ["2023-11-23T00:00:00.000Z", "2025-01-10T14:00:00.000Z"]


@pytest.fixture
def clock_today():
    from si_local.core import clock

    previous = clock.set_clock(clock.FixedClock(TODAY))
    yield clock.today()
    clock.set_clock(previous)


def add_entries(db, moments: list[str]) -> list[int]:
    ids = []
    with db.atomic():
        for n, at in enumerate(moments):
            ids.append(db.execute(
                "INSERT INTO audit (at, os_user, table_name, row_id, action, before, after) "
                "VALUES (?, 'dsi', 'server', ?, 'update', ?, ?)",
                [at, n, '{"name": "SRV-A"}', '{"name": "=SRV-B"}']).lastrowid)
    return ids


def everything(db) -> dict[int, tuple]:
    return {row[0]: row for row in db.execute("SELECT * FROM audit ORDER BY id")}


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_old_entries_are_in_the_file_and_gone_newer_ones_untouched(db, tmp_path, clock_today):
    from si_local.core import audit

    db["site"].insert({"name": "Site principal"})  # an entry written by the triggers, now
    old = add_entries(db, OLD)
    recent = add_entries(db, RECENT)
    before = everything(db)
    target = tmp_path / "archive.csv"

    cutoff = audit.default_cutoff(clock_today)
    assert cutoff == dt.date(2023, 11, 23)
    done = audit.archive_old(db, cutoff, target)

    assert done.count == len(OLD) and done.path == target
    rows = read_csv(target)
    assert [int(r["id"]) for r in rows] == old
    assert [r["at"] for r in rows] == OLD
    assert rows[0]["before"] == '{"name": "SRV-A"}' and "SRV-B" in rows[0]["changes"]
    assert not (tmp_path / "archive.csv.part").exists()
    after = everything(db)
    assert not set(old) & set(after)
    for key, row in before.items():  # every newer entry exactly as it was
        if key not in old:
            assert after[key] == row
    # the deletion is recorded, as one entry
    new = [row for key, row in after.items() if key not in before]
    assert len(new) == 1
    entry = dict(zip(["id", "at", "os_user", "table_name", "row_id", "action", "before", "after"],
                     new[0], strict=True))
    assert entry["table_name"] == "audit" and entry["action"] == "delete"
    assert entry["id"] > max(before)
    assert f'"entries":{len(OLD)}' in entry["before"] and '"older_than":"2023-11-23"' in entry["before"]
    assert str(target) in entry["before"]
    # and the trail is guarded again
    with pytest.raises(sqlite3.DatabaseError, match="cannot be modified"):
        db.execute("DELETE FROM audit WHERE id = ?", [recent[0]])
    assert set(recent) <= set(after)


def test_nothing_old_nothing_written(db, tmp_path, clock_today):
    from si_local.core import audit

    add_entries(db, RECENT)
    before = everything(db)
    done = audit.archive_old(db, audit.default_cutoff(clock_today), tmp_path / "a.csv")
    assert done.count == 0 and done.path is None
    assert not (tmp_path / "a.csv").exists()
    assert everything(db) == before


@pytest.mark.parametrize("where", ["directory", "under_a_file", "missing_folder", "existing_file"])
def test_archive_not_written_nothing_deleted(db, tmp_path, clock_today, where):
    from si_local.core import audit
    from si_local.core.errors import UserError

    add_entries(db, OLD + RECENT)
    before = everything(db)
    if where == "directory":
        target = tmp_path / "a-folder.csv"
        target.mkdir()
    elif where == "under_a_file":
        (tmp_path / "file").write_text("x")
        target = tmp_path / "file" / "archive.csv"
    elif where == "missing_folder":
        target = tmp_path / "no" / "such" / "folder" / "archive.csv"
    else:  # an earlier archive is never overwritten
        target = tmp_path / "earlier.csv"
        target.write_text("an earlier archive")
    with pytest.raises(UserError):
        audit.archive_old(db, audit.default_cutoff(clock_today), target)
    assert everything(db) == before
    if where == "existing_file":
        assert target.read_text() == "an earlier archive"
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="POSIX permissions; root ignores them")
def test_read_only_folder_nothing_deleted(db, tmp_path, clock_today):
    from si_local.core import audit
    from si_local.core.errors import UserError

    add_entries(db, OLD + RECENT)
    before = everything(db)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="rien n’a été supprimé"):
            audit.archive_old(db, audit.default_cutoff(clock_today), folder / "archive.csv")
    finally:
        folder.chmod(0o700)
    assert everything(db) == before


def test_ids_never_come_back_when_everything_is_archived(db, tmp_path, clock_today):
    from si_local.core import audit

    ids = add_entries(db, OLD)
    audit.archive_old(db, dt.date(2030, 1, 1), tmp_path / "all.csv")
    (only,) = everything(db)
    assert only > max(ids)


def test_cli_archive_says_how_many_and_keeps_the_rest(db_path, tmp_path):
    from si_local.core.db import open_database

    result = run_cli("demo", str(db_path))
    assert result.returncode == 0, result.stderr
    db = open_database(db_path)
    demo_entries = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    add_entries(db, OLD + RECENT)
    db.close()

    # SI_LOCAL_TODAY is 2026-11-23 (conftest): the default keeps three years
    result = run_cli("audit", "archive", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "test-audit-before-2023-11-23.csv"
    assert result.stdout.strip() == (
        f"3 entrées du journal d’audit enregistrées avant le 23/11/2023 écrites dans "
        f"{target}, puis supprimées de la base.")
    assert len(read_csv(target)) == 3

    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM audit WHERE at < '2023-11-23'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == demo_entries + 2 + 1
    db.close()

    again = run_cli("audit", "archive", "--db", str(db_path))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        "Aucune entrée du journal d’audit enregistrée avant le 23/11/2023 ; rien n’a été archivé.")

    refused = run_cli("audit", "archive", "--db", str(db_path), "--before", "2030-01-01",
                      "--to", str(tmp_path))
    assert refused.returncode == 1
    assert refused.stderr.startswith("si-local: ") and "Traceback" not in refused.stderr
    assert "existe déjà" in refused.stderr


def test_cli_audit_without_archive_still_lists(db_path):
    result = run_cli("demo", str(db_path))
    assert result.returncode == 0, result.stderr
    listed = run_cli("audit", "--db", str(db_path))
    assert listed.returncode == 0, listed.stderr
    assert "site" in listed.stdout
    missing = run_cli("audit", "archive")
    assert missing.returncode == 1 and "--db CHEMIN" in missing.stderr
