"""Settings › Audit trail, and the File › Audit trail… dialog: who changed what and when.

Read-only: the trail is filled by SQLite triggers and refuses updates and deletes; this view only
reads it. Filter by table and dates; each change is one line of a register in French
(core/audit_register.py: « Serveur physique SRV-HYP-01 : Fin de garantie 16/03/2026 → 30/06/2028 »);
the selected change is shown field by field; export to CSV.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core import audit, audit_register, clock
from ...core.collation import collation_key
from ...core.i18n import N_, _, format_datetime, ngettext
from ..kit.table import Column, RowsModel, make_table, selected_row
from ..kit.date_field import DateField
from ..kit.roles import set_role
from ..snapshots import TABLE

TITLE = N_("Audit trail")
LIMIT = 5000

ACTIONS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted")}


def _when(at: str) -> str:
    try:
        return format_datetime(at[:19])
    except ValueError:
        return at


AUDIT_COLUMNS = [  # rows: audit.query(), each with its register "line" added
    Column(N_("When"), lambda e: _when(e["at"]), lambda e: e["id"]),
    Column(N_("Who"), lambda e: e["os_user"]),
    Column(N_("Action"), lambda e: _(ACTIONS[e["action"]])),
    # « Serveur physique SRV-HYP-01 : Fin de garantie 16/03/2026 → 30/06/2028 »
    Column(N_("What changed"), lambda e: e["line"]),
]


def detail_text(entry: dict, register: audit_register.Register) -> str:
    """Before/after of one entry, one line per changed field, by its label."""
    head = _("{when} — {user} {action} {table} {record}").format(
        when=_when(entry["at"]), user=entry["os_user"], action=_(ACTIONS[entry["action"]]),
        table=audit_register.table_label(entry["table_name"]).lower(),
        record=register.record(entry))
    return "\n".join([head, "", *register.detail(entry)])


class AuditView(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        table_label = QLabel(_("&Table:"), self)
        self.table_combo = QComboBox(self)
        self.table_combo.setObjectName("audit_table")
        table_label.setBuddy(self.table_combo)
        self.since_check = QCheckBox(_("&From"), self)
        today = clock.today()
        self.since = DateField(today - dt.timedelta(days=30), self, label=_("&From"))
        self.until_check = QCheckBox(_("T&o"), self)
        self.until = DateField(today, self, label=_("T&o"))
        for edit in (self.since, self.until):
            edit.setEnabled(False)
        self.since_check.toggled.connect(self.since.setEnabled)
        self.until_check.toggled.connect(self.until.setEnabled)
        self.export_button = QPushButton(_("&Export to CSV…"), self)
        self.export_button.setObjectName("audit_export")
        for widget in (table_label, self.table_combo, self.since_check, self.since,
                       self.until_check, self.until):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.model = RowsModel(AUDIT_COLUMNS, self)
        self.view = make_table(self.model, self, **TABLE)
        self.view.setObjectName("audit_list")
        self.view.setMinimumHeight(240)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setObjectName("audit_detail")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.count = QLabel(self)
        self.count.setProperty("role", "hint")
        layout.addWidget(self.count)
        self.table_combo.currentIndexChanged.connect(lambda _i: self.reload())
        for signal in (self.since_check.toggled, self.until_check.toggled):
            signal.connect(lambda _on: self.reload())
        self.since.dateChanged.connect(lambda _d: self.reload())
        self.until.dateChanged.connect(lambda _d: self.reload())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_detail())
        self.export_button.clicked.connect(self.export)
        self.refresh()

    def _bound(self, check: QCheckBox, edit: DateField) -> str | None:
        """The checked date's ISO text; None when unchecked or when it is no date (said below)."""
        return edit.iso() if check.isChecked() and edit.is_valid() else None

    def _date_problems(self) -> list[str]:
        return [edit.error() for check, edit in ((self.since_check, self.since),
                                                 (self.until_check, self.until))
                if check.isChecked() and edit.error()]

    def filters(self) -> dict:
        since = self._bound(self.since_check, self.since)
        until = self._bound(self.until_check, self.until)
        return {"table": self.table_combo.currentData() or None, "since": since, "until": until}

    def refresh(self) -> None:
        current = self.table_combo.currentData()
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        self.table_combo.addItem(_("All tables"), "")
        tables = [(audit_register.table_label(name), name)
                  for name in audit.audited_tables(self.ctx.db)]
        for label, name in sorted(tables, key=lambda t: collation_key(t[0])):
            self.table_combo.addItem(label, name)
        self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(current or "")))
        self.table_combo.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        entries = audit.query(self.ctx.db, limit=LIMIT, **self.filters())
        self.register = audit_register.Register(self.ctx.db)
        rows = [{**e, "line": self.register.line(e)} for e in entries]
        self.model.set_rows(rows)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        text = ngettext("{count} change shown.", "{count} changes shown.", len(rows)).format(count=len(rows))
        if len(rows) == LIMIT:
            text = _("The latest {count} changes are shown; narrow the filters to see older ones.") \
                .format(count=LIMIT)
        problems = self._date_problems()
        self.count.setText("\n".join(problems + [text]))
        set_role(self.count, "error" if problems else "hint")
        self.detail.clear()

    def _show_detail(self) -> None:
        entry = selected_row(self.view)
        self.detail.setPlainText(detail_text(entry, self.register) if entry else "")

    def export(self, path: str | None = None) -> Path | None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the audit trail"), str(Path.home() / "journal-audit.csv"),
                _("CSV files (*.csv)"))
        if not path:
            return None
        count = audit_register.export_csv(self.ctx.db, path, **self.filters())
        self.count.setText(ngettext("{count} change written to {path}.", "{count} changes written to {path}.",
                                    count).format(count=count, path=path))
        return Path(path)


def create_section(ctx, parent=None) -> QWidget:
    return AuditView(ctx, parent)


def show_audit(window) -> None:
    """File › Audit trail…: the trail in a dialog (read-only)."""
    dialog = QDialog(window)
    dialog.setWindowTitle(_("Audit trail"))
    layout = QVBoxLayout(dialog)
    view = AuditView(window.ctx, dialog)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(1000, 640)
    dialog.exec()
