"""The contracts' yearly budget, from the registry's Contracts list (« Budget… »): choose a year,
then print it (PDF preview) or export it as a spreadsheet (CSV). The rules are in
``core/contracts.py``; the document in ``core/reports/contracts.py``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from ..core import contracts
from ..core.errors import UserError
from ..core.i18n import _, ngettext
from .kit import messages
from .tasks import runner_for


class BudgetDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("budget_dialog")
        self.setWindowTitle(_("Contracts budget"))
        layout = QVBoxLayout(self)
        hint = QLabel(_("Each contract costs its yearly cost times the share of the year's days "
                        "it covers, both ends included; a contract renewed tacitly runs the "
                        "whole year."), self)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        form = QFormLayout()
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(1900, 2200)
        self.year.setValue(ctx.today().year)
        form.addRow(_("Year"), self.year)
        layout.addLayout(form)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button = buttons.addButton(_("Export CSV…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(lambda *_a: self.print_budget())  # not checked=False
        self.export_button.clicked.connect(self.ask_export)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def print_budget(self, show: bool = True) -> Path:
        from .pdf_preview import build_and_preview

        db_path, year, today = self.ctx.db_path, self.year.value(), self.ctx.today()

        def build(path: Path) -> int:
            from ..core.db import read_only_call
            from ..core.reports.contracts import print_budget

            return read_only_call(db_path, print_budget, path, year, today)

        return build_and_preview(runner_for(self.ctx), self, build,
                                 _("contracts-budget-{year}.pdf").format(year=year), show=show)

    def ask_export(self) -> None:
        year = self.year.value()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save as"), _("contracts-budget-{year}.csv").format(year=year),
            _("CSV files (*.csv)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> int | None:
        year = self.year.value()
        try:
            count = contracts.export_budget_csv(self.ctx.db, year, path)
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Contracts budget"))
            return None
        messages.tell(self, ngettext(
            "Contracts budget {year}: {count} contract written to {path}.",
            "Contracts budget {year}: {count} contracts written to {path}.", count).format(
                year=year, count=count, path=path), title=_("Contracts budget"))
        return count
