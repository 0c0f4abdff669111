"""What the machine is: containers, virtual machines, workstations and servers (issue 14).

Every inventory here is a real agent output from tests/data/interop/ or tests/data/inventories/
with one element changed
(VMSYSTEM, CHASSIS_TYPE, UUID, SMODEL…), imported into a real SQLite file:
- fusioninventory-real-debian.xml: `fusioninventory-inventory` in this project's Debian container
  (VMSYSTEM Docker, no UUID, no serial number);
- fusioninventory-2.xml: the FusionInventory agent on an HP EliteBook under Windows 8.1
  (CHASSIS_TYPE Notebook; GLPI project's examples, MIT, see LICENSE-glpi-inventory-format.txt);
- glpi-json-computer_2_partial_vms.json: the GLPI agent on a Dell XPS laptop listing Docker
  containers.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from interop_support import DATA

from conftest import run_cli
from si_local.core.interop import inventory as inv
from support import INVENTORIES

DOCKER = DATA / "fusioninventory-real-debian.xml"
LAPTOP = INVENTORIES / "fusioninventory-2.xml"
LAPTOP_UUID = "33e737a8-f827-11df-9297-47c0a301005a"


def _variant(tmp_path, source, name, *changes: tuple[str, str]):
    """A copy of a real inventory with elements replaced (each pattern must be found once)."""
    text = source.read_text(encoding="utf-8")
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text, count=1)
        assert count == 1, pattern
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _chassis(tmp_path, chassis: str | None, name: str = "chassis.xml", *more):
    replacement = f"<CHASSIS_TYPE>{chassis}</CHASSIS_TYPE>" if chassis is not None else ""
    return _variant(tmp_path, LAPTOP, name, (r"<CHASSIS_TYPE>Notebook</CHASSIS_TYPE>", replacement),
                    *more)


def _vmsystem(tmp_path, vmsystem: str, source=DOCKER, name="vmsystem.xml", *more):
    return _variant(tmp_path, source, name,
                    (r"<VMSYSTEM>\w+</VMSYSTEM>", f"<VMSYSTEM>{vmsystem}</VMSYSTEM>"), *more)


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _row(db, table: str, name: str) -> dict:
    rows = list(db.query(f"SELECT * FROM {table} WHERE name = ?", [name]))
    assert len(rows) == 1, (table, name, rows)
    return rows[0]


# --- containers ------------------------------------------------------------------------------

def test_docker_container_becomes_a_vm_without_host_and_without_the_hosts_figures(db):
    plan = inv.import_inventories(db, [DOCKER])
    [action] = plan.actions
    assert (action.kind, action.op) == ("vms", "create")
    assert action.rule == "conteneur Docker → machine virtuelle"
    assert "[conteneur Docker → machine virtuelle]" in action.describe()
    assert _count(db, "server") == 0
    vm = _row(db, "vm", "vm")
    assert vm["server_id"] is None
    assert vm["os"] == "Debian GNU/Linux 12 (bookworm)"
    assert vm["addresses"] == "192.0.2.2"
    # the container sees its host's processors, memory and disk: not written
    assert vm["vcpu"] is None and vm["ram_gb"] is None and vm["disk_gb"] is None
    assert vm["uuid"] is None and vm["serial"] is None
    assert vm["notes"] == "Conteneur (Docker), d’après un inventaire d’agent"
    assert vm["source"] == "inventory"
    again = inv.import_inventories(db, [DOCKER])
    assert [(a.kind, a.op) for a in again.actions] == [("vms", "unchanged")]
    assert _count(db, "vm") == 1


@pytest.mark.parametrize("vmsystem", ["lxc", "LXC", "Podman", "containerd", "OpenVZ", "Virtuozzo",
                                      "WSL", "SolarisZone", "BSDJail"])
def test_other_containers_become_vms(db, tmp_path, vmsystem):
    plan = inv.import_inventories(db, [_vmsystem(tmp_path, vmsystem)])
    [action] = plan.actions
    assert (action.kind, action.op) == ("vms", "create")
    assert action.rule == f"conteneur {vmsystem} → machine virtuelle"
    assert _count(db, "server") == 0 and _row(db, "vm", "vm")["server_id"] is None


def test_a_container_reporting_its_hosts_uuid_and_serial_matches_nothing_by_them(db, tmp_path):
    """Inside a container the agent may read the host's DMI: two containers of one host would
    share that UUID and serial, and the second would overwrite the first."""
    identity = ((r"<SSN />", "<SSN>CZC0479792</SSN>"),
                (r"<VMSYSTEM>", "<UUID>33E737A8-F827-11DF-9297-47C0A301005A</UUID><VMSYSTEM>"))
    first = _variant(tmp_path, DOCKER, "a.xml", *identity)
    second = _variant(tmp_path, DOCKER, "b.xml", (r"<NAME>vm</NAME>", "<NAME>web</NAME>"),
                      *identity)
    plan = inv.import_inventories(db, [first, second])
    assert [(a.kind, a.op, a.name) for a in plan.actions] == [
        ("vms", "create", "vm"), ("vms", "create", "web")]
    assert "UUID et numéro de série non repris : un conteneur donne ceux de son hôte" in \
        plan.actions[0].notes
    assert [r["uuid"] for r in db.query("SELECT uuid FROM vm")] == [None, None]


def test_a_container_reimported_with_changes_updates_its_vm(db, tmp_path):
    inv.import_inventories(db, [DOCKER])
    vm_id = _row(db, "vm", "vm")["id"]
    db["vm"].update(vm_id, {"criticality": "high", "role": "Dossier patient"})
    changed = _variant(tmp_path, DOCKER, "v2.xml", (r"<IPADDRESS>192.0.2.2</IPADDRESS>",
                                                    "<IPADDRESS>192.0.2.7</IPADDRESS>"))
    plan = inv.import_inventories(db, [changed])
    [action] = plan.actions
    assert (action.op, action.record_id, set(action.changes)) == ("update", vm_id, {"addresses"})
    vm = _row(db, "vm", "vm")
    assert vm["addresses"] == "192.0.2.7" and vm["criticality"] == "high"
    assert vm["role"] == "Dossier patient" and _count(db, "vm") == 1


def test_the_container_an_older_import_made_a_server_is_updated_where_it_is(db, tmp_path):
    db["server"].insert({"name": "vm", "source": "inventory", "room": "Salle B"})
    plan = inv.import_inventories(db, [DOCKER])
    [action] = plan.actions
    assert (action.kind, action.op) == ("servers", "update")
    assert action.rule == "conteneur Docker → machine virtuelle"
    assert any("déjà au registre (type : Serveur physique)" in n for n in action.notes)
    assert _count(db, "vm") == 0 and _count(db, "server") == 1
    assert _row(db, "server", "vm")["room"] == "Salle B"


# --- virtual machines ------------------------------------------------------------------------

@pytest.mark.parametrize("vmsystem", ["VMware", "KVM", "QEMU", "Hyper-V", "VirtualBox", "Xen",
                                      "Virtual Machine", "Parallels"])
def test_virtual_machines_stay_vms(db, tmp_path, vmsystem):
    """A VM's BIOS names the hypervisor's maker (« VMware, Inc. »…): the VM has no such field,
    and the chassis type a hypervisor reports (« Desktop » for Hyper-V) says nothing."""
    path = _vmsystem(tmp_path, vmsystem, LAPTOP, "guest.xml",
                     (r"<CHASSIS_TYPE>Notebook</CHASSIS_TYPE>",
                      "<CHASSIS_TYPE>Desktop</CHASSIS_TYPE>"),
                     (r"<SMANUFACTURER>Hewlett-Packard</SMANUFACTURER>",
                      "<SMANUFACTURER>VMware, Inc.</SMANUFACTURER>"))
    plan = inv.import_inventories(db, [path])
    [action] = plan.actions
    assert (action.kind, action.op) == ("vms", "create")
    assert action.rule == f"machine virtuelle ({vmsystem})"
    vm = _row(db, "vm", "pc-arg-23")
    assert vm["uuid"] == LAPTOP_UUID and vm["ram_gb"] == pytest.approx(3.8)
    assert _count(db, "server") == 0 and _count(db, "equipment") == 0
    assert inv.import_inventories(db, [path]).writes == 0


# --- workstations ----------------------------------------------------------------------------

def test_a_notebook_becomes_a_workstation(db):
    plan = inv.import_inventories(db, [LAPTOP])
    [action] = plan.actions
    assert (action.kind, action.op) == ("equipment", "create")
    assert action.rule == "châssis portable (Notebook) → poste de travail"
    assert action.kind_label == "Poste de travail"
    assert action.describe().startswith("Poste de travail pc-arg-23")
    assert _count(db, "server") == 0
    row = _row(db, "equipment", "pc-arg-23")
    assert row["kind"] == "workstation"
    assert row["maker"] == "Hewlett-Packard" and row["model"] == "HP EliteBook 2540p"
    assert row["serial"] == "CZC0479792" and row["uuid"] == LAPTOP_UUID
    assert row["address"] == "10.253.6.55" and row["source"] == "inventory"
    again = inv.import_inventories(db, [LAPTOP])
    assert [(a.kind, a.op) for a in again.actions] == [("equipment", "unchanged")]


@pytest.mark.parametrize("chassis, family, shown", [
    ("Laptop", "portable", "Laptop"), ("Portable", "portable", "Portable"),
    ("Sub Notebook", "portable", "Sub Notebook"), ("Convertible", "portable", "Convertible"),
    ("10", "portable", "Notebook"), ("9", "portable", "Laptop"), ("31", "portable", "Convertible"),
    ("Desktop", "bureau", "Desktop"), ("Tower", "bureau", "Tower"),
    ("Mini Tower", "bureau", "Mini Tower"), ("Mini PC", "bureau", "Mini PC"),
    ("All in One", "bureau", "All in One"),
    ("Low Profile Desktop", "bureau", "Low Profile Desktop"),
    ("Space-saving", "bureau", "Space-saving"), ("3", "bureau", "Desktop"),
    ("7", "bureau", "Tower"), ("13", "bureau", "All in One"), ("35", "bureau", "Mini PC"),
    ("36", "bureau", "Stick PC"),
])
def test_chassis_types_of_workstations(db, tmp_path, chassis, family, shown):
    plan = inv.import_inventories(db, [_chassis(tmp_path, chassis)])
    [action] = plan.actions
    assert (action.kind, action.op) == ("equipment", "create")
    where = "portable" if family == "portable" else "de bureau"
    assert action.rule == f"châssis {where} ({shown}) → poste de travail"
    assert _row(db, "equipment", "pc-arg-23")["kind"] == "workstation"
    assert _count(db, "server") == 0


@pytest.mark.parametrize("chassis", ["Rack Mount Chassis", "Main Server Chassis", "Blade", "23",
                                     "17", "Other", None])
def test_other_physical_machines_stay_servers(db, tmp_path, chassis):
    plan = inv.import_inventories(db, [_chassis(tmp_path, chassis)])
    [action] = plan.actions
    assert (action.kind, action.op, action.rule) == ("servers", "create", "serveur physique")
    assert _row(db, "server", "pc-arg-23")["ram_gb"] == pytest.approx(3.8)
    assert _count(db, "equipment") == 0


@pytest.mark.parametrize("change", [
    (r"<SMODEL>HP EliteBook 2540p</SMODEL>", "<SMODEL>PowerEdge T440</SMODEL>"),
    (r"<FULL_NAME>Microsoft Windows 8.1 Professionnel</FULL_NAME>",
     "<FULL_NAME>Microsoft Windows Server 2019 Standard</FULL_NAME>"),
])
def test_a_tower_server_stays_a_server(db, tmp_path, change):
    path = _chassis(tmp_path, "Tower", "tower.xml", change)
    [action] = inv.import_inventories(db, [path]).actions
    assert (action.kind, action.op) == ("servers", "create")
    assert action.rule == ("châssis de bureau (Tower) mais modèle ou système de serveur → "
                           "serveur physique")


def test_a_workstation_reimported_with_a_new_name_and_address_updates_its_record(db, tmp_path):
    inv.import_inventories(db, [LAPTOP])
    row_id = _row(db, "equipment", "pc-arg-23")["id"]
    db["equipment"].update(row_id, {"room": "Accueil"})
    changed = _variant(tmp_path, LAPTOP, "v2.xml",
                       (r"<NAME>pc-arg-23</NAME>", "<NAME>PC-ACCUEIL</NAME>"),
                       (r"<IPADDRESS>10.253.6.55</IPADDRESS>",
                        "<IPADDRESS>10.253.6.80</IPADDRESS>"))
    plan = inv.import_inventories(db, [changed])
    [action] = plan.actions
    assert (action.kind, action.op, action.record_id) == ("equipment", "update", row_id)
    assert set(action.changes) == {"address"}  # matched by UUID; the registry's name is kept
    row = _row(db, "equipment", "pc-arg-23")
    assert row["address"] == "10.253.6.80" and row["room"] == "Accueil"
    assert _count(db, "equipment") == 1 and _count(db, "server") == 0


def test_the_laptop_an_older_import_made_a_server_is_not_duplicated(db):
    db["server"].insert({"name": "PC-ARG-23-OLD", "serial": "CZC0479792", "source": "inventory"})
    [action] = inv.import_inventories(db, [LAPTOP]).actions
    assert (action.kind, action.op) == ("servers", "update")
    assert action.rule == "châssis portable (Notebook) → poste de travail"
    assert _count(db, "equipment") == 0 and _count(db, "server") == 1
    assert _row(db, "server", "PC-ARG-23-OLD")["uuid"] == LAPTOP_UUID


def test_containers_listed_by_a_workstation_are_skipped_with_the_reason(db):
    plan = inv.import_inventories(db, [INVENTORIES / "glpi-json-computer_2_partial_vms.json"])
    assert [(a.kind, a.op) for a in plan.actions][:1] == [("equipment", "create")]
    assert plan.actions[0].rule == "châssis portable (Laptop) → poste de travail"
    listed = plan.actions[1:]
    assert len(listed) == 6 and {a.op for a in listed} == {"skip"}
    assert listed[0].reason == ("listée par un poste de travail ; importer son propre inventaire "
                                "pour l’enregistrer")
    assert listed[0].rule == "listée dans l’inventaire de COMP1"
    assert _count(db, "vm") == 0 and _count(db, "server") == 0
    assert _row(db, "equipment", "COMP1")["kind"] == "workstation"


# --- the schema, the command line, the window --------------------------------------------------

def test_databases_of_the_previous_version_accept_workstations(db_path):
    from sqlite_utils import Database

    from si_local.core import audit
    from si_local.core.db import open_database
    from si_local.core.migrations import migrations

    conn = sqlite3.connect(db_path)
    audit.register_functions(conn)
    older = Database(conn)
    migrations.apply(older, stop_before="m009_equipment_workstation")
    with pytest.raises(sqlite3.IntegrityError):
        older["equipment"].insert({"name": "PC", "kind": "workstation"})
    older["equipment"].insert({"id": 1, "name": "Onduleur", "kind": "ups"})
    scenario = older.execute("SELECT id FROM continuity_scenario LIMIT 1").fetchone()[0]
    step = older["continuity_step"].insert({"scenario_id": scenario, "position": 99,
                                             "title": "Vérifier l’onduleur"}).last_pk
    older["continuity_step_item"].insert({"step_id": step, "equipment_id": 1})
    conn.commit()
    older.close()
    db = open_database(db_path)
    try:
        assert db.execute("SELECT count(*) FROM continuity_step_item WHERE equipment_id = 1"
                          ).fetchone()[0] == 1  # the points at the equipment are kept
        db["equipment"].insert({"name": "PC", "kind": "workstation"})
        with pytest.raises(sqlite3.IntegrityError):
            db["equipment"].insert({"name": "X", "kind": "toaster"})
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        plan = inv.import_inventories(db, [LAPTOP])
        assert plan.count("create") == 1
    finally:
        db.close()


def test_cli_dry_run_says_which_rule_applied(db_path, db):
    db.close()
    out = run_cli("import", "inventory", "--db", str(db_path), "--dry-run", str(DOCKER),
                  str(LAPTOP), str(DATA / "host.json"))
    assert out.returncode == 0, out.stderr
    assert "VM vm : créé [conteneur Docker → machine virtuelle]" in out.stdout
    workstation = ("Poste de travail pc-arg-23 : créé "
                   "[châssis portable (Notebook) → poste de travail]")
    assert workstation in out.stdout
    assert "Serveur SRV-HYP-TEST : créé [serveur physique]" in out.stdout
    assert "VM VM-TEST-01 : créé [listée dans l’inventaire de SRV-HYP-TEST]" in out.stdout
    out = run_cli("import", "inventory", "--db", str(db_path), "--dry-run", str(DOCKER),
                  env={"SI_LOCAL_LANG": "en"})
    assert "VM vm: created [Docker container → virtual machine]" in out.stdout


@pytest.mark.gui
def test_import_dialog_preview_shows_the_rule(qtbot, demo_ctx):
    from si_local.ui import import_dialog
    from si_local.ui.main_window import MainWindow

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    dialog = import_dialog.import_inventories(window, paths=[DOCKER, LAPTOP])
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=20000)
    assert dialog.model.headers[-1] == "Règle appliquée"
    rows = {r[2]: r for r in dialog.model.rows}
    assert rows["vm"][1] == "VM" and rows["vm"][5] == "conteneur Docker → machine virtuelle"
    assert rows["pc-arg-23"][1] == "Poste de travail"
    assert rows["pc-arg-23"][5] == "châssis portable (Notebook) → poste de travail"
