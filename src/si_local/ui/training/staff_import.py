"""The forgiving import of the staff list: the check's preview lets the user say what an unknown
column holds (a combo per column), create the units and add the profiles the file names that do
not exist yet; the list to fill in is offered as a spreadsheet (.ods) or a CSV file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QFormLayout, QLabel, QWidget

from ...core import training as t
from ...core.errors import UserError
from ...core.i18n import _
from ..kit import messages
from ..kit.roles import set_role
from .dialogs import ImportStaffDialog

FILE_FILTER = "{};;{}"


def save_staff_template(parent, path: Path | None = None) -> Path | None:
    """Write the staff list to fill in (``path``, else asked for: .ods or .csv by the name)."""
    if path is None:
        name, chosen = QFileDialog.getSaveFileName(
            parent, _("Save a blank list to fill in"), str(Path.home() / _("staff.ods")),
            FILE_FILTER.format(_("Spreadsheets (*.ods)"), _("CSV files (*.csv)")))
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".csv" if "csv" in chosen else ".ods")
    try:
        return t.write_staff_template(path)
    except UserError as exc:
        messages.warn(parent, str(exc), title=_("Training"))
        return None


class StaffImportDialog(ImportStaffDialog):
    """The staff import with its preview options (see the module's note)."""

    def __init__(self, ctx, parent=None, *, runner):
        super().__init__(ctx, parent, runner=runner)
        self.setWindowTitle(_("Import the staff list"))
        self.mapping: dict[str, str | None] = {}
        self.column_boxes: dict[str, QComboBox] = {}
        self.options = QWidget(self)
        self.options.setObjectName("import_options")
        self.options_form = QFormLayout(self.options)
        self.options_form.setContentsMargins(0, 0, 0, 0)
        self.create_units = QCheckBox(_("Create the missing units"), self.options)
        self.create_profiles = QCheckBox(_("Add the missing profiles to the list"), self.options)
        for box in (self.create_units, self.create_profiles):
            box.hide()
            box.toggled.connect(self.recheck)
            self.options_form.addRow(box)
        layout = self.layout()
        layout.itemAt(0).widget().setText(_(
            "A spreadsheet (.ods) or a CSV file, one person per line. Columns: nom, prénom, "
            "matricule, profil, unité, horaire (jour/nuit), statut, actif; other columns are left "
            "aside unless you say below what they hold. A person already in the list (same staff "
            "number, else same name in the same unit) is updated. The file is checked first: "
            "nothing is written until you confirm."))
        layout.insertWidget(layout.indexOf(self.summary) + 1, self.options)
        self.template_button.setToolTip(_("A spreadsheet (.ods) or a CSV file with the columns "
                                          "the import reads and one example line"))

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the staff list"), str(Path.home()),
            _("Staff lists (*.csv *.txt *.ods)"))
        if name:
            self.check(Path(name))

    def save_template(self, path: Path | None = None) -> Path | None:
        path = save_staff_template(self, path)
        if path is not None:
            self.summary.setText(_("Blank list written to {path}: fill it in, then choose it "
                                   "here.").format(path=path))
            set_role(self.summary, None)
        return path

    def _options(self) -> dict:
        return {"mapping": dict(self.mapping), "create_units": self.create_units.isChecked(),
                "create_profiles": self.create_profiles.isChecked()}

    def check(self, path: Path) -> None:
        if path != self.path:
            self._forget_columns()
        self.path = path
        self.file_label.setText(str(path))
        self.errors.clear()
        self._busy(_("Checking the file…"))
        options = self._options()
        self.runner(lambda db: t.import_staff_csv(db, path, dry_run=True, **options), self._checked,
                    read_only=True, failed=self._check_failed, ended=self._ended)

    def recheck(self) -> None:
        if self.path is not None:
            self.check(self.path)

    def run(self, only_good: bool) -> None:
        if self.path is None:
            return
        path, options = self.path, self._options()
        self._busy(_("Importing…"))
        self.runner(lambda db: t.import_staff_csv(db, path, only_good=only_good, **options),
                    self._imported, read_only=False, failed=self._import_failed, ended=self._ended)

    def _forget_columns(self) -> None:
        self.mapping.clear()
        for title in list(self.column_boxes):
            self.options_form.removeRow(self.column_boxes.pop(title))

    def _show(self, report: t.StaffImport) -> None:
        super()._show(report)
        for title in report.ignored_columns:
            if title not in self.column_boxes:
                self._add_column_box(title)
        self.create_units.setVisible(bool(report.unknown_units))
        self.create_profiles.setVisible(bool(report.unknown_profiles))

    def _add_column_box(self, title: str) -> None:
        box = QComboBox(self.options)
        box.setObjectName(f"column_{title}")
        box.addItem(_("(ignored)"), None)
        for key, (english, _names) in t.STAFF_COLUMNS.items():
            box.addItem(_(english), key)
        box.currentIndexChanged.connect(lambda _i, title=title, box=box: self._map(title, box))
        self.column_boxes[title] = box
        self.options_form.insertRow(len(self.column_boxes) - 1, QLabel(
            _("Column « {column} »:").format(column=title)), box)

    def _map(self, title: str, box: QComboBox) -> None:
        self.mapping[title] = box.currentData()
        self.recheck()
