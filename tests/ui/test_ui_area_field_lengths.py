"""The forms of the continuity plan, the training plan and the self-diagnostic stop typing at
each field's maximum length (keys typed for real) and refuse a too-long multi-line text on save
with the message, nothing written (demo database in a real file)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from si_local.core import continuity as c
from si_local.core import training as t
from si_local.core.diagnostic import campaigns as camp

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(demo_ctx):
    return demo_ctx


# --- continuity --------------------------------------------------------------------------------

@pytest.fixture
def continuity(qtbot, ctx, monkeypatch):
    """The Continuity page; its dialogs are kept instead of run (a modal dialog would hang)."""
    from si_local.ui.continuity import dialogs
    from si_local.ui.continuity.page import create_page

    opened = []
    monkeypatch.setattr(dialogs.FormDialog, "exec", lambda self: opened.append(self) or 0)
    page = create_page(ctx)
    qtbot.addWidget(page)
    page.show()
    page.opened = opened
    return page


def _open(page, tab: str, method: str, select_first: str | None = None):
    widget = page.tab[tab]
    page.tabs.setCurrentWidget(widget)
    if select_first:
        getattr(widget, select_first).selectRow(0)
    getattr(widget, method)(None) if method.startswith("_") else getattr(widget, method)()
    return page.opened[-1]


CONTINUITY_DIALOGS = [("crisis", "add", None, "continuity_crisis_role"),
                      ("activities", "add", None, "continuity_activity"),
                      ("scenarios", "add_scenario", None, "continuity_scenario"),
                      ("scenarios", "_step_dialog", None, "continuity_step"),
                      ("exercises", "_finding_dialog", None, "continuity_finding")]


@pytest.mark.parametrize("tab, method, select, table", CONTINUITY_DIALOGS,
                         ids=[d[3] for d in CONTINUITY_DIALOGS])
def test_every_continuity_line_edit_takes_its_fields_limit(continuity, tab, method, select, table):
    dialog = _open(continuity, tab, method, select)
    lines = [(key, w) for key, (kind, w) in dialog.widgets.items() if kind == "text"]
    assert lines
    for key, w in lines:
        assert isinstance(w, QLineEdit)
        assert w.maxLength() == c.TEXT_COLUMNS[table][key].limit, f"{table}.{key}"


def test_the_plans_line_edits_take_their_limits(continuity):
    widgets = continuity.tab["plan"].widgets
    for key in ("title", "author"):
        assert widgets[key][1].maxLength() == 200


def test_typing_a_scenario_name_past_the_limit_stops_there(qtbot, continuity, demo_db):
    dialog = _open(continuity, "scenarios", "add_scenario")
    name = dialog.widgets["name"][1]
    qtbot.keyClicks(name, "v" * 205)
    assert name.text() == "v" * 200
    dialog._save()
    assert dialog.result_value
    assert demo_db.execute("SELECT name FROM continuity_scenario WHERE id = ?",
                           [dialog.result_value]).fetchone()[0] == "v" * 200


def test_a_too_long_step_note_is_refused_on_save_with_the_message(qtbot, continuity, demo_db):
    tab = continuity.tab["scenarios"]
    continuity.tabs.setCurrentWidget(tab)
    step = tab.steps_model.rows[0]
    tab._step_dialog(step)
    dialog = continuity.opened[-1]
    note = dialog.widgets["note"][1]
    assert isinstance(note, QPlainTextEdit)
    note.setPlainText("n" * 10_000)
    qtbot.keyClicks(note, "n")  # one more character, typed
    dialog._save()
    assert dialog.form.errors()["note"] == "Remarque : 10\u202f001 caractères, au plus 10\u202f000."
    assert dialog.result_value is None
    assert demo_db.execute("SELECT note FROM continuity_step WHERE id = ?",
                           [step["id"]]).fetchone()[0] == step["note"]


# --- training ----------------------------------------------------------------------------------

def _training_dialogs(ctx):
    from si_local.ui.training import dialogs as d

    unit = t.units(ctx.db)[0]["id"]
    module = t.modules(ctx.db)[0]["id"]
    return [d.UnitDialog(ctx), d.StaffDialog(ctx), d.ModuleDialog(ctx),
            d.SessionDialog(ctx, None, module_id=module), d.ReferentDialog(ctx, unit)]


def test_every_training_line_edit_takes_its_fields_limit(qtbot, ctx):
    checked = 0
    for dialog in _training_dialogs(ctx):
        qtbot.addWidget(dialog)
        for name, text in t.TEXT_COLUMNS[dialog.table].items():
            widget = dialog.findChild(QWidget, f"field_{name}")
            if isinstance(widget, QLineEdit):
                assert widget.maxLength() == text.limit, f"{dialog.table}.{name}"
                checked += 1
    assert checked == 8  # unit: name, manager; staff: both names, staff number; module: name;
    # session: trainer, room


def test_typing_a_last_name_past_the_limit_stops_there(qtbot, ctx):
    from si_local.ui.training.dialogs import StaffDialog

    dialog = StaffDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.last, "M" * 230)
    assert dialog.last.text() == "M" * 200
    assert dialog.try_save()
    assert ctx.db.execute("SELECT count(*) FROM training_staff WHERE last_name = ?",
                          ["M" * 200]).fetchone()[0] == 1


def test_a_too_long_module_content_is_refused_under_the_field(qtbot, ctx):
    from si_local.ui.training.dialogs import ModuleDialog

    dialog = ModuleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Module long")
    dialog.description.setPlainText("c" * 10_000)
    qtbot.keyClicks(dialog.description, "c")
    assert not dialog.try_save()
    assert dialog.error_labels["description"].text() == \
        "Contenu : 10\u202f001 caractères, au plus 10\u202f000."
    assert dialog.isVisible()
    assert ctx.db.execute("SELECT count(*) FROM training_module WHERE name = 'Module long'"
                          ).fetchone()[0] == 0


def test_the_evaluation_comment_stops_at_its_limit(qtbot, ctx, monkeypatch):
    from si_local.ui.training import page as training_page

    page = training_page.create_page(ctx)
    qtbot.addWidget(page)
    assert page.evaluation_comment.maxLength() == 10_000


# --- self-diagnostic ---------------------------------------------------------------------------

def test_new_campaign_and_action_dialogs_stop_typing_at_the_limit(qtbot, ctx):
    from si_local.ui.diagnostic.dialogs import ActionDialog, NewCampaignDialog

    dialog = NewCampaignDialog(ctx.db, dt.date(2026, 11, 23))
    qtbot.addWidget(dialog)
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "T" * 210)
    assert dialog.title.text() == "T" * 200
    texts = [w for w in dialog.context_widgets.values() if isinstance(w, QLineEdit)]
    assert all(w.maxLength() == 200 for w in texts)
    campaign = camp.latest_campaign_id(ctx.db)
    action = ActionDialog(ctx.db, campaign, dt.date(2027, 1, 1))
    qtbot.addWidget(action)
    qtbot.keyClicks(action.title, "a" * 201)
    qtbot.keyClicks(action.owner, "o" * 201)
    assert (action.title.text(), action.owner.text()) == ("a" * 200, "o" * 200)


def test_a_too_long_why_is_refused_with_the_message(qtbot, ctx):
    from si_local.ui.diagnostic.dialogs import ActionDialog

    campaign = camp.latest_campaign_id(ctx.db)
    before = ctx.db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0]
    dialog = ActionDialog(ctx.db, campaign, dt.date(2027, 1, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Former les agents")
    dialog.why.setPlainText("w" * 10_001)
    dialog.accept()
    said = list(dialog.form.errors().values()) + [dialog.general_error.text()] * dialog.general_error.isVisible()
    assert said == ["Pourquoi : 10\u202f001 caractères, au plus 10\u202f000."]  # in the dialog
    assert dialog.isVisible() and dialog.action_id is None
    assert ctx.db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0] == before


def test_the_answer_comment_and_evidence_stop_at_their_limit(qtbot, ctx):
    from si_local.ui.diagnostic.page import create_page

    page = create_page(ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_campaign(camp.latest_campaign_id(ctx.db), 0)
    card = page.findChildren(QWidget)[0].window().findChild(QWidget, "card_1.1.1")
    assert card is not None
    assert card.comment.maxLength() == 10_000 and card.evidence.maxLength() == 10_000


# --- credentials (references only; the secret itself is never stored here) ----------------------

def test_the_credential_dialog_stops_typing_at_each_fields_limit(qtbot):
    from types import SimpleNamespace

    from si_local.ui.secrets_panel import CredentialDialog

    dialog = CredentialDialog(SimpleNamespace(available=False))
    qtbot.addWidget(dialog)
    for edit in (dialog.account, dialog.label, dialog.location):
        qtbot.keyClicks(edit, "k" * 201)
        assert edit.text() == "k" * 200
