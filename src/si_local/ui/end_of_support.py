"""« Fins de support »: the servers and VMs with their system's end of support, and the dialog
that records a compensating measure. Opened from the Registry's servers and VMs lists and from
Home's end-of-support alerts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QVBoxLayout,
)

from ..core import end_of_support as eos
from ..core.i18n import _, format_date
from .kit import messages
from .kit.form import FieldSpec, FormDialog
from .kit.table import ID_ROLE, Column, RowsModel, make_table, selected_row

# the tints of the continuity findings' severities (high, high, medium)
STATUS_COLOURS = {"ended": "#F6CFCA", "soon_high": "#F6CFCA", "soon_medium": "#FBE7B5"}


def _end(m: eos.Machine) -> str:
    return format_date(m.cycle.end) if m.cycle and m.cycle.end else "—"


COLUMNS = [
    Column("Machine", lambda m: m.name),
    Column("Recorded system", lambda m: m.system or "—"),
    Column("Recognised as", lambda m: m.system_label or _("unknown")),
    Column("End of support", _end, sort=lambda m: m.cycle.end.isoformat()
           if m.cycle and m.cycle.end else "9999"),
    Column("Days left", lambda m: "" if m.days_left is None else m.days_left,
           sort=lambda m: 10**6 if m.days_left is None else m.days_left),
    Column("Status", lambda m: _(eos.STATUSES[m.status])),
    Column("Compensating measure", lambda m: m.measure.text() if m.measure else ""),
]


class MeasureDialog(FormDialog):
    """« Mesure compensatoire… »: the kind of measure, the planned day of a replacement, a note."""

    def __init__(self, ctx, machine: eos.Machine, parent=None):
        super().__init__(_("Compensating measure: {name}").format(name=machine.name), parent,
                         minimum_width=520)
        self.ctx, self.machine = ctx, machine
        choices = [(key, _(label)) for key, label in eos.MEASURE_KINDS.items()]
        self.form.add(FieldSpec("kind", "Measure", "choice", required=True, choices=choices))
        self.form.add(FieldSpec("replacement_on", "Replacement planned on", "date"))
        self.form.add(FieldSpec("note", "Note", "longtext", max_length=2000, height=80))
        measure = machine.measure
        if measure is not None:
            self.form.load({"kind": measure.kind, "replacement_on": measure.replacement_on,
                            "note": measure.note})

    def submit(self, values: dict):
        return eos.save_measure(self.ctx.db, self.machine.kind, self.machine.id, values["kind"],
                                values.get("replacement_on"), values.get("note"))


class EndOfSupportDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Ends of support"))
        self.resize(1300, 560)  # fits a 1366 × 768 screen
        layout = QVBoxLayout(self)
        self.source = QLabel(self)
        self.source.setProperty("role", "hint")
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.model = RowsModel(COLUMNS, self, row_id=lambda m: f"{m.kind}:{m.id}",
                               row_colour=lambda m: STATUS_COLOURS.get(m.status))
        self.table = make_table(self.model, self, single=True, word_wrap=True,
                                resize=QHeaderView.ResizeMode.ResizeToContents)
        self.table.setObjectName("end_of_support_table")
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.measure_button = QPushButton(_("Compensating measure…"), self)
        self.remove_button = QPushButton(_("Remove the measure"), self)
        for button in (self.measure_button, self.remove_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.measure_button.clicked.connect(self.edit_measure)
        self.remove_button.clicked.connect(self.remove_measure)
        self.table.activated.connect(lambda _index: self.edit_measure())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        table = eos.current_table(self.ctx.db)
        self.source.setText(_("Dates from {source} ({url}, licence {licence}) as of {date}.").format(
            source=table.source, url=table.url, licence=table.licence, date=format_date(table.date)))
        self.model.set_rows(eos.machines(self.ctx.db, self.ctx.clock.today(), table))
        if keep:
            self.select(keep)
        self._update_buttons()

    def select(self, key: str) -> bool:
        proxy = self.table.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(ID_ROLE) == key:
                self.table.selectRow(row)
                self.table.setCurrentIndex(proxy.index(row, 0))
                return True
        return False

    def _update_buttons(self) -> None:
        machine = selected_row(self.table)
        writable = not self.ctx.read_only
        self.measure_button.setEnabled(machine is not None and writable)
        self.remove_button.setEnabled(machine is not None and writable
                                      and machine.measure is not None)

    def edit_measure(self) -> MeasureDialog | None:
        machine = selected_row(self.table)
        if machine is None or self.ctx.read_only:
            return None
        dialog = MeasureDialog(self.ctx, machine, self)
        dialog.accepted.connect(lambda: self.reload(f"{machine.kind}:{machine.id}"))
        dialog.open()
        return dialog

    def remove_measure(self) -> None:
        machine = selected_row(self.table)
        if machine is None or machine.measure is None or self.ctx.read_only:
            return
        if messages.ask(self, _("Remove the measure"),
                        _("Remove the compensating measure of {name}?").format(name=machine.name)):
            eos.delete_measure(self.ctx.db, machine.kind, machine.id)
            self.reload(f"{machine.kind}:{machine.id}")


def open_end_of_support(ctx, parent, kind: str | None = None, record_id: int | None = None):
    dialog = EndOfSupportDialog(ctx, parent)
    if kind and record_id is not None:
        dialog.select(f"{kind}:{record_id}")
    dialog.open()
    return dialog
