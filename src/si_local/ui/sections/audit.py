"""Settings › Audit trail, and the File › Audit trail… dialog: who changed what and when.

Read-only: the trail is filled by SQLite triggers and refuses updates and deletes; this view only
reads it. Filter by table and dates; the selected change is shown field by field; export to CSV.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core import audit
from ...core.i18n import N_, _, format_datetime, ngettext
from .. import safety_dialogs as safety

TITLE = N_("Audit trail")
LIMIT = 5000

ACTIONS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted")}


def _when(at: str) -> str:
    try:
        return format_datetime(at[:19])
    except ValueError:
        return at


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def detail_text(entry: dict) -> str:
    """Before/after of one entry, one line per changed column."""
    head = _("{when} — {user} {action} {table} #{row}").format(
        when=_when(entry["at"]), user=entry["os_user"], action=_(ACTIONS[entry["action"]]),
        table=entry["table_name"], row=entry["row_id"])
    lines = [head, ""]
    for column, old, new in audit.changes(entry):
        if entry["action"] == "update":
            lines.append(_("{column}: {before} → {after}").format(
                column=column, before=_show(old), after=_show(new)))
        else:
            lines.append(f"{column}: {_show(new if entry['action'] == 'insert' else old)}")
    return "\n".join(lines)


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
        self.since = QDateEdit(self)
        self.until_check = QCheckBox(_("T&o"), self)
        self.until = QDateEdit(self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
        self.since.setDate(QDate.currentDate().addDays(-30))
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
        self.model = safety.RowsModel(
            [_("When"), _("Who"), _("Table"), _("Record"), _("Action"), _("What changed")], self)
        self.view, self.proxy = safety.make_table(self.model, self)
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

    def filters(self) -> dict:
        since = self.since.date().toString("yyyy-MM-dd") if self.since_check.isChecked() else None
        until = self.until.date().toString("yyyy-MM-dd") if self.until_check.isChecked() else None
        return {"table": self.table_combo.currentData() or None, "since": since, "until": until}

    def refresh(self) -> None:
        current = self.table_combo.currentData()
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        self.table_combo.addItem(_("All tables"), "")
        for name in audit.audited_tables(self.ctx.db):
            self.table_combo.addItem(name, name)
        self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(current or "")))
        self.table_combo.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        entries = audit.query(self.ctx.db, limit=LIMIT, **self.filters())
        rows = []
        for e in entries:
            texts = [_when(e["at"]), e["os_user"], e["table_name"], str(e["row_id"] or ""),
                     _(ACTIONS[e["action"]]), audit.describe(e)]
            rows.append((texts, [e["id"], e["os_user"], e["table_name"], e["row_id"] or 0,
                                 e["action"], texts[5]], e))
        self.model.set_rows(rows)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        text = ngettext("{count} change shown.", "{count} changes shown.", len(rows)).format(count=len(rows))
        if len(rows) == LIMIT:
            text = _("The latest {count} changes are shown; narrow the filters to see older ones.") \
                .format(count=LIMIT)
        self.count.setText(text)
        self.detail.clear()

    def _show_detail(self) -> None:
        entry = safety.selected_payload(self.view)
        self.detail.setPlainText(detail_text(entry) if entry else "")

    def export(self, path: str | None = None) -> Path | None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the audit trail"), str(Path.home() / "journal-audit.csv"),
                _("CSV files (*.csv)"))
        if not path:
            return None
        count = audit.export_csv(self.ctx.db, path, **self.filters())
        self.count.setText(ngettext("{count} change written to {path}.", "{count} changes written to {path}.",
                                    count).format(count=count, path=path))
        return Path(path)


def create_section(ctx, parent=None) -> QWidget:
    return AuditView(ctx, parent)
