"""Restoring a database rebuilds what depends on it: the window closes its context, opens a new
one on the restored file (``context.open_context``) and builds its pages again on it, the page
shown staying shown. No widget is left holding the connection of the file that was replaced."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from si_local.core import continuity as c
from si_local.core import snapshots as snap
from si_local.core import training as t
from si_local.ui import snapshots as safety

pytestmark = pytest.mark.gui

PERSON = "Aprèsinstantané"
SCENARIO = "Panne ajoutée après l’instantané"


@pytest.fixture
def window(qtbot, demo_path):
    from si_local.ui.app import build_context
    from si_local.ui.main_window import MainWindow

    win = MainWindow(build_context(demo_path))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.ctx.close()


def _people(page) -> list[str]:
    return [row["last_name"] for row in page.staff_model.rows]


def _scenarios(page) -> list[str]:
    return [row["name"] for row in page.tab["scenarios"].scen_model.rows]


def _restore_the_snapshot(qtbot, window, answers) -> list:
    answers.yes = True  # « Remplacer les données actuelles… ? »
    dialog = safety.RestoreDialog(window)
    qtbot.addWidget(dialog)
    dialog.view.selectRow(0)
    dialog._restore_selected()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the replaced pages go
    return [(text, kind != "tell") for kind, _p, _t, text in answers.told]


def _holders_of(window, db, ctx) -> list[str]:
    """The widgets of the window still holding the old connection or the old context."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        for name in ("db", "ctx"):
            value = widget.__dict__.get(name) if hasattr(widget, "__dict__") else None
            if value is not None and (value is db or value is ctx):
                found.append(f"{type(widget).__name__}.{name}")
    return found


def test_restore_rebuilds_every_page_on_the_restored_file(qtbot, window, monkeypatch, answers):
    old_ctx, old_db = window.ctx, window.ctx.db
    training = window.show_page("training")
    continuity = window.show_page("continuity")  # the page shown when the restore is made
    continuity.tabs.setCurrentWidget(continuity.tab["scenarios"])
    snap.take_snapshot(old_ctx.db_path, "manual")
    # a change made after the snapshot, then shown by the pages
    t.save_staff(old_db, {"last_name": PERSON, "first_name": "Zoé"})
    c.save_scenario(old_db, {"name": SCENARIO, "kind": "other"})
    training.refresh()
    continuity.refresh()
    assert PERSON in _people(training) and SCENARIO in _scenarios(continuity)

    told = _restore_the_snapshot(qtbot, window, answers)
    assert told and not told[-1][1], told

    # the old connection is closed and nothing holds it any more: a new context on the file
    with pytest.raises(sqlite3.ProgrammingError):
        old_db.execute("SELECT 1")
    assert window.ctx is not old_ctx and window.ctx.db is not old_db
    assert window.ctx.db_path == old_ctx.db_path and window.tasks is window.ctx.tasks
    assert _holders_of(window, old_db, old_ctx) == []
    # every page built before is built again and shows the restored data; the page shown stays
    training, continuity = window.pages["training"], window.pages["continuity"]
    assert window.stack.currentWidget() is continuity
    assert window.sidebar.currentRow() == window.page_names().index("continuity")
    assert training.ctx is window.ctx and continuity.ctx is window.ctx
    assert PERSON not in _people(training) and _people(training)
    # a page action that reads the database works: the Scenarios tab opened again
    continuity.tabs.setCurrentWidget(continuity.tab["scenarios"])
    assert SCENARIO not in _scenarios(continuity) and _scenarios(continuity)

    # a write after the restore lands in the restored file
    t.save_staff(training.db, {"last_name": "Écritaprès", "first_name": "Léa"})
    training.refresh()
    assert "Écritaprès" in _people(training)
    with sqlite3.connect(window.ctx.db_path) as check:
        names = {row[0] for row in check.execute("SELECT last_name FROM training_staff")}
    assert "Écritaprès" in names and PERSON not in names


def test_a_failed_restore_leaves_no_page_on_a_closed_connection(qtbot, window, monkeypatch, answers):
    old_db = window.ctx.db
    training = window.show_page("training")
    snap.take_snapshot(window.ctx.db_path, "manual")

    def refuse(*_args, **_kwargs):
        from si_local.core.errors import UserError

        raise UserError("copie illisible")

    monkeypatch.setattr(snap, "restore", refuse)
    told = _restore_the_snapshot(qtbot, window, answers)
    assert told == [("copie illisible", True)]
    assert _holders_of(window, old_db, None) == []
    training = window.pages["training"]
    t.save_staff(training.db, {"last_name": "Toujoursla"})  # the page's connection is open
    training.refresh()
    assert "Toujoursla" in _people(training)
