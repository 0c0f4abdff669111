"""The Readiness page (« Conformité ») in the real main window: the list and its disclaimer,
coloured statuses, evidence that opens its record, Declare… and Withdraw with real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from si_local.core import readiness as r
from si_local.ui.main_window import MainWindow
from si_local.ui.readiness import dialogs
from si_local.ui.theme import READINESS_COLOURS


@pytest.fixture
def window(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _row(page, expectation_id: str) -> int:
    return next(n for n, row in enumerate(page.model.rows)
                if isinstance(row, r.Status) and row.id == expectation_id)


def _click_row(qtbot, page, expectation_id: str) -> None:
    n = _row(page, expectation_id)
    page.table.scrollTo(page.model.index(n, 1))
    rect = page.table.visualRect(page.model.index(n, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_status().id == expectation_id


def test_the_page_says_which_list_and_that_only_the_official_text_counts(window):
    page = window.show_page("readiness")
    assert window.sidebar.currentItem().text() == "Conformité"
    assert "seul le texte officiel fait foi" in page.disclaimer.text()
    assert "fournie avec SI Local" in page.version.text()
    headings = [row.programme.id for row in page.model.rows if not isinstance(row, r.Status)]
    assert headings == ["care-d2", "crisis-exercise", "certification", "incident-declaration"]
    colours = {}
    for n, row in enumerate(page.model.rows):
        if isinstance(row, r.Status):
            brush = page.model.index(n, 0).data(Qt.ItemDataRole.BackgroundRole)
            colours[row.state] = brush.color().name().upper()
    assert colours == {state: READINESS_COLOURS[state].upper() for state in ("met", "declared", "missing")}


def test_clicking_the_evidence_opens_the_restore_test(qtbot, window, monkeypatch):
    page = window.show_page("readiness")
    _click_row(qtbot, page, "care-d2-restore-test")
    assert page.state.text() == "Satisfaite"
    link = page.pane.findChild(QLabel, "readiness_evidence_0")
    assert "Test de restauration du" in link.text()
    opened = []
    registry = window.show_page("registry")
    monkeypatch.setattr(type(registry), "open_record",
                        lambda self, kind, record_id, edit=True: opened.append((kind, record_id)))
    window.show_page("readiness")
    # a click on the first words of the link (it wraps over several lines in the pane)
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, link.fontMetrics().height() // 2 + 1))
    evidence = page.current_status().evidence[0]
    assert opened == [("restore-tests", evidence.record_id)]


def test_declare_then_withdraw_with_real_keys(qtbot, window, monkeypatch, tmp_path):
    page = window.show_page("readiness")
    document = tmp_path / "vlan.pdf"
    document.write_bytes(b"%PDF-1.4")
    _click_row(qtbot, page, "care-d2-backup-segmentation")
    assert page.state.text() == "Manquante" and "À faire" in page.text.text()
    seen = []

    def run(dialog):
        seen.append(dialog.windowTitle())
        dialog.show()
        ok = dialog.ok_button
        assert not ok.isEnabled()  # « Déclaré par » is required
        qtbot.keyClicks(dialog.form.editors["by"], "Marie Durand")
        if isinstance(dialog, dialogs.DeclareDialog):
            qtbot.keyClicks(dialog.form.editors["note"], "VLAN des sauvegardes")
            qtbot.keyClicks(dialog.document.edit, str(document))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.DeclareDialog, "exec", run)
    monkeypatch.setattr(dialogs.WithdrawDialog, "exec", run)
    assert page.declare_button.isVisible() and not page.withdraw_button.isVisible()
    qtbot.mouseClick(page.declare_button, Qt.MouseButton.LeftButton)
    assert page.current_status().state == r.DECLARED
    assert "Marie Durand" in page.text.text() and str(document.resolve()) in page.text.text()
    assert page.withdraw_button.isVisible()
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    assert page.current_status().state == r.MISSING
    assert seen[0].startswith("Déclarer") and seen[1].startswith("Retirer")
    actions = [h["action"] for h in r.history(window.ctx.db, "care-d2-backup-segmentation")]
    assert actions == ["withdraw", "declare"]


def test_home_opens_a_readiness_alert_on_its_expectation(qtbot, window):
    home = window.show_page("home")
    alert = next(a for a in home.alerts if a.area == "readiness")
    home.open_alert(alert)
    page = window.pages["readiness"]
    assert page.current_status().expectation.wording in alert.message
    QApplication.processEvents()


def test_print_the_evidence_pack_through_the_preview(qtbot, window, monkeypatch):
    """« Imprimer le dossier de preuves… » builds the pack off the GUI thread and opens the
    preview, as the other print buttons do."""
    from pypdf import PdfReader

    from si_local.ui import pdf_preview

    shown = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path) or 0)
    page = window.show_page("readiness")
    assert page.print_button.text() == "Imprimer le dossier de preuves…"
    page.print_button.setFocus()
    qtbot.keyClick(page.print_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    reader = PdfReader(str(shown[0]))
    cover = reader.pages[0].extract_text()
    assert "Dossier de preuves" in cover and "Hôpital local des Deux-Rives" in cover
    assert "care-d2-restore-test" in cover
    qtbot.waitUntil(page.print_button.isEnabled)
