"""Issue 16 (screen): a campaign with few answers shows « non évalué » dimensions and a
provisional summary with the same progress figure as the list; a campaign closed with a real
click is read-only (answers and targets); the campaign compared with is chosen in a combo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic.questionnaire import default_questionnaire

pytest.importorskip("pytestqt")

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def page(qtbot, ctx):
    from si_local.ui.diagnostic.page import create_page

    widget = create_page(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.show()
    return widget


def _three_answers(db) -> int:
    q = default_questionnaire()
    cid = camp.create_campaign(db, "Début", TODAY, q)
    for qid, level in (("1.1.1", 2), ("1.1.2", 3), ("1.1.3", 3)):
        camp.save_answer(db, cid, q.question(qid), level=level)
    return cid


def test_results_show_not_assessed_and_provisional(qtbot, page):
    cid = _three_answers(page.ctx.db)
    page.refresh()
    listed = page.list.model.index(0, 3).data()
    page.open_campaign(cid, 1)
    results = page.campaign.results
    scores = results.scores
    texts = [scores.index(row, 1).data() for row in range(scores.rowCount())]
    assert texts[0] != "non évalué" and texts[1:] == ["non évalué"] * 6
    summary = results.summary.text()
    assert "Résultats provisoires" in summary
    assert "sur 3 questions sur" in summary
    assert f"Réponses : <b>{listed}</b>" in summary  # the list's figure, not another one
    # the radar draws no point at 0 for a dimension not assessed: the score series has gaps
    score_series = results.radar.series[-1][1]
    assert score_series[0] is not None and score_series[1:] == [None] * 6
    assert "non évalué" in results.radar.labels[1]
    assert results.radar.segments(score_series) == [[0]]


def test_a_closed_campaign_is_read_only_on_screen(qtbot, page):
    cid = _three_answers(page.ctx.db)
    page.open_campaign(cid, 0)
    view = page.campaign
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)  # « Clôturer la campagne »
    assert camp.get_campaign(page.ctx.db, cid)["status"] == "closed"
    assert "clôturée" in view.title.text()
    walk = view.walk
    assert walk.closed_note.isVisibleTo(walk)
    card = walk.cards[0]
    qtbot.mouseClick(card.level_buttons[4], Qt.MouseButton.LeftButton)
    assert camp.answers_one(page.ctx.db, cid, "1.1.1").level == 2  # unchanged
    assert not card.level_buttons[4].isChecked()

    view.tabs.setCurrentIndex(1)
    table = view.results.score_view
    index = table.model().index(0, 2)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      pos=table.visualRect(index).center())
    assert table.state() != QAbstractItemView.State.EditingState  # no editor opened
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() != QAbstractItemView.State.EditingState
    assert camp.targets(page.ctx.db, cid)["1"] == 3.0

    # reopened with a real click: answers can be changed again
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    view.tabs.setCurrentIndex(0)
    qtbot.mouseClick(view.walk.cards[0].level_buttons[4], Qt.MouseButton.LeftButton)
    assert camp.answers_one(page.ctx.db, cid, "1.1.1").level == 4


def test_compare_with_combo(qtbot, page):
    db = page.ctx.db
    q = default_questionnaire()
    older = camp.create_campaign(db, "Très ancienne", TODAY - dt.timedelta(days=700), q)
    camp.create_campaign(db, "Ancienne", TODAY - dt.timedelta(days=350), q)
    cid = camp.create_campaign(db, "Actuelle", TODAY, q)
    page.open_campaign(cid, 1)
    results = page.campaign.results
    assert results.compare.currentText().startswith("Ancienne")
    assert "« Ancienne »" in results.summary.text()
    results.compare.setFocus()
    qtbot.keyClick(results.compare, Qt.Key.Key_Down)  # the older one, with the keyboard
    assert results.compare.currentData() == older
    assert results.results.previous_campaign_id == older
    assert "« Très ancienne »" in results.summary.text()
