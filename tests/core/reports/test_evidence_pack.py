"""The readiness evidence pack (``print evidence``), read back with pypdf: its cover, an index
whose page numbers point at the page holding each expectation's evidence heading, a missing
expectation in the index and the pack, an empty database."""

from __future__ import annotations

import re

from pypdf import PdfReader

from si_local.core import readiness as r
from si_local.core.i18n import _
from si_local.core.reports import evidence as ev
from si_local.core.reports.evidence import SECTIONS, print_evidence, section_of, section_title

from conftest import TODAY
from support import run_cli

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def index_rows(path) -> dict[str, tuple[str, int]]:
    """Each expectation id of the index with the status and the page number printed on its
    row: the texts at the right of the row, at the height of the id (the row's first line)."""
    found: dict[str, tuple[str, int]] = {}
    for page in PdfReader(str(path)).pages:
        items: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size, items=items):
            if text.strip():
                items.append((text.strip(), cm[4] + tm[4], cm[5] + tm[5]))
        page.extract_text(visitor_text=visit)
        width = float(page.mediabox.width)
        ids = [(t, y) for t, x, y in items if ID.match(t) and x < 100]
        for text, y in ids:
            row = [(t, x) for t, x, ty in items if abs(ty - y) < 2]
            numbers = [int(t) for t, x in row if x > 0.85 * width and t.isdigit()]
            states = [t for t, x in row if 0.7 * width < x < 0.85 * width]
            if numbers:
                found[text] = (states[0] if states else "", numbers[0])
    return found


def index_pages(path) -> dict[str, int]:
    return {key: page for key, (_state, page) in index_rows(path).items()}


def _title_of(status: r.Status) -> str:
    section = section_of(status)
    return section_title(SECTIONS.index(section) + 1, section)


def _check_index(path, statuses: list[r.Status]) -> dict[str, int]:
    pages = _pages(path)
    index = index_pages(path)
    assert set(index) == {s.id for s in statuses}
    for s in statuses:
        title = _title_of(s)
        number = index[s.id]
        assert title in pages[number - 1], (s.id, number, title)
        # the heading is on that page only (not earlier: the number is the first page)
        assert not any(line.strip() == title for p in pages[:number - 1] for line in p.splitlines())
    return index


def test_the_pack_has_its_cover_an_index_and_every_heading(demo_db, tmp_path):
    pdf = tmp_path / "pack.pdf"
    count = print_evidence(demo_db, pdf, TODAY)
    pages = _pages(pdf)
    assert count == len(pages) > 3
    cover = pages[0]
    assert "Dossier de preuves" in cover and "Hôpital local des Deux-Rives" in cover
    assert "23/11/2026" in cover
    assert "Attentes des autorités" in cover and "Liste du 07/12/2026" in cover
    flat = " ".join(cover.split())
    assert ("Liste de travail établie par SI Local d’après les textes cités ; seul le texte "
            "officiel fait foi") in flat
    text = "\n".join(pages)
    for number, section in enumerate(SECTIONS, start=1):
        assert section_title(number, section) in text
    statuses = r.evaluate(demo_db, TODAY)
    index = _check_index(pdf, statuses)
    assert len(set(index.values())) >= 4  # the evidence really is spread over the pack
    rows = index_rows(pdf)
    assert {key: rows[key][0] for key in ("care-d2-restore-test", "care-d2-backup-authentication",
                                          "exercise-participants")} == {
        "care-d2-restore-test": "Satisfaite", "care-d2-backup-authentication": "Déclarée",
        "exercise-participants": "Manquante"}
    # the proofs themselves: who approved the plan, the restore test, the declaration's hash
    assert "Laurent Morel" in text and "VM-DPI01" in text and "Sophie Garnier" in text


