"""Self-diagnostic page: the campaigns, a guided walk-through one dimension at a time (large
controls for a meeting around one screen), the results with a radar chart, and the action plan.

Every answer is saved as soon as it is given, in its own transaction: a meeting can stop at any
time and the campaign is resumed where it was left. Business rules live in
:mod:`si_local.core.diagnostic`; this package only calls them and shows the result.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.diagnostic import campaigns as camp
from ...core.errors import UserError
from ...core.i18n import _, format_date, ngettext
from ..kit import messages
from .action_plan import ActionPlanView
from .campaign_list import CampaignList
from .dialogs import NewCampaignDialog
from .results import ResultsView
from .walkthrough import WalkThrough

log = logging.getLogger(__name__)


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
        title = f"{c['title']} — {format_date(c['campaign_date'])}"
        if camp.is_closed(c):
            title = _("{title} (closed)").format(title=title)
        self.title.setText(title)
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
            messages.warn(self, exc, title=_("Self-diagnostic"))
        self.load(self.campaign_id, self.tabs.currentIndex())


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
            messages.warn(self, exc, title=_("Self-diagnostic"))
            return
        self.stack.setCurrentWidget(self.campaign)

    def new_campaign(self) -> int | None:
        try:
            dialog = NewCampaignDialog(self.ctx.db, self.today(), self)
        except UserError as exc:
            messages.warn(self, exc, title=_("Self-diagnostic"))
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
            messages.warn(self, exc, title=_("Self-diagnostic"))
            return
        messages.tell(self, ngettext("{count} answer written to {path}.", "{count} answers written to {path}.",
                                     count).format(count=count, path=path),
                      title=_("Export the answers (CSV)"))


def create_page(ctx, parent=None) -> QWidget:
    return DiagnosticPage(ctx, parent)
