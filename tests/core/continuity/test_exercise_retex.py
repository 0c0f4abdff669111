"""Crisis exercises and their RETEX: participants, the main courante, times against targets and
DMIA, a finding's action in the self-diagnostic action plan, the annual exercise's Home alert."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from diag_support import small_questionnaire

from si_local.core import clock
from si_local.core import continuity as c
from si_local.core.diagnostic import campaigns as camp
from si_local.core.errors import UserError, ValidationError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def exercise(db):
    sid = c.save_scenario(db, {"name": "Rançongiciel", "kind": "ransomware"})
    app = db["application"].insert({"name": "DPI", "criticality": "vital", "dmia_hours": 1}).last_pk
    s1 = c.save_step(db, {"scenario_id": sid, "title": "Alerte", "phase": "alert", "expected_minutes": 15})
    s2 = c.save_step(db, {"scenario_id": sid, "title": "Restaurer le DPI", "phase": "recovery",
                          "expected_minutes": 30, "items": [("application_id", app)]})
    ex = c.save_exercise(db, {"held_on": TODAY.isoformat(), "scenario_id": sid, "kind": "tabletop",
                              "title": "Exercice annuel", "objectives": "Tester la cellule",
                              "scenario_text": "Chiffrement du DPI un lundi matin"})
    return {"ex": ex, "steps": [s1, s2], "app": app}


def test_exercise_keeps_title_objectives_and_scenario_text(db, exercise, db_path):
    row = sqlite3.connect(db_path).execute(
        "SELECT title, objectives, scenario_text FROM continuity_exercise WHERE id = ?",
        [exercise["ex"]]).fetchone()
    assert row == ("Exercice annuel", "Tester la cellule", "Chiffrement du DPI un lundi matin")
    with pytest.raises(ValidationError) as info:
        c.save_exercise(db, {"held_on": TODAY.isoformat(), "objectives": "x" * 10_001})
    assert "Objectifs" in str(info.value.errors)


def test_participants_rows_link_a_staff_member_or_a_crisis_role(db, exercise):
    unit = db["training_unit"].insert({"name": "Urgences"}).last_pk
    staff = db["training_staff"].insert({"last_name": "MARTIN", "first_name": "Anne", "unit_id": unit,
                                         "profile": "doctor"}).last_pk
    role = c.save_crisis_role(db, {"role": "Directeur de crise", "allow_empty": True})
    c.save_participant(db, exercise["ex"], {"staff_id": staff, "role": "Médecin"})
    c.save_participant(db, exercise["ex"], {"name": "Paul DURAND", "organisation": "ARS",
                                            "crisis_role_id": role})
    rows = c.participants(db, exercise["ex"])
    assert [(r["name"], r["organisation"], r["crisis_role"]) for r in rows] == [
        ("MARTIN Anne", "Urgences", None), ("Paul DURAND", "ARS", "Directeur de crise")]
    with pytest.raises(ValidationError) as info:
        c.save_participant(db, exercise["ex"], {"role": "Observateur"})
    assert info.value.errors == {"Nom": "obligatoire"}


def test_fast_entry_stamps_now_and_reads_the_prefix(db, exercise, db_path):
    clock.set_clock(clock.FixedClock(dt.datetime(2026, 11, 23, 14, 5, 7)))
    try:
        c.record_line(db, exercise["ex"], "I Courriel de rançon reçu")
        clock.current().advance(minutes=3)
        c.record_line(db, exercise["ex"], "D Dr Martin : couper le réseau | pour isoler le virus")
        c.record_line(db, exercise["ex"], "! Passer en mode dégradé")
        c.record_line(db, exercise["ex"], "Appel de l’ARS")
    finally:
        clock.set_clock(None)
    rows = sqlite3.connect(db_path).execute(
        "SELECT at, kind, text, who, why FROM continuity_exercise_event ORDER BY id").fetchall()
    assert rows == [
        ("2026-11-23T14:05:07", "inject", "Courriel de rançon reçu", None, None),
        ("2026-11-23T14:08:07", "decision", "couper le réseau", "Dr Martin", "pour isoler le virus"),
        ("2026-11-23T14:08:07", "decision", "Passer en mode dégradé", None, None),
        ("2026-11-23T14:08:07", "event", "Appel de l’ARS", None, None)]
    first = c.timeline(db, exercise["ex"])[0]
    c.save_event(db, exercise["ex"], {**first, "at": "14:02"}, first["id"])  # corrected afterwards
    assert c.timeline(db, exercise["ex"])[0]["at"] == "2026-11-23T14:02:00"
    with pytest.raises(ValidationError) as info:
        c.save_event(db, exercise["ex"], {**first, "at": "25:00"}, first["id"])
    assert "Horaire" in info.value.errors
    with pytest.raises(ValidationError) as info:
        c.record_line(db, exercise["ex"], "D   ")
    assert info.value.errors == {"Texte": "obligatoire"}
    assert [e["text"] for e in c.timeline(db, exercise["ex"], "decision")] == [
        "couper le réseau", "Passer en mode dégradé"]


def test_times_against_targets_and_dmia(db, exercise):
    s1, s2 = exercise["steps"]
    c.record_step_time(db, exercise["ex"], s1, 20)
    c.record_step_time(db, exercise["ex"], s2, 50)
    got = {(t.kind, t.label): (t.target_minutes, t.measured_minutes, t.over)
           for t in c.timings(db, exercise["ex"])}
    assert got[("step", "Alerte")] == (15, 20, True)
    assert got[("total", "Exercice entier")] == (45, 70, True)
    assert got[("dmia", "DPI rétabli (DMIA)")] == (60, 70, True)
    c.record_step_time(db, exercise["ex"], s2, 25)
    got = {t.kind: t for t in c.timings(db, exercise["ex"])}
    assert not got["dmia"].over and got["dmia"].measured_minutes == 45


def test_finding_action_followed_in_the_latest_campaign(db, exercise):
    fid = c.save_finding(db, {"exercise_id": exercise["ex"], "finding": "Annuaire de crise périmé",
                              "kind": "improve", "action": "Mettre à jour l’annuaire",
                              "owner": "Secrétariat", "due_on": "2027-01-15"})
    with pytest.raises(UserError, match="autodiagnostic"):
        c.follow_in_action_plan(db, fid)
    cid = camp.create_campaign(db, "2026", TODAY, small_questionnaire())
    aid = c.follow_in_action_plan(db, fid)
    assert c.follow_in_action_plan(db, fid) == aid  # once
    row = db.execute("SELECT campaign_id, title, owner, due_date, status FROM diagnostic_action "
                     "WHERE id = ?", [aid]).fetchone()
    assert row == (cid, "Mettre à jour l’annuaire", "Secrétariat", "2027-01-15", "todo")
    f = c.findings(db, exercise["ex"])[0]
    c.save_finding(db, {**f, "status": "done", "owner": "DSI"}, fid)
    row = db.execute("SELECT owner, status FROM diagnostic_action WHERE id = ?", [aid]).fetchone()
    assert row == ("DSI", "done")
    with pytest.raises(ValidationError) as info:
        c.save_finding(db, {"exercise_id": exercise["ex"], "finding": "x", "kind": "bof"})
    assert info.value.errors == {"Type": "valeur inconnue «\u00a0bof\u00a0»."}


def test_annual_exercise_alert(db):
    def continuity_alerts(today):
        return [a.message for a in c.alerts(db, today) if "exercice de crise" in a.message.lower()]

    assert continuity_alerts(TODAY) == ["Aucun exercice de crise enregistré\u00a0: en tenir un par an "
                                        "(instruction DNS/2025/12)."]
    c.save_exercise(db, {"held_on": "2026-01-10", "kind": "tabletop"})
    assert continuity_alerts(TODAY) == ["Prochain exercice de crise annuel à tenir avant le 10/01/2027."]
    [alert] = [a for a in c.alerts(db, dt.date(2027, 2, 1)) if "exercice de crise" in a.message.lower()]
    assert alert.severity == "high"
    assert alert.message == "Exercice de crise annuel en retard depuis le 10/01/2027."
