"""The self-diagnostic's dialogs on a copy of the demo: the campaign date and an action's due
date typed with real keys, read back from the database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp

TODAY = dt.date(2026, 11, 23)


def _retype(qtbot, line, text: str) -> None:
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _campaign_dialog(qtbot, demo_db):
    from si_local.ui.diagnostic.dialogs import NewCampaignDialog

    dialog = NewCampaignDialog(demo_db, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_campaign_date_is_typed(qtbot, demo_db):
    dialog = _campaign_dialog(qtbot, demo_db)
    assert dialog.date.line.text() == "23/11/2026"
    _retype(qtbot, dialog.title, "Autodiagnostic de printemps")
    _retype(qtbot, dialog.date.line, "15012027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    campaign = camp.get_campaign(demo_db, dialog.campaign_id)
    assert (campaign["title"], campaign["campaign_date"]) == ("Autodiagnostic de printemps", "2027-01-15")


def test_a_campaign_date_that_is_no_date_is_named_and_nothing_is_created(qtbot, demo_db):
    before = len(camp.campaigns(demo_db))
    dialog = _campaign_dialog(qtbot, demo_db)
    _retype(qtbot, dialog.date.line, "32/01/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.campaign_id is None
    assert dialog.form.errors() == {"campaign_date": "Date : « 32/01/2027 » n’est pas une date ; "
                                                     "saisissez-la au format JJ/MM/AAAA."}
    assert len(camp.campaigns(demo_db)) == before


def test_an_action_due_date_is_typed(qtbot, demo_db):
    from si_local.ui.diagnostic.dialogs import ActionDialog

    campaign_id = camp.campaigns(demo_db)[0]["id"]
    dialog = ActionDialog(demo_db, campaign_id, TODAY + dt.timedelta(days=90))
    qtbot.addWidget(dialog)
    dialog.show()
    _retype(qtbot, dialog.title, "Former les equipes de nuit")
    _retype(qtbot, dialog.owner, "Isabelle Fontaine")
    _retype(qtbot, dialog.due.line, "2027-03-31")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    action = next(a for a in act.actions(demo_db, campaign_id) if a["id"] == dialog.action_id)
    assert (action["title"], action["owner"], action["due_date"]) == (
        "Former les equipes de nuit", "Isabelle Fontaine", "2027-03-31")


def test_an_action_without_a_title_is_refused_in_the_dialog(qtbot, demo_db):
    from si_local.ui.diagnostic.dialogs import ActionDialog

    campaign_id = camp.campaigns(demo_db)[0]["id"]
    count = len(act.actions(demo_db, campaign_id))
    dialog = ActionDialog(demo_db, campaign_id, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "titre" in (dialog.general_error.text() + str(dialog.form.errors()))
    assert len(act.actions(demo_db, campaign_id)) == count
