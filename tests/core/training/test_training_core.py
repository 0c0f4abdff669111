"""Training plan rules on real SQLite files: coverage, readiness, scheduling warnings, attendance,
alerts and the staff CSV import (the iCalendar export: test_training_ics.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from si_local.core import training as t
from si_local.core.errors import ImportFileError, UserError, ValidationError
from si_local.core.interop.common import rows_checksum

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def plan(db):
    """A small plan: two units, a module for nurses, one for doctors; five people."""
    site = db["site"].insert({"name": "Site A"}).last_pk
    med = t.save_unit(db, {"name": "Médecine", "site_id": site})
    night_unit = t.save_unit(db, {"name": "Nuit", "kind": "night_team"})
    ids = {
        "ide1": t.save_staff(db, {"last_name": "Martin", "first_name": "Claire", "profile": "nurse",
                                  "unit_id": med}),
        "ide2": t.save_staff(db, {"last_name": "Petit", "first_name": "Léa", "profile": "nurse",
                                  "unit_id": med}),
        "doc": t.save_staff(db, {"last_name": "Roux", "first_name": "Marc", "profile": "doctor",
                                 "unit_id": med}),
        "night": t.save_staff(db, {"last_name": "Noël", "first_name": "Inès", "profile": "nurse",
                                   "unit_id": night_unit, "shift": "night"}),
        "gone": t.save_staff(db, {"last_name": "Parti", "first_name": "Paul", "profile": "nurse",
                                  "unit_id": med, "active": 0}),
    }
    care = t.save_module(db, {"name": "Plan de soins", "profiles": ["nurse"], "duration_minutes": 120})
    presc = t.save_module(db, {"name": "Prescription", "profiles": ["doctor"]})
    return {"db": db, "med": med, "night_unit": night_unit, "care": care, "presc": presc, **ids}


def _session(db, module_id, day, start="09:00", end="12:00", capacity=None):
    return t.save_session(db, {"module_id": module_id, "starts_at": f"{day} {start}",
                               "ends_at": f"{day} {end}", "capacity": capacity})


# --- coverage ----------------------------------------------------------------------------------

def test_coverage_counts_only_people_present_who_need_the_module(plan):
    db = plan["db"]
    cov = t.coverage(db)
    cell = cov.cell(plan["med"], plan["care"])
    assert (cell.trained, cell.needed) == (0, 2)  # the inactive nurse does not count
    assert cov.cell(plan["med"], plan["presc"]).needed == 1
    assert cov.cell(plan["night_unit"], plan["presc"]).ratio is None  # nobody there needs it

    past = _session(db, plan["care"], "2026-11-10")
    t.book(db, past, [plan["ide1"], plan["ide2"], plan["doc"]])
    t.record_attendance(db, past, {plan["ide1"]: "present", plan["ide2"]: "absent",
                                   plan["doc"]: "present"}, today=TODAY)
    cov = t.coverage(db)
    assert (cov.cell(plan["med"], plan["care"]).trained, cov.cell(plan["med"], plan["care"]).needed) == (1, 2)
    # the doctor was present but does not need the module: it does not count for him
    assert cov.cell(plan["med"], plan["presc"]).trained == 0
    assert {p["id"] for p in cov.to_train} == {plan["ide2"], plan["doc"], plan["night"]}


def test_readiness_against_the_target(plan):
    db = plan["db"]
    past = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, past, {plan["ide1"]: "present", plan["ide2"]: "present"}, today=TODAY)
    ready = {r.unit_id: r for r in t.coverage(db).readiness}
    medicine = ready[plan["med"]]
    assert (medicine.ready, medicine.people) == (2, 3)  # the doctor still lacks prescription
    assert not medicine.meets_target  # 67 % < 80 %
    assert {r.unit_id: r for r in t.coverage(db, target_percent=60).readiness}[plan["med"]].meets_target
    t.save_plan(db, {"target_percent": 50})
    assert {r.unit_id: r for r in t.coverage(db).readiness}[plan["med"]].meets_target


def test_units_without_referent_and_untrained_referents(plan):
    db = plan["db"]
    assert {u["id"] for u in t.units_without_referent(db)} == {plan["med"], plan["night_unit"]}
    t.add_referent(db, plan["med"], plan["ide1"], "2026-09-01", "Relais de l'équipe")
    assert {u["id"] for u in t.units_without_referent(db)} == {plan["night_unit"]}
    assert [r["staff_id"] for r in t.referents_not_trained(db)] == [plan["ide1"]]
    past = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, past, {plan["ide1"]: "present"}, today=TODAY)
    assert t.referents_not_trained(db) == []
    with pytest.raises(ValidationError):
        t.add_referent(db, plan["med"], plan["ide1"])


def test_people_to_train_and_proposals(plan):
    db = plan["db"]
    past = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, past, {plan["ide1"]: "present"}, today=TODAY)
    assert {p["id"] for p in t.people_to_train(db, plan["care"], TODAY)} == {plan["ide2"], plan["night"]}
    day = _session(db, plan["care"], "2026-12-01")
    proposed = [p["id"] for p in t.propose(db, day, TODAY)]
    assert proposed == [plan["ide2"], plan["night"]]  # day staff first on a day session
    night = _session(db, plan["care"], "2026-12-02", "21:00", "23:00")
    assert [p["id"] for p in t.propose(db, night, TODAY)][0] == plan["night"]
    t.book(db, day, [plan["ide2"]])
    # booked on an upcoming session: no longer proposed elsewhere
    assert plan["ide2"] not in {p["id"] for p in t.people_to_train(db, plan["care"], TODAY)}


# --- scheduling warnings -----------------------------------------------------------------------

def test_capacity_warning(plan):
    db = plan["db"]
    sid = _session(db, plan["care"], "2026-12-01", capacity=2)
    assert t.book(db, sid, [plan["ide1"], plan["ide2"]]) == []
    warnings = t.check_booking(db, sid, [plan["night"]])
    assert [w.kind for w in warnings if w.kind == "capacity"] == ["capacity"]
    assert "3" in warnings[0].message and "2" in warnings[0].message


def test_double_booking_warning(plan):
    db = plan["db"]
    a = _session(db, plan["care"], "2026-12-01", "09:00", "12:00")
    b = _session(db, plan["presc"], "2026-12-01", "11:00", "13:00")
    c = _session(db, plan["presc"], "2026-12-01", "13:00", "14:00")  # starts when b ends
    t.book(db, a, [plan["ide1"]])
    warnings = t.book(db, b, [plan["ide1"]])
    assert [(w.kind, w.staff_id, w.other_session_id) for w in warnings
            if w.kind == "double_booking"] == [("double_booking", plan["ide1"], a)]
    assert "MARTIN Claire" in next(w.message for w in warnings if w.kind == "double_booking")
    t.unbook(db, b, [plan["ide1"]])
    assert not [w for w in t.check_booking(db, c, [plan["ide1"]]) if w.kind == "double_booking"]
    t.book(db, b, [plan["ide1"]])
    # excused on the other session: no longer a clash
    t.record_attendance(db, a, {plan["ide1"]: "excused"}, today=TODAY)
    assert not [w for w in t.session_warnings(db, b) if w.kind == "double_booking"]


def test_night_staff_on_day_session(plan):
    db = plan["db"]
    day = _session(db, plan["care"], "2026-12-01", "14:00", "16:00")
    night = _session(db, plan["care"], "2026-12-02", "21:00", "23:00")
    kinds = [w.kind for w in t.check_booking(db, day, [plan["night"], plan["ide1"]])]
    assert kinds.count("night_on_day") == 1
    assert [w.kind for w in t.check_booking(db, night, [plan["night"]])] == []


def test_not_needed_and_already_trained_warnings(plan):
    db = plan["db"]
    past = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, past, {plan["ide1"]: "present"}, today=TODAY)
    sid = _session(db, plan["care"], "2026-12-01")
    kinds = {w.kind for w in t.check_booking(db, sid, [plan["doc"], plan["ide1"]])}
    assert kinds == {"not_needed", "already_trained"}


# --- attendance and validation -----------------------------------------------------------------

def test_attendance_cannot_be_present_before_the_session(plan):
    db = plan["db"]
    sid = _session(db, plan["care"], "2026-12-01")
    t.book(db, sid, [plan["ide1"]])
    with pytest.raises(UserError, match="01/12/2026"):
        t.record_attendance(db, sid, {plan["ide1"]: "present"}, today=TODAY)
    t.record_attendance(db, sid, {plan["ide1"]: "excused"}, today=TODAY)  # told in advance


def test_evaluation_is_kept_and_checked(plan):
    db = plan["db"]
    sid = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, sid, {plan["ide1"]: "present"}, {plan["ide1"]: (4, "Clair")}, today=TODAY)
    row = t.participants(db, sid)[0]
    assert (row["attendance"], row["evaluation"], row["comment"]) == ("present", 4, "Clair")
    with pytest.raises(ValidationError):
        t.record_attendance(db, sid, {plan["ide1"]: "present"}, {plan["ide1"]: (9, None)}, today=TODAY)
    assert t.participants(db, sid)[0]["evaluation"] == 4


def test_validation_names_the_fields(plan):
    db = plan["db"]
    with pytest.raises(ValidationError) as info:
        t.save_session(db, {"module_id": plan["care"], "starts_at": "01/12/2026 14:00",
                            "ends_at": "01/12/2026 09:00", "capacity": "0"})
    assert set(info.value.errors) == {"ends_at", "capacity"}
    with pytest.raises(ValidationError) as info:
        t.save_staff(db, {"last_name": " ", "profile": "pilot"})
    assert set(info.value.errors) == {"last_name", "profile"}
    with pytest.raises(ValidationError) as info:
        t.save_unit(db, {"name": "médecine"})
    assert "name" in info.value.errors


def test_everything_is_audited(plan):
    db = plan["db"]
    tables = {r[0] for r in db.execute("SELECT DISTINCT table_name FROM audit")}
    assert {"training_unit", "training_staff", "training_module", "training_module_profile"} <= tables


# --- alerts ------------------------------------------------------------------------------------

def test_alerts_on_the_demo(demo_db):
    found = t.alerts(demo_db, TODAY)
    messages = " | ".join(a.message for a in found)
    assert any(a.kind == "training_unit" and "SSR" in a.message for a in found)
    assert any(a.kind == "training_session" for a in found), messages
    assert any(a.kind == "training_readiness" and a.severity == "high" for a in found), messages
    # recording the attendance removes that alert
    sid = next(a.record_id for a in found if a.kind == "training_session")
    people = {p["staff_id"]: "present" for p in t.participants(demo_db, sid)}
    t.record_attendance(demo_db, sid, people, today=TODAY)
    assert not any(a.kind == "training_session" for a in t.alerts(demo_db, TODAY))


def test_demo_plan_shape(demo_db):
    units = t.units(demo_db)
    assert len(units) >= 6
    assert 110 <= demo_db.execute("SELECT count(*) FROM training_staff").fetchone()[0] <= 130
    assert len(t.modules(demo_db)) == 5
    assert [u["name"] for u in t.units_without_referent(demo_db)] == ["SSR — Soins de suite"]
    sessions = t.sessions(demo_db)
    assert any(s["starts_at"][:10] < TODAY.isoformat() and s["present"] for s in sessions)
    assert any(s["starts_at"][:10] > TODAY.isoformat() and s["booked"] for s in sessions)


# --- staff CSV import --------------------------------------------------------------------------

def _write(tmp_path, text: str, name="staff.csv", bom=False) -> str:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return str(path)


def test_import_french_headers_semicolons_bom(plan, tmp_path):
    db = plan["db"]
    path = _write(tmp_path, "Nom;Prénom;Profil;Unité;Horaire;Statut;Actif\n"
                            "Durand;Paul;IDE;médecine;nuit;intérimaire;oui\n"
                            "Lopez;Ana;Aide-soignante;Nuit;N;nouvel arrivant;1\n"
                            "\n"
                            "Martin;Claire;Infirmier ou infirmière;Médecine;jour;titulaire;non\n", bom=True)
    report = t.import_staff_csv(db, path)
    assert (report.created, report.updated, report.errors, report.written) == (2, 1, [], True)
    paul = db.execute("SELECT profile, shift, status, unit_id FROM training_staff "
                      "WHERE last_name = 'Durand'").fetchone()
    assert paul == ("nurse", "night", "temporary", plan["med"])
    claire = t.get_staff(db, plan["ide1"])
    assert (claire["unit_id"], claire["active"]) == (plan["med"], 0)  # updated, not added twice


def test_import_english_headers_commas(plan, tmp_path):
    db = plan["db"]
    path = _write(tmp_path, "last_name,first_name,profile,unit\n\"Smith, Jr\",John,doctor,Médecine\n")
    report = t.import_staff_csv(db, path)
    assert report.created == 1 and report.written
    assert db.execute("SELECT profile FROM training_staff WHERE last_name = 'Smith, Jr'").fetchone()[0] == "doctor"


def test_import_bad_lines_write_nothing(plan, tmp_path):
    db = plan["db"]
    before = rows_checksum(db, ["training_staff"])
    path = _write(tmp_path, "nom;prénom;profil;unité;actif\n"
                            "Durand;Paul;IDE;Médecine;oui\n"
                            ";Sans;IDE;Médecine;oui\n"
                            "Blanc;Eva;astronaute;Mars;peut-être\n"
                            "Durand;Paul;AS;Médecine;oui\n")
    report = t.import_staff_csv(db, path)
    assert not report.written
    assert rows_checksum(db, ["training_staff"]) == before  # nothing half-imported
    where = {(e.line, e.column) for e in report.errors}
    assert (3, "Nom") in where
    assert {(4, "Profil"), (4, "Unité"), (4, "Actif")} <= where
    assert any(e.line == 5 and "2" in e.reason for e in report.errors)  # duplicate of line 2
    assert "ligne 4" in str(next(e for e in report.errors if e.line == 4))
    dry = t.import_staff_csv(db, path, dry_run=True, only_good=True)
    assert not dry.written and rows_checksum(db, ["training_staff"]) == before
    good = t.import_staff_csv(db, path, only_good=True)
    assert good.written and good.created == 1
    assert db.execute("SELECT count(*) FROM training_staff WHERE last_name = 'Durand'").fetchone()[0] == 1


def test_import_refuses_unreadable_files(plan, tmp_path):
    db = plan["db"]
    # an unknown column is no longer a reason to refuse the file: it is listed and left aside
    assert t.import_staff_csv(db, _write(tmp_path, "nom;pointure\nA;42\n"),
                              dry_run=True).ignored_columns == ["pointure"]
    with pytest.raises(ImportFileError, match="UTF-8"):
        path = tmp_path / "latin1.csv"  # 0x81: neither UTF-8 nor Windows-1252
        path.write_bytes("nom;prénom\nDurand;Zoé\n".encode("latin-1") + b"\x81\n")
        t.import_staff_csv(db, path)
    with pytest.raises(ImportFileError, match="vide"):
        t.import_staff_csv(db, _write(tmp_path, ""))
    with pytest.raises(ImportFileError):
        t.import_staff_csv(db, _write(tmp_path, "prénom;profil\nZoé;IDE\n"))  # no last name column


def test_referent_date_and_mission_can_be_changed(plan):
    db = plan["db"]
    rid = t.add_referent(db, plan["med"], plan["ide1"], "2026-09-01", "Relais")
    t.update_referent(db, rid, "2026-10-01", "Relais de nuit")
    row = next(r for r in t.referents(db) if r["id"] == rid)
    assert (row["start_date"], row["mission"], row["staff_id"]) == ("2026-10-01", "Relais de nuit", plan["ide1"])
    with pytest.raises(ValidationError) as caught:
        t.update_referent(db, rid, "31/02/2026", "x")
    assert "start_date" in caught.value.errors
    assert next(r for r in t.referents(db) if r["id"] == rid)["mission"] == "Relais de nuit"
    t.remove_referent(db, rid)
    with pytest.raises(UserError):
        t.update_referent(db, rid, None, None)


def test_a_mark_is_only_for_people_present(plan):
    db = plan["db"]
    sid = _session(db, plan["care"], "2026-11-10")
    t.book(db, sid, [plan["ide1"], plan["ide2"]])
    with pytest.raises(ValidationError) as caught:
        t.record_attendance(db, sid, {plan["ide2"]: "absent"}, {plan["ide2"]: (3, None)}, today=TODAY)
    assert "PETIT Léa" in caught.value.errors["evaluation"]
    assert t.participants(db, sid)[1]["attendance"] == "pending"  # nothing written
    t.record_attendance(db, sid, {plan["ide1"]: "present"}, today=TODAY)
    t.record_attendance(db, sid, {}, {plan["ide1"]: (5, "Très clair")}, today=TODAY)  # already present
    assert t.participants(db, sid)[0]["evaluation"] == 5


def test_the_staff_list_to_fill_in_from_the_command_line_imports_as_it_is(db_path, tmp_path):
    """`si-local export staff-template -o FILE` writes the list a user fills (the columns the
    import reads, an example line, a BOM for Excel); imported as it is, it adds its example."""
    from support import run_cli

    from si_local.core.db import open_database

    database = open_database(db_path)
    t.save_unit(database, {"name": "Médecine"})
    database.close()
    out = tmp_path / "personnel.csv"
    done = run_cli("export", "staff-template", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Liste du personnel à remplir écrite dans {out}."
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not (tmp_path / "personnel.csv.part").exists()
    assert data[3:].decode("utf-8").splitlines()[0] == "nom;prénom;matricule;profil;unité;horaire;statut;actif"
    imported = run_cli("import", "staff", "--db", str(db_path), str(out))
    assert imported.returncode == 0, imported.stderr
    assert "Import terminé : 1 personne ajoutée, 0 personne mise à jour, 0 ligne écartée." in imported.stdout
    database = open_database(db_path)
    row = database.execute("SELECT last_name, first_name, profile, shift, status, active "
                           "FROM training_staff").fetchall()
    database.close()
    assert row == [("MARTIN", "Claire", "nurse", "day", "permanent", 1)]
    missing = run_cli("export", "staff-template", "-o", str(tmp_path / "nulle-part" / "p.csv"))
    assert missing.returncode != 0 and missing.stderr.count("\n") == 1


def test_a_session_held_is_one_rule_for_the_lists_the_reminders_and_attendance(plan):
    """Held = started on a day before today; today's session is to come, yet its attendance can
    be recorded already. Every list answers the same: upcoming, held, to fill, to record."""
    db = plan["db"]
    yesterday = _session(db, plan["care"], "2026-11-22", "14:00", "17:00", capacity=4)
    today = _session(db, plan["care"], "2026-11-23", "09:00", "12:00", capacity=4)
    tomorrow = _session(db, plan["care"], "2026-11-24", capacity=4)
    for sid in (yesterday, today, tomorrow):
        t.book(db, sid, [plan["ide1"]])
    by_id = {s["id"]: s for s in t.sessions(db)}
    assert [t.is_held(by_id[i], TODAY) for i in (yesterday, today, tomorrow)] == [True, False, False]
    assert [t.attendance_can_be_recorded(by_id[i], TODAY)
            for i in (yesterday, today, tomorrow)] == [True, True, False]
    assert [s["id"] for s in t.held_sessions(db, TODAY)] == [yesterday]
    assert [s["id"] for s in t.upcoming_sessions(db, TODAY)] == [today, tomorrow]
    assert [s["id"] for s in t.sessions_to_fill(db, TODAY)] == [today, tomorrow]
    assert [s["id"] for s in t.attendance_to_record(db, TODAY)] == [yesterday]
    t.record_attendance(db, today, {plan["ide1"]: "present"}, today=TODAY)  # allowed on the day
    with pytest.raises(UserError):
        t.record_attendance(db, tomorrow, {plan["ide1"]: "present"}, today=TODAY)
