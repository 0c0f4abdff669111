"""Help › User guide (F1): the dialog, its chapters, its pictures and its « Print… » button."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pypdf import PdfReader

from si_local.ui.guide import GuideDialog
from si_local.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _open_with_f1(qtbot, window) -> GuideDialog:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(GuideDialog) is not None)
    dialog = window.findChild(GuideDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_f1_opens_the_guide_on_its_first_chapter(qtbot, window):
    action = window.findChild(type(window.menuBar().actions()[0]), "action_show_guide")
    assert action.shortcut().toString() == "F1" and action.text() == "&Guide d’utilisation"
    dialog = _open_with_f1(qtbot, window)
    assert dialog.windowTitle() == "Guide d’utilisation"
    titles = [dialog.chapter_list.item(i).text() for i in range(dialog.chapter_list.count())]
    assert titles[0] == "Premiers pas" and "En cas de panne" in titles and len(titles) == 7
    assert dialog.browser.toPlainText().startswith("Premiers pas")
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window, not a second one
    assert len(window.findChildren(GuideDialog)) == 1


def test_a_chapter_click_shows_its_text_and_its_pictures(qtbot, window):
    dialog = _open_with_f1(qtbot, window)
    row = next(i for i in range(dialog.chapter_list.count())
               if dialog.chapter_list.item(i).text() == "Cadre de santé (formation)")
    rect = dialog.chapter_list.visualItemRect(dialog.chapter_list.item(row))
    qtbot.mouseClick(dialog.chapter_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = dialog.browser.toPlainText()
    assert text.startswith("Cadre de santé (formation)")
    assert "feuilles d’émargement" in text and "Premiers pas" not in text.splitlines()[0]
    html = dialog.browser.document().toHtml()
    sources = [s for s in html.split('src="')[1:]]
    assert len(sources) == 3
    for source in sources:  # each picture loads offline, from the resources
        url = source.split('"', 1)[0]
        image = dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert image is not None and not image.isNull() and image.width() == 1366, url
    qtbot.keyClick(dialog.chapter_list, Qt.Key.Key_Down)
    assert dialog.browser.toPlainText().startswith("Direction (autodiagnostic)")


def test_print_builds_the_guide_and_opens_the_preview(qtbot, window, monkeypatch):
    from si_local.ui import pdf_preview

    shown: list[Path] = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path) or 0)
    dialog = _open_with_f1(qtbot, window)
    dialog.print_button.setFocus()
    qtbot.keyClick(dialog.print_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown))
    reader = PdfReader(str(shown[0]))
    assert len(reader.pages) > 5 and "Guide d’utilisation de SI Local" in reader.pages[0].extract_text()
    assert dialog.print_button.isEnabled()


def test_about_stays_in_the_help_menu(qtbot, window):
    menu = window.menuBar().actions()[-1].menu()
    names = [a.objectName() for a in menu.actions()]
    assert names == ["action_show_guide", "action_show_about"]
