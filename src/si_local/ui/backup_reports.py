"""File › Import backup reports…: the job reports of the backup tools (Veeam CSV or HTML e-mail,
Proxmox vzdump log, the simple CSV), previewed (the backups whose last success changes, the runs
matched, unknown or already imported), then written. Reading and writing run in the task runner,
as the inventory import does (ui/import_dialog.py); nothing is written before « Import »."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ..core.i18n import N_, _, format_datetime, ngettext
from ..core.interop import backup_reports as br
from ..core.interop.backup_reports import plan as br_plan
from .import_dialog import _list_model, _read_only, _refresh, _status, _table
from .kit.roles import set_role
from .tasks import runner_for

REPORT_FILTER = "{label} (*.csv *.htm *.html *.log *.txt);;{all} (*)"
STATUS_LABELS = {br.SUCCESS: N_("Success"), br.WARNING: N_("Warning"), br.FAILURE: N_("Failure")}


def plan_files(db, paths: list[Path], fmt: str | None) -> br.Plan:
    """In the worker: read every file, then match (nothing is written)."""
    return br.plan_reports(db, [br.read_report(path, fmt) for path in paths])


def what_happens(action: br.RunAction) -> str:
    if action.state == br_plan.NO_BACKUP:
        return _("Unknown job: not imported")
    if action.state == br_plan.KNOWN:
        return _("Already imported")
    if action.run.machine and action.vm_id is None:
        return _("New, unknown machine (kept without a VM)")
    return _("New")


class BackupReportDialog(QDialog):
    """Choose report files, see what will change, then import."""

    RUN_HEADERS = (N_("File"), N_("Job"), N_("Machine"), N_("Start"), N_("Result"),
                   N_("What happens"))
    CHANGE_HEADERS = (N_("Backup"), N_("What will change"))

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.ctx = window.ctx
        self.paths: list[Path] = []
        self.plan: br.Plan | None = None
        self.tasks = runner_for(self.ctx)
        self.busy = False
        self.setWindowTitle(_("Import backup reports"))
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose the job reports of your backup tool: Veeam (CSV export or HTML "
                         "e-mail), Proxmox vzdump log, or the simple CSV of the guide. A job is "
                         "matched to a backup by its name or its « job name »; nothing is written "
                         "before you click « Import »."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add files…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.clear_button = QPushButton(_("&Clear the list"), self)
        self.clear_button.clicked.connect(self.clear)
        self.format_box = QComboBox(self)
        self.format_box.addItem(_("Format detected"), None)
        for key in br.FORMATS:
            self.format_box.addItem(br.FORMAT_LABELS[key], key)
        self.format_box.currentIndexChanged.connect(lambda _index: self.preview())
        self.files_label = QLabel(_("No file chosen."), self)
        for widget in (self.add_button, self.clear_button, self.format_box):
            row.addWidget(widget)
        row.addWidget(self.files_label, 1)
        layout.addLayout(row)
        self.changes = _list_model(self.CHANGE_HEADERS, self)
        self.changes_view = _table(self.changes, self)
        self.changes_view.setObjectName("backup_report_changes")
        layout.addWidget(self.changes_view, 1)
        self.model = _list_model(self.RUN_HEADERS, self)
        self.view = _table(self.model, self)
        self.view.setObjectName("backup_report_runs")
        layout.addWidget(self.view, 2)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("backup_report_summary")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.setShortcut(QKeySequence("Ctrl+Return"))
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose backup reports"), str(Path.home()),
            REPORT_FILTER.format(label=_("Backup reports"), all=_("All files")))
        if names:
            self.add_paths([Path(n) for n in names])

    def clear(self) -> None:
        self.paths, self.plan = [], None
        self.model.set_rows([])
        self.changes.set_rows([])
        self.summary.setText("")
        self.files_label.setText(_("No file chosen."))
        self.import_button.setEnabled(False)

    def add_paths(self, paths: list[Path]) -> None:
        self.paths += [p for p in paths if p not in self.paths]
        self.files_label.setText(ngettext("{count} file chosen.", "{count} files chosen.",
                                          len(self.paths)).format(count=len(self.paths)))
        self.preview()

    def preview(self) -> None:
        self.import_button.setEnabled(False)
        self.plan = None
        self.model.set_rows([])
        self.changes.set_rows([])
        set_role(self.summary, None)
        if not self.paths or self.busy:
            return
        self.summary.setText(_("Reading the files…"))
        self.busy = True
        self.tasks.run_task(plan_files, list(self.paths), self.format_box.currentData(),
                            database=self.ctx.db_path, on_done=self._show_preview,
                            on_error=self._failed, on_end=self._ended, parent=self)

    def _ended(self) -> None:
        self.busy = False
        self.add_button.setEnabled(True)
        self.clear_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.plan = None
        self.summary.setText(_("Cannot import: {error}").format(error=message))
        set_role(self.summary, "error")

    def _show_preview(self, plan: br.Plan) -> None:
        self.plan = plan
        changes = [[c.name, br_plan.change_text(c)] for c in plan.changes]
        changes += [[job, ngettext("Unknown job ({count} run): no backup has this name or job name.",
                                   "Unknown job ({count} runs): no backup has this name or job name.",
                                   count).format(count=count)] for job, count in plan.unmatched_jobs]
        self.changes.set_rows(changes)
        self.model.set_rows([
            [Path(a.report.path).name, a.run.job, a.run.machine, format_datetime(a.run.started),
             _(STATUS_LABELS[a.run.status]), what_happens(a)] for a in plan.actions])
        self.changes_view.setWordWrap(True)
        self.changes_view.resizeColumnToContents(0)
        self.changes_view.resizeRowsToContents()
        self.view.resizeColumnsToContents()
        new = plan.count(br_plan.NEW)
        self.summary.setText(_("Preview: {summary}.").format(summary=plan.summary())
                             + ("" if new else " " + _("Nothing to write.")))
        self.import_button.setEnabled(new > 0 and not self.ctx.read_only)

    def apply(self) -> None:
        if self.plan is None or not self.plan.count(br_plan.NEW) or self.busy:
            return
        self.import_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.summary.setText(_("Importing…"))
        self.busy = True
        self.tasks.run_task(br.apply_plan, self.plan, database=self.ctx.db_path,
                            on_done=self._imported, on_error=self._failed, on_end=self._ended,
                            parent=self)

    def _imported(self, written: int) -> None:
        self.summary.setText(ngettext("Import finished: {count} run written.",
                                      "Import finished: {count} runs written.", written).format(
            count=written))
        self.plan = None
        _refresh(self.window_)
        _status(self.window_, self.summary.text())


def import_backup_reports(window, paths: list[Path] | None = None) -> BackupReportDialog | None:
    if _read_only(window):
        return None
    dialog = BackupReportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if paths:
        dialog.add_paths([Path(p) for p in paths])
    dialog.open()
    if paths is None:
        dialog.choose_files()
    return dialog
