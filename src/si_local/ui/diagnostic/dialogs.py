"""The self-diagnostic's dialogs: a new campaign, an action added by hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
from ..kit import messages
from ..number_field import IntField


class NewCampaignDialog(QDialog):
    """Title, date, questionnaire, participants and the (unscored) context of a new campaign."""

    def __init__(self, db, today: dt.date, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("New self-diagnostic campaign"))
        self.resize(620, 560)
        found, problems = qn.available(db=db)
        if not found:
            raise UserError(problems[0] if problems else _("No questionnaire found in {folder}.")
                            .format(folder=qn.questionnaires_dir()))
        self.questionnaires = found
        form = QFormLayout(self)
        self.questionnaire = QComboBox(self)
        for q in found:
            self.questionnaire.addItem(q.picker_label)
        default = qn.default_questionnaire(db=db)
        self.questionnaire.setCurrentIndex(next(
            (i for i, q in enumerate(found) if (q.key, q.version) == (default.key, default.version)), 0))
        form.addRow(_("&Questionnaire"), self.questionnaire)
        own = QLabel(_("A questionnaire adapted to the facility: put its JSON file in {folder}, "
                       "it is offered here.").format(folder=qn.user_questionnaires_dir()), self)
        own.setWordWrap(True)
        own.setProperty("role", "hint")
        own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(own)
        if problems:
            note = QLabel(_("Questionnaire files left out: {problems}").format(problems=" ; ".join(problems)))
            note.setWordWrap(True)
            note.setProperty("role", "error")
            form.addRow(note)
        self.title = QLineEdit(_("Self-diagnostic {year}").format(year=today.year), self)
        self.title.setMaxLength(camp.TEXT_COLUMNS["diagnostic_campaign"]["title"].limit)
        form.addRow(_("&Title"), self.title)
        self.date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        form.addRow(_("&Date"), self.date)
        self.people = QPlainTextEdit(self)
        self.people.setPlaceholderText(_("One person a line: Name — role"))
        form.addRow(_("&Participants"), self.people)
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
            form.addRow(f.label, w)
        hint = QLabel(_("The context is printed in the report; it is not scored."), self)
        hint.setProperty("role", "hint")
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create and start"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.campaign_id: int | None = None

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

    def accept(self) -> None:
        d = self.date.date()
        try:
            self.campaign_id = camp.create_campaign(
                self.db, self.title.text(), dt.date(d.year(), d.month(), d.day()), self.selected(),
                camp.parse_participants(self.people.toPlainText()), self.context())
        except UserError as exc:
            messages.warn(self, exc, title=_("Self-diagnostic"))
            return
        super().accept()




class ActionDialog(QDialog):
    """An action the team adds by hand (not tied to a question): title, why, how, owner, due date."""

    def __init__(self, db, campaign_id: int, due: dt.date, parent=None):
        super().__init__(parent)
        self.db, self.campaign_id = db, campaign_id
        self.setWindowTitle(_("Add an action"))
        self.resize(560, 380)
        form = QFormLayout(self)
        limits = camp.TEXT_COLUMNS["diagnostic_action"]  # typing stops at each field's limit
        self.title = QLineEdit(self)
        self.title.setMaxLength(limits["title"].limit)
        form.addRow(_("&Title"), self.title)
        self.why = QPlainTextEdit(self)
        self.why.setPlaceholderText(_("What is at stake if nothing is done"))
        form.addRow(_("&Why"), self.why)
        self.how = QPlainTextEdit(self)
        self.how.setPlaceholderText(_("The first concrete steps"))
        form.addRow(_("Ho&w"), self.how)
        self.owner = QLineEdit(self)
        self.owner.setMaxLength(limits["owner"].limit)
        form.addRow(_("&Owner"), self.owner)
        self.due = QDateEdit(QDate(due.year, due.month, due.day), self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        form.addRow(_("D&ue date"), self.due)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.action_id: int | None = None

    def accept(self) -> None:
        d = self.due.date()
        try:
            self.action_id = act.add_action(
                self.db, self.campaign_id, self.title.text(), why=self.why.toPlainText().strip(),
                how=self.how.toPlainText().strip(), owner=self.owner.text(),
                due_date=dt.date(d.year(), d.month(), d.day()))
        except UserError as exc:
            messages.warn(self, exc, title=_("Self-diagnostic"))
            return
        super().accept()
