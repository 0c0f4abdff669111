"""Fichier › Calendrier des échéances… : the year's obligations in a table, printed as a one-page
planner and exported as an iCalendar file, driven with real clicks and keys."""

from __future__ import annotations

import icalendar
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog

from si_local.ui.main_window import MainWindow
from si_local.ui.obligations import CalendarDialog

pytestmark = pytest.mark.gui


def _texts(dialog: CalendarDialog, column: int) -> list[str]:
    model = dialog.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_menu_opens_the_calendar_and_the_year_changes_the_list(qtbot, demo_ctx):
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        assert isinstance(dialog, CalendarDialog)
        assert dialog.year.value() == 2026  # the suite's day
        assert dialog.width() <= 1366 and dialog.height() <= 768
        dialog.year.selectAll()
        qtbot.keyClicks(dialog.year, "2027")
        seen.append(_texts(dialog, 1))
        seen.append(_texts(dialog, 2))
        seen.append(dialog.count.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look)
    window.findChild(QAction, "action_show_calendar").trigger()
    assert isinstance(seen[0], CalendarDialog)
    whats, sources = seen[1], seen[2]
    assert "PCA — Revue du plan de continuité" in whats
    assert "PRÉ — Préavis contrat Support du pare-feu Stormshield" in whats
    assert any(w.startswith("RES — Test de restauration Disque hebdomadaire hors site (depuis le 17/09/2026)")
               for w in whats)
    assert "Contrat\u00a0: Support du pare-feu Stormshield" in sources
    assert seen[3] == f"{len(whats)} échéances en 2027."


def test_print_and_export_buttons(qtbot, demo_ctx, answers, tmp_path, monkeypatch):
    from si_local.ui.pdf_preview import PdfPreviewDialog

    shown = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog.pdf_path))
    out = tmp_path / "echeances.ics"
    asked = []

    def save_as(parent, title, name, pattern):
        asked.append((name, pattern))
        return str(out), pattern

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    dialog = CalendarDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.selectAll()
    qtbot.keyClicks(dialog.year, "2027")
    count = dialog.model.rowCount()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    (pdf,) = shown
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    assert "Calendrier des échéances 2027" in reader.pages[0].extract_text()
    assert pdf.name == "echeances-2027.pdf"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == [("echeances-2027.ics", "Fichiers iCalendar (*.ics)")]
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == count
    assert any(f"{count} événements écrits" in t for t in answers.texts())
