"""An incident detected on 31/12/9999 (a typing slip the form accepts): with the facility in the
scope of NIS2, its one-month deadline fell after the last day Python knows, and the register,
Home's alerts and `si-local check` stopped on « date value out of range ». The register is
append-only: such an entry cannot be deleted, so reading it must hold."""

from __future__ import annotations

import datetime as dt

import pytest

from si_local.core import alerts
from si_local.core import incidents as inc
from si_local.core.errors import ValidationError

from conftest import TODAY


def test_an_incident_in_the_year_9999_does_not_stop_the_register_nor_home(db):
    inc.set_nis2_scope(db, True)
    with db.atomic():  # written by an earlier version (the register now refuses such a year)
        db.execute("INSERT INTO incident_entry (incident_no, recorded_at, title, detected_at) "
                   "VALUES (1, '2026-11-23T10:00', 'Faute de frappe', '9999-12-31T23:59')")
    (found,) = inc.incidents(db)
    steps = inc.states(found.entry, inc.load_deadlines(), True)
    assert {s.deadline.key for s in steps} >= {"ars", "nis2_final_report"}
    assert all(s.due.year == 9999 and s.state == "due" for s in steps)
    assert inc.alerts(db, TODAY)  # still listed on Home
    assert any("Faute de frappe" in a.message for a in alerts.collect(db, TODAY))


@pytest.mark.parametrize("field", ["started_at", "detected_at", "ended_at", "declared_at"])
@pytest.mark.parametrize("value, year", [("0001-01-01 10:00", 1), ("5000-01-01 10:00", 5000),
                                         ("31/12/1899 23:59", 1899), ("2201-01-01", 2201),
                                         (dt.datetime(1, 1, 1, 10, 0), 1), (dt.date(5000, 1, 1), 5000)])
def test_a_year_out_of_the_apps_range_is_refused_naming_the_field(db, field, value, year):
    """Year 1 or year 5000 was recorded (only 9999 crashed): the app's dates are 1900 to 2200
    (validation.check_date, the date field); the register, append-only, could never drop it."""
    values = {"title": "Faute de frappe", "detected_at": "2026-11-23 10:00", field: value}
    with pytest.raises(ValidationError) as caught:
        inc.add_incident(db, values)
    label = {"started_at": "Début", "detected_at": "Détection", "ended_at": "Fin",
             "declared_at": "Déclaré le"}[field]
    assert caught.value.errors[field] == (
        f"{label}\u00a0: l’année {year} n’est pas acceptée (de 1900 à 2200).")
    assert not inc.incidents(db)


def test_the_first_and_last_years_are_accepted(db):
    inc.add_incident(db, {"title": "Bornes", "started_at": "1900-01-01 00:00",
                          "detected_at": "2200-12-31 23:59"})
    (found,) = inc.incidents(db)
    assert (found.entry["started_at"], found.entry["detected_at"]) == ("1900-01-01T00:00",
                                                                       "2200-12-31T23:59")
