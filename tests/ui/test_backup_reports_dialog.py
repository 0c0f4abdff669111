"""File › Import backup reports…: preview (matched, unknown, already imported), import, and the
backup's form listing its last runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox

from si_local.core import registry as reg
from si_local.ui import backup_reports
from si_local.ui.forms import RecordDialog
from si_local.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

DATA = Path(__file__).parents[1] / "data" / "backup_reports"


@pytest.fixture
def window(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _nas(db) -> int:
    return db.execute("SELECT id FROM backup WHERE name = 'Sauvegarde nocturne sur NAS'").fetchone()[0]


def test_the_file_menu_has_the_entry(window):
    action = window.findChild(QAction, "action_import_backup_reports")
    assert action is not None and action.text() == "Importer des rapports de sauvegarde…"


def test_preview_then_import_then_nothing_new(qtbot, window):
    db = window.ctx.db
    before = db.execute("SELECT count(*) FROM backup_run").fetchone()[0]
    dialog = backup_reports.import_backup_reports(window, paths=[DATA / "veeam_sessions.csv"])
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    rows = [[cell.replace("\xa0", " ") for cell in row] for row in dialog.model.rows]
    assert len(rows) == 8
    happens = {r[2]: r[5] for r in rows if r[1] == "NAS-Nuit"}
    assert happens["SRV-ANCIEN"] == "Nouveau, machine inconnue (gardé sans VM)"
    assert [r[5] for r in rows if r[1] == "Backup Job 3"] == ["Travail inconnu : non importé"]
    changes = {r[0]: r[1] for r in dialog.changes.rows}
    assert "29/11/2026 23:03" in changes["Sauvegarde nocturne sur NAS"]
    assert "Backup Job 3" in changes
    assert dialog.import_button.isEnabled()
    assert db.execute("SELECT count(*) FROM backup_run").fetchone()[0] == before  # a preview
    dialog.resize(1000, 600)
    assert not dialog.grab().isNull()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "7 passages écrits" in dialog.summary.text().replace("\xa0", " ")
    assert db.execute("SELECT count(*) FROM backup_run").fetchone()[0] == before + 7
    assert db.execute("SELECT last_success FROM backup WHERE id = ?", [_nas(db)]).fetchone()[0] \
        == "2026-11-29T23:03:18"
    dialog.add_paths([DATA / "veeam_sessions.csv"])
    dialog.preview()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert {r[5] for r in dialog.model.rows if r[1] == "NAS-Nuit"} == {"Déjà importé"}
    assert not dialog.import_button.isEnabled()


def test_a_bad_report_says_why_and_nothing_can_be_imported(qtbot, window, tmp_path):
    bad = tmp_path / "rapport.csv"
    bad.write_text("job;machine;start;end;status\nNAS-Nuit;VM-AD01;hier;;success\n", encoding="utf-8")
    dialog = backup_reports.import_backup_reports(window, paths=[bad])
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    text = dialog.summary.text().replace("\xa0", " ")
    assert "rapport.csv" in text and "ligne 2, start" in text
    assert not dialog.import_button.isEnabled()


def test_the_backup_form_shows_its_last_runs(qtbot, window):
    dialog = RecordDialog(window.ctx, reg.BACKUPS, _nas(window.ctx.db), window)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.findChild(QGroupBox, "backup_runs_panel")
    assert panel is not None and panel.model is not None
    rows = panel.model.rows
    assert rows[0]["started"] >= rows[-1]["started"]  # newest first
    assert any(r["status"] == "failure" and r["machine"] == "VM-FIC01" for r in rows)
