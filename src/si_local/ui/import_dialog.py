"""File menu: import agent inventories, CSV spreadsheets and facility bundles; export CSV and
bundles. Each entry point takes the main window (see ``MENUS`` in ui/areas.py).

Nothing is written before the user has seen the preview. The inventory import (reading the files
for the preview, then writing) runs in worker threads, each with its own database connection; the
rest is small enough to run at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..core import registry as reg
from ..core.errors import UserError
from ..core.i18n import N_, _, format_number, ngettext
from ..core.interop import bundle as bundle_io
from ..core.interop import csv_io
from ..core.interop import inventory as inv
from .kit import messages
from .kit.roles import set_role
from .kit.table import NO_INDICATOR, Column, RowsModel, make_table
from .tasks import runner_for

log = logging.getLogger(__name__)

INVENTORY_FILTER = "{label} (*.json *.xml);;{all} (*)"


def _refresh(window) -> None:
    page = window.stack.currentWidget() if hasattr(window, "stack") else None
    refresh = getattr(page, "refresh", None)
    if callable(refresh):
        refresh()
    forget = getattr(window, "forget_external_changes", None)
    if callable(forget):  # our own import: the window need not catch up on it again
        forget()


def _status(window, text: str) -> None:
    try:
        window.statusBar().showMessage(text, 10000)
    except AttributeError:  # pragma: no cover - not a main window
        pass


def _read_only(window) -> bool:
    if window.ctx.read_only:
        messages.warn(window, _("The database is open read-only: nothing can be "
                                "imported."), title=_("Import"))
        return True
    return False


def _list_model(headers, parent) -> RowsModel:
    """Rows of plain text (lists) for the preview tables, under English ``headers``."""
    return RowsModel([Column(h, lambda r, i=i: r[i]) for i, h in enumerate(headers)], parent)


def _table(model: RowsModel, parent) -> QTableView:
    return make_table(model, parent, sort_column=NO_INDICATOR)  # keep the file's order


# --- agent inventories -----------------------------------------------------------------------

class InventoryImportDialog(QDialog):
    """Choose or drop inventory files, see what will change, then import."""

    PREVIEW_HEADERS = (N_("File"), N_("Record"), N_("Name"), N_("What happens"), N_("Details"),
                       N_("Rule applied"))

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.ctx = window.ctx
        self.paths: list[Path] = []
        self.plan: inv.Plan | None = None
        self.tasks = runner_for(self.ctx)
        self.importing = False  # the plan is being written
        # the preview awaited (a number), None when none runs: a newer preview (files dropped or
        # the list cleared meanwhile) makes an older one's result stale
        self.preview_number: int | None = None
        self._previews = 0
        self.setWindowTitle(_("Import agent inventories"))
        self.setAcceptDrops(True)
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose GLPI agent (.json) or FusionInventory (.xml) inventory files, or drop "
                         "them on this window. Nothing is written before you click « Import »."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add files…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.clear_button = QPushButton(_("&Clear the list"), self)
        self.clear_button.clicked.connect(self.clear)
        self.files_label = QLabel(_("No file chosen."), self)
        row.addWidget(self.add_button)
        row.addWidget(self.clear_button)
        row.addWidget(self.files_label, 1)
        layout.addLayout(row)
        self.model = _list_model(self.PREVIEW_HEADERS, self)
        self.view = _table(self.model, self)
        self.view.setObjectName("inventory_preview")
        layout.addWidget(self.view, 1)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("inventory_summary")
        layout.addWidget(self.summary)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.close_button = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    # files
    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose inventory files"), str(Path.home()),
            INVENTORY_FILTER.format(label=_("Agent inventories"), all=_("All files")))
        if names:
            self.add_paths([Path(n) for n in names])

    def clear(self) -> None:
        self.paths = []
        self.plan = None
        self.preview_number = None
        self.progress.setVisible(False)
        self.model.set_rows([])
        self.summary.setText("")
        self.files_label.setText(_("No file chosen."))
        self.import_button.setEnabled(False)

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
        self.files_label.setText(ngettext("{count} file chosen.", "{count} files chosen.", len(self.paths)).format(
            count=len(self.paths)))
        self.preview()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.add_button.isEnabled():  # not while an import is being written
            event.acceptProposedAction()
            self.add_paths(paths)

    # preview
    def preview(self) -> None:
        """Read and plan in a worker; the preview appears when it is done (``previewed``)."""
        self.import_button.setEnabled(False)
        self.plan = None
        self.model.set_rows([])
        set_role(self.summary, None)
        if not self.paths:
            return
        self.summary.setText(_("Reading the files…"))
        self.progress.setVisible(True)
        self.progress.setRange(0, len(self.paths))
        self.progress.setValue(0)
        paths = list(self.paths)  # planning writes nothing, but a thousand files take seconds
        self._previews += 1
        number = self.preview_number = self._previews
        self.tasks.run_task(
            inv.plan_inventories, paths, database=self.ctx.db_path,
            on_progress=lambda done, total: self._current(number) and self._on_progress(done, total),
            on_done=lambda plan: self._current(number) and self._show_preview(plan),
            on_error=lambda message: self._current(number) and self._preview_failed(message),
            on_end=lambda: self._current(number) and self._preview_ended(), parent=self)

    def previewing(self) -> bool:
        return self.preview_number is not None

    def _current(self, number: int) -> bool:
        """Whether the preview ``number`` is the one still awaited."""
        return self.preview_number == number

    def _preview_ended(self) -> None:
        self.preview_number = None
        self.progress.setVisible(False)
        if self.plan is None and self.summary.text() == _("Reading the files…"):
            self.summary.setText("")  # an unexpected error: told apart

    def _preview_failed(self, message: str) -> None:
        self.plan = None
        self.model.set_rows([])
        self.summary.setText(_("Cannot import: {error}").format(error=message))
        set_role(self.summary, "error")

    def _show_preview(self, plan: inv.Plan) -> None:
        self.plan = plan
        rows = []
        for action in self.plan.actions:
            if action.op == "update":
                details = ", ".join(inv.field_label(action.kind, f) for f in action.changes)
            else:
                details = action.reason
            if action.notes:
                details = "; ".join([d for d in [details] if d] + action.notes)
            if action.writes_software:
                details = "; ".join([d for d in [details] if d] + [action.software.describe()])
            rows.append([Path(action.file).name, action.kind_label, action.name,
                         _(inv.OP_LABELS[action.op]), details, action.rule])
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        text = _("Preview: {summary}.").format(summary=self.plan.summary())
        if any(a.writes_software for a in self.plan.actions):
            text += " " + _("Installed programs: {summary}.").format(
                summary=self.plan.software_summary())
        if not self.plan.writes:
            text += " " + _("Nothing to write.")
        self.summary.setText(text)
        self.import_button.setEnabled(self.plan.writes > 0 and not self.ctx.read_only)

    # apply
    def apply(self) -> None:
        if self.plan is None or not self.plan.writes:
            return
        self.import_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, max(1, self.plan.writes))
        self.progress.setValue(0)
        self.summary.setText(_("Importing…"))
        plan = self.plan
        self.importing = True
        self.tasks.run_task(inv.apply_plan, plan, database=self.ctx.db_path,
                            on_progress=self._on_progress, on_done=self._on_finished,
                            on_error=self._on_failed, on_end=self._import_ended, parent=self)

    def _import_ended(self) -> None:
        self.importing = False
        if self.summary.text() == _("Importing…"):  # an unexpected error: told apart
            self.progress.setVisible(False)
            self.summary.setText("")
        self.add_button.setEnabled(True)
        self.clear_button.setEnabled(True)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_finished(self, counts: dict) -> None:
        self.progress.setValue(self.progress.maximum())
        self.summary.setText(_("Import finished: {counts}.").format(counts=inv.counts_text(
            counts.get("create", 0), counts.get("update", 0), counts.get("unchanged", 0),
            counts.get("skip", 0))))
        self.paths = []
        self.plan = None
        _refresh(self.window_)
        _status(self.window_, self.summary.text())

    def _on_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.summary.setText(message)
        set_role(self.summary, "error")


def import_inventories(window, paths: list[Path] | None = None) -> InventoryImportDialog | None:
    if _read_only(window):
        return None
    dialog = InventoryImportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if paths:
        dialog.add_paths([Path(p) for p in paths])
    dialog.open()
    if paths is None:
        dialog.choose_files()
    return dialog


# --- CSV -------------------------------------------------------------------------------------

class CsvImportDialog(QDialog):
    """Choose a table and a CSV file; every bad line is listed before anything is written."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.ctx = window.ctx
        self.path: Path | None = None
        self.result: csv_io.CsvResult | None = None
        self.setWindowTitle(_("Import a spreadsheet (CSV)"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind_box = QComboBox(self)
        for key in reg.LISTABLE:
            self.kind_box.addItem(_(reg.KINDS[key].plural), key)
        form.addRow(_("&Table:"), self.kind_box)
        row = QHBoxLayout()
        self.file_label = QLabel(_("No file chosen."), self)
        choose = QPushButton(_("&Choose the file…"), self)
        choose.clicked.connect(self.choose_file)
        row.addWidget(self.file_label, 1)
        row.addWidget(choose)
        form.addRow(_("File:"), row)
        layout.addLayout(form)
        hint = QLabel(_("CSV in UTF-8 or Windows-1252 (Excel's « CSV (séparateur : point-virgule) »), "
                        "separated by « ; » or « , »; the first line names the columns "
                        "(as in an export). References are written as names; several names are "
                        "separated by « | »."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = _list_model([N_("Line"), N_("Column"), N_("Problem")], self)
        self.view = _table(self.model, self)
        layout.addWidget(self.view, 1)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_good = QCheckBox(_("Import the good lines &only (leave the bad ones out)"), self)
        self.only_good.toggled.connect(self._update_button)
        layout.addWidget(self.only_good)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.check())

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a CSV file"), str(Path.home()), "CSV (*.csv *.txt);;{all} (*)".format(
                all=_("All files")))
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path, kind: str | None = None) -> None:
        if kind:
            self.kind_box.setCurrentIndex(reg.LISTABLE.index(kind))
        self.path = path
        self.file_label.setText(str(path))
        self.check()

    def check(self) -> None:
        self.result = None
        self.import_button.setEnabled(False)
        if self.path is None:
            return
        try:
            self.result, good = csv_io.plan_csv(self.ctx.db, self.kind_box.currentData(), self.path,
                                                keep=False)
            good.close()
        except UserError as exc:
            self.model.set_rows([])
            self.summary.setText(str(exc))
            return
        rows = [[str(e.line), e.column, e.reason] for e in self.result.errors]
        rest = self.result.error_count - len(self.result.errors)
        if rest > 0:  # a file of a million bad lines: the first ones, then how many more
            rows.append(["", "", ngettext(
                "… and {count} other problem (only the first {shown} are shown).",
                "… and {count} other problems (only the first {shown} are shown).", rest).format(
                    count=format_number(rest), shown=format_number(len(self.result.errors)))])
        rows += [["", "", w] for w in self.result.warnings]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        text = self.result.summary()
        if self.result.errors:
            text += " " + _("Nothing will be written unless you choose to import the good lines only.")
        self.summary.setText(text)
        self._update_button()

    def _update_button(self) -> None:
        r = self.result
        ok = r is not None and (r.created + r.updated) > 0 and (not r.errors or self.only_good.isChecked())
        self.import_button.setEnabled(bool(ok) and not self.ctx.read_only)

    def apply(self) -> None:
        if self.path is None:
            return
        try:
            result = csv_io.import_csv(self.ctx.db, self.kind_box.currentData(), self.path,
                                       only_good=self.only_good.isChecked())
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Import a spreadsheet (CSV)"))
            return
        self.summary.setText(_("Import finished: {summary}").format(summary=result.summary()))
        self.import_button.setEnabled(False)
        _refresh(self.window_)
        _status(self.window_, self.summary.text())


