"""Merging a bundle into a non-empty database: a duplicate name refuses it all, every changed field
and every re-parenting is in the preview (core, CLI), an unchanged bundle changes nothing.

Real SQLite files (the demo database) and real bundle files; a crafted bundle gets its checksum
recomputed with the module's own functions, as an editing user would have to."""

from __future__ import annotations

import json
import sqlite3

import pytest
from interop_support import all_rows_checksum

from conftest import run_cli
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError
from si_local.core.interop import bundle as B
from si_local.core.interop.common import sha256_hex

MOVE = "Machine virtuelle « VM-AD01 » : serveur hôte SRV-HYP-01 → SRV-HYP-02"


def _export(db_path, path):
    db = open_database(db_path)
    try:
        B.export_bundle(db, path)
    finally:
        db.close()
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path, bundle):
    """Write a (crafted) bundle with its checksum recomputed, so that only the merge refuses it."""
    bundle["checksum"] = sha256_hex(B.canonical(bundle["tables"]))
    path.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    B.read_bundle(path)  # a valid bundle as far as the file goes
    return path


def _row(bundle, table, name):
    return next(r for r in bundle["tables"][table] if r.get("name") == name)


def _vms_by_host(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute(
            "SELECT vm.name, server.name FROM vm LEFT JOIN server ON server.id = vm.server_id"))
    finally:
        conn.close()


def _database_files(db_path):
    return {p.name: p.read_bytes() for p in db_path.parent.glob(db_path.name + "*")}


# --- 1. a name twice in the bundle ----------------------------------------------------------

@pytest.mark.parametrize("second_name", ["SRV-HYP-01", "srv-hyp-01", " Srv-Hyp-01 "])
def test_a_name_twice_in_the_bundle_refuses_the_whole_import(demo_path, tmp_path, second_name):
    """The bug: SRV-HYP-02 renamed SRV-HYP-01 in the file gave « 8 mis à jour » — SRV-HYP-01
    took the other's serial, UUID and site, and all 7 VMs moved to the wrong host."""
    bundle = _export(demo_path, tmp_path / "export.json")
    _row(bundle, "server", "SRV-HYP-02")["name"] = second_name
    path = _write(tmp_path / "duplicate.json", bundle)
    before_rows, before_files = all_rows_checksum(demo_path), _database_files(demo_path)
    hosts = _vms_by_host(demo_path)
    for extra in (["--dry-run"], []):
        out = run_cli("import", "bundle", "--db", str(demo_path), str(path), *extra)
        assert out.returncode != 0 and not out.stdout.strip()
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert str(path) in lines[0] and "server" in lines[0] and "« SRV-HYP-01 »" in lines[0]
        assert "rien n’a été importé" in lines[0]
        if second_name.strip() != "SRV-HYP-01":
            assert f"« {second_name.strip()} »" in lines[0]
    assert all_rows_checksum(demo_path) == before_rows
    assert _database_files(demo_path) == before_files
    assert _vms_by_host(demo_path) == hosts
    db = open_database(demo_path)  # the same refusal through the API (the window uses it)
    try:
        with pytest.raises(ImportFileError) as err:
            B.import_bundle(db, path)
        assert "server" in str(err.value) and "SRV-HYP-01" in str(err.value)
    finally:
        db.close()
    assert all_rows_checksum(demo_path) == before_rows


def test_a_name_twice_among_new_rows_is_refused_too(demo_db, tmp_path):
    """Before, the second new VM was skipped and whatever referred to it went to the first."""
    bundle = B.build_bundle(demo_db)
    vms = bundle["tables"]["vm"]
    vms.append({**vms[0], "id": 100, "name": "VM-NEUVE"})
    vms.append({**vms[1], "id": 101, "name": "vm-neuve"})
    path = _write(tmp_path / "b.json", bundle)
    demo_db.execute("INSERT INTO site (name) VALUES ('Annexe locale')")  # not empty for the bundle
    demo_db.conn.commit()
    with pytest.raises(ImportFileError) as err:
        B.import_bundle(demo_db, path, dry_run=True)
    message = str(err.value)
    assert "\n" not in message and "vm" in message
    assert "« VM-NEUVE »" in message and "« vm-neuve »" in message


