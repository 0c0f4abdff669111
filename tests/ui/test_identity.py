"""Database identity: two files with one name never share snapshots, recovery or secrets.

Each case here was reproduced on the versions that filed snapshots by file name: backing up
``b/si-local.sqlite`` eleven times rotated away the only snapshot of ``a/si-local.sqlite``, and
« restore the latest sound copy » of A offered B's data.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import safety_support

from si_local.core import identity
from si_local.core import registry as reg
from si_local.core import secrets as sec
from si_local.core import snapshots as snap
from si_local.core.db import open_database
from si_local.core.interop import bundle as B
from support import run_cli

keyring_env = safety_support.keyring_env


def _make(path: Path, server: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    reg.save(db, reg.kind("servers"), {"name": server})
    db.close()
    return path


def _servers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM server ORDER BY name")]
    finally:
        conn.close()


def _uuid(path: Path) -> str:
    return identity.identity_of_file(path).uuid


def test_two_files_with_one_name_have_separate_snapshots(tmp_path):
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    b = _make(tmp_path / "b" / "si-local.sqlite", "SRV-B")
    assert _uuid(a) != _uuid(b)
    only_a = snap.take_snapshot(a, "manual")
    for _ in range(snap.KEEP_LAST + 1):  # enough to rotate B's folder
        snap.take_snapshot(b, "manual")
    assert only_a.exists(), "rotating B's snapshots deleted A's only copy"
    assert snap.folder_for(a) != snap.folder_for(b)
    assert [s.path for s in snap.list_snapshots(a)] == [only_a]
    assert len(snap.list_snapshots(b)) == snap.KEEP_LAST
    good = snap.latest_good_snapshot(a)
    assert good.path == only_a and _servers(good.path) == ["SRV-A"]
    # through the command line too: B's backups, then A's list shows A's copy only
    assert run_cli("backup", "--db", str(b)).returncode == 0
    listed = run_cli("snapshots", "--db", str(a))
    assert listed.returncode == 0 and str(only_a) in listed.stdout
    assert str(snap.folder_for(b)) not in listed.stdout


def test_latest_good_snapshot_of_a_damaged_file_is_never_another_databases(tmp_path):
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    b = _make(tmp_path / "b" / "si-local.sqlite", "SRV-B")
    snap.take_snapshot(b, "manual")  # B has a sound copy, A has none
    a.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)  # A is damaged beyond reading
    assert snap.latest_good_snapshot(a) is None
    # a copy of B slipped into A's folder by hand is not offered either
    own = snap.take_snapshot(_make(tmp_path / "c" / "si-local.sqlite", "SRV-C"), "manual")
    stray = own.parent / own.name.replace("-manual", "-on-close")
    shutil.copy(snap.list_snapshots(b)[0].path, stray)
    assert snap.latest_good_snapshot(tmp_path / "c" / "si-local.sqlite").path == own


def test_a_damaged_file_finds_its_own_snapshots_by_its_path(tmp_path):
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    taken = snap.take_snapshot(a, "manual")
    folder = snap.folder_for(a)
    a.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    assert snap.folder_for(a) == folder  # about.json says whose folder it is
    assert snap.latest_good_snapshot(a).path == taken
    snap.restore(a, taken)
    assert _servers(a) == ["SRV-A"]
    assert _uuid(a) == folder.name  # the restored file is this database again
    damaged = [s for s in snap.list_snapshots(a) if s.reason == "damaged"]
    assert len(damaged) == 1  # the damaged file was kept aside, in the same folder


def test_a_copied_file_gets_its_own_identity_and_a_moved_one_keeps_it(tmp_path):
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    original = _uuid(a)
    copy = tmp_path / "usb" / "si-local.sqlite"
    copy.parent.mkdir()
    shutil.copy(a, copy)
    assert _uuid(copy) == original  # a raw copy still says it is A…
    db = open_database(copy)  # …until it is opened for writing
    found = identity.read(db)
    db.close()
    assert found.uuid != original and found.copied_from == original
    assert _uuid(a) == original
    # a snapshot of a copy never opened for writing is not filed under the original
    second = tmp_path / "other" / "si-local.sqlite"
    second.parent.mkdir()
    shutil.copy(a, second)
    taken = snap.take_snapshot(second, "manual")
    assert taken.parent.name not in (original, "unidentified")
    assert _uuid(second) == taken.parent.name != original
    # moved (the original is gone): same database, same identity
    moved = tmp_path / "moved" / "renamed.sqlite"
    moved.parent.mkdir()
    shutil.move(a, moved)
    db = open_database(moved)
    assert identity.read(db).uuid == original
    db.close()
    assert snap.folder_for(moved).name == original


def test_legacy_folders_move_aside_untouched_and_are_never_chosen(tmp_path, _data_dir):
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    legacy = _data_dir / "snapshots" / "si-local"  # as versions before identities filed them
    legacy.mkdir(parents=True)
    old = legacy / "si-local-20260101-120000-000000-on-close.sqlite"
    shutil.copy(a, old)
    content = old.read_bytes()
    snap._migrated.clear()
    folder = snap.folder_for(a)
    moved = _data_dir / "snapshots" / "legacy" / "si-local" / old.name
    assert not legacy.exists() and moved.read_bytes() == content  # nothing lost, nothing changed
    assert folder.parent == _data_dir / "snapshots"
    listed = snap.list_snapshots(a, legacy=True)
    assert [s.path for s in listed] == [moved] and listed[0].legacy
    assert "vérifiez" in listed[0].reason_label
    assert snap.latest_good_snapshot(a) is None  # maybe another database's: never automatic
    for _ in range(snap.KEEP_LAST + 2):
        snap.take_snapshot(a, "manual")
    assert moved.exists()  # never rotated
    shown = run_cli("snapshots", "--db", str(a))
    assert str(moved) in shown.stdout and "copie ancienne" in shown.stdout


def test_a_legacy_database_is_snapshotted_under_the_identity_it_then_receives(tmp_path):
    path = _make(tmp_path / "old.sqlite", "SRV-OLD")
    conn = sqlite3.connect(path)  # as written by a version without step m008
    conn.execute("DROP TABLE si_local_identity")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_identity'")
    conn.commit()
    conn.close()
    db = open_database(path)
    given = identity.read(db).uuid
    db.close()
    before = [s for s in snap.list_snapshots(path) if s.reason == "before-migration"]
    assert len(before) == 1 and before[0].path.parent.name == given
    assert _servers(before[0].path) == ["SRV-OLD"]


def test_demo_window_keeps_its_snapshots_in_its_own_folder(_data_dir, monkeypatch):
    from si_local.core import paths
    from si_local.ui.app import build_context

    monkeypatch.delenv(paths.ENV_SNAPSHOTS_DIR, raising=False)
    ctx = build_context(None, demo=True)
    try:
        taken = snap.take_snapshot(ctx.db_path, "before-import")
    finally:
        ctx.db.close()
        monkeypatch.delenv(paths.ENV_SNAPSHOTS_DIR, raising=False)
    assert ctx.db_path.parent in taken.parents
    real = _data_dir / "snapshots"
    assert not real.exists() or not any(real.rglob("*.sqlite"))
    shutil.rmtree(ctx.db_path.parent, ignore_errors=True)


# --- keyring names ---------------------------------------------------------------------------------

def test_a_copy_setting_a_secret_never_overwrites_the_originals(keyring_env, tmp_path):
    store = sec.SecretStore()
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    db = open_database(a)
    server = db.execute("SELECT id FROM server").fetchone()[0]
    ref = sec.save_ref(db, "servers", server, "admin")
    sec.store_secret(db, store, ref, "secret-of-A")
    db.close()
    copy = tmp_path / "b" / "si-local.sqlite"
    copy.parent.mkdir()
    shutil.copy(a, copy)
    db = open_database(copy)
    assert sec.reveal(db, store, ref) == "secret-of-A"  # a copy reads what it was copied with
    sec.store_secret(db, store, ref, "secret-of-the-copy")
    assert sec.reveal(db, store, ref) == "secret-of-the-copy"
    sec.delete_ref(db, store, ref)
    db.close()
    db = open_database(a)
    assert sec.reveal(db, store, ref) == "secret-of-A"  # untouched by the copy's change and delete
    db.close()


@pytest.mark.parametrize("crafted", [False, True])
def test_a_bundle_never_carries_a_key_and_an_imported_reference_is_to_be_entered_again(
        keyring_env, tmp_path, crafted):
    store = sec.SecretStore()
    a = _make(tmp_path / "a" / "si-local.sqlite", "SRV-A")
    db = open_database(a)
    server = db.execute("SELECT id FROM server").fetchone()[0]
    ref = sec.save_ref(db, "servers", server, "admin", location_note="Coffre")
    sec.store_secret(db, store, ref, "secret-of-A")
    key_of_a = sec.get_ref(db, ref)["key"]
    out = tmp_path / "a.json"
    B.export_bundle(db, out)
    db.close()
    bundle = json.loads(out.read_text(encoding="utf-8"))
    rows = bundle["tables"]["secret_ref"]
    assert rows and all("key" not in r and "service" not in r for r in rows)
    assert key_of_a not in out.read_text(encoding="utf-8")
    if crafted:  # someone writes A's key (and service) back in, checksum recomputed
        rows[0]["key"] = key_of_a
        rows[0]["service"] = f"si-local/{_uuid(a)}"
        bundle["checksum"] = B.sha256_hex(B.canonical(bundle["tables"]))
        out.write_text(json.dumps(bundle), encoding="utf-8")
    target = tmp_path / "new" / "si-local.sqlite"
    target.parent.mkdir()
    db = open_database(target)
    B.import_bundle(db, out)
    imported = sec.all_refs(db)
    assert len(imported) == 1 and imported[0]["key"] != key_of_a
    assert imported[0]["location_note"] == "Coffre"
    assert not sec.is_stored(store, imported[0])
    db.close()
    listed = run_cli("secret", "list", "--db", str(target), env=keyring_env)
    assert listed.returncode == 0 and "non enregistré — à ressaisir" in listed.stdout
    db = open_database(target)
    sec.store_secret(db, store, imported[0]["id"], "secret-of-the-new-one")
    db.close()
    db = open_database(a)
    assert sec.reveal(db, store, ref) == "secret-of-A"
    db.close()
