"""Impact analysis on the demo facility and on small registries."""

from __future__ import annotations

import json

import pytest

from si_local.core import continuity as c
from si_local.core import registry as r
from si_local.core.errors import UserError
from support import run_cli

DEMO_VMS = ["VM-AD01", "VM-DPI01", "VM-FIC01", "VM-GAP01", "VM-LAB01", "VM-RDS01", "VM-SAV01"]


def test_main_server_stops_seven_vms_and_the_mirror_takes_over(demo_db):
    result = c.impact(demo_db, None, "SRV-HYP-01")
    assert result.kind == "server"
    assert sorted(v["name"] for v in result.vms) == DEMO_VMS
    assert [m["target"] for m in result.mirrors] == ["SRV-HYP-02"]
    assert result.mirror_takes_over and not result.unprotected_vms
    assert {a["name"] for a in result.activities} == {
        "Médecine polyvalente", "SSR — Soins de suite", "Urgences et consultations",
        "EHPAD Les Charmilles", "Équipe de nuit", "Admissions et facturation",
        "Pharmacie à usage intérieur et résultats de laboratoire"}
    order = [i.name for i in result.restart]
    assert order[0] == "VM-AD01" and order[1] == "VM-SAV01" and order[2] == "VM-DPI01"
    assert order[-1] == "VM-FIC01"  # medium criticality last
    assert result.application_order[0] == "Dossier patient Sillage+"


def test_site_of_the_mirror_stops_nothing_but_the_mirror(demo_db):
    result = c.impact(demo_db, "site", "Site du Moulin")
    assert [s["name"] for s in result.servers] == ["SRV-HYP-02"]
    assert result.vms == [] and result.applications == []
    # ... but the main server loses its protection, and the analysis says so
    assert any("SRV-HYP-02 est le miroir de SRV-HYP-01" in n for n in result.notes)


def test_losing_a_mirror_is_said_only_while_its_source_still_runs(demo_db):
    [note] = [n for n in c.impact(demo_db, "server", "SRV-HYP-02").notes if "miroir" in n]
    assert "SRV-HYP-01 n’a plus de miroir" in note
    assert not [n for n in c.impact(demo_db, "server", "SRV-HYP-01").notes if "miroir" in n]


def test_main_site_loss_is_covered_by_the_other_site(demo_db):
    result = c.impact(demo_db, "site", "Site des Tilleuls")
    assert len(result.vms) == 7 and result.mirror_takes_over


def test_mirror_on_the_same_failed_site_does_not_count(db):
    site = r.save(db, r.SITES, {"name": "Unique"})
    a = r.save(db, r.SERVERS, {"name": "A", "site_id": site})
    b = r.save(db, r.SERVERS, {"name": "B", "site_id": site})
    r.save(db, r.VMS, {"name": "VM1", "server_id": a, "criticality": "high"})
    r.save(db, r.REPLICATIONS, {"source_server_id": a, "target_server_id": b})
    assert c.impact(db, "server", "A").mirror_takes_over
    result = c.impact(db, "site", "Unique")
    assert not result.mirror_takes_over and result.unprotected_vms == ["VM1"]
    assert any("restaurées depuis les sauvegardes" in line for line in c.impact_lines(result))


def test_vm_and_application_and_equipment(demo_db):
    vm = c.impact(demo_db, None, "VM-LAB01")
    assert [a["name"] for a in vm.applications] == ["Liaison laboratoire"]
    assert vm.mirror_takes_over  # the server's replication holds a copy of the VM
    app = c.impact(demo_db, None, "Dossier patient Sillage+")
    assert app.vms == [] and {a["name"] for a in app.activities} == {
        "Médecine polyvalente", "SSR — Soins de suite", "Urgences et consultations",
        "EHPAD Les Charmilles", "Équipe de nuit",
        "Pharmacie à usage intérieur et résultats de laboratoire"}
    ups = c.impact(demo_db, None, "OND-A1")
    assert [s["name"] for s in ups.servers] == ["SRV-HYP-01"]
    nas = c.impact(demo_db, None, "NAS-SAV01")
    assert nas.vms == [] and [b["name"] for b in nas.backups] == ["Sauvegarde nocturne sur NAS"]
    printer = c.impact(demo_db, None, "IMP-URG-01")
    assert printer.servers == [] and printer.notes


def test_unknown_and_ambiguous_names(demo_db):
    with pytest.raises(UserError, match="aucun serveur"):
        c.impact(demo_db, None, "SRV-NOPE")
    with pytest.raises(UserError, match="plusieurs"):
        c.impact(demo_db, None, "SRV-HYP")
    with pytest.raises(UserError, match="Type inconnu"):
        c.impact(demo_db, "printer", "x")


def test_cli_impact(demo_path):
    done = run_cli("impact", "--db", str(demo_path), "SRV-HYP-01")
    assert done.returncode == 0, done.stderr
    for name in DEMO_VMS:
        assert name in done.stdout
    assert "Le miroir SRV-HYP-02 prend le relais de 7 VM" in done.stdout
    assert "Ordre de redémarrage" in done.stdout
    as_json = run_cli("impact", "--db", str(demo_path), "--json", "srv-hyp-01")
    data = json.loads(as_json.stdout)
    assert data["mirror_takes_over"] is True and len(data["vms"]) == 7
    mirror_site = json.loads(run_cli("impact", "--db", str(demo_path), "--json", "Site du Moulin").stdout)
    assert any("SRV-HYP-01" in n for n in mirror_site["notes"])
    bad = run_cli("impact", "--db", str(demo_path), "NOPE")
    assert bad.returncode == 1 and bad.stderr.startswith("si-local: ") and "Traceback" not in bad.stderr
