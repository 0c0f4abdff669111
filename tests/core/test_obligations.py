"""The calendar of obligations (core/obligations.py): the year's due dates from the database,
each naming its source record; overdue ones carried into January."""

from __future__ import annotations

import datetime as dt

import pytest

from si_local.core import alerts, contracts
from si_local.core import continuity as c
from si_local.core import obligations as ob
from si_local.core import training as t
from si_local.core.diagnostic import campaigns as camp

TODAY = dt.date(2026, 11, 23)  # the demo's day (tests/conftest.py)


def _find(items, category, name):
    return [o for o in items if o.category == category and o.source.name == name]


def test_empty_database_has_no_obligation(db):
    assert ob.obligations(db, 2027, TODAY) == []
    assert ob.obligations(db, 2026, TODAY) == []


def test_demo_year_is_sorted_and_names_its_sources(demo_db):
    items = ob.obligations(demo_db, 2027, TODAY)
    assert len(items) >= 15
    assert [o.day for o in items] == sorted(o.day for o in items)
    assert all(o.day.year == 2027 for o in items)
    assert {o.category for o in items} >= {"review", "exercise", "restore_test", "warranty",
                                            "notice", "end_of_support", "certificate"}
    assert all(o.source.name and o.source.kind and o.source.area for o in items)
    assert len({o.uid_key for o in items}) == len(items)


@pytest.mark.parametrize("year, category, name, kind", [
    (2027, "review", "Plan de continuité et de reprise d’activité (PCRA)", "continuity_plan"),
    (2027, "restore_test", "Sauvegarde nocturne sur NAS", "backups"),
    (2027, "warranty", "SRV-HYP-01", "servers"),
    (2027, "warranty", "PARE-FEU-01", "equipment"),
    (2027, "notice", "Support du pare-feu Stormshield", "contracts"),
    (2027, "end_of_support", "VM-GAP01", "vms"),
    (2027, "certificate", "rds.deux-rives.local", "certificates"),
    (2026, "go_live", "Plan de formation", "training_plan"),
])
def test_each_source_gives_an_entry_naming_its_record(demo_db, year, category, name, kind):
    found = _find(ob.obligations(demo_db, year, TODAY), category, name)
    assert len(found) == 1, [(o.category, o.source.name) for o in ob.obligations(demo_db, year, TODAY)]
    assert found[0].source.kind == kind
    assert found[0].source.record_id
    assert name in ob.source_text(found[0].source)


def test_plan_review_is_the_plans_next_review(demo_db):
    (item,) = [o for o in ob.obligations(demo_db, 2027, TODAY) if o.category == "review"]
    assert item.due.isoformat() == c.get_plan(demo_db)["next_review"]
    assert not item.overdue and item.severity == "low"


def test_annual_exercise_comes_from_the_last_one(demo_db):
    (item,) = [o for o in ob.obligations(demo_db, 2027, TODAY) if o.category == "exercise"]
    assert item.due == c.next_exercise_due(demo_db)
    assert item.source.kind == "continuity_exercise" and item.source.record_id
    assert "09/09/2026" in item.source.name


def test_restore_test_is_six_months_after_the_last(demo_db):
    (item,) = _find(ob.obligations(demo_db, 2027, TODAY), "restore_test", "Sauvegarde nocturne sur NAS")
    last = {b["name"]: b["last"] for b in alerts.last_restore_tests(demo_db)}["Sauvegarde nocturne sur NAS"]
    assert item.due == dt.date.fromisoformat(last[:10]) + dt.timedelta(days=alerts.RESTORE_TEST_MAX_AGE_DAYS)


def test_contract_deadline_comes_from_the_contracts_function(demo_db):
    (item,) = _find(ob.obligations(demo_db, 2027, TODAY), "notice", "Support du pare-feu Stormshield")
    row = next(demo_db.query("SELECT * FROM contract WHERE id = ?", [item.source.record_id]))
    assert item.due == contracts.notice_deadline(row, dt.date(2026, 12, 31))


def test_monthly_renewal_gives_one_deadline_per_period(db):
    from si_local.core import registry as reg

    with db.atomic():
        reg.save(db, reg.CONTRACTS, {"name": "Hotline", "kind": "support", "end_date": "2026-03-31",
                                     "tacit_renewal": 1, "renewal_months": 3, "notice_period": 1,
                                     "notice_unit": "months"})
    items = [o for o in ob.obligations(db, 2027, TODAY) if o.category == "notice"]
    assert [o.due.isoformat() for o in items] == ["2027-02-28", "2027-05-30", "2027-08-30", "2027-11-30"]
    assert len({o.uid_key for o in items}) == 4


def test_go_live_setting(demo_db):
    (item,) = [o for o in ob.obligations(demo_db, 2026, TODAY) if o.category == "go_live"]
    assert item.due.isoformat() == t.plan(demo_db)["go_live_date"]
    assert item.severity == "medium"


def test_planned_self_diagnostic_campaign(demo_db):
    from diag_support import small_questionnaire

    q = small_questionnaire()
    with demo_db.atomic():
        cid = camp.create_campaign(demo_db, "Autodiagnostic 2027", dt.date(2027, 3, 15), q)
    (item,) = [o for o in ob.obligations(demo_db, 2027, TODAY) if o.category == "diagnostic"]
    assert item.source.record_id == cid and item.source.name == "Autodiagnostic 2027"
    assert item.due == dt.date(2027, 3, 15)


def test_overdue_ones_are_carried_into_january(demo_db):
    items = ob.obligations(demo_db, 2027, TODAY)
    (offsite,) = _find(items, "restore_test", "Disque hebdomadaire hors site")
    assert offsite.due.year == 2026 and offsite.day == dt.date(2027, 1, 1)
    assert offsite.overdue and offsite.carried and offsite.severity == "high"
    # a warranty or a notice deadline that passed is not carried: nothing left to do
    assert all(o.category in ob.PENDING for o in items if o.carried)


def test_a_past_year_shows_its_own_dates_only(demo_db):
    assert all(not o.carried for o in ob.obligations(demo_db, 2025, TODAY))


def test_overdue_within_the_current_year(demo_db):
    items = ob.obligations(demo_db, 2026, TODAY)
    passed = [o for o in items if o.day < TODAY]
    assert passed and all(o.overdue for o in passed)
    assert all(not o.overdue for o in items if o.day >= TODAY)
