"""The self-diagnostic's table models on the demo: campaigns, scores (target edited), moves and
the action plan (edited in place, saved at once), all the kit's rows model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic import questionnaire as qn
from si_local.core.diagnostic.scoring import campaign_results
from si_local.ui.diagnostic.models import ActionModel, CampaignModel, MovedModel, ScoreModel
from si_local.ui.kit.table import ID_ROLE, SORT_ROLE, RowsModel

pytest.importorskip("pytestqt")

CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def _latest(db):
    campaign = camp.get_campaign(db, camp.latest_campaign_id(db))
    q = qn.get_questionnaire(campaign["questionnaire_key"], campaign["questionnaire_version"], db=db)
    return campaign, q


def test_campaigns(qapp, demo_db):
    rows = camp.campaigns(demo_db)
    model = CampaignModel()
    assert isinstance(model, RowsModel)
    model.set_rows(rows)
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(2)] == ["Campagne", "Date"]
    assert model.index(0, 0).data() == rows[0]["title"] and model.index(0, 1).data(SORT_ROLE) == rows[0]["campaign_date"]
    assert model.index(0, 4).data() == "—" and model.index(0, 4).data(SORT_ROLE) == -1  # no score read yet
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) == CENTRE
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, 0).data(ID_ROLE) == rows[0]["id"]


def test_scores_and_their_editable_target(qapp, qtbot, demo_db):
    campaign, q = _latest(demo_db)
    results = campaign_results(demo_db, campaign["id"], q)
    model = ScoreModel()
    model.set_rows(results.dimensions)
    first = results.dimensions[0]
    assert model.index(0, 0).data() == f"{first.key}. {first.title}"
    assert model.index(0, 0).data(SORT_ROLE) == int(first.key)
    assert model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(0, 2).data(Qt.ItemDataRole.EditRole) == model.index(0, 2).data()
    with qtbot.waitSignal(model.target_changed) as signal:
        assert model.setData(model.index(0, 2), "3,5")
    assert signal.args == [first.key, "3,5"]
    assert not model.setData(model.index(0, 1), "3")


def test_moved_answers(qapp, demo_db):
    campaign, q = _latest(demo_db)
    results = campaign_results(demo_db, campaign["id"], q)
    assert results.moved
    model = MovedModel(q)
    model.set_rows(results.moved)
    m = results.moved[0]
    assert model.index(0, 0).data(SORT_ROLE) == q.order(m["question"].id)
    assert model.index(0, 0).data().startswith(m["question"].id)
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) == CENTRE


def test_action_plan_edits_are_saved_and_errors_told(qapp, qtbot, demo_db):
    campaign, _q = _latest(demo_db)
    rows = act.actions(demo_db, campaign["id"])
    model = ActionModel(demo_db)
    model.set_rows(rows)
    assert [model.index(r, 0).data(SORT_ROLE) for r in range(3)] == [0, 1, 2]  # the plan's order
    assert model.index(0, 0).data() == "★"
    assert model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index(0, 3), "Cadre de santé")
    assert act.get_action(demo_db, rows[0]["id"])["owner"] == "Cadre de santé"
    assert model.index(0, 3).data() == "Cadre de santé" and model.action(0)["owner"] == "Cadre de santé"
    with qtbot.waitSignal(model.failed) as failed:
        assert not model.setData(model.index(0, 4), "31/02/2026")
    assert failed.args[0]
    assert model.setData(model.index(0, 4), "01/01/2020")  # long past: shown in red
    assert model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) is None
