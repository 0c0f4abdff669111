"""Self-diagnostic page: the campaigns, a guided walk-through one dimension at a time (large
controls for a meeting around one screen), the results with a radar chart, and the action plan.

Every answer is saved as soon as it is given, in its own transaction: a meeting can stop at any
time and the campaign is resumed where it was left. Business rules live in
:mod:`si_local.core.diagnostic`; this module only calls them and shows the result.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.diagnostic import actions as act
from ...core.diagnostic import campaigns as camp
from ...core.diagnostic import questionnaire as qn
from ...core.diagnostic.proposals import proposals
from ...core.diagnostic.scoring import campaign_results
from ...core.errors import UserError
from ...core.i18n import _, format_date, format_percent, ngettext
from ..number_field import IntField
from ..diagnostic_widgets import (
    ACCENT,
    PREVIOUS,
    SORT_ROLE,
    TARGET,
    ActionModel,
    BigLabel,
    CampaignModel,
    LengthDelegate,
    MovedModel,
    QuestionCard,
    RadarWidget,
    ScoreModel,
    StatusDelegate,
    message_of,
    num,
)
from si_local.core import clock

log = logging.getLogger(__name__)


def _warn(parent, exc: Exception) -> None:
    QMessageBox.warning(parent, _("Self-diagnostic"), message_of(exc))


def _table(model, parent) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(True)
    return view


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
            _warn(self, exc)
            return
        super().accept()


class WalkThrough(QWidget):
    """One dimension at a time: its questions as large cards, progress, previous / next."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.cards: list[QuestionCard] = []
        self.index = 0
        layout = QHBoxLayout(self)
        self.dimensions = QListWidget(self)
        self.dimensions.setObjectName("subnav")
        self.dimensions.setFixedWidth(300)
        self.dimensions.setWordWrap(True)
        self.dimensions.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.dimensions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.dimensions.setStyleSheet("QListWidget { font-size: 11pt; }")
        self.dimensions.currentRowChanged.connect(self.show_dimension)
        layout.addWidget(self.dimensions)
        right = QVBoxLayout()
        self.title = BigLabel("", 18, True, self)
        self.description = BigLabel("", 11, False, self)
        self.description.setProperty("role", "hint")
        self.progress = QProgressBar(self)
        self.progress.setMinimumHeight(26)
        self.progress.setFormat(_("%v of %m questions answered"))
        self.progress_label = QLabel(self)
        right.addWidget(self.title)
        right.addWidget(self.description)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.progress_label)
        right.addLayout(bar)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        right.addWidget(self.scroll, 1)
        nav = QHBoxLayout()
        self.previous_button = QPushButton(_("◀ Previous dimension"), self)
        self.previous_button.setToolTip("Ctrl+PgUp")
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button = QPushButton(_("Next dimension ▶"), self)
        self.next_button.setToolTip("Ctrl+PgDown")
        self.next_button.clicked.connect(lambda: self.go(1))
        for b in (self.previous_button, self.next_button):
            b.setMinimumHeight(42)
            b.setStyleSheet("font-size: 12pt;")
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right.addLayout(nav)
        layout.addLayout(right, 1)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=lambda: self.go(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=lambda: self.go(-1))

    def load(self, db, campaign_id: int, q: qn.Questionnaire, today: dt.date) -> None:
        self.db, self.campaign_id, self.q = db, campaign_id, q
        self.proposals = proposals(db, q, today)
        self.dimensions.blockSignals(True)
        self.dimensions.clear()
        for d in q.dimensions:
            self.dimensions.addItem(QListWidgetItem(f"{d.id}. {d.short_title}"))
        self.dimensions.blockSignals(False)
        given = camp.answers(db, campaign_id)
        first_open = next((i for i, d in enumerate(q.dimensions)
                           if any(not (given.get(x.id) and given[x.id].answered) for x in d.questions)), 0)
        self.update_progress()
        self.dimensions.setCurrentRow(first_open)
        self.show_dimension(first_open)

    def go(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self.q.dimensions):
            self.dimensions.setCurrentRow(target)

    def show_dimension(self, index: int) -> None:
        if index < 0:
            return
        self.index = index
        d = self.q.dimensions[index]
        self.title.setText(_("Dimension {id} of {count}: {title}").format(
            id=d.id, count=len(self.q.dimensions), title=d.title))
        self.description.setText(d.description)
        given = camp.answers(self.db, self.campaign_id)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setSpacing(14)
        self.cards = []
        for t in d.themes:
            layout.addWidget(BigLabel(f"{t.id} {t.title}", 13, True, holder))
            for question in t.questions:
                card = QuestionCard(self.db, self.campaign_id, self.q, question, given.get(question.id),
                                    self.proposals.get(question.id), holder)
                card.changed.connect(self.update_progress)
                layout.addWidget(card)
                self.cards.append(card)
        layout.addStretch(1)
        self.scroll.setWidget(holder)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.q.dimensions) - 1)
        self.update_progress()

    def update_progress(self, *_args) -> None:
        given = camp.answers(self.db, self.campaign_id)
        total = len(self.q.questions)
        done = sum(1 for x in self.q.questions if given.get(x.id) and given[x.id].answered)
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        for i, d in enumerate(self.q.dimensions):
            n = sum(1 for x in d.questions if given.get(x.id) and given[x.id].answered)
            item = self.dimensions.item(i)
            if item is not None:
                mark = "✓ " if n == len(d.questions) else ""
                # two lines, never elided: the name, then how far the team got
                item.setText(f"{d.id}. {d.short_title}\n{mark}" + ngettext(
                    "{done} answer of {total}", "{done} answers of {total}", n).format(
                    done=n, total=len(d.questions)))
        if self.q.dimensions:
            d = self.q.dimensions[self.index]
            n = sum(1 for x in d.questions if given.get(x.id) and given[x.id].answered)
            self.progress_label.setText(_("This dimension: {done} of {total}").format(
                done=n, total=len(d.questions)))


