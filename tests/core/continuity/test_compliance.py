"""Compliance rules of the continuity plan, each with a passing and a failing case, on real
SQLite files built through the registry's own save()."""

from __future__ import annotations

import datetime as dt

import pytest

from si_local.core import continuity as c
from si_local.core import registry as r

TODAY = dt.date(2026, 11, 23)


def _ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


@pytest.fixture
def reg(db):
    """One vital application on one VM, protected by a sound 3-2-1-1-0 set of backups."""
    srv = r.save(db, r.SERVERS, {"name": "SRV-A"})
    vm = r.save(db, r.VMS, {"name": "VM-DPI", "server_id": srv, "criticality": "vital"})
    app = r.save(db, r.APPLICATIONS, {"name": "DPI", "criticality": "vital", "dmia_hours": 4,
                                      "pdma_hours": 24, "vm_ids": [vm]})
    nas = r.save(db, r.BACKUPS, {"name": "NAS", "medium": "NAS", "location": "on_site",
                                 "immutable": 1, "frequency_hours": 24, "vm_ids": [vm]})
    disk = r.save(db, r.BACKUPS, {"name": "Disque", "medium": "Disque USB", "location": "off_site",
                                  "offline": 1, "frequency_hours": 24, "vm_ids": [vm]})
    r.save(db, r.RESTORE_TESTS, {"backup_id": nas, "tested_on": _ago(30), "target": "VM-DPI",
                                 "duration_minutes": 120, "result": "success"})
    r.save(db, r.RESTORE_TESTS, {"backup_id": disk, "tested_on": _ago(20), "target": "VM-DPI",
                                 "duration_minutes": 180, "result": "success"})
    return {"db": db, "vm": vm, "app": app, "nas": nas, "disk": disk}


def rules(db, rule: str | None = None):
    found = c.compliance(db, TODAY)
    return [f for f in found if rule is None or f.rule == rule]


def test_sound_registry_has_no_backup_finding(reg):
    found = {f.rule for f in rules(reg["db"])}
    assert not found & {"32110_copies", "32110_media", "32110_offsite", "32110_offline",
                        "32110_errors", "pdma", "dmia", "restore_age"}


def test_three_copies(reg):
    db = reg["db"]
    assert not rules(db, "32110_copies")
    r.delete(db, r.BACKUPS, reg["disk"])
    [f] = rules(db, "32110_copies")
    assert f.severity == "high" and "DPI" in f.subject and "2" in f.problem and f.action


def test_two_media(reg):
    db = reg["db"]
    assert not rules(db, "32110_media")
    db["backup"].update(reg["disk"], {"medium": "nas"})
    [f] = rules(db, "32110_media")
    assert "support" in f.action


def test_one_off_site(reg):
    db = reg["db"]
    assert not rules(db, "32110_offsite")
    db["backup"].update(reg["disk"], {"location": "on_site"})
    [f] = rules(db, "32110_offsite")
    assert "hors site" in f.problem


def test_one_offline_or_immutable(reg):
    db = reg["db"]
    assert not rules(db, "32110_offline")
    db["backup"].update(reg["disk"], {"offline": 0})
    assert not rules(db, "32110_offline")  # the immutable NAS copy still counts
    db["backup"].update(reg["nas"], {"immutable": 0})
    [f] = rules(db, "32110_offline")
    assert "hors ligne" in f.action


def test_zero_errors_on_last_restore(reg):
    db = reg["db"]
    assert not rules(db, "32110_errors")
    r.save(db, r.RESTORE_TESTS, {"backup_id": reg["nas"], "tested_on": _ago(2), "target": "VM-DPI",
                                 "duration_minutes": 60, "result": "partial"})
    [f] = rules(db, "32110_errors")
    assert "n’a pas complètement réussi" in f.problem


def test_no_restore_test_at_all(reg):
    db = reg["db"]
    db.execute("DELETE FROM restore_test")
    assert rules(db, "32110_errors")[0].problem.startswith("3-2-1-1-0 : aucun test")


def test_low_criticality_application_is_not_held_to_3_2_1_1_0(db):
    vm = r.save(db, r.VMS, {"name": "VM-X", "criticality": "low"})
    r.save(db, r.APPLICATIONS, {"name": "Bureautique", "criticality": "low", "vm_ids": [vm]})
    assert not [f for f in rules(db) if f.rule.startswith("32110")]


def test_backup_interval_against_pdma(reg):
    db = reg["db"]
    assert not rules(db, "pdma")
    db["application"].update(reg["app"], {"pdma_hours": 4})
    [f] = rules(db, "pdma")
    assert "24" in f.problem and "4" in f.problem and f.severity == "high"
    db["backup"].update(reg["nas"], {"frequency_hours": 2})
    assert not rules(db, "pdma")


