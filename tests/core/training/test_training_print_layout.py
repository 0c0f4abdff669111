"""The training documents as they look on paper, read back with pypdf: no word cut by a narrow
column, the totals row in bold, a sign-in sheet with a line for each seat."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from print_checks import available_width, body_lines, cut_cells, pdf_pages, pdf_text, too_wide
from si_local.core import training as t
from si_local.core.reports import training as report

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def stories(monkeypatch):
    """The stories given to build_pdf, kept to look at their tables."""
    kept: list[tuple] = []
    real = report.build_pdf

    def build(path, info, factory):
        kept.append((info, factory()))
        return real(path, info, factory)

    monkeypatch.setattr(report, "build_pdf", build)
    return kept


def test_no_word_of_the_training_documents_is_cut_by_its_column(demo_db, tmp_path, stories):
    report.print_plan(demo_db, tmp_path / "plan.pdf", TODAY)
    report.print_attendance(demo_db, tmp_path / "sheets.pdf", today=TODAY)
    report.print_invitations(demo_db, tmp_path / "invitations.pdf", TODAY)
    assert len(stories) == 3
    for info, story in stories:
        assert cut_cells(story) == []
        assert too_wide(story, available_width(info)) == []  # none past the right margin
    # « Aide-soignant(e) » was cut as « Aide-soignant( » / « e) » in the invitations; the label
    # is now « Aide-soignant ou aide-soignante »: it may wrap between words, never inside one
    for name in ("plan.pdf", "invitations.pdf"):
        lines = [line for page in pdf_pages(tmp_path / name) for line in page.splitlines()]
        assert any("aide-soignante" in line for line in lines), name
        assert not any(line.rstrip().endswith(("Aide-", "aide-")) or line.strip().startswith("soignant")
                       for line in lines), name


def test_the_totals_row_of_the_coverage_is_bold(demo_db, tmp_path):
    out = tmp_path / "plan.pdf"
    report.print_plan(demo_db, out, TODAY)
    fonts: dict[str, str] = {}

    def visit(text, _cm, _tm, font, _size):
        if text.strip() and font:
            fonts.setdefault(text.strip(), str(font.get("/BaseFont", "")))

    PdfReader(str(out)).pages[0].extract_text(visitor_text=visit)
    assert fonts["Toutes les unités"].endswith("DejaVuSans-Bold")
    assert not fonts["Accueil et admissions"].endswith("Bold")


def test_a_sign_in_sheet_has_a_line_for_every_seat(demo_db, tmp_path):
    empty = [s for s in t.sessions(demo_db, start=TODAY.isoformat())
             if not s["booked"] and (s["capacity"] or 0) > report.WALK_IN_LINES]
    assert empty, "the demo has an upcoming session nobody booked yet"
    session = empty[0]
    out = tmp_path / "sheet.pdf"
    report.print_attendance(demo_db, out, [session["id"]], today=TODAY)
    lines = body_lines(pdf_pages(out)[0])
    numbers = [int(x) for x in lines if re.fullmatch(r"\d+", x)]
    assert numbers == list(range(1, session["capacity"] + 1))


def test_a_full_session_still_has_walk_in_lines(demo_db, tmp_path):
    full = [s for s in t.sessions(demo_db, start=TODAY.isoformat()) if s["booked"]]
    session = max(full, key=lambda s: s["booked"])
    out = tmp_path / "sheet.pdf"
    report.print_attendance(demo_db, out, [session["id"]], today=TODAY)
    text = " ".join(pdf_pages(out))
    expected = max(session["booked"] + report.WALK_IN_LINES, session["capacity"] or 0)
    assert re.search(rf"\b{expected}\b", text)


def test_the_plan_of_an_empty_database_explains_the_missing_coverage(db, tmp_path):
    out = tmp_path / "plan.pdf"
    report.print_plan(db, out, TODAY)
    text = pdf_text(out)
    assert "Aucune unité ou aucun module de formation pour l’instant" in text
    assert "Établissement —" in text


def test_an_invitation_page_says_when_nobody_else_waits(demo_db, tmp_path):
    out = tmp_path / "invitations.pdf"
    report.print_invitations(demo_db, out, TODAY)
    pages = [re.sub(r"\s+", " ", page) for page in pdf_pages(out)]
    # every unit page says something about the people still to train, even when nobody is left
    for page in pages:
        assert "Reste à former, pas encore inscrit" in page
    medecine = next(page for page in pages if "— Médecine polyvalente" in page)
    assert "Personne d’autre dans cette unité n’a encore de module à suivre." in medecine
