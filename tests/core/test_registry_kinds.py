"""core.registry: validation, save with links in one transaction, dependents, display."""

from __future__ import annotations

import pytest

from si_local.core import registry as reg
from si_local.core.errors import ValidationError


def test_save_validates_every_field_and_writes_nothing_on_error(db):
    site = reg.save(db, reg.SITES, {"name": "Site A"})
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.SERVERS, {"name": "", "site_id": site + 99, "ram_gb": "beaucoup",
                                   "mgmt_address": "10.0.0.999", "warranty_end": "2027-02-30"})
    assert set(caught.value.errors) == {"name", "site_id", "ram_gb", "mgmt_address", "warranty_end"}
    assert caught.value.errors["name"] == "Ce champ est obligatoire."
    assert db.execute("SELECT count(*) FROM server").fetchone()[0] == 0


def test_french_input_is_normalised(db):
    server = reg.save(db, reg.SERVERS, {"name": "SRV", "ram_gb": "12,5", "warranty_end": "31/12/2027",
                                        "addresses": "10.0.0.1; srv.local"})
    row = reg.get(db, reg.SERVERS, server)
    assert (row["ram_gb"], row["warranty_end"], row["addresses"]) == (12.5, "2027-12-31", "10.0.0.1, srv.local")
    vm = reg.save(db, reg.VMS, {"name": "VM", "server_id": server, "criticality": "Vitale"})
    assert reg.get(db, reg.VMS, vm)["criticality"] == "vital"  # the French label is accepted


def test_links_are_replaced_and_audited(db):
    vms = [reg.save(db, reg.VMS, {"name": f"VM{i}", "criticality": "low"}) for i in range(3)]
    app = reg.save(db, reg.APPLICATIONS, {"name": "DPI", "criticality": "vital", "vm_ids": vms[:2]})
    reg.save(db, reg.APPLICATIONS, {"vm_ids": [vms[1], vms[2]]}, app)
    assert reg.get(db, reg.APPLICATIONS, app)["vm_ids"] == [vms[1], vms[2]]
    assert reg.get(db, reg.APPLICATIONS, app)["name"] == "DPI"  # partial update kept the name
    actions = [r[0] for r in db.execute(
        "SELECT action FROM audit WHERE table_name = 'application_vm' ORDER BY id")]
    assert actions == ["insert", "insert", "delete", "insert"]


def test_dependents_and_delete(demo_db):
    server = demo_db.execute("SELECT id FROM server WHERE name = 'SRV-HYP-01'").fetchone()[0]
    found = reg.dependents(demo_db, reg.SERVERS, server)
    assert ("virtual machines (left without a host)", 7, "detach") in found
    assert ("mirrors of this server", 1, "delete") in found
    reg.delete(demo_db, reg.SERVERS, server)
    assert demo_db.execute("SELECT count(*) FROM vm WHERE server_id IS NULL").fetchone()[0] == 7
    assert demo_db.execute("SELECT count(*) FROM replication").fetchone()[0] == 0


def test_display_value_in_french_with_units(db):
    assert reg.display_value(reg.SERVERS.field("ram_gb"), 1536.5) == "1\u202f536,5 Go"
    assert reg.display_value(reg.BACKUPS.field("retention_days"), 30) == "30 jours"
    assert reg.display_value(reg.BACKUPS.field("offline"), 1) == "Oui"
    assert reg.display_value(reg.VMS.field("criticality"), "high") == "Haute"
    assert reg.display_value(reg.SERVERS.field("warranty_end"), "2027-01-22") == "22/01/2027"
    assert reg.display_value(reg.VMS.field("server_id"), 3, {3: "SRV-HYP-01"}) == "SRV-HYP-01"


def test_display_value_in_english(db, english):
    assert reg.display_value(reg.SERVERS.field("ram_gb"), 1536.5) == "1,536.5 GB"
    assert reg.display_value(reg.VMS.field("criticality"), "high") == "High"
