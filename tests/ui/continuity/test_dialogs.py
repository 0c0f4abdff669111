"""The Continuity dialogs (the kit's form) on a copy of the demo: an exercise's date and a
finding's due date typed with real keys, errors next to their field, the plan's review dates."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from si_local.core import continuity as c


@pytest.fixture
def page(qtbot, demo_ctx, monkeypatch):
    from si_local.ui.continuity import dialogs
    from si_local.ui.continuity.page import create_page

    opened = []  # a modal dialog would hang: kept, then filled and saved by the test
    monkeypatch.setattr(dialogs.FormDialog, "exec", lambda self: opened.append(self) or 0)
    widget = create_page(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.opened = opened
    return widget


def _retype(qtbot, line, text: str) -> None:
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _exercise_dialog(qtbot, page):
    tab = page.tab["exercises"]
    page.tabs.setCurrentWidget(tab)
    tab.add_exercise()
    dialog = page.opened[-1]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_exercise_date_is_typed_and_saved(qtbot, page, demo_db):
    dialog = _exercise_dialog(qtbot, page)
    labels = [dialog.form.labels[n].text() for n in dialog.form.specs]
    assert labels == ["Intitulé", "Date", "Scénario", "Type", "Objectifs", "Scénario joué", "Notes"]
    _retype(qtbot, dialog.form.editors["held_on"].line, "15012027")
    _retype(qtbot, dialog.form.editors["objectives"], "Anne, Paul")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {} and dialog.result_value
    row = next(e for e in c.exercises(demo_db) if e["id"] == dialog.result_value)
    assert (row["held_on"], row["objectives"]) == ("2027-01-15", "Anne, Paul")


def test_an_exercise_without_date_is_refused_next_to_the_date(qtbot, page, demo_db):
    count = len(c.exercises(demo_db))
    dialog = _exercise_dialog(qtbot, page)
    _retype(qtbot, dialog.form.editors["held_on"].line, "")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result_value is None and list(dialog.form.errors()) == ["held_on"]
    assert dialog.form.errors()["held_on"].startswith("Date : ")
    assert len(c.exercises(demo_db)) == count


def test_the_plan_review_dates_are_typed(qtbot, page, demo_db):
    tab = page.show_tab("plan")
    _retype(qtbot, tab.widgets["next_review"][1].line, "30/6/27")
    assert tab.save()
    assert c.get_plan(demo_db)["next_review"] == "2027-06-30"
    assert tab.widgets["next_review"][1].line.text() == "30/06/2027"
