"""The continuity page's Print tab prints the crisis kit through the same preview path as the
plan."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt


@pytest.fixture
def page(qtbot, demo_ctx):
    from si_local.ui.continuity.page import create_page

    widget = create_page(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_print_tab_builds_the_crisis_kit_and_opens_the_preview(qtbot, page, monkeypatch):
    from si_local.ui import pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path) or 0)
    tab = page.show_tab("print")
    assert tab.kit_button.text().replace("&", "") == "Imprimer le kit de crise…"
    tab.kit_button.setFocus()
    qtbot.keyClick(tab.kit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown))
    assert tab.kit_button.isEnabled() and tab.last_pdf == shown[0]
    assert shown[0].name == "kit-de-crise.pdf"
    first = PdfReader(str(shown[0])).pages[0].extract_text()
    assert "Kit de crise" in first and "Sommaire" in first
    assert "Kit de crise préparé" in tab.state.text()