def test_activity_pdma_stricter_than_backups(reg):
    db = reg["db"]
    c.save_activity(db, {"name": "Pharmacie", "kind": "medico_technical", "pdma_hours": 24,
                         "application_ids": [reg["app"]]})
    assert not rules(db, "pdma")
    c.save_activity(db, {"name": "Laboratoire", "kind": "medico_technical", "pdma_hours": 1,
                         "application_ids": [reg["app"]]})
    [f] = rules(db, "pdma")
    assert "Laboratoire" in f.subject


def test_measured_restore_time_against_dmia(reg):
    db = reg["db"]
    assert not rules(db, "dmia")  # last measured: 180 min = 3 h <= 4 h
    r.save(db, r.RESTORE_TESTS, {"backup_id": reg["disk"], "tested_on": _ago(1), "target": "VM-DPI",
                                 "duration_minutes": 300, "result": "success"})
    [f] = rules(db, "dmia")
    assert f.severity == "high" and "5" in f.problem and "4" in f.problem


def test_restore_tests_older_than_six_months(reg):
    db = reg["db"]
    assert not rules(db, "restore_age")
    db.execute("UPDATE restore_test SET tested_on = ? WHERE backup_id = ?", [_ago(200), reg["disk"]])
    [f] = rules(db, "restore_age")
    assert "Disque" in f.subject and f.severity == "medium"
    db.execute("DELETE FROM restore_test WHERE backup_id = ?", [reg["nas"]])
    assert {f.subject for f in rules(db, "restore_age")} == {"Sauvegarde Disque", "Sauvegarde NAS"}


def test_scenarios_never_exercised(db):
    mandatory = c.ensure_mandatory(db)
    [f] = rules(db, "exercise")
    assert f.severity == "high" and "jamais" in f.problem.lower()
    c.save_exercise(db, {"held_on": _ago(10), "scenario_id": mandatory})
    assert not rules(db, "exercise")


def test_plan_not_reviewed_for_twelve_months(db):
    [f] = rules(db, "review")  # never reviewed
    assert f.severity == "high"
    c.save_plan(db, {"last_review": _ago(400)})
    [f] = rules(db, "review")
    assert "12 mois" in f.problem
    c.save_plan(db, {"last_review": _ago(100)})
    assert not rules(db, "review")


def test_each_finding_says_what_to_do(demo_db):
    found = c.compliance(demo_db, TODAY)
    assert found
    assert all(f.action and f.problem and f.severity in ("high", "medium", "low") for f in found)


def test_national_programme_three_kinds_of_critical_activity(db):
    assert {f.problem for f in rules(db, "activities")} and len(rules(db, "activities")) == 3
    c.save_activity(db, {"name": "Médecine", "kind": "care_unit"})
    c.save_activity(db, {"name": "Admissions", "kind": "administrative"})
    [f] = rules(db, "activities")
    assert "médico-technique" in f.problem.lower() and f.action
    c.save_activity(db, {"name": "Pharmacie", "kind": "medico_technical"})
    assert not rules(db, "activities")


def test_national_programme_one_more_scenario_than_the_mandatory_one(db):
    c.ensure_mandatory(db)
    c.save_scenario(db, {"name": "Rançongiciel", "kind": "ransomware"})
    [f] = rules(db, "scenarios")  # a ransomware scenario is not one of the three expected kinds
    assert f.severity == "medium" and f.action
    c.add_from_template(db, "staff")
    assert not rules(db, "scenarios")


def test_pdma_of_a_critical_application_without_any_backup(db):
    vm = r.save(db, r.VMS, {"name": "VM-LAB", "criticality": "high"})
    app = r.save(db, r.APPLICATIONS, {"name": "Labo", "criticality": "high", "pdma_hours": 4,
                                      "vm_ids": [vm]})
    [f] = rules(db, "pdma")
    assert "Aucune sauvegarde" in f.problem
    r.save(db, r.BACKUPS, {"name": "NAS", "medium": "NAS", "location": "on_site", "frequency_hours": 2,
                           "vm_ids": [vm]})
    assert not rules(db, "pdma")
    db["application"].update(app, {"pdma_hours": 1})
    assert rules(db, "pdma")


def test_dmia_without_a_timed_restore_is_a_low_finding(reg):
    db = reg["db"]
    db.execute("UPDATE restore_test SET duration_minutes = NULL")
    [f] = rules(db, "dmia")
    assert f.severity == "low" and "n’est pas vérifiée" in f.problem
