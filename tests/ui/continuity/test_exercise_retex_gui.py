"""The Exercises tab's RETEX parts: the main courante typed with the keyboard only (Enter
records, stamped by the clock), participants, a finding followed in the action plan, the RETEX
built through the preview."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt

from si_local.core import clock
from si_local.core import continuity as c
from si_local.ui.continuity.exercise_retex import preview_exercise
from si_local.ui.continuity.page import create_page


@pytest.fixture
def tab(qtbot, demo_ctx):
    page = create_page(demo_ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page.show_tab("exercises")


def test_main_courante_typed_and_entered_is_stamped_and_saved(qtbot, tab, demo_path):
    ex = tab.current()
    before = len(c.timeline(tab.db, ex["id"]))
    tab.parts.setCurrentWidget(tab.timeline)
    entry = tab.timeline.entry
    entry.setFocus()
    old = clock.set_clock(clock.FixedClock(dt.datetime(2026, 11, 23, 15, 42, 10)))
    try:
        qtbot.keyClicks(entry, "D Dr Martin : fermer les urgences | plus de DPI")
        qtbot.keyClick(entry, Qt.Key.Key_Return)
        qtbot.keyClicks(entry, "I Appel de la presse")
        qtbot.keyClick(entry, Qt.Key.Key_Enter)
    finally:
        clock.set_clock(old)
    assert entry.text() == ""
    rows = sqlite3.connect(demo_path).execute(
        "SELECT at, kind, text, who, why FROM continuity_exercise_event WHERE exercise_id = ? "
        "ORDER BY id DESC LIMIT 2", [ex["id"]]).fetchall()
    assert rows == [("2026-11-23T15:42:10", "inject", "Appel de la presse", None, None),
                    ("2026-11-23T15:42:10", "decision", "fermer les urgences", "Dr Martin",
                     "plus de DPI")]
    assert tab.timeline.model.rowCount() == before + 2


def test_finding_followed_in_the_action_plan(tab, demo_db):
    tab.parts.setCurrentIndex(3)
    row = next(i for i, r in enumerate(tab.find_model.rows) if r["action"])
    tab.find_view.setCurrentIndex(tab.find_model.index(row, 0))
    finding = tab.find_model.rows[row]
    tab.follow_finding()
    linked = demo_db.execute("SELECT diagnostic_action_id FROM continuity_finding WHERE id = ?",
                             [finding["id"]]).fetchone()[0]
    assert linked
    title = demo_db.execute("SELECT title FROM diagnostic_action WHERE id = ?", [linked]).fetchone()[0]
    assert title == finding["action"]


def test_retex_is_built_for_the_preview(tab):
    from pypdf import PdfReader

    path = preview_exercise(tab, show=False)
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert "Retour d’expérience" in text and "Ce qui a bien fonctionné" in text


def test_the_annual_exercise_alert_opens_the_exercises_tab(tab, demo_db):
    alert = next(a for a in c.alerts(demo_db, dt.date(2026, 12, 1)) if a.kind == "continuity_exercise")
    assert tab.page.open_alert(alert) is tab