class ResultsView(QWidget):
    """The summary, the score table across the whole width (every column visible), then the
    radar chart beside what moved since the previous campaign."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        self.summary = BigLabel("", 12, False, self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.scores = ScoreModel(self)
        self.scores.target_changed.connect(self.change_target)
        self.score_view = _table(self.scores, self)
        self.score_view.setObjectName("scores")
        self.score_view.horizontalHeader().setStretchLastSection(False)
        # as tall as its rows (no scrolling) when there is room; scrolls on a small screen
        self.score_view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.score_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(QLabel(_("Scores and gaps per dimension (double-click a target to change it)"), self))
        layout.addWidget(self.score_view)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.radar = RadarWidget(split)
        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.moved_title = QLabel(right)
        self.moved_title.setWordWrap(True)
        rl.addWidget(self.moved_title)
        self.moved_view = QTableView(right)
        self.moved_view.verticalHeader().hide()
        self.moved_view.setAlternatingRowColors(True)
        self.moved_view.setWordWrap(True)
        # wrapped questions: row heights follow the width of the question column
        self.moved_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rl.addWidget(self.moved_view, 1)
        split.addWidget(self.radar)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 520])
        layout.addWidget(split, 1)

    def _fit_score_table(self) -> None:
        """Columns sized to their content (the numbers alike), rows all visible, no scrolling."""
        view = self.score_view
        header = view.horizontalHeader()
        view.resizeColumnsToContents()
        same = max((header.sectionSize(i) for i in range(1, header.count())), default=0)
        for i in range(1, header.count()):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, same)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.resizeRowsToContents()
        rows = view.verticalHeader()
        top = header.sizeHint().height() + 2 * view.frameWidth() + 2
        view.setMaximumHeight(top + rows.length())
        view.setMinimumHeight(top + sum(rows.sectionSize(i) for i in range(min(3, rows.count()))))

    def load(self, db, campaign_id: int, q) -> None:
        self.db, self.campaign_id, self.q = db, campaign_id, q
        r = campaign_results(db, campaign_id, q)
        self.results = r
        o = r.overall
        text = _("Overall score: <b>{score}</b> / 4 · core questions: <b>{core}</b> / 4 · answered: "
                 "<b>{share}</b> ({dont_know} “don't know”, {na} not applicable, {left} not answered)").format(
            score=num(o.score), core=num(o.core_score), share=format_percent(o.share_answered),
            dont_know=o.dont_know, na=o.not_applicable, left=o.unanswered)
        if r.previous_campaign_id is not None:
            prev = camp.get_campaign(db, r.previous_campaign_id)
            text += "<br/>" + _("Previous campaign “{title}” of {date}: {score} / 4.").format(
                title=prev["title"], date=format_date(prev["campaign_date"]), score=num(o.previous))
        self.summary.setText(text)
        self.scores.set_rows(r.dimensions)
        self._fit_score_table()
        series = [(_("Target"), [s.target for s in r.dimensions], TARGET, "dash")]
        if r.previous_campaign_id is not None:
            series.append((_("Previous campaign"), [s.previous for s in r.dimensions], PREVIOUS, "dot"))
        series.append((_("Score"), [s.score for s in r.dimensions], ACCENT, "fill"))
        self.radar.set_data([f"{d.id}. {d.short_title}\n" + _("{score} (target {target})").format(
            score=num(s.score, 1), target=num(s.target, 1)) for d, s in zip(
            q.dimensions, r.dimensions, strict=True)], series)
        moved = MovedModel(q, self)
        moved.set_rows(r.moved)
        self.moved_view.setModel(moved)
        self.moved_view.resizeColumnsToContents()
        self.moved_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.moved_title.setText(_("What moved since the previous campaign ({n} questions)").format(
            n=len(r.moved)) if r.previous_campaign_id is not None else
            _("First campaign: nothing to compare yet."))

    def change_target(self, dimension_id: str, value) -> None:
        try:
            camp.set_target(self.db, self.campaign_id, dimension_id, value)
        except UserError as exc:
            _warn(self, exc)
        self.load(self.db, self.campaign_id, self.q)


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
            _warn(self, exc)
            return
        super().accept()


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
        self.model.failed.connect(lambda message: QMessageBox.warning(self, _("Action plan"), message))
        self.view = _table(self.model, self)
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
        self.info.setText(_("{count} action(s), {open} open.").format(count=len(rows), open=open_count))
        self.detail.setText("")

    def generate(self) -> None:
        try:
            counts = act.generate_action_plan(self.db, self.campaign_id, self.q)
        except UserError as exc:
            _warn(self, exc)
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
        answer = QMessageBox.question(self, _("Action plan"), _(
            "Delete the action “{title}”? A generated action comes back at the next generation "
            "while its answer is still weak; to drop it for good, set its status to Dropped.")
            .format(title=a["title"]))
        if answer == QMessageBox.StandardButton.Yes:
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


class CampaignView(QWidget):
    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        back = QPushButton(_("◀ Campaigns"), self)
        back.setToolTip(_("Back to the list of campaigns (Alt+Left)"))
        back.clicked.connect(page.show_list)
        QShortcut(QKeySequence("Alt+Left"), self, activated=page.show_list)
        head.addWidget(back)
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)  # a long campaign title wraps instead of widening the window
        head.addWidget(self.title, 1)
        self.print_button = QPushButton(_("&Print the report…"), self)
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(lambda: page.print_report(self.campaign_id))
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: page.print_report(self.campaign_id))
        self.csv_button = QPushButton(_("Export the answers (CSV)…"), self)
        self.csv_button.clicked.connect(lambda: page.export_csv(self.campaign_id))
        self.status_button = QPushButton(self)
        self.status_button.clicked.connect(self.toggle_status)
        for b in (self.print_button, self.csv_button, self.status_button):
            head.addWidget(b)
        layout.addLayout(head)
        self.tabs = QTabWidget(self)
        self.walk = WalkThrough(page, self.tabs)
        self.results = ResultsView(page, self.tabs)
        self.plan = ActionPlanView(page, self.tabs)
        self.tabs.addTab(self.walk, _("1. Walk-through"))
        self.tabs.addTab(self.results, _("2. Results"))
        self.tabs.addTab(self.plan, _("3. Action plan"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.campaign_id: int | None = None

    def load(self, campaign_id: int, tab: int = 0) -> None:
        db = self.page.ctx.db
        self.campaign_id = campaign_id
        c = camp.get_campaign(db, campaign_id)
        self.q = camp.questionnaire_of(db, campaign_id)
        self.title.setText(f"{c['title']} — {format_date(c['campaign_date'])}")
        self.status_button.setText(_("Close the campaign") if c["status"] == "in_progress"
                                   else _("Reopen the campaign"))
        self.walk.load(db, campaign_id, self.q, self.page.today())
        self.tabs.setCurrentIndex(tab)
        self._tab_changed(tab)

    def _tab_changed(self, index: int) -> None:
        if self.campaign_id is None:
            return
        db = self.page.ctx.db
        if index == 1:
            self.results.load(db, self.campaign_id, self.q)
        elif index == 2:
            self.plan.load(db, self.campaign_id, self.q)

    def toggle_status(self) -> None:
        db = self.page.ctx.db
        c = camp.get_campaign(db, self.campaign_id)
        try:
            camp.set_status(db, self.campaign_id, "closed" if c["status"] == "in_progress"
                            else "in_progress", self.page.today())
        except UserError as exc:
            _warn(self, exc)
        self.load(self.campaign_id, self.tabs.currentIndex())


class CampaignList(QWidget):
    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        title = QLabel(_("Self-diagnostic"), self)
        title.setProperty("role", "title")
        layout.addWidget(title)
        hint = QLabel(_("Once or twice a year, the director, the IT manager, the nurse executive and "
                        "a few others go through the questionnaire together, one dimension at a time, "
                        "and leave with an action plan. Answers are saved as you go."), self)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        bar = QHBoxLayout()
        self.new_button = QPushButton(_("&New campaign…"), self)
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(page.new_campaign)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=page.new_campaign)
        self.resume_button = QPushButton(_("&Resume the walk-through"), self)
        self.resume_button.clicked.connect(lambda: self._open(0))
        self.compare_button = QPushButton(_("Results and &comparison"), self)
        self.compare_button.clicked.connect(lambda: self._open(1))
        self.plan_button = QPushButton(_("&Action plan"), self)
        self.plan_button.clicked.connect(lambda: self._open(2))
        self.delete_button = QPushButton(_("&Delete…"), self)
        self.delete_button.clicked.connect(self._delete)
        for b in (self.new_button, self.resume_button, self.compare_button, self.plan_button,
                  self.delete_button):
            b.setMinimumHeight(36)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = CampaignModel(self)
        self.view = _table(self.model, self)
        self.view.setObjectName("campaigns")
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.doubleClicked.connect(lambda _i: self._open(0))
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.view, 1)
        self.empty = QLabel(_("No campaign yet: click “New campaign…” to start the first one."), self)
        self.empty.setProperty("role", "hint")
        layout.addWidget(self.empty)

    def reload(self) -> None:
        db = self.page.ctx.db
        rows = camp.campaigns(db)
        open_actions = act.open_counts(db)
        for r in rows:
            try:
                q = qn.get_questionnaire(r["questionnaire_key"], r["questionnaire_version"], db=db)
                res = campaign_results(db, r["id"], q, compare=False)
                r["progress"] = res.overall.progress
                r["score"] = res.overall.score
            except UserError:
                r["progress"] = r["score"] = None
            r["open_actions"] = open_actions.get(r["id"], 0)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for i in range(1, header.count()):
            header.resizeSection(i, max(header.sectionSize(i), 120))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not rows)
        if rows and not self.view.currentIndex().isValid():
            self.view.selectRow(0)

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.view.model().mapToSource(index).row()]["id"]

    def _open(self, tab: int) -> None:
        cid = self.selected_id()
        if cid is not None:
            self.page.open_campaign(cid, tab)

    def _delete(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        c = camp.get_campaign(self.page.ctx.db, cid)
        answer = QMessageBox.question(self, _("Delete a campaign"), _(
            "Delete “{title}” with its answers and its action plan? This cannot be undone.")
            .format(title=c["title"]))
        if answer == QMessageBox.StandardButton.Yes:
            try:
                camp.delete_campaign(self.page.ctx.db, cid)
            except UserError as exc:
                _warn(self, exc)
            self.reload()


class DiagnosticPage(QWidget):
    LOADED_WHEN_BUILT = True  # see MainWindow._on_page_changed

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.stack = QStackedWidget(self)
        self.list = CampaignList(self, self.stack)
        self.campaign = CampaignView(self, self.stack)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.campaign)
        layout.addWidget(self.stack)
        self.list.reload()

    def today(self) -> dt.date:
        return clock.today()

    def refresh(self) -> None:
        if self.stack.currentWidget() is self.list:
            self.list.reload()

    def show_list(self) -> None:
        self.list.reload()
        self.stack.setCurrentWidget(self.list)

    def open_campaign(self, campaign_id: int, tab: int = 0) -> None:
        try:
            self.campaign.load(campaign_id, tab)
        except UserError as exc:
            _warn(self, exc)
            return
        self.stack.setCurrentWidget(self.campaign)

    def new_campaign(self) -> int | None:
        try:
            dialog = NewCampaignDialog(self.ctx.db, self.today(), self)
        except UserError as exc:
            _warn(self, exc)
            return None
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.campaign_id:
            self.open_campaign(dialog.campaign_id, 0)
            return dialog.campaign_id
        return None

    def print_report(self, campaign_id: int | None, show: bool = True):
        if campaign_id is None:
            return None
        from ..pdf_preview import build_and_preview

        db_path = self.ctx.db_path
        today = self.today()

        def build(path: Path) -> int:
            from ...core.db import open_database
            from ...core.reports.diagnostic import print_campaign

            db = open_database(db_path, migrate=False)
            try:
                return print_campaign(db, path, campaign_id, today)
            finally:
                db.close()

        from ..tasks import runner_for

        return build_and_preview(runner_for(self.ctx), self, build, "autodiagnostic.pdf", show=show)

    def export_csv(self, campaign_id: int | None, path: str | None = None) -> None:
        if campaign_id is None:
            return
        from ...core.diagnostic.export import export_answers_csv

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the answers (CSV)"), "autodiagnostic.csv", _("CSV files (*.csv)"))
            if not path:
                return
        try:
            count = export_answers_csv(self.ctx.db, campaign_id, path)
        except UserError as exc:
            _warn(self, exc)
            return
        QMessageBox.information(self, _("Export the answers (CSV)"),
                                ngettext("{count} answer written to {path}.", "{count} answers written to {path}.",
                                         count).format(count=count, path=path))


def create_page(ctx, parent=None) -> QWidget:
    return DiagnosticPage(ctx, parent)
