"""The user guide's sources (resources/guide/*.md) and their renderer (core/guide.py): every
chapter parses, every picture it names exists and is taken by tools/guide_screenshots.py, the
text is French, finished and typographically right."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from si_local.core import guide
from si_local.core.errors import UserError

ROOT = Path(__file__).resolve().parents[2]  # tests/core/ -> the repository
CHAPTERS = ["Premiers pas", "Responsable informatique", "Cadre de santé (formation)",
            "Direction (autodiagnostic)", "DSI du groupement", "En cas de panne",
            "Conformité et incidents"]
# Words of English that would betray an untranslated text (none is a French word).
ENGLISH = re.compile(r"\b(the|and|with|this|that|which|click|button|should|when|todo|fixme|xxx|"
                     r"lorem|ipsum|tbd)\b", re.IGNORECASE)


def _texts(chapter):
    yield chapter.title
    for block in chapter.blocks:
        if isinstance(block, guide.Bullets):
            yield from block.items
        elif isinstance(block, guide.Image):
            yield block.caption
        else:
            yield block.text


@pytest.fixture(scope="module")
def chapters():
    return guide.chapters()


def test_one_chapter_per_person_in_order(chapters):
    assert [c.title for c in chapters] == CHAPTERS
    for chapter in chapters:
        kinds = {type(b) for b in chapter.blocks}
        assert {guide.Heading, guide.Text, guide.Bullets} <= kinds, chapter.title


def test_every_picture_the_guide_names_exists(chapters):
    assert guide.missing_images(chapters) == []
    names = [i.path for c in chapters for i in c.images()]
    assert len(names) >= 10 and all(n.startswith("images/") and n.endswith(".png") for n in names)


def test_every_picture_the_guide_names_is_refreshed_by_the_tool(chapters):
    sys.path.insert(0, str(ROOT / "tools"))
    import guide_screenshots

    named = {Path(i.path).stem for c in chapters for i in c.images()}
    assert named <= set(guide_screenshots.SHOTS), named - set(guide_screenshots.SHOTS)
    on_disk = {p.stem for p in (guide.folder() / "images").glob("*.png")}
    assert on_disk == named, "a picture nobody uses, or one the guide names that is not there"
    assert guide_screenshots.DAY.isoformat() == "2026-12-01"  # a fixed day: the same pictures


def test_pictures_are_small_screenshots_of_the_window(chapters):
    from PIL import Image

    for chapter in chapters:
        for image in chapter.images():
            path = chapter.folder / image.path
            assert path.stat().st_size < 150_000, path
            with Image.open(path) as picture:
                assert picture.size == (1366, 768), path


def test_no_english_nor_placeholder_left(chapters):
    for chapter in chapters:
        for text in _texts(chapter):
            words = guide.plain(re.sub(r"`[^`]*`", "", text))  # commands are what one types
            assert not ENGLISH.search(words), (chapter.title, text)
            assert "'" not in words, ("typographic apostrophe wanted", text)


def _chapter_text(chapter) -> str:
    return " ".join(guide.plain(t) for t in _texts(chapter))


def _shown(msgid: str) -> str:
    """A label as the window shows it in French: its « & » (the shortcut's mark) taken out."""
    from si_local.core.i18n import _

    return _(msgid).replace("&", "")


# The labels of the recent areas, as the window shows them (their English msgid, translated),
# that the chapter must name: the page titles, buttons and tabs a user looks for.
LABELS = {
    "responsable-informatique": [
        "Contracts", "Budget…", "Certificates", "Renewed by", "Job name in reports",
        "Installed programs", "Tag…", "Create an action", "End of support…",
        "Compensating measure…", "Vendor", "Support hotline"],
    "direction": ["Print…", "Export CSV…", "Print the planner…", "Export to iCalendar…"],
    "en-cas-de-panne": ["Print the crisis &kit…"],
    "conformite-et-incidents": [
        "Readiness", "Print the evidence pack…", "Declare…", "Withdraw", "Met", "Missing",
        "Declared", "Evidence or what to do", "to confirm", "Incidents", "New incident…",
        "Correct…", "What it touched", "History of corrections:", "In the scope of NIS2",
        "Print the declaration", "Blank form", "Yearly summary", "to declare",
        "no declaration needed", "to assess"],
}


def test_the_recent_areas_are_described_with_the_labels_the_window_shows(chapters):
    by_key = {c.key: _chapter_text(c) for c in chapters}
    for key, msgids in LABELS.items():
        for msgid in msgids:
            label = _shown(msgid).rstrip(":").strip().lower()
            assert label in by_key[key].lower(), (key, msgid, label)


def test_every_menu_path_and_page_the_guide_names_exists(chapters):
    """« Fichier › X » is an entry of the File menu; « Ctrl+N » pages are the sidebar's."""
    from si_local.ui.areas import MENUS, PAGES

    entries = {_shown(e.label).rstrip("…") for _title, items in MENUS for e in items if e}
    for chapter in chapters:
        for rest in _chapter_text(chapter).split("Fichier › ")[1:]:
            assert any(rest.startswith(entry) for entry in entries), (chapter.title, rest[:60])
    first = _chapter_text(chapters[0])
    pages = ", ".join(_shown(p.title) for p in PAGES[:-1]) + " et " + _shown(PAGES[-1].title)
    assert f"les pages\u00a0: {pages} (Ctrl+1 à Ctrl+{len(PAGES)})" in first


def test_french_typography(chapters):
    for chapter in chapters:
        for text in _texts(chapter):
            assert not re.search(r" [;:?!»]|« ", text), text


def test_html_shows_headings_lists_and_pictures(chapters):
    chapter = next(c for c in chapters if c.key == "cadre-de-sante")
    html = guide.chapter_html(chapter)
    assert html.startswith("<h1>Cadre de santé (formation)</h1>")
    assert "<h2>Sessions et présences</h2>" in html and "<ul><li>" in html
    assert "<b>Ctrl+N</b>" in html and "<code>si-local export ics" in html
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 3 and all(s.startswith("file://") for s in sources)
    from urllib.parse import unquote, urlparse

    assert all(Path(unquote(urlparse(s).path)).is_file() for s in sources)


def test_the_little_language(tmp_path):
    text = ("# Titre\n\nUn paragraphe\nsur deux lignes avec **gras** et `code`.\n"
            "- un\n- deux\n  suite\n\n![Légende <b>](images/x.png)\n## Partie\nFin.\n")
    chapter = guide.parse(text, "essai", tmp_path)
    assert chapter.title == "Titre"
    assert chapter.blocks == [
        guide.Text("Un paragraphe sur deux lignes avec **gras** et `code`."),
        guide.Bullets(("un", "deux suite")), guide.Image("images/x.png", "Légende <b>"),
        guide.Heading("Partie", 2), guide.Text("Fin.")]
    html = guide.chapter_html(chapter)
    assert "Légende &lt;b&gt;" in html and "<b>gras</b>" in html
    assert guide.missing_images([chapter]) == ["essai: images/x.png"]
    with pytest.raises(UserError, match="commence par"):
        guide.parse("Pas de titre\n", "faux", tmp_path)
    with pytest.raises(UserError, match="absent"):
        guide.chapters(tmp_path)