def test_homonyms_are_kept_by_an_import_into_an_empty_database(demo_db, tmp_path):
    """Contacts may share a name (the registry allows it): an empty database keeps the ids, so
    matches nothing and keeps both; only a merge, which matches on names, refuses them."""
    bundle = B.build_bundle(demo_db)
    contacts = bundle["tables"]["contact"]
    contacts.append({**contacts[0], "id": 100, "standin_for_id": None})
    path = _write(tmp_path / "b.json", bundle)
    target = open_database(tmp_path / "new.sqlite")
    try:
        B.import_bundle(target, path)
        name = contacts[0]["name"]
        assert target.execute("SELECT count(*) FROM contact WHERE name = ?", [name]).fetchone()[0] == 2
    finally:
        target.close()
    demo_db.execute("INSERT INTO site (name) VALUES ('Annexe locale')")  # a merge
    demo_db.conn.commit()
    with pytest.raises(ImportFileError) as err:
        B.import_bundle(demo_db, path)
    assert f"contact du fichier d’échange contient deux fois le nom « {contacts[0]['name']} »" \
        in str(err.value)


def test_a_link_twice_is_still_only_skipped(demo_db, tmp_path):
    bundle = B.build_bundle(demo_db)
    demo_db.execute("DELETE FROM application_vm WHERE id = (SELECT min(id) FROM application_vm)")
    demo_db.execute("INSERT INTO site (name) VALUES ('Annexe locale')")  # a merge
    demo_db.conn.commit()
    links = bundle["tables"]["application_vm"]
    links.append({**links[0], "id": 1000})
    plan = B.import_bundle(demo_db, _write(tmp_path / "b.json", bundle))
    by_table = {t.table: t for t in plan.tables}
    assert len(by_table["application_vm"].insert) == 1
    assert by_table["application_vm"].skipped == ["le même lien figure deux fois dans le fichier d’échange"]


# --- 2 and 3. re-parentings and field changes in the preview --------------------------------

def test_moving_a_vm_is_said_in_the_preview_and_the_cli(demo_path, tmp_path):
    bundle = _export(demo_path, tmp_path / "export.json")
    vm = _row(bundle, "vm", "VM-AD01")
    vm["server_id"] = _row(bundle, "server", "SRV-HYP-02")["id"]
    vm["ram_gb"] = 64
    path = _write(tmp_path / "move.json", bundle)
    db = open_database(demo_path)
    try:
        plan = B.plan_bundle(db, B.read_bundle(path), path)
    finally:
        db.close()
    assert plan.mode == "merge" and plan.count("update") == 1
    assert plan.reparentings() == [MOVE]
    vm_plan = next(t for t in plan.tables if t.table == "vm")
    (record,) = vm_plan.changes
    assert record.name == "VM-AD01"
    assert [(c.column, c.old, c.new, c.reparent) for c in record.fields] == [
        ("server_id", "SRV-HYP-01", "SRV-HYP-02", True), ("ram_gb", 8, 64, False)]

    before = all_rows_checksum(demo_path)
    out = run_cli("import", "bundle", "--db", str(demo_path), str(path), "--dry-run")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Attention : 1 fiche existante serait rattachée ailleurs :"
    assert lines[1] == "  " + MOVE
    at = lines.index("  Machine virtuelle « VM-AD01 » :")
    assert lines[at + 1: at + 3] == ["    Serveur hôte : SRV-HYP-01 → SRV-HYP-02",
                                     "    Mémoire vive : 8 Go → 64 Go"]
    assert "1 ligne mise à jour" in lines[-1] and "rien" in lines[-1].lower()
    assert all_rows_checksum(demo_path) == before

    out = run_cli("import", "bundle", "--db", str(demo_path), str(path))
    assert out.returncode == 0, out.stderr
    assert "  " + MOVE in out.stdout.splitlines()
    hosts = _vms_by_host(demo_path)
    assert hosts.pop("VM-AD01") == "SRV-HYP-02"
    assert set(hosts.values()) == {"SRV-HYP-01"}  # the six others stay where they were


