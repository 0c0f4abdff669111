"""The Compliance tab: the plan checked against its rules, finding by finding."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from ...core import continuity as c
from ...core.i18n import N_, _, ngettext
from .common import _Tab, _fit, _table
from .models import SEVERITY_COLOURS, Column, RowsModel


class ComplianceTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        rank = {"high": 0, "medium": 1, "low": 2}
        self.model = RowsModel([
            Column(N_("Severity"), lambda f: c.severity_label(f["severity"]), lambda f: rank[f["severity"]]),
            Column(N_("About"), lambda f: f["subject"]),
            Column(N_("What is wrong"), lambda f: f["problem"]),
            Column(N_("What to do"), lambda f: f["action"]),
        ], self, row_colour=lambda f: SEVERITY_COLOURS.get(f["severity"]))
        self.view = _table(self.model, self)
        self.view.setObjectName("compliance_view")
        self.summary = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        found = c.compliance(self.db, self.page.today())
        self.model.set_rows([f.__dict__ for f in found])
        high = sum(f.severity == "high" for f in found)
        self.summary.setText(ngettext("{count} finding, {high} of high severity.",
                                      "{count} findings, {high} of high severity.", len(found)).format(
                                          count=len(found), high=high)
                             if found else _("No finding: backups, restore tests, exercises and reviews are in order."))
        _fit(self.view, 380)
