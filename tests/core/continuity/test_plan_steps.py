"""Plan approval, scenarios, steps (reorder), templates, crisis cell, exercises, alerts."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from si_local.core import continuity as c
from si_local.core import registry as r
from si_local.core.alerts import collect
from si_local.core.errors import ImportFileError, UserError, ValidationError

TODAY = dt.date(2026, 11, 23)


def titles(db, scenario_id):
    return [s["title"] for s in c.steps(db, scenario_id)]


@pytest.fixture
def scenario(db):
    sid = c.save_scenario(db, {"name": "Panne", "kind": "network"})
    for t in "ABCD":
        c.save_step(db, {"scenario_id": sid, "title": t, "phase": "alert"})
    return sid


def test_mandatory_scenario_exists_from_the_start_and_cannot_be_deleted(db):
    [s] = c.scenarios(db)
    assert s["is_mandatory"] == 1 and s["kind"] == "is_unavailable"
    with pytest.raises(UserError, match="obligatoire"):
        c.delete_scenario(db, s["id"])
    with pytest.raises(sqlite3.IntegrityError):  # even in SQL, a trigger refuses
        db.execute("DELETE FROM continuity_scenario WHERE id = ?", [s["id"]])
    assert c.ensure_mandatory(db) == s["id"]


def test_step_reorder_to_index(db, scenario):
    ids = [s["id"] for s in c.steps(db, scenario)]
    assert c.move_step_to(db, ids[2], 1) == 1
    assert titles(db, scenario) == ["A", "C", "B", "D"]
    assert c.move_step_to(db, ids[2], -10) == 0  # clamped
    assert titles(db, scenario) == ["C", "A", "B", "D"]
    assert c.move_step_to(db, ids[3], 5) == 3  # already last
    c.move_step_to(db, ids[3], 0)
    assert titles(db, scenario)[0] == "D"
    assert [s["position"] for s in c.steps(db, scenario)] == [1, 2, 3, 4]
    c.delete_step(db, ids[1])
    assert [s["position"] for s in c.steps(db, scenario)] == [1, 2, 3]
    assert "B" not in titles(db, scenario)


def test_step_insert_at_position_and_validation(db, scenario):
    c.save_step(db, {"scenario_id": scenario, "title": "Premier", "position": 1})
    assert titles(db, scenario) == ["Premier", "A", "B", "C", "D"]
    with pytest.raises(ValidationError) as err:
        c.save_step(db, {"scenario_id": scenario, "title": " ", "phase": "later",
                         "expected_minutes": "deux"})
    assert set(err.value.errors) == {"Intitulé", "Phase", "Durée prévue (minutes)"}
    assert len(titles(db, scenario)) == 5  # nothing written


def test_step_items_and_registry_deletion_warning(db, scenario):
    srv = r.save(db, r.SERVERS, {"name": "SRV-1"})
    step = c.steps(db, scenario)[0]
    c.save_step(db, {**step, "items": [("server_id", srv)]}, step["id"])
    assert c.steps(db, scenario)[0]["items"] == [("server_id", srv, "SRV-1")]
    deps = r.dependents(db, r.SERVERS, srv)
    assert ("continuity plan steps naming it", 1, "detach") in deps  # the step stays
    r.delete(db, r.SERVERS, srv)
    assert c.steps(db, scenario)[0]["items"] == []
    assert c.steps(db, scenario)[0]["id"] == step["id"]


def test_templates_ship_every_scenario_kind_in_french():
    tpls = c.load_templates()
    assert {t.kind for t in tpls} >= {"is_unavailable", "site", "staff", "supplier", "power",
                                      "network", "ransomware", "vendor"}
    for t in tpls:
        assert {s.phase for s in t.steps} >= {"alert", "recovery"} or t.kind in ("staff", "supplier")
        assert all(s.owner_role and s.standin_role and s.minutes for s in t.steps)


@pytest.mark.parametrize("content, message", [
    ("{", "JSON est tronqué"),
    ('{"format": 1,, }', "JSON est invalide ligne 1, colonne 14"),
    ('{"format": 2, "templates": []}', "format"),
    ('{"format": 1, "templates": [{"key": "a", "kind": "meteor", "name": "x", "steps": []}]}', "type inconnu"),
    ('{"format": 1, "templates": [{"key": "a", "kind": "site", "name": "x", "steps": []}]}', "non vide"),
    ('{"format": 1, "templates": [{"key": "a", "kind": "site", "name": "x", "steps": '
     '[{"phase": "soon", "title": "t"}]}]}', "phase inconnue"),
    ('{"format": 1, "templates": [{"key": "a", "kind": "site", "name": "x", "steps": '
     '[{"phase": "alert", "title": "t", "minutes": -3}]}]}', "minutes"),
])
def test_bad_template_files_are_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message) as err:
        c.load_templates(path)
    assert str(path) in str(err.value)


_STEP = '{"phase": "alert", "title": "t", "minutes": %s}'
_ONE = '{"format": 1, "templates": [{"key": "a", "kind": "site", "name": "%s", "steps": [%s]}]}'


@pytest.mark.parametrize("content, message", [
    ("é".encode("latin-1"), "UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "imbriqué trop profondément"),
    (b'{"format": 1, "templates": [' + b"9" * 5000 + b"]}", "trop de chiffres"),
    ((_ONE % ("x\\ud800", _STEP % 5)).encode(), r"\\ud800.*UTF-16"),
    ((_ONE % ("x", _STEP % 2**63)).encode(), "minutes.*au plus"),
    ((_ONE % ("x", _STEP.replace('"title"', '"owner_role": -9223372036854775809, "title"') % 5)
      ).encode(), "owner_role.*doit être du texte"),
    ((_ONE % ("x", _STEP.replace('"title"', '"note": ["a"], "title"') % 5)).encode(),
     "note.*doit être du texte"),
])
def test_template_files_python_cannot_read_or_sqlite_cannot_hold(tmp_path, content, message):
    """Each used to end in « erreur inattendue » (UnicodeDecodeError, RecursionError, ValueError,
    a string that cannot be written as UTF-8, an integer SQLite refuses when the template is
    added as a scenario)."""
    path = tmp_path / "t.json"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message) as err:
        c.load_templates(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_add_from_template_fills_the_mandatory_scenario_then_adds_copies(db):
    mandatory = c.ensure_mandatory(db)
    assert c.add_from_template(db, "is_unavailable") == mandatory
    first = len(c.steps(db, mandatory))
    assert first > 5 and c.steps(db, mandatory)[0]["phase"] == "alert"
    other = c.add_from_template(db, "is_unavailable")
    assert other != mandatory and c.get_scenario(db, other)["name"].endswith("(2)")
    site = c.add_from_template(db, "site")
    assert c.get_scenario(db, site)["kind"] == "site"
    with pytest.raises(UserError):
        c.add_from_template(db, "meteor")


def test_approving_increments_the_version(db):
    assert c.get_plan(db)["version"] == 0
    assert c.approve_plan(db, "La directrice", TODAY) == 1
    assert c.approve_plan(db, "La directrice", TODAY + dt.timedelta(days=1), "revue") == 2
    plan = c.get_plan(db)
    assert plan["status"] == "approved" and plan["next_review"] > TODAY.isoformat()
    assert [v["version"] for v in c.versions(db)] == [2, 1]
    with pytest.raises(ValidationError):
        c.approve_plan(db, " ", TODAY)
    with pytest.raises(ValidationError):
        c.save_plan(db, {"last_review": "2026-05-01", "next_review": "2026-01-01"})
    with pytest.raises(ValidationError):
        c.save_plan(db, {"next_review": "demain"})
    c.save_plan(db, {"next_review": "01/06/2027"})
    assert c.get_plan(db)["next_review"] == "2027-06-01"


def test_crisis_cell_and_exercise_times(db, scenario):
    a = r.save(db, r.CONTACTS, {"name": "Alice", "kind": "internal", "phone": "01 02 03 04 05"})
    b = r.save(db, r.CONTACTS, {"name": "Bob", "kind": "internal"})
    c.save_crisis_role(db, {"role": "Directeur de crise", "contact_id": a, "standin_contact_id": b})
    with pytest.raises(ValidationError):
        c.save_crisis_role(db, {"role": "X", "contact_id": a, "standin_contact_id": a})
    [role] = c.crisis_roles(db)
    assert role["contact_name"] == "Alice" and role["standin_name"] == "Bob"
    ex = c.save_exercise(db, {"held_on": "10/11/2026", "scenario_id": scenario})
    step = c.steps(db, scenario)[1]
    c.record_step_time(db, ex, step["id"], 12.34)
    c.record_step_time(db, ex, step["id"], 15)
    rows = c.exercise_steps(db, ex)
    assert [x["measured_minutes"] for x in rows] == [None, 15, None, None]
    c.delete_step(db, step["id"])  # the measured time survives with the step's title
    assert any(x["title"] == "B" and x["measured_minutes"] == 15 for x in c.exercise_steps(db, ex))


def test_alerts_for_home(db):
    mandatory = c.ensure_mandatory(db)
    c.save_plan(db, {"last_review": "2026-01-01", "next_review": "2026-10-01"})
    ex = c.save_exercise(db, {"held_on": "2026-06-01", "scenario_id": mandatory})
    c.save_finding(db, {"exercise_id": ex, "finding": "f", "action": "a", "owner": "o",
                        "due_on": "2026-11-01"})
    c.save_finding(db, {"exercise_id": ex, "finding": "g", "action": "b", "owner": "o",
                        "due_on": "2026-12-01"})
    messages = [a.message for a in c.alerts(db, TODAY)]
    assert any("revue en retard" in m for m in messages)
    assert sum("Action d’exercice en retard" in m for m in messages) == 1
    assert not any("jamais exercé" in m for m in messages)
    assert any(a.area == "continuity" for a in collect(db, TODAY))  # loaded by core.alerts
    with pytest.raises(ValidationError):
        c.save_finding(db, {"finding": "h", "action": "sans responsable"})


def test_demo_plan_is_complete(demo_db):
    assert len(c.scenarios(demo_db)) >= 3
    assert {a["kind"] for a in c.activities(demo_db)} == {"care_unit", "administrative", "medico_technical"}
    assert len(c.crisis_roles(demo_db)) >= 5
    [ex] = c.exercises(demo_db)
    assert c.findings(demo_db, ex["id"])
    assert c.get_plan(demo_db)["version"] == 1
    assert json.dumps(c.impact(demo_db, None, "SRV-HYP-01").mirrors)


def test_crisis_roles_move_in_the_call_tree(db):
    a = r.save(db, r.CONTACTS, {"name": "Alice", "kind": "internal"})
    ids = [c.save_crisis_role(db, {"role": f"R{i}", "contact_id": a}) for i in range(3)]
    assert c.move_crisis_role(db, ids[2], -1) == 1
    assert [x["role"] for x in c.crisis_roles(db)] == ["R0", "R2", "R1"]
    assert c.move_crisis_role(db, ids[0], -1) == 0
    with pytest.raises(UserError):
        c.move_crisis_role(db, 999, 1)
