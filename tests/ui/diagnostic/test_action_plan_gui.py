"""The action plan tab on the demo: priority actions listed first, an action added by the team,
another deleted after confirmation (the question box is patched: a modal box would hang)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp

pytest.importorskip("pytestqt")


@pytest.fixture
def plan(qtbot, demo_ctx, demo_db):
    from si_local.ui.diagnostic.page import create_page

    page = create_page(demo_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 860)
    page.show()
    page.open_campaign(camp.latest_campaign_id(demo_db), 2)
    return page.campaign.plan


def _rows(plan) -> list[dict]:
    proxy = plan.view.model()
    return [plan.model.action(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]


def test_priority_actions_come_first_in_their_rank(plan):
    rows = _rows(plan)
    flags = [bool(a["is_priority"]) for a in rows]
    assert flags == sorted(flags, reverse=True) and sum(flags) == 6
    assert [a["rank"] for a in rows[:6]] == [1, 2, 3, 4, 5, 6]
    others = [a["priority_score"] for a in rows[6:]]
    assert others == sorted(others, reverse=True)


def test_add_and_delete_an_action(plan, answers):
    before = len(plan.model.rows)
    dialog = plan.add(exec_dialog=False)
    dialog.title.setText("Former l’équipe de nuit au mode dégradé")
    dialog.why.setPlainText("La nuit, personne ne connaît les procédures papier.")
    dialog.owner.setText("Isabelle Fontaine")
    dialog.accept()
    assert dialog.action_id is not None
    assert len(plan.model.rows) == before + 1
    added = next(a for a in plan.model.rows if a["id"] == dialog.action_id)
    assert added["question_id"] is None and added["owner"] == "Isabelle Fontaine"
    assert added["due_date"]  # 90 days after the campaign by default

    # the team's action survives a new generation of the plan
    act.generate_action_plan(plan.db, plan.campaign_id, plan.q)
    assert any(a["id"] == dialog.action_id for a in act.actions(plan.db, plan.campaign_id))

    plan.load(plan.db, plan.campaign_id, plan.q)
    row = next(r for r in range(plan.view.model().rowCount()) if _rows(plan)[r]["id"] == dialog.action_id)
    plan.view.selectRow(row)
    plan.delete()
    assert len(answers.asked) == 1 and "Former l’équipe de nuit" in answers.asked[0][1]
    assert all(a["id"] != dialog.action_id for a in act.actions(plan.db, plan.campaign_id))


def test_an_action_without_title_is_refused(plan):
    dialog = plan.add(exec_dialog=False)
    dialog.accept()
    shown = dialog.form.errors().get("title") or dialog.general_error.text()
    assert dialog.action_id is None and "titre" in shown  # in the dialog, which stays open
    dialog.reject()


def test_the_plan_is_shown_in_the_core_order_and_sorts_back_to_it(plan):
    expected = [a["id"] for a in act.actions(plan.db, plan.campaign_id)]
    assert [a["id"] for a in _rows(plan)] == expected
    plan.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by title, then back to priority
    plan.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [a["id"] for a in _rows(plan)] == expected


def test_centred_columns_of_the_action_plan(plan):
    model, centre = plan.model, int(Qt.AlignmentFlag.AlignCenter)
    centred = [c for c in range(model.columnCount())
               if model.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole) == centre]
    assert centred == [0, 6]


def test_default_due_date_of_a_new_action():
    import datetime as dt

    assert act.default_due_date("2026-01-10", priority=True) == dt.date(2026, 4, 10)
    assert act.default_due_date(dt.date(2026, 1, 10), priority=False) == dt.date(2027, 1, 10)
