"""Agent inventories: reading both formats, matching, re-import, VMs and hosts, audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from interop_support import DATA

from si_local.core.interop import inventory as inv
from support import INVENTORIES
from support import INVENTORY_EXAMPLES as EXAMPLES


def test_the_agent_examples_are_in_the_repository():
    """A clean clone runs every test that reads them: none is looked for outside the repository."""
    assert [p.name for p in EXAMPLES] == [
        "fusioninventory-1.xml", "fusioninventory-2.xml", "fusioninventory-7.xml",
        "glpi-json-computer_1.json", "glpi-json-computer_2_partial_vms.json",
        "glpi-json-networkequipment_1.json"]
    assert INVENTORIES.is_relative_to(Path(__file__).resolve().parents[2])
    assert (INVENTORIES / "LICENSE-glpi-inventory-format.txt").is_file()  # MIT: kept beside them


def _server(db, name):
    return db.execute("SELECT * FROM server WHERE name = ?", [name]).fetchone() and dict(
        db.query("SELECT * FROM server WHERE name = ?", [name]).__next__())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_imports_and_reimport_changes_nothing(db, path):
    plan = inv.import_inventories(db, [path])
    assert plan.count("create") >= 1
    # nothing skipped but the VMs and containers a laptop lists (test_inventory_kinds.py)
    assert all(a.reason.startswith("listée par un poste de travail") for a in plan.actions
               if a.op == "skip")
    audit_before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = inv.import_inventories(db, [path])
    assert again.count("create") == 0 and again.count("update") == 0
    assert again.count("unchanged") == plan.count("create")
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before


def test_all_examples_together(db):
    plan = inv.import_inventories(db, EXAMPLES)
    # every computer of the examples is a laptop (CHASSIS_TYPE Notebook or Laptop): workstations
    kinds = {r["name"]: r["kind"] for r in db.query("SELECT name, kind FROM equipment")}
    assert kinds == {"LF014": "workstation", "pc-arg-23": "workstation", "glpixps": "workstation",
                     "COMP1": "workstation", "ucs6248up-cluster-pa3-B": "switch"}
    # the switch appears in the XML and the JSON examples: one record, matched by serial
    assert db.execute("SELECT count(*) FROM server").fetchone()[0] == 0
    # the VMs and containers a laptop lists are its user's: skipped, with the reason
    assert db.execute("SELECT count(*) FROM vm").fetchone()[0] == 0
    assert plan.count("skip") == 3 + 6
    again = inv.import_inventories(db, EXAMPLES)
    assert again.writes == 0 and again.count("skip") == 3 + 6
    assert again.count("unchanged") == len(plan.actions) - 9


def test_host_fields_and_listed_vms(db):
    plan = inv.import_inventories(db, [DATA / "host.json"])
    assert plan.count("create") == 3
    server = _server(db, "SRV-HYP-TEST")
    assert server["maker"] == "Dell Inc." and server["model"] == "PowerEdge R650"
    assert server["serial"] == "ABC1234"
    assert server["uuid"] == "11111111-2222-3333-4444-555555555555"
    assert server["cpu_cores"] == 32 and server["ram_gb"] == 256
    assert server["storage_gb"] == pytest.approx(1875.0)  # the CD-ROM is not storage
    assert server["os"] == "Debian GNU/Linux 12 (bookworm)"
    assert server["addresses"] == "10.10.1.5, 10.10.9.5"
    assert server["mgmt_address"] == "10.10.9.5"
    assert server["hypervisor"] == "kvm"
    assert server["source"] == "inventory"
    vms = {r["name"]: r for r in db.query("SELECT * FROM vm ORDER BY name")}
    assert vms["VM-TEST-01"]["server_id"] == server["id"]
    assert vms["VM-TEST-02"]["ram_gb"] == 4.0 and vms["VM-TEST-02"]["vcpu"] == 2
    assert vms["VM-TEST-01"]["criticality"] == "medium"


def test_guest_inventory_updates_the_vm_its_host_listed(db):
    inv.import_inventories(db, [DATA / "host.json"])
    plan = inv.import_inventories(db, [DATA / "guest.json"])
    assert plan.count("create") == 0 and plan.count("update") == 1
    action = plan.actions[0]
    assert action.kind == "vms" and action.name == "VM-TEST-01"  # matched by UUID, any case
    assert set(action.changes) >= {"os", "disk_gb", "addresses"}
    vm = dict(next(db.query("SELECT * FROM vm WHERE name = 'VM-TEST-01'")))  # not renamed
    assert vm["os"] == "Microsoft Windows Server 2022 Standard"
    assert vm["server_id"] == _server(db, "SRV-HYP-TEST")["id"]  # still on its host
    assert db.execute("SELECT count(*) FROM vm").fetchone()[0] == 2


def test_guest_first_then_host_in_one_import_makes_one_vm_on_its_host(db):
    plan = inv.import_inventories(db, [DATA / "guest.json", DATA / "host.json"])
    assert db.execute("SELECT count(*) FROM vm").fetchone()[0] == 2
    host = _server(db, "SRV-HYP-TEST")
    vm = dict(next(db.query("SELECT * FROM vm WHERE uuid = 'aaaaaaaa-0000-0000-0000-000000000001'")))
    assert vm["server_id"] == host["id"]
    assert vm["os"] == "Microsoft Windows Server 2022 Standard"
    assert plan.count("create") == 3
    assert inv.import_inventories(db, [DATA / "guest.json", DATA / "host.json"]).writes == 0


def test_user_fields_are_kept_and_changes_are_audited(db):
    inv.import_inventories(db, [DATA / "host.json"])
    server_id = _server(db, "SRV-HYP-TEST")["id"]
    db["server"].update(server_id, {"room": "Salle serveurs B", "notes": "Contrat Dell ProSupport"})
    changed = json.loads((DATA / "host.json").read_text())
    changed["content"]["hardware"]["memory"] = 524288
    changed["content"]["hardware"]["name"] = "srv-hyp-renamed"  # renamed, same UUID
    path = db.path.parent / "host-v2.json"
    path.write_text(json.dumps(changed))
    plan = inv.import_inventories(db, [path])
    assert plan.count("update") == 1 and plan.count("create") == 0
    assert set(plan.actions[0].changes) == {"ram_gb"}  # the registry's name is kept
    assert "srv-hyp-renamed" in plan.actions[0].notes[0]
    server = dict(next(db.query("SELECT * FROM server WHERE id = ?", [server_id])))
    assert server["ram_gb"] == 512 and server["room"] == "Salle serveurs B"
    assert server["notes"] == "Contrat Dell ProSupport"
    last = db.execute("SELECT before, after FROM audit WHERE table_name = 'server' "
                      "AND action = 'update' ORDER BY id DESC LIMIT 1").fetchone()
    assert json.loads(last[0])["ram_gb"] == 256 and json.loads(last[1])["ram_gb"] == 512


def test_matching_by_serial_then_name(db):
    db["server"].insert({"name": "OLD-NAME", "serial": "ABC1234"})
    db["server"].insert({"name": "vm"})
    plan = inv.import_inventories(db, [DATA / "host.json", DATA / "fusioninventory-real-debian.xml"])
    assert [a.op for a in plan.actions if a.kind == "servers"] == ["update", "update"]
    assert db.execute("SELECT count(*) FROM server").fetchone()[0] == 2
    server = _server(db, "OLD-NAME")  # matched by serial, not renamed
    assert server["uuid"] == "11111111-2222-3333-4444-555555555555" and server["ram_gb"] == 256
    assert _server(db, "vm")["os"] == "Debian GNU/Linux 12 (bookworm)"  # matched by name


def test_real_fusioninventory_agent_output_in_a_container_becomes_a_vm(db):
    """tests/data/interop/fusioninventory-real-debian.xml: `fusioninventory-inventory` run in
    this project's Debian 12 container (software, users and processes sections trimmed); more in
    test_inventory_kinds.py."""
    plan = inv.import_inventories(db, [DATA / "fusioninventory-real-debian.xml"])
    assert [(a.kind, a.op) for a in plan.actions] == [("vms", "create")]
    vm = dict(next(db.query("SELECT * FROM vm WHERE name = 'vm'")))
    assert vm["os"] == "Debian GNU/Linux 12 (bookworm)" and vm["server_id"] is None
    assert inv.import_inventories(db, [DATA / "fusioninventory-real-debian.xml"]).writes == 0


def test_network_equipment_xml(db):
    inv.import_inventories(db, [INVENTORIES / "fusioninventory-7.xml"])
    row = dict(next(db.query("SELECT * FROM equipment")))
    assert row["name"] == "ucs6248up-cluster-pa3-B" and row["kind"] == "switch"
    assert row["maker"] == "Cisco" and row["serial"] == "SSI1912014B"


def test_dry_run_plan_writes_nothing_and_snapshot_before_apply(db):
    from si_local.core.snapshots import folder_for

    before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    plan = inv.plan_inventories(db, [DATA / "host.json"])
    assert plan.count("create") == 3
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == before
    lines = [a.describe() for a in plan.actions]
    assert any("SRV-HYP-TEST" in line for line in lines)
    inv.apply_plan(db, plan)
    assert any("before-import" in p.name for p in folder_for(db.path).iterdir())


def test_invalid_address_is_left_out_with_a_note(db, tmp_path):
    doc = json.loads((DATA / "guest.json").read_text())
    doc["content"]["networks"] = [{"ipaddress": "999.1.2.3"}]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc))
    plan = inv.import_inventories(db, [path])
    assert plan.actions[0].op == "create" and plan.actions[0].notes
    assert dict(next(db.query("SELECT * FROM vm")))["addresses"] is None


def test_partial_inventory_keeps_what_it_does_not_say(db, tmp_path):
    shutil.copy(DATA / "host.json", tmp_path / "a.json")
    inv.import_inventories(db, [tmp_path / "a.json"])
    partial = {"deviceid": "x", "partial": True, "content": {
        "hardware": {"name": "SRV-HYP-TEST", "uuid": "11111111-2222-3333-4444-555555555555"}}}
    (tmp_path / "b.json").write_text(json.dumps(partial))
    plan = inv.import_inventories(db, [tmp_path / "b.json"])
    assert plan.writes == 0
    assert _server(db, "SRV-HYP-TEST")["ram_gb"] == 256


def test_utf16_inventories_as_windows_powershell_writes_them(db, tmp_path):
    """`glpi-agent --stdout > x.json` in Windows PowerShell 5 writes UTF-16 with a byte-order mark
    (and an XML declaration still saying UTF-8): read as the same inventory as the UTF-8 file."""
    originals = [p for p in EXAMPLES if p.name in ("fusioninventory-1.xml",
                                                  "glpi-json-computer_2_partial_vms.json")]
    assert len(originals) == 2
    copies = []
    for path in originals:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))  # BOM + UTF-16LE
        assert copy.read_bytes()[:2] == b"\xff\xfe"
        copies.append(copy)
    plan = inv.import_inventories(db, copies)
    assert plan.count("create") == 1 + 1 and plan.count("skip") == 3 + 6  # laptops' VMs skipped
    lf014 = dict(next(db.query("SELECT * FROM equipment WHERE name = 'LF014'")))
    assert lf014["model"] == "PORTEGE Z30-A"
    assert lf014["uuid"] == "0055adc9-1d3a-e411-8043-b05d95113232"
    assert inv.import_inventories(db, originals).writes == 0  # the UTF-8 files: nothing new


def test_xml_declaring_latin1_is_read_by_its_declaration(db, tmp_path):
    path = tmp_path / "latin1.xml"
    path.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?>\n<REQUEST><CONTENT><HARDWARE>'
                     '<NAME>SRV-PHARMACIE-É</NAME><MEMORY>8192</MEMORY></HARDWARE></CONTENT>'
                     '</REQUEST>'.encode("latin-1"))
    inv.import_inventories(db, [path])
    assert _server(db, "SRV-PHARMACIE-É")["ram_gb"] == 8


def _os_release_pretty_name() -> str:
    for line in open("/etc/os-release", encoding="utf-8"):
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip().strip('"')
    return ""


@pytest.mark.skipif(not shutil.which("fusioninventory-inventory"),
                    reason="fusioninventory-agent is not installed (Debian: apt install "
                           "fusioninventory-agent)")
def test_inventory_produced_on_the_spot_by_fusioninventory(db, tmp_path):
    """The agent run now on this machine: one server, with this machine's name, RAM and OS."""
    import socket
    import subprocess

    path = tmp_path / "here.xml"
    with open(path, "wb") as out:
        subprocess.run(["fusioninventory-inventory"], stdout=out, stderr=subprocess.DEVNULL,
                       check=True, timeout=120)
    vmsystem = inv.read_document(path)["content"]["hardware"].get("vmsystem")
    # a VM here (this project's container says "Docker"), inside KVM, VMware…; else a server
    kind = "vms" if inv._is_hypervisor(vmsystem) or inv._is_container(vmsystem) else "servers"
    plan = inv.import_inventories(db, [path])
    assert (plan.actions[0].kind, plan.actions[0].op) == (kind, "create"), vmsystem
    name = socket.gethostname().split(".")[0]
    table = "server" if kind == "servers" else "vm"
    server = dict(next(db.query(f"SELECT * FROM {table} WHERE name = ?", [name]), {}))
    assert server, f"no {table} called {name}: {[a.name for a in plan.actions]}"
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    if inv._is_container(vmsystem):  # what a container reads is its host's memory: not written
        assert server["ram_gb"] is None
    else:
        assert server["ram_gb"] == pytest.approx(total_kb / 1024 / 1024, abs=0.2)
    assert server["os"] == _os_release_pretty_name()
    assert inv.import_inventories(db, [path]).writes == 0
