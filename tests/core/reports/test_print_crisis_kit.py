"""The crisis kit (`si-local print crisis-kit`): seven sections, each at the top of its own page,
the contents' page numbers right, the demo's facts in it, and a usable kit on an empty file."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from si_local.core.reports.crisis_kit import LOG_SHEETS, print_crisis_kit
from si_local.core.reports.declaration import HEADINGS

TODAY = dt.date(2026, 11, 23)
SECTIONS = [
    "1. La cellule de crise et l’ordre d’appel",
    "2. Assistance des fournisseurs et éditeurs",
    "3. Ordre de redémarrage",
    "4. Mode dégradé : check-lists et fiches des unités",
    "5. Main courante",
    "6. Déclaration d’incident (formulaire vierge)",
    "7. Réflexes de la première heure",
]


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _pages(path) -> list[list[str]]:
    """Each page's lines, spaces made plain."""
    return [[_norm(line) for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in PdfReader(str(path)).pages]


def _contents(path) -> dict[str, int]:
    """The contents of the first page: heading -> the page number printed after its dots."""
    text = PdfReader(str(path)).pages[0].extract_text(extraction_mode="layout")
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d\. .+?)[\s.]*?\s(\d+)\s*$", _norm(line.replace(" .", " ")))
        if m:
            found[m.group(1).rstrip(" .")] = int(m.group(2))
    return found


def _top_of_page(lines: list[str]) -> str:
    """The first line under the page's header (facility — title, version — date, « SI Local »)."""
    return lines[lines.index("SI Local") + 1]


def _check_sections(path) -> list[list[str]]:
    pages = _pages(path)
    contents = _contents(path)
    assert list(contents) == SECTIONS
    starts = []
    for title in SECTIONS:
        number = contents[title]
        assert _top_of_page(pages[number - 1]) == title, (title, number, pages[number - 1][:5])
        on = [i + 1 for i, lines in enumerate(pages) if title in lines]
        assert on == [1, number]  # the contents, and its own page
        starts.append(number)
    assert starts == sorted(set(starts))  # a page each, in order
    return pages


def test_demo_kit_sections_contents_and_facts(demo_db, tmp_path):
    out = tmp_path / "kit.pdf"
    count = print_crisis_kit(demo_db, out, TODAY)
    pages = _check_sections(out)
    assert count == len(pages)
    contents = _contents(out)
    text = {title: " ".join(" ".join(lines) for lines in
                            pages[contents[title] - 1:(contents[SECTIONS[i + 1]] - 1
                                                       if i + 1 < len(SECTIONS) else None)])
            for i, title in enumerate(SECTIONS)}
    cell = text[SECTIONS[0]]
    for name in ("Laurent Morel", "Claire Vidal", "Sophie Garnier", "Karim Benali"):
        assert name in cell
    assert "01 99 00 10 01" in cell and "Ordre d’appel" in cell
    suppliers = text[SECTIONS[1]]
    assert "Support BioLien" in suppliers and "01 99 00 21 00" in suppliers
    assert "support@logisante.example" in suppliers and "Dell ProSupport" in suppliers
    assert "Laurent Morel" not in suppliers  # internal contacts are not suppliers
    assert "VM-AD01" in text[SECTIONS[2]]  # the plan's restart order
    degraded = text[SECTIONS[3]]
    assert "Système d’information indisponible" in degraded and "Urgences et consultations" in degraded
    reflexes = text[SECTIONS[6]]
    assert "DSI du GHT" in reflexes and "01 99 00 40 00" in reflexes and "CERT Santé" in reflexes


def test_main_courante_sheets_are_numbered_one_a_page(demo_db, tmp_path):
    out = tmp_path / "kit.pdf"
    print_crisis_kit(demo_db, out, TODAY)
    pages = _pages(out)
    first = _contents(out)[SECTIONS[4]]
    for number in range(1, LOG_SHEETS + 1):
        label = f"Feuille n° {number}/{LOG_SHEETS}"
        on = [i + 1 for i, lines in enumerate(pages) if label in lines]
        assert on == [first + number - 1], label
        lines = pages[first + number - 2]
        for column in ("Heure", "Fait / information", "Source", "Décision", "Qui"):
            assert column in lines
    assert _contents(out)[SECTIONS[5]] == first + LOG_SHEETS  # nothing else in the section


def test_the_declaration_form_is_in_the_kit(demo_db, tmp_path):
    from si_local.core.i18n import _

    out = tmp_path / "kit.pdf"
    print_crisis_kit(demo_db, out, TODAY)
    pages = _pages(out)
    contents = _contents(out)
    section = [line for lines in pages[contents[SECTIONS[5]] - 1:contents[SECTIONS[6]] - 1]
               for line in lines]
    for title in HEADINGS:
        assert _norm(_(title)) in section
    assert "Transmission" in section
    assert not any("Deux-Rives" in line for line in section[3:] if "Kit de crise" not in line)


def test_empty_database_prints_a_kit_with_blanks(db, tmp_path):
    """A new file: no facility, no crisis cell, no contact, no VM, no step. The kit prints, each
    section on its page, with the usual roles and the emergency numbers left to fill in."""
    out = tmp_path / "kit.pdf"
    count = print_crisis_kit(db, out, TODAY)
    pages = _check_sections(out)
    assert count == len(pages)
    text = " ".join(" ".join(lines) for lines in pages)
    assert "None" not in text and "{" not in text
    for role in ("Directeur de crise", "Responsable informatique", "Tenue de la main courante"):
        assert role in text
    assert "Étapes à écrire à la main" in text and "Fiche de mode dégradé à remplir" in text
    for label in ("CERT Santé (réponse à incident)", "ARS (agence régionale de santé)",
                  "Support informatique du groupement"):
        assert label in text
    assert f"Feuille n° {LOG_SHEETS}/{LOG_SHEETS}" in text


@pytest.mark.parametrize("missing", ["phone", "all"])
def test_a_role_without_phones_prints_no_dash_nor_none(demo_db, tmp_path, missing):
    """A holder without a number gets room to write it, not « None »."""
    contact = demo_db.execute("SELECT id FROM contact WHERE name = 'Laurent Morel'").fetchone()[0]
    with demo_db.atomic():
        demo_db.execute("UPDATE contact SET phone = NULL, mobile = NULL WHERE id = ?", [contact])
        if missing == "all":
            demo_db.execute("DELETE FROM continuity_crisis_role")
    out = tmp_path / "kit.pdf"
    print_crisis_kit(demo_db, out, TODAY)
    text = " ".join(" ".join(lines) for lines in _pages(out))
    assert "None" not in text
    if missing == "all":  # no crisis cell yet: the usual roles, names to write in
        assert "Directeur de crise" in text and "Laurent Morel" not in text
    else:
        assert "Laurent Morel" in text and "01 99 00 10 01" not in text