def import_csv(window, path: Path | None = None, kind: str | None = None) -> CsvImportDialog | None:
    if _read_only(window):
        return None
    dialog = CsvImportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    if path is not None:
        dialog.set_file(Path(path), kind)
    else:
        dialog.choose_file()
    return dialog


def export_csv(window, kind: str | None = None, path: Path | None = None) -> Path | None:
    if kind is None:
        labels = [_(reg.KINDS[k].plural) for k in reg.LISTABLE]
        label, ok = QInputDialog.getItem(window, _("Export a spreadsheet (CSV)"), _("Table to export:"),
                                         labels, 0, False)
        if not ok:
            return None
        kind = reg.LISTABLE[labels.index(label)]
    if path is None:
        name, _filter = QFileDialog.getSaveFileName(
            window, _("Export a spreadsheet (CSV)"), str(Path.home() / f"{kind}.csv"), "CSV (*.csv)")
        if not name:
            return None
        path = Path(name)
    try:
        count = csv_io.export_csv(window.ctx.db, kind, path)
    except UserError as exc:
        messages.warn(window, str(exc), title=_("Export a spreadsheet (CSV)"))
        return None
    _status(window, ngettext("{count} record written to {path}.", "{count} records written to {path}.",
                               count).format(count=count, path=path))
    return Path(path)