def test_every_changed_field_is_listed_by_names(demo_db, tmp_path):
    bundle = B.build_bundle(demo_db)
    server = _row(bundle, "server", "SRV-HYP-01")
    server.update(serial="NEW-SERIAL", site_id=_row(bundle, "site", "Site du Moulin")["id"],
                  notes="Déplacé\nau Moulin")
    _row(bundle, "vm", "VM-DPI01").update(criticality="low", vcpu=12)  # was vital, 8
    claire = _row(bundle, "contact", "Claire Vidal")
    claire["standin_for_id"] = _row(bundle, "contact", "Sophie Garnier")["id"]
    claire["phone"] = "05 55 00 00 00"
    # a new server, and a VM moved onto it: the preview names the new server too
    bundle["tables"]["server"].append({**server, "id": 50, "name": "SRV-HYP-03", "serial": "S3",
                                       "uuid": None})
    _row(bundle, "vm", "VM-LAB01")["server_id"] = 50
    plan = B.import_bundle(demo_db, _write(tmp_path / "b.json", bundle), dry_run=True)
    assert plan.count("insert") == 1 and plan.count("update") == 4
    old_phone = demo_db.execute("SELECT phone FROM contact WHERE name = 'Claire Vidal'").fetchone()[0]
    assert sorted(plan.reparentings()) == sorted([
        "Contact « Claire Vidal » : remplace Laurent Morel → Sophie Garnier",
        "Serveur physique « SRV-HYP-01 » : site Site des Tilleuls → Site du Moulin",
        "Machine virtuelle « VM-LAB01 » : serveur hôte SRV-HYP-01 → SRV-HYP-03",
    ])
    lines = plan.lines()
    text = "\n".join(lines)
    for record, fields in {
        "Serveur physique « SRV-HYP-01 » :": ["Site : Site des Tilleuls → Site du Moulin",
                                              "Numéro de série : 7XK2L93 → NEW-SERIAL"],
        "Machine virtuelle « VM-DPI01 » :": ["Criticité : Vitale → Faible"],
        "Contact « Claire Vidal » :": [f"Téléphone : {old_phone} → 05 55 00 00 00",
                                       "Remplace : Laurent Morel → Sophie Garnier"],
    }.items():
        at = lines.index("  " + record)
        block = []
        for line in lines[at + 1:]:
            if not line.startswith("    "):
                break
            block.append(line.strip())
        for wanted in fields:
            assert wanted in block, (wanted, block)
    assert "Notes : (vide) → Déplacé au Moulin" in text  # on one line
    assert f"{B.field_label('vm', 'vcpu')} : 8 → 12" in text
    assert "… et" not in text
    assert plan.field_changes() == sum(len(r.fields) for t in plan.tables for r in t.changes) >= 8


def test_a_long_list_is_cut_on_screen_but_never_a_reparenting(demo_path, tmp_path):
    bundle = _export(demo_path, tmp_path / "export.json")
    host = _row(bundle, "server", "SRV-HYP-02")["id"]
    for number, vm in enumerate(bundle["tables"]["vm"]):
        vm.update(server_id=host, vcpu=30 + number, ram_gb=300 + number, disk_gb=900 + number,
                  os=f"OS {number}", role=f"rôle {number}", notes=f"note {number}")
    for contact in bundle["tables"]["contact"]:
        contact["notes"] = "revue 2027"
    path = _write(tmp_path / "many.json", bundle)
    out = run_cli("import", "bundle", "--db", str(demo_path), str(path), "--dry-run")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Attention : 7 fiches existantes seraient rattachées ailleurs :"
    moves = [line for line in lines if "serveur hôte SRV-HYP-01 → SRV-HYP-02" in line]
    assert len(moves) == 7 and lines[1:8] == moves
    shown = [line for line in lines if line.startswith("    ")]
    assert len(shown) <= 40
    cut = [line for line in lines if line.startswith("  … et ")]
    assert cut and cut[-1].endswith("autres modifications")
    hidden = sum(int(line.split()[2]) for line in cut)
    contacts = len(bundle["tables"]["contact"])
    assert len(shown) + hidden == contacts + 7 * 7  # every contact's notes; 7 fields of each VM
    out = run_cli("import", "bundle", "--db", str(demo_path), str(path), "--dry-run", "--all-changes")
    assert out.returncode == 0, out.stderr
    assert "… et" not in out.stdout
    assert len([line for line in out.stdout.splitlines() if line.startswith("    ")]) == contacts + 7 * 7


# --- 4. an unchanged bundle ------------------------------------------------------------------

def test_an_unchanged_bundle_shows_no_change(demo_path, tmp_path):
    path = tmp_path / "export.json"
    _export(demo_path, path)
    db = open_database(demo_path)
    try:
        again = B.plan_bundle(db, B.read_bundle(path), path)  # into the database it came from
        assert again.count("insert") == again.count("update") == 0
        assert not again.reparentings() and not again.field_changes()
        # a row of its own makes the database non-empty for the bundle: a real merge
        db.execute("INSERT INTO site (name) VALUES ('Annexe locale')")
        db.conn.commit()
        plan = B.plan_bundle(db, B.read_bundle(path), path)
    finally:
        db.close()
    assert plan.mode == "merge"
    assert plan.count("insert") == plan.count("update") == 0 and plan.count("unchanged") > 0
    assert not plan.reparentings() and plan.field_changes() == 0
    assert not any("→" in line for line in plan.lines())
    before = all_rows_checksum(demo_path)
    out = run_cli("import", "bundle", "--db", str(demo_path), str(path))
    assert out.returncode == 0, out.stderr
    assert "0 ligne ajoutée, 0 ligne mise à jour" in out.stdout and "→" not in out.stdout
    assert "Attention" not in out.stdout
    assert all_rows_checksum(demo_path) == before
