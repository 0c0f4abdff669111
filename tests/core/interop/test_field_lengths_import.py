"""Field length limits on import: a bundle is refused, an agent inventory is cut with a note,
a CSV line is refused (real files, real SQLite databases)."""

from __future__ import annotations

import json

import pytest
from interop_support import DATA, all_rows_checksum

from conftest import run_cli
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError
from si_local.core.interop import bundle as B
from si_local.core.interop import csv_io
from si_local.core.interop import inventory as inv
from si_local.core.interop.common import sha256_hex

LONG_HOST = "vm-" + "a" * 4997  # 5,000 characters


def _forged_bundle(demo_db, path, table, column, value):
    """The demo's bundle with one value replaced, its checksum made right again (a forged or
    hand-edited file the checksum alone cannot catch)."""
    bundle = B.build_bundle(demo_db)
    bundle["tables"][table][0][column] = value
    bundle["checksum"] = sha256_hex(B.canonical(bundle["tables"]))
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("into", ["empty", "merge"])
def test_a_bundle_with_a_too_long_value_is_refused_naming_table_record_and_field(
        demo_db, demo_path, tmp_path, into):
    path = tmp_path / "forged.json"
    first_vm = B.table_rows(demo_db, "vm")[0]["name"]
    _forged_bundle(demo_db, path, "vm", "notes", "n" * 10_001)
    target_path = tmp_path / "empty.sqlite" if into == "empty" else demo_path
    target = open_database(target_path) if into == "empty" else demo_db
    before = all_rows_checksum(target_path)
    with pytest.raises(ImportFileError) as caught:
        B.import_bundle(target, path)
    message = str(caught.value)
    assert str(path) in message
    assert (f"table Machine virtuelle, enregistrement « {first_vm} » : "
            "Notes : 10\u202f001 caractères, au plus 10\u202f000. Rien n’a été importé.") in message
    assert all_rows_checksum(target_path) == before
    if into == "empty":
        target.close()


def test_a_bundle_with_a_5000_character_name_names_the_record_shortly(demo_db, tmp_path, db_path, db):
    path = tmp_path / "forged.json"
    _forged_bundle(demo_db, path, "vm", "name", LONG_HOST)
    before = all_rows_checksum(db_path)
    with pytest.raises(ImportFileError) as caught:
        B.plan_bundle(db, B.read_bundle(path), path)
    message = str(caught.value)
    assert f"« {LONG_HOST[:40]}… »" in message and "Nom : 5\u202f000 caractères, au plus 200." in message
    assert len(message) < 400
    assert all_rows_checksum(db_path) == before


def test_an_inventory_host_name_of_5000_characters_is_cut_with_a_note(db, db_path, tmp_path):
    doc = json.loads((DATA / "guest.json").read_text(encoding="utf-8"))
    doc["content"]["hardware"]["name"] = LONG_HOST
    path = tmp_path / "long-name.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    plan = inv.import_inventories(db, [path])
    [action] = plan.actions
    assert action.op == "create"
    assert "Nom coupé à 200 caractères (l’inventaire en donne 5\u202f000)" in action.notes
    db.close()
    db = open_database(db_path)
    [name] = db.execute("SELECT name FROM vm").fetchone()
    assert name == LONG_HOST[:200]
    # the same file again: the same machine (by its UUID), nothing changes
    again = inv.import_inventories(db, [path])
    assert [a.op for a in again.actions] == ["unchanged"]
    db.close()


def test_the_command_line_prints_the_cut_in_the_preview(tmp_path):
    doc = json.loads((DATA / "guest.json").read_text(encoding="utf-8"))
    doc["content"]["hardware"]["name"] = LONG_HOST
    doc["content"]["operatingsystem"]["full_name"] = "W" * 300
    path = tmp_path / "long-name.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    database = tmp_path / "cli.sqlite"
    open_database(database).close()
    done = run_cli("import", "inventory", "--db", str(database), "--dry-run", str(path))
    assert done.returncode == 0, done.stderr
    assert "Nom coupé à 200 caractères (l’inventaire en donne 5\u202f000)" in done.stdout
    assert "Système d’exploitation coupé à 200 caractères (l’inventaire en donne 300)" in done.stdout
    assert "Traceback" not in done.stderr


def test_csv_refuses_a_too_long_name_on_its_line(db, db_path, tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text("Nom;Criticité\n"
                    f"{'v' * 300};Haute\n"
                    f"{LONG_HOST};Haute\n"
                    "VM-OK;Haute\n", encoding="utf-8")
    before = all_rows_checksum(db_path)
    result = csv_io.import_csv(db, "vms", path)
    assert not result.written
    assert all_rows_checksum(db_path) == before
    by_line = {e.line: str(e) for e in result.errors}
    assert sorted(by_line) == [2, 3]
    assert "Nom : 300 caractères, au plus 200." in by_line[2]
    # the reader takes what a note may hold (10,000): the name's own limit speaks
    assert "Nom : 5\u202f000 caractères, au plus 200." in by_line[3]