# --- bundles ---------------------------------------------------------------------------------

# Re-parentings shown in the box itself (all of them are in « Show Details… »), and changed
# fields listed in the details before « … and N other changes ».
BOX_REPARENTINGS = 10
DETAIL_CHANGES = 500


def bundle_confirmation(plan: bundle_io.BundlePlan) -> messages.Question:
    """The question asked before a bundle is written: the counts; the records that would be
    attached elsewhere (never only in the details); every changed field in the details."""
    facility = (plan.facility or {}).get("name") or "?"
    informative = []
    moves = plan.reparentings()
    if moves:
        informative.append(ngettext("Warning: {count} existing record would be attached elsewhere:",
                                    "Warning: {count} existing records would be attached elsewhere:",
                                    len(moves)).format(count=len(moves)))
        informative.extend("• " + line for line in moves[:BOX_REPARENTINGS])
        if len(moves) > BOX_REPARENTINGS:
            rest = len(moves) - BOX_REPARENTINGS
            informative.append(ngettext("… and {count} other (all are listed in the details)",
                                        "… and {count} others (all are listed in the details)",
                                        rest).format(count=rest))
        informative.append("")
    if plan.field_changes():
        informative.append(ngettext("{count} field changes; see the details.",
                                    "{count} fields change; see the details.",
                                    plan.field_changes()).format(count=plan.field_changes()))
    informative.append(_("Facility of the bundle: {name}. A copy of the database is taken "
                         "first. Import?").format(name=facility))
    return messages.Question(_("Import a facility bundle"), plan.summary(),
                             buttons=(messages.YES, messages.CANCEL), plain=True,
                             informative="\n".join(informative),
                             details="\n".join(plan.lines(limit=DETAIL_CHANGES)),
                             name="bundle_confirmation")


