"""The Training dialogs and the go-live date, on a copy of the demo, filled with real keys and
read back from the database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from si_local.core import training as t

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def ctx(demo_ctx):
    return demo_ctx


@pytest.fixture
def page(qtbot, ctx, monkeypatch):
    from si_local.ui.training import page as training_page

    widget = training_page.create_page(ctx)
    widget.today = TODAY
    widget.errors = []
    monkeypatch.setattr(widget, "error", widget.errors.append)
    widget.refresh()
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def _retype(qtbot, line, text: str) -> None:
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _save_button(page) -> QPushButton:
    holder = page.go_live.parentWidget()
    return next(b for b in holder.findChildren(QPushButton) if b.text() == "Enregistrer")


def test_the_go_live_date_is_typed_on_the_coverage_tab_and_saved(qtbot, page):
    t.save_plan(page.db, {"go_live_date": None, "target_percent": 80})
    page.refresh()
    page.show_tab("coverage")
    line = page.go_live.line
    assert line.text() == "" and line.placeholderText() == "non renseignée"
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(line, "15012027")
    assert line.text() == "15012027"  # not « non renseignée15012027 »
    qtbot.mouseClick(_save_button(page), Qt.MouseButton.LeftButton)
    assert page.errors == []
    assert t.plan(page.db)["go_live_date"] == "2027-01-15"
    assert page.go_live.line.text() == "15/01/2027"
    # emptied again: no date
    _retype(qtbot, page.go_live.line, "")
    qtbot.mouseClick(_save_button(page), Qt.MouseButton.LeftButton)
    assert t.plan(page.db)["go_live_date"] is None


def test_a_go_live_that_is_no_date_is_named_and_not_saved(qtbot, page):
    before = t.plan(page.db)["go_live_date"]
    _retype(qtbot, page.go_live.line, "31/02/2027")
    qtbot.mouseClick(_save_button(page), Qt.MouseButton.LeftButton)
    assert page.errors == ["Date de démarrage : le 31/02/2027 n’existe pas."]
    assert t.plan(page.db)["go_live_date"] == before


def test_a_session_date_is_typed(qtbot, ctx):
    from si_local.ui.training.dialogs import SessionDialog

    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _retype(qtbot, dialog.day.line, "2027-01-15")
    _retype(qtbot, dialog.room, "Salle Pasteur")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    session = t.get_session(ctx.db, dialog.record_id)
    assert session["starts_at"].startswith("2027-01-15T") and session["room"] == "Salle Pasteur"


def test_a_session_date_that_is_no_date_stays_in_the_dialog(qtbot, ctx):
    from si_local.ui.training.dialogs import SessionDialog

    count = len(t.sessions(ctx.db))
    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _retype(qtbot, dialog.day.line, "15/13/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.record_id is None
    assert dialog.form.errors() == {"starts_at": "Date : « 15/13/2027 » n’est pas une date ; "
                                                 "saisissez-la au format JJ/MM/AAAA."}
    assert len(t.sessions(ctx.db)) == count


def test_a_referent_since_date_is_typed(qtbot, ctx):
    from si_local.ui.training.dialogs import ReferentDialog

    unit = next(u for u in t.units(ctx.db) if u["name"] == "Médecine polyvalente")
    referent = next(r for r in t.referents(ctx.db) if r["unit_id"] == unit["id"])
    dialog = ReferentDialog(ctx, unit["id"], today=TODAY, referent_id=referent["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    _retype(qtbot, dialog.start.line, "1/9/26")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = next(r for r in t.referents(ctx.db) if r["id"] == referent["id"])
    assert stored["start_date"] == "2026-09-01"


def test_a_unit_is_added_by_keys_and_a_taken_name_is_shown_under_it(qtbot, ctx):
    from si_local.ui.training.dialogs import UnitDialog

    dialog = UnitDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _retype(qtbot, dialog.name, "Cardiologie")
    _retype(qtbot, dialog.manager, "Mme Roux")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    unit = next(u for u in t.units(ctx.db) if u["id"] == dialog.record_id)
    assert (unit["name"], unit["manager_name"]) == ("Cardiologie", "Mme Roux")
    again = UnitDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    _retype(qtbot, again.name, "Cardiologie")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert again.isVisible() and "name" in again.form.errors()
