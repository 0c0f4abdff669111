"""The open window notices when another program writes its file, and shows the new data; what the
user is typing is never thrown away for it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from support import run_cli

from si_local.core import training as t
from si_local.core.db import open_database

pytestmark = pytest.mark.gui

STAFF_CSV = "nom;prénom;profil;unité\nNouveau;Arrivant;IDE;Médecine polyvalente\n"


@pytest.fixture
def window(qtbot, demo_path):
    from si_local.ui.app import build_context
    from si_local.ui.main_window import MainWindow

    ctx = build_context(demo_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.external_timer.stop()
    ctx.close()


def _import_staff_elsewhere(tmp_path, demo_path) -> None:
    csv = tmp_path / "staff.csv"
    csv.write_text(STAFF_CSV, encoding="utf-8")
    result = run_cli("import", "staff", "--db", str(demo_path), str(csv))
    assert result.returncode == 0, result.stderr


def _staff_shown(page) -> int:
    return page.staff_model.rowCount()


def test_the_timer_shows_what_the_command_line_imported(qtbot, window, demo_path, tmp_path):
    page = window.show_page("training")
    before = _staff_shown(page)
    assert before == len(t.staff(window.ctx.db))
    assert window.check_external_changes() is False  # nothing changed: nothing read again
    first = t.staff(window.ctx.db)[0]
    t.save_staff(window.ctx.db, {**first, "shift": "night"}, first["id"])  # the window's own write
    assert window.check_external_changes() is False
    _import_staff_elsewhere(tmp_path, demo_path)
    assert demo_path.with_name(demo_path.name + "-wal").exists()  # the window keeps its file open
    window.external_timer.setInterval(50)
    qtbot.waitUntil(lambda: _staff_shown(page) == before + 1, timeout=5000)
    assert "modifiée hors de cette fenêtre" in window.statusBar().currentMessage()
    assert "Arrivant" in {r["first_name"] for r in page.staff_model.rows}


def test_coming_back_to_the_window_shows_the_new_data(qtbot, window, demo_path):
    window.external_timer.stop()
    page = window.show_page("training")
    before = _staff_shown(page)
    other = open_database(demo_path, migrate=False)  # another connection: as another program
    try:
        t.save_staff(other, {"last_name": "Autre", "first_name": "Programme", "profile": "nurse",
                             "unit_id": t.units(other)[0]["id"]})
    finally:
        other.close()
    assert _staff_shown(page) == before
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    qtbot.waitUntil(lambda: _staff_shown(page) == before + 1, timeout=5000)


def test_what_the_user_is_typing_is_kept_until_saved(qtbot, window, demo_path, tmp_path):
    window.external_timer.stop()
    plan = window.show_page("continuity").show_tab("plan")
    title = plan.findChild(QLineEdit, "plan_title")
    title.setFocus()
    title.selectAll()
    QTest.keyClicks(title, "PCA en cours de saisie")
    _import_staff_elsewhere(tmp_path, demo_path)
    assert window.check_external_changes() is False  # the refresh waits
    assert title.text() == "PCA en cours de saisie"
    assert plan.save()  # the user saves: the page is read again, nothing pending
    assert title.text() == "PCA en cours de saisie"
    assert window.check_external_changes() is True  # the outside change is shown now
    assert title.text() == "PCA en cours de saisie"


def test_a_search_box_does_not_hold_the_refresh_back(qtbot, window, demo_path, tmp_path):
    window.external_timer.stop()
    page = window.show_page("training")
    page.staff_search.setFocus()
    QTest.keyClicks(page.staff_search, "Arrivant")
    _import_staff_elsewhere(tmp_path, demo_path)
    assert window.check_external_changes() is True
    assert page.staff_search.text() == "Arrivant"
    assert "Arrivant" in {r["first_name"] for r in page.staff_model.rows}


def test_a_comment_saved_as_typed_is_no_pending_edit(qtbot, window):
    import datetime as dt

    from si_local.ui.main_window import edit_under_way
    from si_local.ui.diagnostic.dialogs import NewCampaignDialog

    window.external_timer.stop()
    page = window.show_page("diagnostic")
    dialog = NewCampaignDialog(window.ctx.db, dt.date(2026, 11, 23), page)
    dialog.title.setText("Autodiagnostic")
    dialog.accept()
    page.open_campaign(dialog.campaign_id, 0)
    card = page.campaign.walk.cards[0]
    assert not edit_under_way(page)
    card.comment.setFocus()
    QTest.keyClicks(card.comment, "Lettre de mission a signer")
    assert edit_under_way(page)  # typed, not saved yet: an outside change waits
    card.comment.editingFinished.emit()  # saved at once, as the page does
    assert card.answer.comment == "Lettre de mission a signer"
    assert not edit_under_way(page)  # nothing pending: the page may be read again
