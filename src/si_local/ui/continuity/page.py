"""The Continuity page: plan identity and approval, crisis cell, critical activities, scenarios
with their ordered steps (drag and drop, Ctrl+Up/Down), impact analysis, compliance findings,
exercises with a step timer, and the printed plan (preview and printing).

Every action calls :mod:`si_local.core.continuity`; the PDF is built off the GUI thread.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...core.errors import UserError
from ...core.i18n import N_, _
from .activities import ActivitiesTab
from .common import _Tab
from .compliance import ComplianceTab
from .crisis import CrisisTab
from .exercises import ExercisesTab
from .impact import ImpactTab
from .plan import PlanTab
from .printing import PrintTab
from .scenarios import ScenariosTab

from si_local.core import clock


class ContinuityPage(QWidget):
    LOADED_WHEN_BUILT = True  # create_page reads it; see MainWindow._on_page_changed

    TABS = [("plan", PlanTab, N_("Plan")), ("crisis", CrisisTab, N_("Crisis cell")),
            ("activities", ActivitiesTab, N_("Critical activities")), ("scenarios", ScenariosTab, N_("Scenarios")),
            ("impact", ImpactTab, N_("Impact")), ("compliance", ComplianceTab, N_("Compliance")),
            ("exercises", ExercisesTab, N_("Exercises")), ("print", PrintTab, N_("Print / preview"))]

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("continuity_tabs")
        self.tab: dict[str, _Tab] = {}
        for key, cls, title in self.TABS:
            widget = cls(self)
            widget.setObjectName(f"continuity_{key}")
            self.tab[key] = widget
            self.tabs.addTab(widget, _(title))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.message = QLabel(self)
        self.message.setObjectName("continuity_message")
        layout = QVBoxLayout(self)
        title = QLabel(_("Continuity plan (PCA / PRA)"), self)
        title.setProperty("role", "heading")
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=lambda: self.tab["print"].preview())
        if ctx.read_only:
            for key, widget in self.tab.items():
                if key in ("impact", "print"):
                    continue
                for button in widget.findChildren(QPushButton):
                    button.setEnabled(False)
            self.status(_("This database is open read-only: the plan can be viewed and printed, "
                          "not changed."))

    def today(self) -> dt.date:
        return clock.today()

    def status(self, text: str) -> None:
        self.message.setText(text)

    def show_tab(self, key: str) -> _Tab:
        self.tabs.setCurrentWidget(self.tab[key])
        return self.tab[key]

    def open_alert(self, alert) -> QWidget:
        """Home opens an alert of the continuity area here: the plan, the scenario or the exercise."""
        if alert.kind == "continuity_scenario":
            tab = self.show_tab("scenarios")
            tab.select_scenario(alert.record_id)
            return tab
        if alert.kind == "continuity_exercise":
            tab = self.show_tab("exercises")
            tab.select_exercise(alert.record_id)
            return tab
        if alert.kind == "continuity_finding":
            return self.show_tab("exercises")
        if alert.kind in ("continuity_crisis_role", "continuity_activity"):  # readiness' evidence
            return self.show_tab("crisis" if alert.kind == "continuity_crisis_role" else "activities")
        return self.show_tab("plan")

    def refresh(self) -> None:
        widget = self.tabs.currentWidget()
        try:
            widget.refresh()
        except UserError as exc:
            self.status(str(exc))


def create_page(ctx, parent=None) -> QWidget:
    page = ContinuityPage(ctx, parent)
    page.refresh()
    return page
