"""Printed documents and commands of the training plan, read back with pypdf."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from conftest import run_cli
from si_local.core import training as t
from si_local.core.reports.training import (
    print_attendance,
    print_invitations,
    print_plan,
    upcoming_session_ids,
)

TODAY = dt.date(2026, 11, 23)


def pages_text(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def squash(text: str) -> str:
    return " ".join(text.split())


def test_sign_in_sheets_hold_names_and_a_signature_column(demo_db, tmp_path):
    ids = upcoming_session_ids(demo_db, TODAY)
    assert len(ids) >= 5
    path = tmp_path / "emargement.pdf"
    pages = print_attendance(demo_db, path, today=TODAY)
    texts = pages_text(path)
    assert pages == len(texts) >= len(ids)  # one session per page or more
    # each session starts on its own page, with its module and every participant's name
    starts = [i for i, text in enumerate(texts) if "Feuille d’émargement" in text]
    assert len(starts) == len(ids)
    for index, sid in zip(starts, ids, strict=True):
        session = t.get_session(demo_db, sid)
        text = squash(texts[index])
        assert "Signature" in text and "Nom" in text and "Unité" in text and "Profil" in text
        assert squash(session["module_name"]) in text
        for person in t.participants(demo_db, sid):
            assert t.person_name(person) in text
        assert "Hôpital local des Deux-Rives" in text


def test_a_long_list_continues_with_the_headings(demo_db, tmp_path):
    sid = upcoming_session_ids(demo_db, TODAY)[-1]
    people = [p["id"] for p in t.staff(demo_db, active_only=True)][:40]
    t.book(demo_db, sid, people)
    path = tmp_path / "long.pdf"
    assert print_attendance(demo_db, path, [sid], today=TODAY) >= 2
    texts = pages_text(path)
    assert all("Signature" in text for text in texts[:2])


def test_plan_holds_sessions_coverage_and_referents(demo_db, tmp_path):
    path = tmp_path / "plan.pdf"
    pages = print_plan(demo_db, path, TODAY)
    text = squash(" ".join(pages_text(path)))
    assert pages >= 3
    for word in ("Plan de formation", "Couverture par unité", "Référents", "Sessions par date",
                 "Groupes des sessions des 28 prochains jours", "SSR — Soins de suite", "Prescription connectée"):
        assert word in text, word
    assert "L’unité SSR — Soins de suite n’a pas de référent." in text
    # five modules make a wide matrix: the plan is printed in landscape
    width, height = PdfReader(str(path)).pages[0].mediabox.upper_right
    assert width > height


def test_plan_of_an_empty_database_prints(db, tmp_path):
    path = tmp_path / "empty.pdf"
    assert print_plan(db, path, TODAY) >= 1
    assert "Aucune session prévue" in squash(" ".join(pages_text(path)))


def test_invitations_one_page_per_unit(demo_db, tmp_path):
    path = tmp_path / "invitations.pdf"
    pages = print_invitations(demo_db, path, TODAY)
    texts = pages_text(path)
    assert pages >= len(t.units(demo_db))
    assert any("Convocations aux formations — Médecine polyvalente" in squash(x) for x in texts)
    assert any("Mme Catherine Roux" in x for x in texts)


def test_cli_print_attendance_and_plan(demo_path, tmp_path):
    out = tmp_path / "att.pdf"
    result = run_cli("print", "attendance", "--db", str(demo_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Feuilles d’émargement" in result.stdout
    assert "Signature" in pages_text(out)[0]
    one = tmp_path / "one.pdf"
    result = run_cli("print", "attendance", "--db", str(demo_path), "--session", "15", "-o", str(one))
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(str(one)).pages) == 1
    plan = tmp_path / "plan.pdf"
    result = run_cli("print", "training", "--db", str(demo_path), "-o", str(plan))
    assert result.returncode == 0 and plan.exists(), result.stderr


def test_cli_errors_are_one_line(demo_path, tmp_path):
    result = run_cli("print", "attendance", "--db", str(demo_path), "--session", "9999",
                     "-o", str(tmp_path / "x.pdf"))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "9999" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.pdf.part").exists()


def test_cli_export_ics_and_import_staff(demo_path, tmp_path):
    ics = tmp_path / "sessions.ics"
    result = run_cli("export", "ics", "--db", str(demo_path), "-o", str(ics))
    assert result.returncode == 0, result.stderr
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 22
    good = tmp_path / "ok.csv"
    good.write_text("nom;prénom;profil;unité\nNOUVEAU;Jean;IDE;Équipe de nuit\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("nom;prénom;profil;unité\nNOUVEAU;Jean;IDE;Équipe de nuit\nX;Y;pilote;Lune\n",
                   encoding="utf-8")
    result = run_cli("import", "staff", "--db", str(demo_path), str(bad))
    assert result.returncode == 3
    assert "ligne 3" in result.stderr and "Rien n’a été importé" in result.stdout
    result = run_cli("import", "staff", "--db", str(demo_path), str(good), "--dry-run")
    assert result.returncode == 0 and "rien n’a été écrit" in result.stdout
    result = run_cli("import", "staff", "--db", str(demo_path), str(good))
    assert result.returncode == 0 and "1 personne ajoutée" in result.stdout, result.stdout


@pytest.mark.parametrize("name", ["plan.txt"])
def test_cli_refuses_a_non_pdf_name(demo_path, tmp_path, name):
    result = run_cli("print", "training", "--db", str(demo_path), "-o", str(tmp_path / name))
    assert result.returncode != 0 and ".pdf" in result.stderr
