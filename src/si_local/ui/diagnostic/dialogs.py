"""The self-diagnostic's dialogs: a new campaign, an action added by hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ...core.diagnostic import actions as act
from ...core.diagnostic import campaigns as camp
from ...core.diagnostic import questionnaire as qn
from ...core.errors import UserError
from ...core.i18n import _
from ..kit.date_field import DateField
from ..kit.form import FormDialog
from ..number_field import IntField


class _Dialog(FormDialog):
    """The kit's form dialog; ``accept()`` saves (through :meth:`submit`), as the tests call it."""

    def accept(self) -> None:
        self.try_save()


class NewCampaignDialog(_Dialog):
    """Title, date, questionnaire, participants and the (unscored) context of a new campaign."""

    def __init__(self, db, today: dt.date, parent=None):
        found, problems = qn.available(db=db)
        if not found:
            raise UserError(problems[0] if problems else _("No questionnaire found in {folder}.")
                            .format(folder=qn.questionnaires_dir()))
        super().__init__(_("New self-diagnostic campaign"), parent, ok_text=_("Create and start"))
        self.db = db
        self.resize(620, 560)
        self.questionnaires = found
        form = self.form
        self.questionnaire = QComboBox(self)
        for q in found:
            self.questionnaire.addItem(q.picker_label)
        default = qn.default_questionnaire(db=db)
        self.questionnaire.setCurrentIndex(next(
            (i for i, q in enumerate(found) if (q.key, q.version) == (default.key, default.version)), 0))
        form.add_widget("questionnaire", _("&Questionnaire"), self.questionnaire)
        own = QLabel(_("A questionnaire adapted to the facility: put its JSON file in {folder}, "
                       "it is offered here.").format(folder=qn.user_questionnaires_dir()), self)
        own.setWordWrap(True)
        own.setProperty("role", "hint")
        own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.add_row(own)
        if problems:
            note = QLabel(_("Questionnaire files left out: {problems}").format(problems=" ; ".join(problems)))
            note.setWordWrap(True)
            note.setProperty("role", "error")
            form.add_row(note)
        self.title = QLineEdit(_("Self-diagnostic {year}").format(year=today.year), self)
        self.title.setMaxLength(camp.TEXT_COLUMNS["diagnostic_campaign"]["title"].limit)
        form.add_widget("title", _("&Title"), self.title)
        self.date = form.add_widget("campaign_date", _("&Date"), DateField(today, self, label=_("Date")))
        self.people = QPlainTextEdit(self)
        self.people.setPlaceholderText(_("One person a line: Name — role"))
        form.add_widget("participants", _("&Participants"), self.people)
        previous = camp.campaigns(db)
        last = previous[0] if previous else None
        if last:
            self.people.setPlainText("\n".join(
                f"{p['name']} — {p['role']}" if p["role"] else p["name"]
                for p in camp.participants(db, last["id"])))
        self.context_widgets: dict[str, QWidget] = {}
        self.context_form = form
        q = self.selected()
        for f in q.context:
            value = (last or {}).get("context", {}).get(f.key) if last else None
            if f.type == "choice":
                w = QComboBox(self)
                w.addItem("—", None)
                for key, label in f.choices:
                    w.addItem(label, key)
                if value is not None:
                    w.setCurrentIndex(max(0, w.findData(value)))
            elif f.type == "integer":
                w = IntField(self)
                w.setRange(0, 100000)
                w.setSpecialValueText("—")
                w.setValue(int(value or 0))
            else:
                w = QLineEdit(str(value or ""), self)
                w.setMaxLength(camp.CONTEXT_TEXT.limit)
            self.context_widgets[f.key] = w
            form.add_widget(f"context_{f.key}", f.label, w)
        hint = QLabel(_("The context is printed in the report; it is not scored."), self)
        hint.setProperty("role", "hint")
        form.add_row(hint)
        self.campaign_id: int | None = None
        self.finish()

    def selected(self) -> qn.Questionnaire:
        return self.questionnaires[self.questionnaire.currentIndex()]

    def context(self) -> dict:
        values = {}
        for key, w in self.context_widgets.items():
            if isinstance(w, QComboBox):
                values[key] = w.currentData()
            elif isinstance(w, QSpinBox):
                values[key] = w.value() or None
            else:
                values[key] = w.text()
        return values

    def submit(self, values: dict) -> int:
        day = dt.date.fromisoformat(self.date.iso())
        self.campaign_id = camp.create_campaign(
            self.db, self.title.text(), day, self.selected(),
            camp.parse_participants(self.people.toPlainText()), self.context())
        return self.campaign_id




class ActionDialog(_Dialog):
    """An action the team adds by hand (not tied to a question): title, why, how, owner, due date."""

    def __init__(self, db, campaign_id: int, due: dt.date, parent=None):
        super().__init__(_("Add an action"), parent, ok_text=_("OK"))
        self.db, self.campaign_id = db, campaign_id
        self.resize(560, 380)
        form = self.form
        limits = camp.TEXT_COLUMNS["diagnostic_action"]  # typing stops at each field's limit
        self.title = QLineEdit(self)
        self.title.setMaxLength(limits["title"].limit)
        form.add_widget("title", _("&Title"), self.title)
        self.why = QPlainTextEdit(self)
        self.why.setPlaceholderText(_("What is at stake if nothing is done"))
        form.add_widget("why", _("&Why"), self.why)
        self.how = QPlainTextEdit(self)
        self.how.setPlaceholderText(_("The first concrete steps"))
        form.add_widget("how", _("Ho&w"), self.how)
        self.owner = QLineEdit(self)
        self.owner.setMaxLength(limits["owner"].limit)
        form.add_widget("owner", _("&Owner"), self.owner)
        self.due = form.add_widget("due_date", _("D&ue date"), DateField(due, self, label=_("Due date")))
        self.action_id: int | None = None
        self.finish()

    def submit(self, values: dict) -> int:
        due = self.due.iso()
        self.action_id = act.add_action(
            self.db, self.campaign_id, self.title.text(), why=self.why.toPlainText().strip(),
            how=self.how.toPlainText().strip(), owner=self.owner.text(),
            due_date=dt.date.fromisoformat(due) if due else None)
        return self.action_id
