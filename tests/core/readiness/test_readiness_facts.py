"""Readiness proved by the newer facts: the exercise's lessons-learned report (objectives,
participants, findings), backups supervised by the runs imported from the tools' reports, the
incident register with its declaration dates. Each is met on the demo (built on TODAY) and
missing once its proof is taken away."""

from __future__ import annotations

import datetime as dt

from si_local.core import incidents as inc
from si_local.core import readiness as r

from conftest import TODAY


def _states(db, today=TODAY) -> dict[str, r.Status]:
    return {s.id: s for s in r.evaluate(db, today)}


# --- the lessons-learned report (RETEX) --------------------------------------------------------

def _exercise_id(db) -> int:
    return db.execute("SELECT id FROM continuity_exercise ORDER BY held_on DESC LIMIT 1").fetchone()[0]


def test_the_demo_exercise_with_objectives_participants_and_findings_proves_the_retex(demo_db):
    s = _states(demo_db)["exercise-lessons"]
    assert s.state == r.MET
    (evidence,) = s.evidence
    assert evidence.area == "continuity" and evidence.kind == "continuity_exercise"
    assert evidence.record_id == _exercise_id(demo_db)
    assert "objectifs, participants et 5 constats écrits" in evidence.label


def test_an_exercise_without_its_findings_no_longer_proves_the_retex(demo_db):
    with demo_db.atomic():
        demo_db.execute("DELETE FROM continuity_finding WHERE exercise_id = ?", [_exercise_id(demo_db)])
    s = _states(demo_db)["exercise-lessons"]
    assert s.state == r.MISSING
    assert "il manque\u00a0: les constats" in s.detail and "objectifs" not in s.detail
    assert "participants" in s.todo


def test_findings_alone_are_not_a_retex_without_objectives_and_participants(demo_db):
    ex = _exercise_id(demo_db)
    with demo_db.atomic():
        demo_db.execute("UPDATE continuity_exercise SET objectives = '  ' WHERE id = ?", [ex])
        demo_db.execute("DELETE FROM continuity_exercise_participant WHERE exercise_id = ?", [ex])
    s = _states(demo_db)["exercise-lessons"]
    assert s.state == r.MISSING
    assert "les objectifs, les participants" in s.detail


def test_a_retex_older_than_twelve_months_no_longer_counts(demo_db):
    assert _states(demo_db, TODAY + dt.timedelta(days=400))["exercise-lessons"].state == r.MISSING


def test_who_took_part_stays_a_declared_expectation(demo_db):
    e = r.load(demo_db).find("exercise-participants")
    assert e.how == "declared"
    assert "feuille d’émargement" in e.todo


# --- backups supervised by their imported runs -------------------------------------------------

def test_every_backup_of_a_critical_application_has_a_recent_imported_run_on_the_demo(demo_db):
    s = _states(demo_db)["care-d2-backup-monitoring"]
    assert s.state == r.MET
    assert s.expectation.name == "backups_supervised"
    names = {n for (n,) in demo_db.execute("SELECT name FROM backup")}
    assert {e.kind for e in s.evidence} == {"backups"} and len(s.evidence) == len(names)
    nas = next(e for e in s.evidence if "NAS" in e.label)
    assert "passages depuis le" in nas.label and ".html" in nas.label


def test_without_the_imported_runs_backup_supervision_is_missing(demo_db):
    with demo_db.atomic():
        demo_db.execute("DELETE FROM backup_run WHERE backup_id = "
                        "(SELECT id FROM backup WHERE name = 'Sauvegarde nocturne sur NAS')")
    s = _states(demo_db)["care-d2-backup-monitoring"]
    assert s.state == r.MISSING
    assert "Sauvegarde nocturne sur NAS" in s.detail and "Disque" not in s.detail
    assert "Importer des rapports de sauvegarde" in s.todo
    # a typed « last success » is no supervision
    assert demo_db.execute("SELECT last_success FROM backup WHERE name = "
                           "'Sauvegarde nocturne sur NAS'").fetchone()[0]


def test_runs_older_than_a_week_do_not_prove_supervision(demo_db):
    s = _states(demo_db, TODAY + dt.timedelta(days=10))["care-d2-backup-monitoring"]
    assert s.state == r.MISSING and "3 sauvegardes" in s.detail


def test_a_failed_run_still_proves_the_reports_are_read(demo_db):
    with demo_db.atomic():
        demo_db.execute("UPDATE backup_run SET status = 'failure'")
    assert _states(demo_db)["care-d2-backup-monitoring"].state == r.MET


def test_no_backup_of_a_critical_application_is_missing(db):
    s = _states(db)["care-d2-backup-monitoring"]
    assert s.state == r.MISSING and "application critique" in s.detail


# --- the incident register and its declarations ------------------------------------------------

def test_the_demo_register_with_its_declaration_dates_proves_the_declarations(demo_db):
    s = _states(demo_db)["incident-declared"]
    assert s.state == r.MET
    assert s.programme.id == "incident-declaration"
    assert "30 octobre 2017" in s.expectation.source.text and not s.expectation.source.to_confirm
    assert all(e.area == "incidents" and e.kind == "incident" for e in s.evidence)
    assert any("déclaré le" in e.label for e in s.evidence)


def test_an_incident_to_declare_without_its_declaration_date_makes_it_missing(demo_db):
    inc.add_incident(demo_db, {"title": "Messagerie compromise", "declaration": "required",
                               "detected_at": f"{TODAY.isoformat()} 09:15"})
    s = _states(demo_db)["incident-declared"]
    assert s.state == r.MISSING
    assert s.detail == "1 incident n’a pas de date de déclaration\u00a0: Messagerie compromise."


def test_an_empty_register_proves_nothing(db):
    s = _states(db)["incident-declared"]
    assert s.state == r.MISSING and "registre" in s.detail and "déclarer le point" in s.todo


# --- Home -------------------------------------------------------------------------------------

def test_home_sums_up_when_the_new_checks_add_to_more_than_five_missing(demo_db):
    assert len(r.alerts(demo_db, TODAY)) <= 5
    with demo_db.atomic():
        demo_db.execute("DELETE FROM backup_run")
        demo_db.execute("DELETE FROM continuity_finding")
    missing = [s for s in r.evaluate(demo_db, TODAY) if s.state == r.MISSING]
    assert len(missing) > 5
    (summary,) = r.alerts(demo_db, TODAY)
    assert summary.message == (f"Conformité\u00a0: {len(missing)} attentes des autorités n’ont "
                               "pas encore de preuve.")
