"""The last runs of a backup, under its form: what the imported reports of the backup tool said
(File › Import backup reports…), newest first; failures in red."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from ..core import backup_runs
from ..core.i18n import N_, _, format_datetime
from .kit.roles import set_role
from .theme import ERROR_RED
from .kit.table import NO_INDICATOR, Column, RowsModel, make_table

SHOWN = 8
STATUS_LABELS = {"success": N_("Success"), "warning": N_("Warning"), "failure": N_("Failure")}


class BackupRunsPanel(QGroupBox):
    def __init__(self, ctx, backup_id: int, parent=None):
        super().__init__(_("Last runs"), parent)
        self.setObjectName("backup_runs_panel")
        layout = QVBoxLayout(self)
        rows = backup_runs.last_runs(ctx.db, backup_id, SHOWN)
        if not rows:
            note = QLabel(_("No run imported yet (File › Import backup reports…)."), self)
            note.setWordWrap(True)
            set_role(note, "hint")
            layout.addWidget(note)
            self.model = None
            return
        self.model = RowsModel([
            Column(N_("Start"), lambda r: format_datetime(r["started"])),
            Column(N_("Machine"), lambda r: r["vm_name"] or r["machine"] or "—"),
            Column(N_("Result"), lambda r: _(STATUS_LABELS[r["status"]]),
                   foreground=lambda r: ERROR_RED if r["status"] == "failure" else None),
            Column(N_("Details"), lambda r: r["message"] or ""),
        ], self)
        self.model.set_rows(rows)
        self.view = make_table(self.model, self, sort_column=NO_INDICATOR)
        self.view.setObjectName("backup_runs")
        self.view.setMinimumHeight(150)
        self.view.setMaximumHeight(190)
        self.view.resizeColumnsToContents()
        layout.addWidget(self.view)
