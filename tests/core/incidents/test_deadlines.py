"""The declaration deadlines come from a data file: a changed file changes them, a bad file is
one line; each incident to declare gets its deadlines' due times and states, Home its alerts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from si_local.core import clock
from si_local.core import incidents as inc
from si_local.core.errors import ImportFileError

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture(autouse=True)
def fixed_now():
    previous = clock.set_clock(clock.FixedClock(NOW))
    yield
    clock.set_clock(previous)


def _file(tmp_path, deadlines, **extra):
    path = tmp_path / "deadlines.json"
    data = {"format": "si-local-incident-deadlines", "version": 1, "deadlines": deadlines}
    data.update(extra)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_shipped_file_has_the_ars_and_the_three_nis2_steps():
    found = {d.key: d for d in inc.load_deadlines()}
    assert found["ars"].hours == 0 and found["ars"].scope == "always"
    assert found["ars"].done_field == "declared_at"
    assert (found["nis2_early_warning"].hours, found["nis2_notification"].hours,
            found["nis2_final_report"].months) == (24, 72, 1)
    assert {d.scope for k, d in found.items() if k != "ars"} == {"nis2"}


def test_states_from_a_modified_file(db, tmp_path):
    path = _file(tmp_path, [
        {"key": "ars", "label": "ARS", "hours": 48, "done_field": "declared_at"},
        {"key": "local", "label": "Note à la direction", "hours": 2},
        {"key": "nis2", "label": "NIS2 24 h", "hours": 24, "scope": "nis2"},
    ])
    deadlines = inc.load_deadlines(path)
    number = inc.add_incident(db, {"title": "Rançongiciel", "detected_at": "2026-11-22 08:00",
                                   "declaration": "required"}, steps_done={"local": "2026-11-22 09:00"})
    entry = inc.incident(db, number).entry
    got = {s.deadline.key: (s.due, s.state) for s in inc.states(entry, deadlines, False, NOW)}
    assert got == {"ars": (dt.datetime(2026, 11, 24, 8, 0), "due"),
                   "local": (dt.datetime(2026, 11, 22, 10, 0), "done")}
    got = {s.deadline.key: s.state for s in inc.states(entry, deadlines, True, NOW)}
    assert got["nis2"] == "overdue"
    # declared: the ARS deadline is done
    inc.correct_incident(db, entry["id"], dict(entry, declared_at="2026-11-22 11:00"))
    entry = inc.incident(db, number).entry
    assert {s.deadline.key: s.state for s in inc.states(entry, deadlines, False, NOW)}["ars"] == "done"


def test_an_incident_without_declaration_has_no_deadline(db):
    number = inc.add_incident(db, {"title": "Lenteur", "detected_at": "2026-11-01 08:00",
                                   "declaration": "not_required"})
    assert inc.states(inc.incident(db, number).entry, inc.load_deadlines(), True, NOW) == []
    assert inc.alerts(db, NOW.date()) == []


def test_home_alerts_high_when_overdue(db):
    inc.add_incident(db, {"title": "Rançongiciel", "detected_at": "2026-11-22 08:00",
                          "declaration": "required"})
    inc.set_nis2_scope(db, True)
    alerts = inc.alerts(db, NOW.date())
    by_text = {a.message: a.severity for a in alerts}
    assert len(alerts) == 4
    assert [s for m, s in by_text.items() if "ARS" in m] == ["high"]
    assert [s for m, s in by_text.items() if "Rapport final" in m] == ["medium"]
    assert all(a.area == "incidents" for a in alerts)


def test_the_one_month_step_keeps_to_the_calendar():
    deadline = inc.Deadline("m", "Un mois", "detected_at", months=1)
    (st,) = inc.states({"detected_at": "2026-01-31T10:00", "declaration": "required"}, [deadline],
                       False, NOW)
    assert st.due == dt.datetime(2026, 2, 28, 10, 0)


@pytest.mark.parametrize("deadlines, extra, message", [
    ([{"key": "a", "label": "A", "hours": -1}], {}, "hours"),
    ([{"key": "a", "label": "A"}, {"key": "a", "label": "B"}], {}, "2"),
    ([{"key": "a", "label": "", "hours": 1}], {}, "label"),
    ([{"key": "a", "label": "A", "scope": "eu"}], {}, "scope"),
    ([{"key": "a", "label": "A", "done_field": "title"}], {}, "done_field"),
    ([], {}, "deadlines"),
    ([{"key": "a", "label": "A"}], {"version": 9}, "9"),
])
def test_a_bad_file_is_one_line_naming_it(tmp_path, deadlines, extra, message):
    path = _file(tmp_path, deadlines, **extra)
    with pytest.raises(ImportFileError) as info:
        inc.load_deadlines(path)
    text = str(info.value)
    assert "\n" not in text and str(path) in text
    assert message in text.replace(str(path), "")


def test_a_file_that_is_not_json_is_one_line(tmp_path):
    path = tmp_path / "deadlines.json"
    path.write_text("{ pas du json", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        inc.load_deadlines(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
