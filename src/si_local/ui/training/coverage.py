"""The Training page's Coverage tab: who is trained in what, unit readiness, the target and the
go-live date."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import training as t
from ...core.i18n import N_, _
from ..kit.date_field import DateField
from ..kit.table import make_table
from .common import TABS, button
from .models import Column, CoverageModel, RowsModel


class CoverageTabMixin:
    """The Coverage tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

    def _build_coverage(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        settings = QHBoxLayout()
        settings.addWidget(QLabel(_("Go-live date:")))
        self.go_live = DateField(None, page, optional=True, label=_("Go-live date"),
                                 empty_text=_("not set"))
        self.go_live.setObjectName("go_live")
        settings.addWidget(self.go_live)
        settings.addWidget(QLabel(_("Target per unit:")))
        self.target = QSpinBox()
        self.target.setRange(1, 100)
        self.target.setSuffix(" %")
        settings.addWidget(self.target)
        settings.addWidget(button(_("Save"), self.save_plan_settings))
        settings.addStretch(1)
        layout.addLayout(settings)
        legend = QLabel(_("Each cell: share of the people who need the module and were present at a "
                          "session of it. Green: target reached; amber: 50 % or more; red: less. "
                          "« Ready for go-live »: people who have every module they need."))
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.coverage_model = CoverageModel(self)
        self.coverage_view = QTableView(page)
        self.coverage_view.setModel(self.coverage_model)
        self.coverage_view.verticalHeader().hide()
        self.coverage_view.setObjectName("coverage_view")
        self.coverage_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.coverage_view.setWordWrap(True)
        layout.addWidget(self.coverage_view, 3)
        self.to_train_title = QLabel()
        layout.addWidget(self.to_train_title)
        search = QLineEdit()
        search.setProperty("filter", True)
        search.setPlaceholderText(_("Search a name, a unit, a module…"))
        search.setClearButtonEnabled(True)
        layout.addWidget(search)
        self.to_train_model = RowsModel([
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Name"), t.person_name),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Shift"), lambda r: t.label(t.SHIFTS, r["shift"])),
            Column(N_("Modules still to follow"), lambda r: ", ".join(r["missing_names"])),
        ], self)
        self.to_train_view = make_table(self.to_train_model, page)
        search.textChanged.connect(self.to_train_view.model().set_search)
        layout.addWidget(self.to_train_view, 2)
        self.tabs.addTab(page, _(TABS[5][1]))

    def save_plan_settings(self) -> None:
        if self._guard(lambda: t.save_plan(self.db, {"go_live_date": self.go_live.iso(),
                                                     "target_percent": self.target.value()}) or True):
            self.refresh()

    def refresh_coverage(self, cov: t.Coverage | None = None) -> None:
        cov = cov or t.coverage(self.db)
        self.coverage_model.set_coverage(cov)
        self.coverage_view.resizeRowsToContents()
        names = {m["id"]: m["name"] for m in cov.modules}
        rows = [dict(p, missing_names=[names[m] for m in p["missing"]]) for p in cov.to_train]
        self.to_train_model.set_rows(rows)
        self.to_train_title.setText(_("People still to train: {count}").format(count=len(rows)))
        settings = t.plan(self.db)
        self.target.setValue(settings["target_percent"])
        self.go_live.setDate(settings["go_live_date"] or None)