def import_bundle(window, path: Path | None = None, confirm: bool = True) -> bundle_io.BundlePlan | None:
    if _read_only(window):
        return None
    title = _("Import a facility bundle")
    if path is None:
        name, _filter = QFileDialog.getOpenFileName(
            window, title, str(Path.home()), "{label} (*.json);;{all} (*)".format(
                label=_("SI Local bundles"), all=_("All files")))
        if not name:
            return None
        path = Path(name)
    try:
        bundle = bundle_io.read_bundle(path)
        plan = bundle_io.plan_bundle(window.ctx.db, bundle, path)
    except UserError as exc:
        messages.warn(window, str(exc), title=title)
        return None
    if not (plan.count("insert") or plan.count("update")):
        if confirm:
            messages.tell(window, _("Nothing to import: {summary}").format(
                summary=plan.summary()), title=title)
        return plan
    if confirm:
        if messages.choose(window, bundle_confirmation(plan)) != messages.YES:
            return None
    try:
        bundle_io.apply_bundle(window.ctx.db, plan)
    except UserError as exc:
        messages.warn(window, str(exc), title=title)
        return None
    _refresh(window)
    _status(window, _("Imported: {summary}").format(summary=plan.summary()))
    return plan


def export_bundle(window, path: Path | None = None) -> Path | None:
    title = _("Export the facility bundle")
    if path is None:
        name, _filter = QFileDialog.getSaveFileName(
            window, title, str(Path.home() / "etablissement-si-local.json"), "JSON (*.json)")
        if not name:
            return None
        path = Path(name)
    try:
        counts = bundle_io.export_bundle(window.ctx.db, path)
    except UserError as exc:
        messages.warn(window, str(exc), title=title)
        return None
    _status(window, ngettext("{rows} row of {tables} written to {path}.",
                             "{rows} rows of {tables} written to {path}.", sum(counts.values())).format(
        rows=sum(counts.values()), path=path,
        tables=ngettext("{count} table", "{count} tables", len(counts)).format(count=len(counts))))
    return Path(path)
