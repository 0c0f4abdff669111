"""Tab 1 of a campaign: the guided walk-through, one dimension at a time, with large controls."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.diagnostic import campaigns as camp
from ...core.diagnostic import questionnaire as qn
from ...core.diagnostic.proposals import proposals
from ...core.i18n import _, ngettext
from ..kit.roles import set_role
from .common import BigLabel
from .widgets import QuestionCard


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
        self.dimensions.setProperty("textsize", "11")
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
        self.closed_note = BigLabel(_("This campaign is closed: its answers are read-only. Reopen "
                                      "it to change them."), 11, True, self)
        set_role(self.closed_note, "dialog-error")
        self.closed_note.hide()
        self.read_only = False
        right.addWidget(self.closed_note)
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
            b.setProperty("textsize", "12")
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right.addLayout(nav)
        layout.addLayout(right, 1)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=lambda: self.go(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=lambda: self.go(-1))

    def load(self, db, campaign_id: int, q: qn.Questionnaire, today: dt.date) -> None:
        self.db, self.campaign_id, self.q = db, campaign_id, q
        self.read_only = camp.is_closed(camp.get_campaign(db, campaign_id))
        self.closed_note.setVisible(self.read_only)
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
                card.setEnabled(not self.read_only)  # a closed campaign: shown, not changed
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
