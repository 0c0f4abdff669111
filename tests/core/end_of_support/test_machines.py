"""Each machine's status, Home's alerts 180 / 90 days ahead and past, the measure that quiets them."""

from __future__ import annotations

import datetime as dt

import pytest

from si_local.core import alerts as core_alerts
from si_local.core import registry as r
from si_local.core.end_of_support import ALERT_KINDS, delete_measure, machines, save_measure
from si_local.core.errors import ValidationError

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def fleet(db):
    host = r.save(db, r.SERVERS, {"name": "SRV-ESX", "hypervisor": "VMware ESXi 7.0.3"})
    ids = {"host": host}
    for name, system in [("VM-OLD", "Windows Server 2012 R2 Standard"),
                         ("VM-2016", "Microsoft Windows Server 2016 Datacenter"),  # 2027-01-12
                         ("VM-UBU", "Ubuntu 22.04.3 LTS"),  # 2027-04-01
                         ("VM-NEW", "Windows Server 2025"), ("VM-ODD", "Plan 9 from Bell Labs")]:
        ids[name] = r.save(db, r.VMS, {"name": name, "server_id": host, "os": system,
                                       "criticality": "high"})
    return ids


def test_status_of_each_machine(db, fleet):
    found = {m.name: m for m in machines(db, TODAY)}
    assert found["SRV-ESX"].status == "ended" and found["SRV-ESX"].system_label == "VMware ESXi 7.0"
    assert found["VM-OLD"].status == "ended" and found["VM-OLD"].days_left < -1000
    assert (found["VM-2016"].status, found["VM-2016"].days_left) == ("soon_high", 42)
    assert (found["VM-UBU"].status, found["VM-UBU"].days_left) == ("soon_medium", 121)
    assert found["VM-NEW"].status == "supported"
    assert found["VM-ODD"].status == "unknown" and found["VM-ODD"].cycle is None


def _mine(db):
    return {(ALERT_KINDS[a.kind], a.record_id, a.severity): a.message for a in core_alerts.collect(db, TODAY)
            if "support" in a.message}


def test_alerts_and_the_measure_that_quiets_one(db, fleet):
    found = _mine(db)
    assert ("vms", fleet["VM-OLD"], "high") in found and ("servers", fleet["host"], "high") in found
    assert ("vms", fleet["VM-2016"], "high") in found and ("vms", fleet["VM-UBU"], "medium") in found
    assert not any(key[:2] in (("vms", fleet["VM-NEW"]), ("vms", fleet["VM-ODD"])) for key in found)
    assert "hors support depuis le 10/10/2023" in found[("vms", fleet["VM-OLD"], "high")]
    save_measure(db, "vms", fleet["VM-OLD"], "isolated", note="VLAN 99 sans accès Internet")
    found = _mine(db)
    assert ("vms", fleet["VM-OLD"], "high") not in found
    assert "mesure compensatoire\xa0: réseau isolé\xa0: vlan 99" in found[("vms", fleet["VM-OLD"], "low")].lower()
    row = db.execute("SELECT set_by, set_at FROM end_of_support_measure").fetchone()
    assert row[0] and row[1]
    assert delete_measure(db, "vms", fleet["VM-OLD"])
    assert ("vms", fleet["VM-OLD"], "high") in _mine(db)


def test_a_replacement_whose_day_has_passed_no_longer_quiets(db, fleet):
    save_measure(db, "vms", fleet["VM-OLD"], "replacement", replacement_on="2026-06-30")
    message = _mine(db)[("vms", fleet["VM-OLD"], "high")]
    assert "30/06/2026" in message
    save_measure(db, "vms", fleet["VM-OLD"], "replacement", replacement_on="2027-06-30")
    assert ("vms", fleet["VM-OLD"], "low") in _mine(db)
    assert db["end_of_support_measure"].count == 1


def test_a_bad_measure_is_refused_and_nothing_is_written(db, fleet):
    with pytest.raises(ValidationError) as caught:
        save_measure(db, "vms", fleet["VM-OLD"], "replacement", replacement_on="demain")
    assert "replacement_on" in caught.value.errors
    with pytest.raises(ValidationError):
        save_measure(db, "vms", fleet["VM-OLD"], "other", note="  ")
    assert db["end_of_support_measure"].count == 0


def test_deleting_the_machine_deletes_its_measure(db, fleet):
    save_measure(db, "vms", fleet["VM-OLD"], "isolated")
    r.delete(db, r.VMS, fleet["VM-OLD"])
    assert db["end_of_support_measure"].count == 0
