"""Fichier › Calendrier des échéances… : the year's obligations (core/obligations.py) in a table,
printed as a one-page year planner (PDF preview) or exported as an iCalendar file (.ics)."""

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

from ..core import obligations as ob
from ..core.errors import UserError
from ..core.i18n import N_, _, format_date, ngettext
from .kit import messages
from .kit.roles import set_role
from .kit.table import Column, RowsModel, make_table
from .tasks import runner_for
from .theme import SEVERITY_COLOURS


def _what(item: ob.Obligation) -> str:
    text = f"{ob.category_tag(item.category)} — {item.title}"
    if item.carried and item.due.year > 1:
        text += " " + _("(since {date})").format(date=format_date(item.due))
    return text


COLUMNS = [
    Column(N_("Date"), lambda o: format_date(o.day), sort=lambda o: o.day.isoformat(),
           foreground=lambda o: SEVERITY_COLOURS["high"] if o.overdue else None),
    Column(N_("Obligation"), _what,
           foreground=lambda o: SEVERITY_COLOURS["high"] if o.overdue else None),
    Column(N_("Source"), lambda o: ob.source_text(o.source)),
]


class CalendarDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("calendar_dialog")
        self.setWindowTitle(_("Calendar of obligations"))
        layout = QVBoxLayout(self)
        hint = QLabel(_("Each date comes from a record of the database; an obligation still "
                        "pending from an earlier year is shown on 1 January."), self)
        hint.setWordWrap(True)
        set_role(hint, "hint")
        layout.addWidget(hint)
        form = QFormLayout()
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(1900, 2200)
        self.year.setValue(ctx.today().year)
        form.addRow(_("Year"), self.year)
        layout.addLayout(form)
        self.model = RowsModel(COLUMNS, self, row_id=lambda o: o.uid_key)
        self.table = make_table(self.model, self)
        self.table.setObjectName("obligations")
        layout.addWidget(self.table, 1)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        layout.addWidget(self.count)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(_("Print the planner…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button = buttons.addButton(_("Export to iCalendar…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(lambda: self.print_planner())
        self.export_button.clicked.connect(self.ask_export)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self.refresh)
        self.refresh()
        self.resize(900, 560)

    def refresh(self) -> None:
        items = ob.obligations(self.ctx.db, self.year.value(), self.ctx.today())
        self.model.set_rows(items)
        self.count.setText(ngettext("{count} obligation in {year}.", "{count} obligations in {year}.",
                                    len(items)).format(count=len(items), year=self.year.value()))
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 430)  # the source takes the rest

    def print_planner(self, show: bool = True) -> Path:
        from .pdf_preview import build_and_preview

        db_path, year, today = self.ctx.db_path, self.year.value(), self.ctx.today()

        def build(path: Path) -> int:
            from ..core.db import read_only_call
            from ..core.reports.obligations import print_calendar

            return read_only_call(db_path, print_calendar, path, year, today)

        return build_and_preview(runner_for(self.ctx), self, build,
                                 _("obligations-{year}.pdf").format(year=year), show=show)

    def ask_export(self) -> None:
        year = self.year.value()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save as"), _("obligations-{year}.ics").format(year=year),
            _("iCalendar files (*.ics)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> int | None:
        year = self.year.value()
        try:
            count = ob.export_ics(self.ctx.db, year, path, self.ctx.today())
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Calendar of obligations"))
            return None
        messages.tell(self, ngettext(
            "Calendar of obligations {year}: {count} event written to {path}.",
            "Calendar of obligations {year}: {count} events written to {path}.", count).format(
                year=year, count=count, path=path), title=_("Calendar of obligations"))
        return count


def show_calendar(window) -> None:
    CalendarDialog(window.ctx, window).exec()
