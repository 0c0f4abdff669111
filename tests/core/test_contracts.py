"""Contracts: the registry kind, notice deadlines (calendar months), Home's alerts, the budget."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_local.core import contracts as c
from si_local.core import registry as reg
from si_local.core.alerts import collect
from si_local.core.errors import ValidationError

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))


# --- calendar months -----------------------------------------------------------------------

@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2027, 3, 31), -3, dt.date(2026, 12, 31)),
    (dt.date(2027, 5, 31), -3, dt.date(2027, 2, 28)),
    (dt.date(2028, 5, 31), -3, dt.date(2028, 2, 29)),
    (dt.date(2027, 1, 15), -1, dt.date(2026, 12, 15)),
    (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
    (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
])
def test_add_months_uses_calendar_months(day, months, expected):
    assert c.add_months(day, months) == expected


@given(dates, st.integers(-600, 600))
def test_add_months_lands_in_the_right_month_on_the_right_day(day, months):
    moved = c.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(day.day, last)  # the day kept, or the month's last day


@given(dates, st.integers(0, 600))
def test_add_months_there_and_back_never_goes_past_the_day(day, months):
    back = c.add_months(c.add_months(day, months), -months)
    assert back <= day and (back.year, back.month) == (day.year, day.month)


@given(dates, st.integers(0, 120), st.sampled_from(["months", "days"]))
def test_the_deadline_of_a_fixed_term_is_the_end_less_the_notice(end, period, unit):
    contract = {"end_date": end.isoformat(), "notice_period": period, "notice_unit": unit}
    deadline = c.notice_deadline(contract, dt.date(2000, 1, 1))
    if unit == "days":
        assert deadline == end - dt.timedelta(days=period)
    else:
        assert deadline == c.add_months(end, -period)
    assert deadline <= end


@settings(max_examples=300)
@given(dates, dates, st.integers(1, 60), st.integers(0, 12))
def test_a_tacit_renewal_rolls_the_end_past_today_by_whole_renewals(end, today, renewal, notice):
    contract = {"end_date": end.isoformat(), "tacit_renewal": 1, "renewal_months": renewal,
                "notice_period": notice, "notice_unit": "months"}
    current = c.current_end(contract, today)
    if end > today:
        assert current == end
    else:
        # the first end after today among end + k × renewal (each from the stored end date)
        k = next(k for k in range(1, 10_000) if c.add_months(end, k * renewal) > today)
        assert current == c.add_months(end, k * renewal)
        assert c.add_months(end, (k - 1) * renewal) <= today
    assert c.notice_deadline(contract, today) == c.add_months(current, -notice)


def test_no_end_date_no_deadline():
    assert c.notice_deadline({"end_date": None, "notice_period": 3}, dt.date(2027, 1, 1)) is None


# --- the registry kind --------------------------------------------------------------------

def _vendor(db, name="Logisanté, support", kind="vendor"):
    return reg.save(db, reg.CONTACTS, {"name": name, "kind": kind, "hotline": "01 99 00 20 20",
                                       "support_hours": "8 h–18 h"})


def test_a_contract_is_saved_with_its_links_and_listed(db):
    app = reg.save(db, reg.APPLICATIONS, {"name": "DPI", "criticality": "vital"})
    server = reg.save(db, reg.SERVERS, {"name": "SRV-01"})
    box = reg.save(db, reg.EQUIPMENT, {"name": "FW-01", "kind": "firewall"})
    record_id = reg.save(db, reg.CONTRACTS, {
        "name": "Maintenance DPI", "kind": "maintenance", "supplier_id": _vendor(db),
        "start_date": "01/01/2026", "end_date": "31/12/2027", "notice_period": "3",
        "notice_unit": "months", "tacit_renewal": "oui", "renewal_months": 12,
        "yearly_cost_eur": "12 500,50", "application_ids": [app], "server_ids": [server],
        "equipment_ids": [box]})
    record = reg.get(db, reg.CONTRACTS, record_id)
    assert record["end_date"] == "2027-12-31" and record["yearly_cost_eur"] == 12500.5
    assert record["application_ids"] == [app] and record["server_ids"] == [server]
    assert record["equipment_ids"] == [box] and record["tacit_renewal"] == 1
    assert "contracts" in reg.LISTABLE
    contact = reg.get(db, reg.CONTACTS, record["supplier_id"])
    assert contact["hotline"] == "01 99 00 20 20" and contact["support_hours"] == "8 h–18 h"


def test_the_rules_of_a_contract_name_their_field_in_french(db):
    internal = _vendor(db, "Sophie Garnier", kind="internal")
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.CONTRACTS, {
            "name": "Support", "kind": "support", "supplier_id": internal,
            "start_date": "2027-03-01", "end_date": "2027-02-28", "notice_period": -1,
            "notice_unit": "months", "tacit_renewal": 1, "yearly_cost_eur": -5})
    errors = caught.value.errors
    assert errors["end_date"] == "Date de fin\u00a0: doit être postérieure à la date de début (01/03/2027)."
    assert errors["notice_period"] == "Préavis\u00a0: doit être de 0 ou plus."
    assert errors["yearly_cost_eur"] == "Coût annuel\u00a0: doit être de 0 € ou plus."
    assert errors["renewal_months"].startswith("Durée de reconduction\u00a0: ")
    assert errors["supplier_id"].startswith("Fournisseur\u00a0: ")
    assert db.execute("SELECT count(*) FROM contract").fetchone()[0] == 0


def test_a_partial_update_is_checked_against_the_stored_dates(db):
    record_id = reg.save(db, reg.CONTRACTS, {
        "name": "Location", "kind": "rental", "start_date": "2026-01-01",
        "end_date": "2028-12-31", "notice_unit": "months"})
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.CONTRACTS, {"end_date": "2025-06-30"}, record_id)
    assert "end_date" in caught.value.errors


# --- Home's alerts --------------------------------------------------------------------------

TODAY = dt.date(2027, 1, 10)


def _contract(db, name, end, notice=3, unit="months", tacit=0, renewal=None):
    return reg.save(db, reg.CONTRACTS, {
        "name": name, "kind": "support", "end_date": end.isoformat(), "notice_period": notice,
        "notice_unit": unit, "tacit_renewal": tacit, "renewal_months": renewal})


def test_home_warns_on_the_notice_deadline_not_the_end_date(db):
    # 31 May − 3 months = 28 February: 49 days ahead -> medium
    medium = _contract(db, "Pare-feu", dt.date(2027, 5, 31))
    # 31 March − 3 months = 31 December: passed, fixed term -> a word that it ends
    ends = _contract(db, "Imprimantes", dt.date(2027, 3, 31))
    # 30 days' notice before 5 February: 6 January passed; tacit -> a word that it renews
    renews = _contract(db, "Licences", dt.date(2027, 2, 5), notice=30, unit="days", tacit=1,
                       renewal=12)
    # deadline 1 February: 22 days -> high
    high = _contract(db, "Hébergement", dt.date(2027, 3, 1), notice=28, unit="days")
    _contract(db, "Lointain", dt.date(2028, 6, 30))  # deadline 31/12/2027: no alert
    found = {a.record_id: a for a in collect(db, TODAY) if a.kind == "contracts"}
    assert set(found) == {medium, ends, renews, high}
    assert found[medium].severity == "medium" and "28/02/2027" in found[medium].message
    assert "dans 49 jours" in found[medium].message
    assert found[high].severity == "high" and "01/02/2027" in found[high].message
    assert found[ends].severity == "low" and "prend fin le 31/03/2027" in found[ends].message
    assert found[renews].severity == "low" and "reconduit tacitement" in found[renews].message


def test_a_tacitly_renewed_contract_warns_again_before_its_next_deadline(db):
    record_id = _contract(db, "Licences", dt.date(2020, 3, 31), tacit=1, renewal=12)
    # next end 31/03/2027, deadline 31/12/2026: passed -> renews; a year later it warns again
    (alert,) = [a for a in collect(db, TODAY) if a.kind == "contracts" and a.record_id == record_id]
    assert alert.severity == "low" and "31/03/2027" in alert.message
    (alert,) = [a for a in collect(db, dt.date(2027, 12, 15)) if a.kind == "contracts" and a.record_id == record_id]
    assert alert.severity == "high" and "31/12/2027" in alert.message


# --- the budget ------------------------------------------------------------------------------

def test_the_budget_prorates_by_day_and_totals_by_type(db):
    reg.save(db, reg.CONTRACTS, {"name": "Année pleine", "kind": "maintenance",
                                 "start_date": "2026-01-01", "end_date": "2028-12-31",
                                 "notice_unit": "months", "yearly_cost_eur": 1000})
    reg.save(db, reg.CONTRACTS, {"name": "Dès avril", "kind": "maintenance",
                                 "start_date": "2027-04-01", "notice_unit": "months",
                                 "yearly_cost_eur": 365})
    reg.save(db, reg.CONTRACTS, {"name": "Jusqu’en janvier", "kind": "rental",
                                 "start_date": "2025-01-01", "end_date": "2027-01-31",
                                 "notice_unit": "months", "yearly_cost_eur": 365})
    reg.save(db, reg.CONTRACTS, {"name": "Reconduit", "kind": "licence",
                                 "start_date": "2020-01-01", "end_date": "2021-01-31",
                                 "tacit_renewal": 1, "renewal_months": 12,
                                 "notice_unit": "months", "yearly_cost_eur": 200})
    reg.save(db, reg.CONTRACTS, {"name": "Fini", "kind": "rental", "start_date": "2020-01-01",
                                 "end_date": "2026-12-31", "notice_unit": "months",
                                 "yearly_cost_eur": 999})
    result = c.budget(db, 2027)
    amounts = {line.contract: line.amount for line in result.lines}
    assert amounts == {"Année pleine": 1000, "Dès avril": 275, "Jusqu’en janvier": 31,
                       "Reconduit": 200}
    assert result.totals_by_kind() == [("maintenance", 1275), ("licence", 200), ("rental", 31)]
    assert result.total == 1506


@given(st.integers(2000, 2100), dates, st.integers(0, 800))
def test_a_contract_never_costs_more_than_a_year(year, start, length):
    contract = {"start_date": start.isoformat(),
                "end_date": (start + dt.timedelta(days=length)).isoformat()}
    period = c.period_in_year(contract, year)
    if period is not None:
        assert dt.date(year, 1, 1) <= period[0] <= period[1] <= dt.date(year, 12, 31)
        assert start <= period[0] and period[1] <= start + dt.timedelta(days=length)
