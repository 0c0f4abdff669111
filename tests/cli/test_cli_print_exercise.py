"""`si-local print exercise` (the RETEX) and `print exercise-sheet` (the sign-in sheet): the PDFs
read back, and the one-line errors."""

from __future__ import annotations

from pypdf import PdfReader
from support import run_cli


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_print_exercise_retex_of_the_demo(demo_path, tmp_path):
    out = tmp_path / "retex.pdf"
    result = run_cli("print", "exercise", "--db", str(demo_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Retour d’expérience écrit" in result.stdout
    text = " ".join(_text(out).split())
    for expected in ("Exercice annuel", "Objectifs", "Scénario joué", "Participants",
                     "Hélène Faure", "ARS Auvergne-Rhône-Alpes", "Main courante", "Stimulus",
                     "Décisions", "Réunir la cellule de crise en salle du conseil",
                     "Panne générale du DPI au-delà de 5 minutes", "Temps mesurés et objectifs",
                     "+5 min de dépassement", "Ce qui a bien fonctionné",
                     "La cellule de crise était réunie 9 minutes", "Ce qui est à améliorer",
                     "Actions", "Constituer un stock de 200 feuilles par unité", "Marc Dupuis"):
        assert expected in text, expected


def test_print_exercise_sheet_lists_the_participants(demo_path, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run_cli("print", "exercise-sheet", "--db", str(demo_path), "--id", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert "Feuille d’émargement" in text and "Signature" in text
    assert "Laurent Morel" in text and "Hélène Faure" in text
    assert "Signature de l’animateur de l’exercice" in text


def test_print_exercise_errors_are_one_line(demo_path, db_path, tmp_path):
    result = run_cli("print", "exercise", "--db", str(demo_path), "--id", "99",
                     "-o", str(tmp_path / "x.pdf"))
    assert result.returncode != 0 and result.stderr.strip().count("\n") == 0
    assert "Exercice 99" in result.stderr and not (tmp_path / "x.pdf").exists()
    from si_local.core.db import open_database

    open_database(db_path).close()
    result = run_cli("print", "exercise", "--db", str(db_path), "-o", str(tmp_path / "y.pdf"))
    assert result.returncode != 0 and "Aucun exercice de crise" in result.stderr
