"""Issue 16: « still to train » split into people to invite and people enrolled in a session to
come, repeated sessions, the training certificate and the untrained list as a spreadsheet
(core, command line, PDFs read back with pypdf)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from pypdf import PdfReader

from conftest import run_cli
from si_local.core import training as t
from si_local.core.errors import UserError, ValidationError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def plan(db):
    db["facility"].insert({"name": "Hôpital de Test"})
    med = t.save_unit(db, {"name": "Médecine"})
    surg = t.save_unit(db, {"name": "Chirurgie"})
    ids = {
        "claire": t.save_staff(db, {"last_name": "Martin", "first_name": "Claire", "profile": "nurse",
                                    "unit_id": med}),
        "lea": t.save_staff(db, {"last_name": "Petit", "first_name": "Léa", "profile": "nurse",
                                 "unit_id": med}),
        "ines": t.save_staff(db, {"last_name": "Noël", "first_name": "Inès", "profile": "nurse",
                                  "unit_id": surg}),
        "marc": t.save_staff(db, {"last_name": "Roux", "first_name": "Marc", "profile": "doctor",
                                  "unit_id": surg}),
    }
    care = t.save_module(db, {"name": "Plan de soins", "profiles": ["nurse"], "duration_minutes": 150})
    presc = t.save_module(db, {"name": "Prescription", "profiles": ["doctor", "nurse"],
                               "duration_minutes": 90})
    return {"db": db, "med": med, "surg": surg, "care": care, "presc": presc, **ids}


def _session(db, module_id, day, start="09:00", end="12:00", **extra):
    return t.save_session(db, {"module_id": module_id, "starts_at": f"{day} {start}",
                               "ends_at": f"{day} {end}", **extra})


# --- still to invite / enrolled in a session to come -------------------------------------------

def test_still_to_train_puts_people_enrolled_in_a_session_to_come_apart(plan):
    db = plan["db"]
    held = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, held, {plan["claire"]: "present", plan["lea"]: "absent"}, today=TODAY)
    coming_care = _session(db, plan["care"], "2026-12-03")
    coming_presc = _session(db, plan["presc"], "2026-12-01")
    t.book(db, coming_care, [plan["lea"], plan["ines"]])
    t.book(db, coming_presc, [plan["lea"], plan["claire"]])
    # a booking on a session already held (attendance not recorded) is not « to come »
    old = _session(db, plan["presc"], "2026-11-20")
    t.book(db, old, [plan["marc"]])
    groups = t.still_to_train(db, TODAY)
    invite = {p["id"]: p for p in groups.to_invite}
    enrolled = {p["id"]: p for p in groups.enrolled}
    # Léa: both modules booked on sessions to come; Claire (care done): prescription booked
    assert set(enrolled) == {plan["lea"], plan["claire"]}
    assert enrolled[plan["lea"]]["next_date"] == "2026-12-01"
    assert enrolled[plan["lea"]]["booked"] == {plan["care"]: "2026-12-03", plan["presc"]: "2026-12-01"}
    # Inès still needs a session for prescription; Marc's only session is already held
    assert set(invite) == {plan["ines"], plan["marc"]}
    assert invite[plan["ines"]]["to_invite"] == [plan["presc"]]
    assert invite[plan["ines"]]["booked"] == {plan["care"]: "2026-12-03"}
    assert invite[plan["marc"]]["next_date"] is None
    medicine = groups.in_unit(plan["med"])
    assert ([p["id"] for p in medicine[0]], sorted(p["id"] for p in medicine[1])) == \
        ([], sorted([plan["claire"], plan["lea"]]))


# --- repeated sessions -------------------------------------------------------------------------

def _values(plan, day="2026-10-19", start="09:00", end="11:30", **extra):
    return {"module_id": plan["care"], "starts_at": f"{day} {start}", "ends_at": f"{day} {end}",
            "trainer_kind": "internal", "trainer_name": "Anne Formatrice", "room": "Salle B",
            "capacity": 8, **extra}


def test_weekly_sessions_keep_their_time_across_a_summer_time_change(plan):
    db = plan["db"]
    # summer time ends on Sunday 25 October 2026: 09:00 stays 09:00 on the wall clock
    made = t.create_repeated_sessions(db, _values(plan), every_weeks=1, count=3)
    assert made.summary() == "3 sessions créées."
    got = [t.get_session(db, i) for i in made.ids]
    assert [(s["starts_at"], s["ends_at"]) for s in got] == [
        ("2026-10-19T09:00:00", "2026-10-19T11:30:00"),
        ("2026-10-26T09:00:00", "2026-10-26T11:30:00"),
        ("2026-11-02T09:00:00", "2026-11-02T11:30:00")]
    assert {(s["module_id"], s["room"], s["trainer_name"], s["capacity"], s["trainer_kind"])
            for s in got} == {(plan["care"], "Salle B", "Anne Formatrice", 8, "internal")}


def test_every_two_weeks_until_a_day_across_a_month_end(plan):
    db = plan["db"]
    made = t.create_repeated_sessions(db, _values(plan, day="2027-01-29"), every_weeks=2,
                                      until="2027-03-12")
    assert [t.get_session(db, i)["starts_at"][:10] for i in made.ids] == [
        "2027-01-29", "2027-02-12", "2027-02-26", "2027-03-12"]
    one = t.create_repeated_sessions(db, _values(plan, day="2027-05-03"), count=1)
    assert one.summary() == "1 session créée."


def test_more_than_52_occurrences_are_refused_and_nothing_is_written(plan):
    db = plan["db"]
    with pytest.raises(UserError, match="53 sessions demandées : 52 au plus"):
        t.create_repeated_sessions(db, _values(plan), count=53)
    with pytest.raises(UserError, match="52 au plus"):
        t.create_repeated_sessions(db, _values(plan, day="2027-01-04"), until="2028-01-10")
    assert t.sessions(db) == []
    assert len(t.create_repeated_sessions(db, _values(plan), count=52).ids) == 52


def test_a_bad_repetition_writes_nothing(plan):
    db = plan["db"]
    with pytest.raises(ValidationError) as caught:
        t.create_repeated_sessions(db, _values(plan, end="08:00"), count=4)
    assert "ends_at" in caught.value.errors
    with pytest.raises(ValidationError):
        t.create_repeated_sessions(db, _values(plan), every_weeks=3, count=2)
    with pytest.raises(ValidationError):
        t.create_repeated_sessions(db, _values(plan), until="2026-10-01")
    assert t.sessions(db) == []


def test_repeated_sessions_carry_the_booking_warnings_of_each(plan):
    db = plan["db"]
    taken = _session(db, plan["presc"], "2026-12-14", "10:00", "11:00", room="Salle B")
    made = t.create_repeated_sessions(db, _values(plan, day="2026-12-07"), count=3)
    clash = made.ids[1]
    assert list(made.warnings) == [clash]
    assert made.warnings[clash][0].other_session_id == taken
    assert "Salle B" in made.warnings[clash][0].message


# --- the training certificate ------------------------------------------------------------------

def pages_text(path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def test_certificate_only_for_people_present(plan, tmp_path):
    from si_local.core.reports.training_certificate import print_certificate

    db = plan["db"]
    held = _session(db, plan["care"], "2026-11-10", trainer_name="Anne Formatrice")
    t.book(db, held, [plan["claire"], plan["lea"], plan["ines"]])
    t.record_attendance(db, held, {plan["claire"]: "present", plan["lea"]: "absent"}, today=TODAY)
    for who in ("lea", "ines"):  # absent; not recorded yet
        with pytest.raises(UserError, match="pas de présence notée à cette session"):
            print_certificate(db, tmp_path / f"{who}.pdf", plan[who], held, today=TODAY)
        assert not (tmp_path / f"{who}.pdf").exists()
    with pytest.raises(UserError, match="aucune présence notée"):
        print_certificate(db, tmp_path / "lea.pdf", plan["lea"], today=TODAY)
    with pytest.raises(UserError, match="ne figure pas parmi les participants"):
        print_certificate(db, tmp_path / "marc.pdf", plan["marc"], held, today=TODAY)
    path = tmp_path / "claire.pdf"
    assert print_certificate(db, path, plan["claire"], held, today=TODAY) == 1
    text = pages_text(path)[0]
    for expected in ("Attestation de formation", "Hôpital de Test", "MARTIN Claire", "Médecine",
                     "Plan de soins", "2 h 30 min", "10/11/2026 09:00–12:00", "Anne Formatrice",
                     "(nom et signature)", "cachet", "le 23/11/2026"):
        assert expected in text, expected


def test_certificate_of_every_session_attended(plan, tmp_path):
    from si_local.core.reports.training_certificate import print_certificate

    db = plan["db"]
    first = _session(db, plan["care"], "2026-11-10")
    second = _session(db, plan["presc"], "2026-11-17", "14:00", "15:30")
    skipped = _session(db, plan["presc"], "2026-11-03")
    t.record_attendance(db, first, {plan["claire"]: "present"}, today=TODAY)
    t.record_attendance(db, second, {plan["claire"]: "present"}, today=TODAY)
    t.record_attendance(db, skipped, {plan["claire"]: "absent"}, today=TODAY)
    path = tmp_path / "all.pdf"
    print_certificate(db, path, plan["claire"], today=TODAY)
    text = pages_text(path)[0]
    assert "Plan de soins" in text and "Prescription" in text and "90 min" in text
    assert "17/11/2026 14:00–15:30" in text and "03/11/2026" not in text


def test_find_staff_by_name(plan):
    db = plan["db"]
    assert t.find_staff(db, "MARTIN Claire")["id"] == plan["claire"]
    assert t.find_staff(db, "ines noel")["id"] == plan["ines"]
    assert t.find_staff(db, "Petit")["id"] == plan["lea"]
    t.save_staff(db, {"last_name": "Petit", "first_name": "Jean", "profile": "nurse"})
    with pytest.raises(UserError, match="Plusieurs personnes"):
        t.find_staff(db, "petit")
    with pytest.raises(UserError, match="Personne ne s’appelle|Personne ne s'appelle"):
        t.find_staff(db, "Durand")


# --- the untrained list as a spreadsheet -------------------------------------------------------

def test_untrained_export_per_unit(plan, tmp_path):
    db = plan["db"]
    coming = _session(db, plan["care"], "2026-12-03")
    t.book(db, coming, [plan["ines"]])
    t.save_staff(db, {"last_name": "=HYPERLINK(\"x\")", "first_name": "Zoé", "profile": "nurse",
                      "unit_id": plan["med"]})
    path = tmp_path / "a_former.csv"
    assert t.export_untrained_csv(db, path, TODAY) == 5
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Unité", "Nom", "Profil", "Modules manquants",
                       "Date de la session à venir (inscription)"]
    assert [r[:2] for r in rows[1:]] == [
        ["Chirurgie", "NOËL Inès"], ["Chirurgie", "ROUX Marc"],
        ["Médecine", "'=HYPERLINK(\"X\") Zoé"], ["Médecine", "MARTIN Claire"],
        ["Médecine", "PETIT Léa"]]
    ines = rows[1]
    assert ines[3] == "Plan de soins, Prescription" and ines[4] == "03/12/2026"
    assert rows[2][4] == ""


def test_cli_export_untrained_and_certificate(plan, db_path, tmp_path):
    db = plan["db"]
    held = _session(db, plan["care"], "2026-11-10")
    t.record_attendance(db, held, {plan["claire"]: "present", plan["lea"]: "absent"}, today=TODAY)
    out = tmp_path / "a_former.csv"
    done = run_cli("export", "untrained", "--db", str(db_path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "4 personnes restant à former écrites dans" in done.stdout
    assert out.exists() and "Plan de soins" in out.read_text(encoding="utf-8-sig")
    pdf = tmp_path / "attestation.pdf"
    done = run_cli("print", "certificate", "--db", str(db_path), "--person", "Claire Martin",
                   "--session", str(held), "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "Attestation de formation écrite dans" in done.stdout
    assert "MARTIN Claire" in pages_text(pdf)[0]
    refused = run_cli("print", "certificate", "--db", str(db_path), "--person", "Petit",
                      "-o", str(tmp_path / "lea.pdf"))
    assert refused.returncode != 0
    assert refused.stderr.strip().startswith("si-local:") and len(refused.stderr.strip().splitlines()) == 1
    assert "aucune présence notée" in refused.stderr
    assert not (tmp_path / "lea.pdf").exists()


def test_printed_plan_lists_to_invite_apart_from_enrolled(plan, tmp_path):
    from si_local.core.reports.training import print_plan

    db = plan["db"]
    coming = _session(db, plan["care"], "2026-12-03")
    t.book(db, coming, [plan["claire"]])
    path = tmp_path / "plan.pdf"
    print_plan(db, path, TODAY)
    text = " ".join(pages_text(path))
    part = text[text.index("Personnes restant à former"):]
    invite = part[part.index("À inviter"):part.index("Inscrits à une session à venir (date)")]
    enrolled = part[part.index("Inscrits à une session à venir (date)"):]
    assert "MARTIN Claire (03/12/2026)" in enrolled
    assert "PETIT Léa" in invite and "PETIT Léa" not in enrolled
