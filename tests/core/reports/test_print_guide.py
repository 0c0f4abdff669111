"""``si-local print guide``: the whole guide as a PDF, read back with pypdf."""

from __future__ import annotations

from pypdf import PdfReader

from support import run_cli

CHAPTERS = ["Premiers pas", "Responsable informatique", "Cadre de santé (formation)",
            "Direction (autodiagnostic)", "DSI du groupement", "En cas de panne",
            "Conformité et incidents"]


def _images(page) -> int:
    resources = page.get("/Resources") or {}
    objects = resources.get("/XObject") or {}
    return sum(1 for o in objects.values() if o.get_object().get("/Subtype") == "/Image")


def test_print_guide_writes_every_chapter_with_its_pictures(tmp_path):
    out = tmp_path / "guide.pdf"
    result = run_cli("print", "guide", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Guide d’utilisation écrit dans" in result.stdout
    reader = PdfReader(str(out))
    pages = reader.pages
    assert len(pages) > 5
    texts = [" ".join(page.extract_text().split()) for page in pages]
    assert "Guide d’utilisation de SI Local" in texts[0] and "Sommaire" in texts[0]
    starts = {}  # the page each chapter starts on: its title is the first line under the header
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        starts.update({title: number for title in CHAPTERS if title in lines[:5]})
    assert list(starts) == CHAPTERS, starts
    for title, number in starts.items():  # the contents gives the page of each chapter
        assert title in texts[0] and f" {number}" in texts[0], title
    assert sum(_images(page) for page in pages) >= 12
    assert "Page 1 sur" in texts[0]
    assert "si-local print guide" in " ".join(texts)
    assert not (tmp_path / "guide.pdf.part").exists()


def test_print_guide_refuses_a_folder_that_does_not_exist(tmp_path):
    result = run_cli("print", "guide", "-o", str(tmp_path / "nowhere" / "guide.pdf"))
    assert result.returncode == 1
    assert result.stderr.startswith("si-local: ") and len(result.stderr.strip().splitlines()) == 1
