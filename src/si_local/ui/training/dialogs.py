"""Dialogs of the Training page: unit, person, module, session, référent, adding people to a
session, importing the staff list. Each one calls a function of :mod:`si_local.core.training`
and shows its errors next to the fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...core import training as t
from ...core.errors import UserError, ValidationError
from ...core.i18n import N_, _, ngettext
from ...core.summary import records_by_name
from ..kit import messages
from ..kit.date_field import DateField
from ..kit.form import FormDialog as KitFormDialog
from ..kit.roles import set_role
from ..number_field import IntField
from .models import Column, RowsModel, proxy_for
from .profile_combo import ProfileCombo
from si_local.core import clock



def combo(choices: list[tuple[object, str]], current=None, empty: str | None = None) -> QComboBox:
    box = QComboBox()
    if empty is not None:
        box.addItem(empty, None)
    for key, text in choices:
        box.addItem(text, key)
    if current is not None:
        index = box.findData(current)
        if index >= 0:
            box.setCurrentIndex(index)
    return box


def mapping_choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, t.label(mapping, key)) for key in mapping]


class FormDialog(KitFormDialog):
    """The kit's form dialog (:mod:`si_local.ui.kit.form`): an error label under each field;
    ``save()`` is implemented by subclasses and returns the record's id.

    ``table`` names the record's table: a line edit added for one of its text columns stops
    typing at the column's limit (``training.TEXT_COLUMNS``); a longer multi-line text is refused
    on save, the message under the field."""

    table = ""

    def __init__(self, ctx, title: str, parent=None):
        super().__init__(title, parent)
        self.ctx = ctx
        self.db = ctx.db
        self.record_id: int | None = None

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        limit = t.TEXT_COLUMNS.get(self.table, {}).get(name)
        if isinstance(widget, QLineEdit) and limit is not None:
            widget.setMaxLength(limit.limit)
        if isinstance(widget, DateField) and not widget.label:
            widget.label = label
        return self.form.add_widget(name, label, widget)

    def submit(self, values: dict) -> int | None:
        self.record_id = self.save()
        return self.record_id

    def save(self) -> int | None:  # pragma: no cover - subclasses
        raise NotImplementedError


class UnitDialog(FormDialog):
    table = "training_unit"

    def __init__(self, ctx, unit_id: int | None = None, parent=None):
        super().__init__(ctx, _("New unit") if unit_id is None else _("Edit the unit"), parent)
        self.unit_id = unit_id
        current = next((u for u in t.units(self.db) if u["id"] == unit_id), {}) if unit_id else {}
        self.name = self.add("name", _("Name"), QLineEdit(current.get("name") or ""))
        sites = [(r["id"], r["name"]) for r in records_by_name(self.db, "site")]
        self.site = self.add("site_id", _("Site"), combo(sites, current.get("site_id"), _("(no site)")))
        self.kind = self.add("kind", _("Kind"), combo(mapping_choices(t.UNIT_KINDS), current.get("kind")))
        self.manager = self.add("manager_name", _("Manager (cadre)"),
                                QLineEdit(current.get("manager_name") or ""))
        self.manager.setPlaceholderText(_("e.g. Mme Roux, cadre de santé"))
        self.finish()

    def save(self) -> int:
        return t.save_unit(self.db, {"name": self.name.text(), "site_id": self.site.currentData(),
                                     "kind": self.kind.currentData(),
                                     "manager_name": self.manager.text()}, self.unit_id)


class StaffDialog(FormDialog):
    table = "training_staff"

    def __init__(self, ctx, staff_id: int | None = None, parent=None, unit_id: int | None = None):
        super().__init__(ctx, _("New person") if staff_id is None else _("Edit the person"), parent)
        self.staff_id = staff_id
        current = t.get_staff(self.db, staff_id) if staff_id else {"unit_id": unit_id, "active": 1}
        self.last = self.add("last_name", _("Last name"), QLineEdit(current.get("last_name") or ""))
        self.first = self.add("first_name", _("First name"), QLineEdit(current.get("first_name") or ""))
        self.matricule = self.add("matricule", _("Staff number"), QLineEdit(current.get("matricule") or ""))
        self.profile = self.add("profile", _("Profile"),
                                ProfileCombo(self.db, current.get("profile") or "nurse"))
        units = [(u["id"], u["name"]) for u in t.units(self.db)]
        self.unit = self.add("unit_id", _("Unit"), combo(units, current.get("unit_id"), _("(no unit)")))
        self.shift = self.add("shift", _("Shift"), combo(mapping_choices(t.SHIFTS), current.get("shift")))
        self.status = self.add("status", _("Status"), combo(mapping_choices(t.STATUSES), current.get("status")))
        self.active = self.add("active", _("Active"), QCheckBox(_("Still works here")))
        self.active.setChecked(bool(current.get("active", 1)))
        self.finish()

    def save(self) -> int:
        with self.db.atomic():  # a profile typed is added with the person, or not at all
            return t.save_staff(self.db, {
                "last_name": self.last.text(), "first_name": self.first.text(),
                "matricule": self.matricule.text(), "profile": self.profile.key(self.db), "unit_id": self.unit.currentData(),
                "shift": self.shift.currentData(), "status": self.status.currentData(),
                "active": self.active.isChecked()}, self.staff_id)


class ModuleDialog(FormDialog):
    table = "training_module"

    def __init__(self, ctx, module_id: int | None = None, parent=None):
        super().__init__(ctx, _("New module") if module_id is None else _("Edit the module"), parent)
        self.module_id = module_id
        current = next((m for m in t.modules(self.db) if m["id"] == module_id), {}) if module_id else {}
        self.name = self.add("name", _("Name"), QLineEdit(current.get("name") or ""))
        apps = [(r["id"], r["name"]) for r in records_by_name(self.db, "application")]
        default_app = current.get("application_id") if module_id else t.plan(self.db)["application_id"]
        self.app = self.add("application_id", _("Application"), combo(apps, default_app, _("(none)")))
        self.duration = self.add("duration_minutes", _("Duration (minutes)"), IntField())
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(30)
        self.duration.setSpecialValueText(_("not set"))
        self.duration.setValue(current.get("duration_minutes") or 0)
        self.modality = self.add("modality", _("Modality"),
                                 combo(mapping_choices(t.MODALITIES), current.get("modality")))
        box = QWidget()
        row = QGridLayout(box)  # the profiles are a list the user extends: three a row (not cut)
        row.setContentsMargins(0, 0, 0, 0)
        self.profile_boxes: dict[str, QCheckBox] = {}
        for number, (key, text) in enumerate(t.profiles(self.db).items()):
            check = QCheckBox(text)
            check.setChecked(key in current.get("profiles", []))
            self.profile_boxes[key] = check
            row.addWidget(check, number // 3, number % 3)
        self.add("profiles", _("Who needs it"), box)
        self.description = self.add("description", _("Content"), QPlainTextEdit(current.get("description") or ""))
        self.description.setMaximumHeight(90)
        self.setMinimumWidth(820)
        self.finish()

    def save(self) -> int:
        return t.save_module(self.db, {
            "name": self.name.text(), "application_id": self.app.currentData(),
            "duration_minutes": self.duration.value() or None, "modality": self.modality.currentData(),
            "profiles": [k for k, box in self.profile_boxes.items() if box.isChecked()],
            "description": self.description.toPlainText()}, self.module_id)


class SessionDialog(FormDialog):
    table = "training_session"

    def __init__(self, ctx, session_id: int | None = None, parent=None, module_id: int | None = None,
                 day: dt.date | None = None):
        super().__init__(ctx, _("New session") if session_id is None else _("Edit the session"), parent)
        self.session_id = session_id
        current = t.get_session(self.db, session_id) if session_id else {}
        modules = t.modules(self.db)
        self.module = self.add("module_id", _("Module"), combo(
            [(m["id"], m["name"]) for m in modules], current.get("module_id") or module_id))
        start = (t._parse(current["starts_at"]) if current else
                 dt.datetime.combine(day or clock.today() + dt.timedelta(days=7), dt.time(9, 0)))
        end = t._parse(current["ends_at"]) if current else start + dt.timedelta(hours=3)
        self.day = self.add("starts_at", _("Date"), DateField(start.date()))
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        self.start = QTimeEdit(QTime(start.hour, start.minute))
        self.end = QTimeEdit(QTime(end.hour, end.minute))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        row.addWidget(QLabel(_("from")))
        row.addWidget(self.start)
        row.addWidget(QLabel(_("to")))
        row.addWidget(self.end)
        row.addStretch(1)
        self.add("ends_at", _("Time"), times)
        self.trainer_kind = self.add("trainer_kind", _("Trainer"),
                                     combo(mapping_choices(t.TRAINER_KINDS), current.get("trainer_kind")))
        self.trainer = self.add("trainer_name", _("Trainer's name"), QLineEdit(current.get("trainer_name") or ""))
        self.room = self.add("room", _("Room"), QLineEdit(current.get("room") or ""))
        self.capacity = self.add("capacity", _("Places"), IntField())
        self.capacity.setRange(0, 200)
        self.capacity.setSpecialValueText(_("no limit"))
        self.capacity.setValue(current.get("capacity") or (8 if not session_id else 0))
        self.notes = self.add("notes", _("Notes"), QPlainTextEdit(current.get("notes") or ""))
        self.notes.setMaximumHeight(70)
        self.module.currentIndexChanged.connect(self._module_changed)
        if not session_id:
            self._module_changed()
        self.finish()

    def _module_changed(self) -> None:
        module = next((m for m in t.modules(self.db) if m["id"] == self.module.currentData()), None)
        if module and module.get("duration_minutes"):
            self.end.setTime(self.start.time().addSecs(60 * module["duration_minutes"]))

    def values(self) -> dict:
        day = self.day.date()
        if day is None:
            raise ValidationError({"starts_at": self.day.error()})
        start = dt.datetime.combine(day, self.start.time().toPython())
        end = dt.datetime.combine(day, self.end.time().toPython())
        return {"module_id": self.module.currentData(), "starts_at": start.isoformat(),
                "ends_at": end.isoformat(), "trainer_kind": self.trainer_kind.currentData(),
                "trainer_name": self.trainer.text(), "room": self.room.text(),
                "capacity": self.capacity.value() or None, "notes": self.notes.toPlainText()}

    def save(self) -> int:
        return t.save_session(self.db, self.values(), self.session_id)


class ReferentDialog(FormDialog):
    """Name a référent of a unit, or (``referent_id``) change the start date and mission of one."""

    table = "training_referent"

    def __init__(self, ctx, unit_id: int, parent=None, today: dt.date | None = None,
                 referent_id: int | None = None):
        unit = next(u for u in t.units(ctx.db) if u["id"] == unit_id)
        self.referent = next((r for r in t.referents(ctx.db) if r["id"] == referent_id), None) \
            if referent_id is not None else None
        title = (_("Référent {name} of {unit}").format(name=t.person_name(self.referent), unit=unit["name"])
                 if self.referent else _("Name a référent for {unit}").format(unit=unit["name"]))
        super().__init__(ctx, title, parent)
        self.unit_id = unit_id
        if self.referent:
            self.person = self.add("staff_id", _("Person"), QLabel(
                f"{t.person_name(self.referent)} — {t.label(t.PROFILES, self.referent['profile'])}"))
        else:
            people = [p for p in t.staff(ctx.db, active_only=True) if p["unit_id"] == unit_id] or \
                t.staff(ctx.db, active_only=True)
            self.person = self.add("staff_id", _("Person"), combo(
                [(p["id"], f"{t.person_name(p)} — {t.label(t.PROFILES, p['profile'])}") for p in people]))
        today = today or clock.today()
        start = dt.date.fromisoformat(self.referent["start_date"]) \
            if self.referent and self.referent["start_date"] else today
        self.start = self.add("start_date", _("Since"), DateField(start))
        self.mission = self.add("mission", _("Mission"), QPlainTextEdit(
            (self.referent["mission"] or "") if self.referent else
            _("Relays the project team in the unit, helps colleagues, reports difficulties.")))
        self.mission.setMaximumHeight(80)
        self.finish()

    def save(self) -> int:
        start = self.start.iso()
        if self.referent:
            t.update_referent(self.db, self.referent["id"], start, self.mission.toPlainText())
            return self.referent["id"]
        return t.add_referent(self.db, self.unit_id, self.person.currentData(), start,
                              self.mission.toPlainText())


class AddPeopleDialog(QDialog):
    """The people proposed for a session (they need its module and are free), ticked up to the
    free places; the warnings are shown as the ticks change."""

    def __init__(self, ctx, session_id: int, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.session_id = session_id
        self.today = today or clock.today()
        session = t.get_session(self.db, session_id)
        self.setWindowTitle(_("Add people to the session"))
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        free = (session["capacity"] - len(t.participants(self.db, session_id))) if session["capacity"] else None
        intro = QLabel(_("{module}, {when}. Proposed: the people who still need this module and are "
                         "free at that time. {free}").format(
            module=session["module_name"], when=t.when(session),
            free=ngettext("{count} place left.", "{count} places left.", max(free, 0)).format(
                count=max(free, 0)) if free is not None else ""))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search a name, a unit…"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.everyone = QCheckBox(_("Show all the staff"))
        top.addWidget(self.everyone)
        layout.addLayout(top)
        self.model = RowsModel([
            Column(N_("Add"), lambda r: "", checkable=True),
            Column(N_("Name"), t.person_name),
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Shift"), lambda r: t.label(t.SHIFTS, r["shift"])),
            Column(N_("Status"), lambda r: t.label(t.STATUSES, r["status"])),
        ], self)
        self.proxy = proxy_for(self.model, self)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        layout.addWidget(self.view, 1)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("role", "warning-box")
        self.warnings.setObjectName("booking_warnings")
        layout.addWidget(self.warnings)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(_("Add the ticked people"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.add_people)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.proxy.set_search)
        self.everyone.toggled.connect(self.load)
        self.model.dataChanged.connect(self.update_warnings)
        self.model.modelReset.connect(self.update_warnings)
        self.load()
        proposed = [r["id"] for r in self.model.rows]
        self.model.set_checked(proposed[:free] if free is not None else proposed)

    def load(self) -> None:
        on_session = {p["staff_id"] for p in t.participants(self.db, self.session_id)}
        if self.everyone.isChecked():
            rows = [p for p in t.staff(self.db, active_only=True) if p["id"] not in on_session]
        else:
            rows = t.propose(self.db, self.session_id, self.today)
        checked = set(self.model.checked)
        self.model.set_rows(rows)
        self.model.set_checked(checked & {r["id"] for r in rows})

    def update_warnings(self, *args) -> None:
        warnings = t.check_booking(self.db, self.session_id, sorted(self.model.checked))
        count = len(self.model.checked)
        lines = [ngettext("{count} person ticked.", "{count} people ticked.", count).format(count=count)]
        lines += ["⚠ " + w.message for w in warnings]
        self.warnings.setText("\n".join(lines))
        set_role(self.warnings, "warning-box" if warnings else "padded")
        self.ok.setEnabled(count > 0)

    def add_people(self) -> None:
        try:
            self.result_warnings = t.book(self.db, self.session_id, sorted(self.model.checked))
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Training"))
            return
        self.accept()


class ImportStaffDialog(QDialog):
    """Choose a CSV file, see what would be imported (nothing written), then import.

    The check and the import run through ``runner(work, done, read_only=..., failed=...,
    ended=...)`` (the page's ``run_task`` over the context's task runner: off the GUI thread, on
    the worker's own connection)."""

    def __init__(self, ctx, parent=None, *, runner):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.path: Path | None = None
        self.report: t.StaffImport | None = None
        self.setWindowTitle(_("Import the staff list (CSV)"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        help_text = QLabel(_(
            "A spreadsheet saved as CSV, one person per line. Columns: nom, prénom, profil, unité, "
            "horaire (jour/nuit), statut, actif. Units must exist first. A person already in the "
            "list (same name) is updated. The file is checked first: nothing is written until you "
            "confirm."))
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        row = QHBoxLayout()
        self.file_label = QLabel(_("No file chosen."))
        row.addWidget(self.file_label, 1)
        choose = QPushButton(_("Choose a file…"))
        choose.clicked.connect(self.choose)
        row.addWidget(choose)
        self.template_button = QPushButton(_("Save a blank list to fill in…"))
        self.template_button.setToolTip(_("A CSV file with the columns the import reads and one "
                                          "example line, to open in a spreadsheet"))
        self.template_button.clicked.connect(lambda: self.save_template())
        row.addWidget(self.template_button)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.errors = QPlainTextEdit()
        self.errors.setReadOnly(True)
        self.errors.setObjectName("import_errors")
        layout.addWidget(self.errors, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_all = QPushButton(_("Import"))
        self.import_good = QPushButton(_("Import only the good lines"))
        close = QPushButton(_("Close"))
        for button in (self.import_all, self.import_good):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.import_all.clicked.connect(lambda: self.run(only_good=False))
        self.import_good.clicked.connect(lambda: self.run(only_good=True))
        close.clicked.connect(self.accept)

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose the staff list"), str(Path.home()),
                                                    _("CSV files (*.csv *.txt)"))
        if name:
            self.check(Path(name))

    def save_template(self, path: Path | None = None) -> Path | None:
        """Write the staff list to fill in (``path``, else asked for)."""
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save a blank list to fill in"), str(Path.home() / _("staff.csv")),
                _("CSV files (*.csv)"))
            if not name:
                return None
            path = Path(name)
        try:
            t.write_staff_template(path)
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Training"))
            return None
        self.summary.setText(_("Blank list written to {path}: fill it in, save it as CSV, then "
                               "choose it here.").format(path=path))
        set_role(self.summary, None)
        return path

    def _busy(self, text: str) -> None:
        self.summary.setText(text)
        set_role(self.summary, None)
        self.import_all.setEnabled(False)
        self.import_good.setEnabled(False)

    def check(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.errors.clear()
        self._busy(_("Checking the file…"))
        self.runner(lambda db: t.import_staff_csv(db, path, dry_run=True), self._checked,
                    read_only=True, failed=self._check_failed, ended=self._ended)

    def _check_failed(self, message: str) -> None:
        self.report = None
        self.summary.setText(message)
        set_role(self.summary, "dialog-error")
        self.errors.clear()

    def _checked(self, report: t.StaffImport) -> None:
        self.report = report
        self._show(report)
        self.import_all.setEnabled(not report.errors and report.good > 0)
        self.import_good.setEnabled(bool(report.errors) and report.good > 0)

    def _show(self, report: t.StaffImport) -> None:
        self.summary.setText(report.summary())
        set_role(self.summary, "dialog-error" if report.errors else None)
        self.errors.setPlainText("\n".join(str(e) for e in report.errors))

    def run(self, only_good: bool) -> None:
        if self.path is None:
            return
        path = self.path
        self._busy(_("Importing…"))
        self.runner(lambda db: t.import_staff_csv(db, path, only_good=only_good), self._imported,
                    read_only=False, failed=self._import_failed, ended=self._ended)

    def _ended(self) -> None:
        if self.summary.text() in (_("Checking the file…"), _("Importing…")):
            self.summary.setText("")  # an unexpected error: told in its own dialog

    def _import_failed(self, message: str) -> None:
        self._check_failed(message)
        messages.warn(self, message, title=_("Import"))

    def _imported(self, report: t.StaffImport) -> None:
        self.report = report
        self._show(report)


__all__ = ["AddPeopleDialog", "ImportStaffDialog", "ModuleDialog", "ReferentDialog", "SessionDialog",
           "StaffDialog", "UnitDialog"]
