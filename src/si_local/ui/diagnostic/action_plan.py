"""Tab 3 of a campaign: the action plan, generated from the weak answers or added by hand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.diagnostic import actions as act
from ...core.diagnostic import campaigns as camp
from ...core.errors import UserError
from ...core.i18n import _, ngettext
from ..kit import messages
from .common import BigLabel, sortable_table
from .dialogs import ActionDialog
from .models import ActionModel, LengthDelegate, StatusDelegate


class ActionPlanView(QWidget):
    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.generate_button = QPushButton(_("&Generate or update the action plan"), self)
        self.generate_button.clicked.connect(self.generate)
        bar.addWidget(self.generate_button)
        self.add_button = QPushButton(_("A&dd an action…"), self)
        self.add_button.clicked.connect(self.add)
        bar.addWidget(self.add_button)
        self.delete_button = QPushButton(_("De&lete the action…"), self)
        self.delete_button.clicked.connect(self.delete)
        bar.addWidget(self.delete_button)
        self.info = QLabel(self)
        self.info.setProperty("role", "hint")
        self.info.setWordWrap(True)
        bar.addWidget(self.info, 1)
        layout.addLayout(bar)
        self.model = ActionModel(page.ctx.db, self)
        self.model.failed.connect(lambda message: messages.warn(self, message, title=_("Action plan")))
        self.view = sortable_table(self.model, self)
        self.view.setObjectName("actions")
        self.view.setItemDelegateForColumn(5, StatusDelegate(self.view))
        owner = camp.TEXT_COLUMNS["diagnostic_action"][ActionModel.EDITABLE[3]]
        self.view.setItemDelegateForColumn(3, LengthDelegate(owner.limit, self.view))
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.selectionModel().currentRowChanged.connect(self.show_detail)
        layout.addWidget(self.view, 3)
        self.detail = BigLabel("", 11, False, self)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumHeight(90)
        layout.addWidget(self.detail, 1)
        hint = QLabel(_("Double-click (or F2) an owner, a due date or a status to change it; the "
                        "first six actions (★) are the priority ones."), self)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

    def load(self, db, campaign_id: int, q) -> None:
        self.db, self.campaign_id, self.q = db, campaign_id, q
        rows = act.actions(db, campaign_id)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        open_count = sum(1 for a in rows if act.is_open(a))
        self.info.setText(_("{actions}, {open}.").format(
            actions=ngettext("{count} action", "{count} actions", len(rows)).format(count=len(rows)),
            open=ngettext("{count} is open", "{count} are open", open_count).format(count=open_count)))
        self.detail.setText("")

    def generate(self) -> None:
        try:
            counts = act.generate_action_plan(self.db, self.campaign_id, self.q)
        except UserError as exc:
            messages.warn(self, exc, title=_("Self-diagnostic"))
            return
        self.load(self.db, self.campaign_id, self.q)
        self.info.setText(self.info.text() + " " + _(
            "Added {added}, updated {updated}, removed {removed}.").format(**counts))

    def add(self, exec_dialog: bool = True) -> ActionDialog:
        """Open the dialog; tests pass ``exec_dialog=False``, fill it and call ``accept()``."""
        c = camp.get_campaign(self.db, self.campaign_id)
        due = act.default_due_date(c["campaign_date"], priority=True)
        dialog = ActionDialog(self.db, self.campaign_id, due, self)
        dialog.accepted.connect(lambda: self.load(self.db, self.campaign_id, self.q))
        if exec_dialog:
            dialog.exec()
        return dialog

    def selected_action(self) -> dict | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.action(self.view.model().mapToSource(index).row())

    def delete(self) -> None:
        a = self.selected_action()
        if a is None:
            return
        answer = messages.ask(self, _("Action plan"), _(
            "Delete the action “{title}”? A generated action comes back at the next generation "
            "while its answer is still weak; to drop it for good, set its status to Dropped.")
            .format(title=a["title"]), default_no=False)
        if answer:
            act.delete_action(self.db, a["id"])
            self.load(self.db, self.campaign_id, self.q)

    def show_detail(self, current, _previous=None) -> None:
        if not current.isValid():
            self.detail.setText("")
            return
        from xml.sax.saxutils import escape

        row = self.view.model().mapToSource(current).row()
        a = self.model.action(row)
        question = self.q.question(a["question_id"] or "")
        parts = [f"<b>{escape(a['title'])}</b>"]
        if question is not None:
            parts.append(f"<i>{escape(question.id)} {escape(question.text)}</i>")
        if a["why"]:
            parts.append(_("<b>Why:</b> {text}").format(text=escape(a["why"])))
        if a["how"]:
            parts.append(_("<b>How:</b> {text}").format(text=escape(a["how"])))
        self.detail.setText("<br/>".join(parts))
