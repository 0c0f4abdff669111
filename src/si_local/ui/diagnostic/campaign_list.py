"""The list of campaigns, the page's first screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
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
from ...core.diagnostic import questionnaire as qn
from ...core.diagnostic.scoring import campaign_results
from ...core.errors import UserError
from ...core.i18n import _
from ..kit import messages
from .common import sortable_table
from .models import CampaignModel


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
        self.view = sortable_table(self.model, self)
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
        answer = messages.ask(self, _("Delete a campaign"), _(
            "Delete “{title}” with its answers and its action plan? This cannot be undone.")
            .format(title=c["title"]), default_no=False)
        if answer:
            try:
                camp.delete_campaign(self.page.ctx.db, cid)
            except UserError as exc:
                messages.warn(self, exc, title=_("Self-diagnostic"))
            self.reload()
