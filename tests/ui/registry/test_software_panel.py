"""« Logiciels installés / Suis-je concerné ? » in the Registry page of the real main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from si_local.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    page = win.show_page("registry")
    return page.show_kind("software")


def _rows(panel):
    model = panel.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_query_is_checked_as_typed_then_searched(qtbot, panel):
    qtbot.keyClicks(panel.line, "OpenSSL <")
    assert panel.message.text() == "«\u00a0<\u00a0» doit être suivi d’une version (par exemple «\u00a0< 3.0.7\u00a0»)."
    assert panel.message.property("role") == "error"
    assert not panel.search_button.isEnabled()
    qtbot.keyClicks(panel.line, " 3.0.7")
    assert panel.message.property("role") == "hint"
    assert panel.search_button.isEnabled()
    qtbot.keyClick(panel.line, Qt.Key.Key_Return)
    assert _rows(panel) == [["VM", "VM-DPI01", "OpenSSL 1.1.1w (64-bit)", "1.1.1w",
                             "OpenSSL Win64 Installer Team"]]
    assert panel.summary.text() == "1 machine concernée (1 logiciel installé)"
    panel.line.clear()
    qtbot.keyClicks(panel.line, "7-zip < 24.07")
    qtbot.mouseClick(panel.search_button, Qt.MouseButton.LeftButton)
    assert [row[1] for row in _rows(panel)] == ["VM-AD01", "VM-DPI01", "VM-GAP01", "VM-RDS01"]


def test_tag_then_create_an_action(qtbot, panel, demo_ctx, answers):
    assert not panel.tag_button.isEnabled()
    qtbot.keyClicks(panel.line, "java")
    qtbot.keyClick(panel.line, Qt.Key.Key_Return)
    assert panel.tag_button.isEnabled()
    dialog = panel.tag()
    editor = dialog.form.editors["alert"]
    qtbot.keyClicks(editor, "Alerte CERT-FR 2026-123")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result_value == 2
    tags = demo_ctx.db.execute("SELECT count(*) FROM software_tag WHERE alert = ?",
                               ["Alerte CERT-FR 2026-123"]).fetchone()[0]
    assert tags == 2
    assert "étiquetées" not in panel.summary.text()
    assert "Alerte CERT-FR 2026-123" in panel.summary.text()
    before = demo_ctx.db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0]
    dialog = panel.create_action()
    assert dialog.form.editors["alert"].text() == "Alerte CERT-FR 2026-123"  # remembered
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0] == before + 1
    assert answers.texts("tell")[-1].startswith("Action créée dans la campagne")


def test_nothing_is_cut_at_1366x768(qtbot, panel):
    QApplication.processEvents()
    for button in (panel.tag_button, panel.action_button, panel.search_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    assert panel.table.height() > 200


def test_the_import_dialog_says_the_programs_added_per_machine(qtbot, demo_ctx):
    from pathlib import Path

    from si_local.ui import import_dialog

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    path = Path(__file__).resolve().parents[2] / "data" / "inventories" / "fusioninventory-2.xml"
    dialog = import_dialog.import_inventories(win, paths=[path])
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=20000)
    (row,) = [r for r in dialog.model.rows if r[2] == "pc-arg-23"]
    assert "8 logiciels ajoutés, 0 retiré" in row[4]
    assert "Logiciels installés\u00a0: 8 logiciels ajoutés, 0 retiré." in dialog.summary.text()