def test_deleting_the_critical_restore_test_turns_it_missing_in_the_pack(demo_db, tmp_path):
    before = {s.id: s for s in r.evaluate(demo_db, TODAY)}["care-d2-restore-test"]
    with demo_db.atomic():
        demo_db.execute("DELETE FROM restore_test WHERE id = ?", [before.evidence[0].record_id])
    pdf = tmp_path / "pack.pdf"
    print_evidence(demo_db, pdf, TODAY)
    statuses = r.evaluate(demo_db, TODAY)
    index = _check_index(pdf, statuses)
    pages = _pages(pdf)
    missing_title = section_title(len(SECTIONS), SECTIONS[-1])
    assert missing_title in pages[index["care-d2-restore-test"] - 1]
    todo = before.todo
    index_text = " ".join(" ".join(pages[:2]).split())
    assert index_rows(pdf)["care-d2-restore-test"][0] == "Manquante"
    assert "À faire : " + " ".join(todo.split())[:40] in index_text
    section = " ".join(pages[index["care-d2-restore-test"] - 1].split())
    assert "care-d2-restore-test" in section[section.index(missing_title):]


def test_an_empty_database_prints_everything_missing(db, tmp_path):
    pdf = tmp_path / "empty.pdf"
    print_evidence(db, pdf, TODAY)
    statuses = r.evaluate(db, TODAY)
    assert {s.state for s in statuses} == {r.MISSING}
    _check_index(pdf, statuses)
    pages = _pages(pdf)
    assert "Établissement sans nom" in pages[0] and "23/11/2026" in pages[0]
    text = "\n".join(pages)
    assert "Aucun test de restauration enregistré." in text
    assert "Aucune attente ne repose sur une déclaration." in text


def test_every_check_and_record_has_a_section():
    """A new kind of evidence is one more entry of SECTIONS: none is left without a page."""
    covered = {kind for section in SECTIONS for kind in section.covers}
    assert set(r.CHECKS) | set(r.RECORDS) | {r.DECLARED, r.MISSING} <= covered
    assert len({s.key for s in SECTIONS}) == len(SECTIONS)
    assert ev.SECTIONS[1].build.__name__ == "exercise_evidence"
    assert all(_(s.title) != s.title for s in SECTIONS)  # translated


def test_print_evidence_from_the_command_line(demo_path, tmp_path):
    pdf = tmp_path / "preuves.pdf"
    done = run_cli("print", "evidence", "--db", str(demo_path), "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "Dossier de preuves écrit dans" in done.stdout
    assert "Dossier de preuves" in _pages(pdf)[0]


def test_a_declaration_prints_who_when_the_note_the_document_and_its_hash(db, tmp_path):
    document = tmp_path / "schéma-réseau.pdf"
    document.write_bytes(b"%PDF-1.4 VLAN des sauvegardes")
    r.declare(db, r.load(db), "care-d2-backup-segmentation", "Marie Durand", TODAY,
              note="VLAN dédié aux sauvegardes", document=document)
    pdf = tmp_path / "pack.pdf"
    print_evidence(db, pdf, TODAY)
    statuses = r.evaluate(db, TODAY)
    index = _check_index(pdf, statuses)
    page = _pages(pdf)[index["care-d2-backup-segmentation"] - 1]
    for value in ("Marie Durand", "VLAN dédié aux sauvegardes", "schéma-réseau.pdf",
                  r.sha256_of(document)):
        assert value in page, value
    assert index_rows(pdf)["care-d2-backup-segmentation"][0] == "Déclarée"


def test_the_exercise_section_is_the_last_exercise_s_lessons_learned_report(demo_db, tmp_path):
    """The pack's exercise evidence is the RETEX of the last exercise held (objectives,
    participants, main courante, decisions, times against targets), not a summary of it."""
    from si_local.core import continuity as c

    pdf = tmp_path / "pack.pdf"
    print_evidence(demo_db, pdf, TODAY)
    text = " ".join(" ".join(page.replace("\xa0", " ").split()) for page in _pages(pdf))
    last = c.exercises(demo_db)[0]
    decision = c.timeline(demo_db, last["id"], "decision")[0]
    participant = c.participants(demo_db, last["id"])[0]
    for expected in (last["title"], _("Objectives"), _("Participants"), _("Decisions"),
                     _("Measured times against the targets"), _("What went well"),
                     decision["text"][:30], participant["name"]):
        assert " ".join(expected.replace("\xa0", " ").split()) in text, expected
