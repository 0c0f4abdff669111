"""The printed plan as it looks on paper: no word cut by a narrow column, a phase that starts a
page says which scenario it continues, the call tree gives numbers, empty tables say so."""

from __future__ import annotations

import datetime as dt
import re

from print_checks import available_width, body_lines, cut_cells, flat, pdf_pages, too_wide
from si_local.core import continuity as c
from si_local.core.i18n import format_datetime
from si_local.core.reports import continuity as pca
from si_local.core.reports.common import DocumentInfo, frame_width

TODAY = dt.date(2026, 11, 23)


def test_no_word_of_the_demo_plan_is_cut_by_its_column(demo_db, tmp_path):
    info = DocumentInfo(title="")
    story = pca.story(pca.collect(demo_db, TODAY), TODAY, frame_width(info))
    assert cut_cells(story) == []
    # and no table sticks out past the right margin
    assert frame_width(info) <= available_width(info) + 0.01
    assert too_wide(story, available_width(info)) == []
    out = tmp_path / "pca.pdf"
    pca.print_plan(demo_db, out, TODAY)
    text = flat(pdf_pages(out))
    # e-mails, headings of narrow columns, dates and times of the last backups: whole on paper
    for whole in ("ars-alerte@ars.example", "support@logisante.example", "Redémarré à",
                  "Dernier test de restauration", "Fréquence", "Emplacement"):
        assert whole in text, whole
    for row in demo_db.query("SELECT last_success FROM backup WHERE last_success IS NOT NULL"):
        assert format_datetime(row["last_success"]) in text
    # a phone number is never broken across two lines
    for phone in ("01 99 00 40 00", "06 99 00 10 20", "01 99 00 21 00"):
        assert phone in text, phone


def test_a_phase_at_the_top_of_a_page_says_which_scenario_it_continues(demo_db, tmp_path):
    out = tmp_path / "pca.pdf"
    pca.print_plan(demo_db, out, TODAY)
    phases = [c.phase_label(ph) for ph in c.PHASES]
    names = [s["name"] for s in c.scenarios(demo_db)]
    continued = 0
    for page in pdf_pages(out):
        lines = body_lines(page)
        for index, line in enumerate(lines):
            if not line.endswith("(suite)"):
                continue
            # only ever the first line of a page, naming a phase and a scenario of the plan
            assert index == 0, line
            phase, _sep, rest = line.partition(" — ")
            assert phase in phases and rest[:-len(" (suite)")] in names, line
            continued += 1
        if lines and lines[0] in phases:
            raise AssertionError(f"a page starts with the phase {lines[0]!r} and no scenario name")
    assert continued >= 2  # the demo's scenarios do not fit on one page each


def test_the_call_tree_gives_the_numbers_and_says_calls_once(demo_db, tmp_path):
    out = tmp_path / "pca.pdf"
    pca.print_plan(demo_db, out, TODAY)
    text = flat(pdf_pages(out))
    assert ("1. Directeur de crise — Laurent Morel (01 99 00 10 01, 06 99 00 10 01) — appelle : "
            "DSI, cadre supérieure, présidente de CME") in text
    assert not re.search(r"appelle : appelle", text, re.IGNORECASE)
    assert "Qualité et communication — Nadia Roussel (01 99 00 10 50) — appelle : ARS" in text


def test_empty_tables_of_an_empty_plan_say_so(db, tmp_path):
    out = tmp_path / "empty.pdf"
    pca.print_plan(db, out, TODAY)
    text = flat(pdf_pages(out))
    for message in ("Aucun contact pour l’instant", "Aucun serveur dans le registre.",
                    "Aucune VM dans le registre.", "Aucune application dans le registre.",
                    "Aucune sauvegarde dans le registre.", "Aucun rôle de cellule de crise pour l’instant."):
        assert message in text, message
    # the facility line is not left blank
    assert re.search(r"Établissement —", text)
    story = pca.story(pca.collect(db, TODAY), TODAY, frame_width(DocumentInfo(title="")))
    assert cut_cells(story) == []


def test_backup_medium_hours_and_scenario_kind_read_right(demo_db, tmp_path):
    out = tmp_path / "pca.pdf"
    pca.print_plan(demo_db, out, TODAY)
    pages = pdf_pages(out)
    # the backups annex names the storage medium, not the criticality « Moyenne »
    annex = next(page for page in pages if "Fréquence" in page and "Emplacement" in page)
    assert "Support" in annex and "Moyenne" not in annex.split("Emplacement")[0]
    # « 24 h » is never split from its unit at the end of a line: the space is non-breaking
    for page in pages:
        assert not re.search(r"\d[ \xa0]*\n[ \xa0]*(h|min)\b", page), page
    # a scenario named like its kind does not repeat its kind under the heading
    site = next(page for page in pages if "Site indisponible" in page and "étapes" in page)
    assert site.count("Site indisponible") == 1
