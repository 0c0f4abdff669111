"""An incident detected on 31/12/9999 (a typing slip the form accepts): with the facility in the
scope of NIS2, its one-month deadline fell after the last day Python knows, and the register,
Home's alerts and `si-local check` stopped on « date value out of range ». The register is
append-only: such an entry cannot be deleted, so reading it must hold."""

from __future__ import annotations

from si_local.core import alerts
from si_local.core import incidents as inc

from conftest import TODAY


def test_an_incident_in_the_year_9999_does_not_stop_the_register_nor_home(db):
    inc.set_nis2_scope(db, True)
    inc.add_incident(db, {"title": "Faute de frappe", "detected_at": "9999-12-31 23:59"})
    (found,) = inc.incidents(db)
    steps = inc.states(found.entry, inc.load_deadlines(), True)
    assert {s.deadline.key for s in steps} >= {"ars", "nis2_final_report"}
    assert all(s.due.year == 9999 and s.state == "due" for s in steps)
    assert inc.alerts(db, TODAY)  # still listed on Home
    assert any("Faute de frappe" in a.message for a in alerts.collect(db, TODAY))
