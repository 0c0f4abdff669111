"""The Training page, for the nurse executive who runs the roll-out: what to do next, units and
référents, staff, modules, sessions with attendance, coverage and readiness, printed documents.

Every action calls :mod:`si_local.core.training`; printing runs off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import training as t
from ...core.errors import UserError, ValidationError
from ...core.i18n import N_, _, format_date, format_minutes, format_percent
from ..models import ID_ROLE
from ..number_field import IntField
from ..tasks import runner_for
from ..training_dialogs import (
    WARNING_STYLE,
    AddPeopleDialog,
    ImportStaffDialog,
    ModuleDialog,
    ReferentDialog,
    SessionDialog,
    StaffDialog,
    UnitDialog,
)
from ..training_models import (
    GOOD,
    MIDDLE,
    Column,
    CoverageModel,
    RowsModel,
    proxy_for,
    ratio_colour,
)
from si_local.core import clock

log = logging.getLogger(__name__)

TABS = [("todo", N_("To do")), ("units", N_("Units and référents")), ("staff", N_("Staff")),
        ("modules", N_("Modules")), ("sessions", N_("Sessions and attendance")),
        ("coverage", N_("Coverage"))]


def table_view(parent=None) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def button(text: str, slot, shortcut: str | None = None, tip: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(slot)
    if shortcut:
        b.setShortcut(QKeySequence(shortcut))
        b.setToolTip((tip + " " if tip else "") + f"({shortcut})")
    elif tip:
        b.setToolTip(tip)
    return b


def selected_ids(view: QTableView) -> list[int]:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return [r.data(ID_ROLE) for r in rows]


def select_id(view: QTableView, record_id: int | None) -> bool:
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == record_id:
            view.selectRow(row)
            view.scrollTo(index)
            return True
    return False


class TrainingPage(QWidget):
    LOADED_WHEN_BUILT = True  # see MainWindow._on_page_changed

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.today = clock.today()
        self.last_pdf: Path | None = None
        self.tasks = runner_for(ctx)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(_("Training plan"))
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title)
        top.addStretch(1)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setToolTip(_("Training plan, sign-in sheets, invitations, calendar"))
        menu = QMenu(self.print_button)
        menu.addAction(_("The training plan (PDF)"), self.ask_print_plan)
        menu.addAction(_("Sign-in sheets of the chosen session"), self.ask_print_selected_sheet)
        menu.addAction(_("Sign-in sheets of every session to come"), self.ask_print_all_sheets)
        menu.addAction(_("Invitations for the unit managers"), self.ask_print_invitations)
        menu.addSeparator()
        menu.addAction(_("Sessions as a calendar (.ics)…"), self.ask_export_ics)
        self.print_button.setMenu(menu)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setObjectName("training_headline")
        layout.addWidget(self.headline)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self._build_todo()
        self._build_units()
        self._build_staff()
        self._build_modules()
        self._build_sessions()
        self._build_coverage()
        for index in range(len(TABS)):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.tabs.setCurrentIndex(i))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.refresh()

    # --- helpers -----------------------------------------------------------------------------

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex([k for k, _title in TABS].index(key))

    def error(self, message: str) -> None:
        QMessageBox.warning(self, _("Training"), message)

    def _guard(self, work):
        try:
            return work()
        except ValidationError as exc:  # the messages name their field (« Commentaire : … »)
            self.error("\n".join(exc.errors.values()))
            return None
        except UserError as exc:
            self.error(str(exc))
            return None

    # --- To do -------------------------------------------------------------------------------

    def _build_todo(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(_("What to do next for the training. Double-click a line (or press Enter) "
                         "to go there."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.todo_model = RowsModel([
            Column(N_("Priority"), lambda r: r["priority"]),
            Column(N_("What to do"), lambda r: r["text"]),
            Column(N_("Where"), lambda r: r["where"]),
        ], self)
        self.todo_view = table_view(page)
        self.todo_view.setSortingEnabled(False)
        self.todo_view.setModel(self.todo_model)
        self.todo_view.setObjectName("todo_view")
        self.todo_view.activated.connect(lambda index: self.open_todo(index.row()))
        header = self.todo_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.todo_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("Plan a session"), self.new_session, tip=_("Create a session")))
        buttons.addWidget(button(_("Print the sign-in sheets"), self.ask_print_all_sheets))
        buttons.addWidget(button(_("Print the training plan"), self.ask_print_plan))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[0][1]))

    def todo_rows(self) -> list[dict]:
        rows: list[dict] = []
        act, soon = _("Act now"), _("Plan soon")
        for s in t.attendance_to_record(self.db, self.today):
            rows.append({"priority": act, "text": _(
                "Record who came to « {module} » of {when} ({count} not recorded).").format(
                    module=s["module_name"], when=t.when(s), count=s["pending"]),
                "where": _(dict(TABS)["sessions"]), "tab": "sessions", "id": s["id"]})
        for u in t.units_without_referent(self.db):
            rows.append({"priority": act, "text": _("Name a référent for {unit}.").format(unit=u["name"]),
                         "where": _(dict(TABS)["units"]), "tab": "units", "id": u["id"]})
        cov = t.coverage(self.db)
        settings = t.plan(self.db)
        for r in cov.readiness:
            if r.people and not r.meets_target:
                missing = sum(1 for p in cov.to_train if p["unit_id"] == r.unit_id)
                rows.append({"priority": act if settings["go_live_date"] else soon, "text": _(
                    "{unit}: {ratio} ready, target {target} %: {count} person(s) still to train.")
                    .format(unit=r.name, ratio=format_percent(r.ratio), target=r.target_percent,
                            count=missing), "where": _(dict(TABS)["coverage"]), "tab": "coverage",
                    "id": r.unit_id})
        for s in t.sessions_to_fill(self.db, self.today):
            rows.append({"priority": soon, "text": _(
                "Fill « {module} » of {when}: {free} place(s) left.").format(
                    module=s["module_name"], when=t.when(s), free=s["capacity"] - s["booked"]),
                "where": _(dict(TABS)["sessions"]), "tab": "sessions", "id": s["id"]})
        for r in t.referents_not_trained(self.db):
            rows.append({"priority": soon, "text": _(
                "The référent {name} ({unit}) still has to follow: {modules}.").format(
                    name=t.person_name(r), unit=r["unit_name"], modules=", ".join(r["missing"])),
                "where": _(dict(TABS)["units"]), "tab": "units", "id": r["unit_id"]})
        return rows

    def open_todo(self, row: int) -> None:
        item = self.todo_model.row(row)
        self.show_tab(item["tab"])
        if item["tab"] == "sessions":
            self.session_filter.setCurrentIndex(2)
            select_id(self.session_view, item["id"])
        elif item["tab"] == "units":
            select_id(self.unit_view, item["id"])

    def open_alert(self, alert) -> None:
        """Called by Home when the user opens a training alert."""
        if alert.kind == "training_unit":
            self.show_tab("units")
            select_id(self.unit_view, alert.record_id)
        elif alert.kind == "training_session":
            self.show_tab("sessions")
            self.session_filter.setCurrentIndex(2)
            select_id(self.session_view, alert.record_id)
        elif alert.kind == "training_readiness":
            self.show_tab("coverage")
        else:
            self.show_tab("todo")

    # --- Units and référents -----------------------------------------------------------------

    def _build_units(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.unit_model = RowsModel([
            Column(N_("Unit"), lambda r: r["name"]),
            Column(N_("Site"), lambda r: r.get("site_name") or ""),
            Column(N_("Kind"), lambda r: t.label(t.UNIT_KINDS, r["kind"])),
            Column(N_("Manager"), lambda r: r.get("manager_name") or ""),
            Column(N_("People"), lambda r: r["staff_count"], sort=lambda r: r["staff_count"]),
            Column(N_("Référents"), lambda r: ", ".join(r["referents"]) or _("none — to name"),
                   background=lambda r: None if r["referents"] else MIDDLE),
        ], self)
        self.unit_view = table_view(page)
        self.unit_view.setModel(proxy_for(self.unit_model, self))
        self.unit_view.doubleClicked.connect(lambda _i: self.edit_unit())
        self.unit_view.selectionModel().selectionChanged.connect(lambda *_a: self.refresh_referents())
        layout.addWidget(self.unit_view, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("New unit"), self.new_unit))
        buttons.addWidget(button(_("Edit"), self.edit_unit))
        buttons.addWidget(button(_("Delete"), self.delete_unit))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.referent_title = QLabel()
        bold = QFont(self.referent_title.font())
        bold.setBold(True)
        self.referent_title.setFont(bold)
        layout.addWidget(self.referent_title)
        self.referent_model = RowsModel([
            Column(N_("Référent"), t.person_name),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Shift"), lambda r: t.label(t.SHIFTS, r["shift"])),
            Column(N_("Since"), lambda r: format_date(r["start_date"]), sort=lambda r: r["start_date"] or ""),
            Column(N_("Trained"), lambda r: _("Yes") if not r.get("missing") else _("Still to follow: {m}")
                   .format(m=", ".join(r["missing"])),
                   background=lambda r: MIDDLE if r.get("missing") else GOOD),
            Column(N_("Mission"), lambda r: r.get("mission") or ""),
        ], self)
        self.referent_view = table_view(page)
        self.referent_view.setModel(proxy_for(self.referent_model, self))
        self.referent_view.doubleClicked.connect(lambda _i: self.edit_referent())
        layout.addWidget(self.referent_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("Name a référent"), self.add_referent))
        buttons.addWidget(button(_("Change the date or mission"), self.edit_referent))
        buttons.addWidget(button(_("Remove the référent"), self.remove_referent))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[1][1]))

    def current_unit(self) -> int | None:
        ids = selected_ids(self.unit_view)
        return ids[0] if ids else None

    def refresh_referents(self) -> None:
        unit_id = self.current_unit()
        name = next((u["name"] for u in self.unit_model.rows() if u["id"] == unit_id), None)
        self.referent_title.setText(_("Référents of {unit}").format(unit=name) if name else
                                    _("Choose a unit above to see its référents."))
        missing = {r["id"]: r["missing"] for r in t.referents_not_trained(self.db)}
        rows = [dict(r, missing=missing.get(r["id"], [])) for r in t.referents(self.db)
                if r["unit_id"] == unit_id]
        self.referent_model.set_rows(rows)

    def new_unit(self) -> None:
        if UnitDialog(self.ctx, None, self).exec():
            self.refresh()

    def edit_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is not None and UnitDialog(self.ctx, unit_id, self).exec():
            self.refresh()

    def delete_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is None:
            return
        unit = next(u for u in self.unit_model.rows() if u["id"] == unit_id)
        answer = QMessageBox.question(self, _("Delete the unit"), _(
            "Delete the unit {name}? Its {count} people stay in the staff list, without unit; its "
            "référents are removed.").format(name=unit["name"], count=unit["staff_count"]))
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: t.delete_unit(self.db, unit_id))
            self.refresh()

    def add_referent(self) -> None:
        unit_id = self.current_unit()
        if unit_id is None:
            self.error(_("Choose a unit first."))
            return
        if ReferentDialog(self.ctx, unit_id, self, self.today).exec():
            self.refresh()
            select_id(self.unit_view, unit_id)

    def edit_referent(self) -> None:
        ids = selected_ids(self.referent_view)
        unit_id = self.current_unit()
        if not ids or unit_id is None:
            self.error(_("Choose a référent in the list first."))
            return
        if ReferentDialog(self.ctx, unit_id, self, self.today, referent_id=ids[0]).exec():
            self.refresh()
            select_id(self.unit_view, unit_id)
            select_id(self.referent_view, ids[0])

    def remove_referent(self) -> None:
        ids = selected_ids(self.referent_view)
        if ids:
            unit_id = self.current_unit()
            self._guard(lambda: t.remove_referent(self.db, ids[0]))
            self.refresh()
            select_id(self.unit_view, unit_id)

    # --- Staff -------------------------------------------------------------------------------

    def _build_staff(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.staff_search = QLineEdit()
        self.staff_search.setProperty("filter", True)  # not data (see main_window.edit_under_way)
        self.staff_search.setPlaceholderText(_("Search a name, a unit, a profile…"))
        self.staff_search.setClearButtonEnabled(True)
        top.addWidget(self.staff_search, 1)
        self.staff_count = QLabel()
        top.addWidget(self.staff_count)
        layout.addLayout(top)
        self.staff_model = RowsModel([
            Column(N_("Last name"), lambda r: r["last_name"].upper()),
            Column(N_("First name"), lambda r: r["first_name"]),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Shift"), lambda r: t.label(t.SHIFTS, r["shift"])),
            Column(N_("Status"), lambda r: t.label(t.STATUSES, r["status"])),
            Column(N_("Référent"), lambda r: _("Yes") if r["is_referent"] else ""),
            Column(N_("Active"), lambda r: _("Yes") if r["active"] else _("No")),
        ], self)
        self.staff_proxy = proxy_for(self.staff_model, self)
        self.staff_view = table_view(page)
        self.staff_view.setModel(self.staff_proxy)
        self.staff_view.doubleClicked.connect(lambda _i: self.edit_staff())
        self.staff_search.textChanged.connect(self.staff_proxy.set_search)
        layout.addWidget(self.staff_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("New person"), self.new_staff))
        buttons.addWidget(button(_("Edit"), self.edit_staff))
        buttons.addWidget(button(_("Delete"), self.delete_staff))
        buttons.addWidget(button(_("Import a list (CSV)…"), self.import_staff))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[2][1]))

    def new_staff(self) -> None:
        if StaffDialog(self.ctx, None, self, unit_id=self.current_unit()).exec():
            self.refresh()

    def edit_staff(self) -> None:
        ids = selected_ids(self.staff_view)
        if ids and StaffDialog(self.ctx, ids[0], self).exec():
            self.refresh()

    def delete_staff(self) -> None:
        ids = selected_ids(self.staff_view)
        if not ids:
            return
        answer = QMessageBox.question(self, _("Delete"), _(
            "Delete {count} person(s) from the staff list, with their sessions and attendance? To "
            "keep the history of someone who left, untick « Active » instead.").format(count=len(ids)))
        if answer == QMessageBox.StandardButton.Yes:
            for staff_id in ids:
                self._guard(lambda s=staff_id: t.delete_staff(self.db, s))
            self.refresh()

    def import_staff(self) -> None:
        ImportStaffDialog(self.ctx, self, runner=self.run_task).exec()
        self.refresh()

    # --- Modules -----------------------------------------------------------------------------

    def _build_modules(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.module_model = RowsModel([
            Column(N_("Module"), lambda r: r["name"]),
            Column(N_("Who needs it"), lambda r: ", ".join(t.label(t.PROFILES, p) for p in r["profiles"])
                   or _("nobody yet")),
            Column(N_("Modality"), lambda r: t.label(t.MODALITIES, r["modality"])),
            Column(N_("Duration"), lambda r: format_minutes(r["duration_minutes"] or None),
                   sort=lambda r: r["duration_minutes"] or 0),
            Column(N_("Application"), lambda r: r.get("application_name") or ""),
            Column(N_("Content"), lambda r: r.get("description") or ""),
        ], self)
        self.module_view = table_view(page)
        self.module_view.setModel(proxy_for(self.module_model, self))
        self.module_view.doubleClicked.connect(lambda _i: self.edit_module())
        layout.addWidget(self.module_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("New module"), self.new_module))
        buttons.addWidget(button(_("Edit"), self.edit_module))
        buttons.addWidget(button(_("Delete"), self.delete_module))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[3][1]))

    def new_module(self) -> None:
        if ModuleDialog(self.ctx, None, self).exec():
            self.refresh()

    def edit_module(self) -> None:
        ids = selected_ids(self.module_view)
        if ids and ModuleDialog(self.ctx, ids[0], self).exec():
            self.refresh()

    def delete_module(self) -> None:
        ids = selected_ids(self.module_view)
        if not ids:
            return
        answer = QMessageBox.question(self, _("Delete"), _(
            "Delete this module with all its sessions and their attendance?"))
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: t.delete_module(self.db, ids[0]))
            self.refresh()

    # --- Sessions and attendance -------------------------------------------------------------

    def _build_sessions(self) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show:")))
        self.session_filter = QComboBox()
        self.session_filter.addItems([_("Sessions to come"), _("Sessions held"), _("All the sessions")])
        self.session_filter.currentIndexChanged.connect(lambda _i: self.refresh_sessions())
        top.addWidget(self.session_filter)
        top.addStretch(1)
        top.addWidget(button(_("New session"), self.new_session, "Ctrl+N"))
        outer.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        outer.addWidget(splitter, 1)
        self.session_model = RowsModel([
            Column(N_("Date"), t.when, sort=lambda r: r["starts_at"]),
            Column(N_("Module"), lambda r: r["module_name"]),
            Column(N_("Booked"), lambda r: _("{count} / {capacity}").format(
                count=r["booked"], capacity=r["capacity"]) if r["capacity"] else str(r["booked"]),
                sort=lambda r: r["booked"]),
            Column(N_("Attendance"), self._attendance_state,
                   background=lambda r: MIDDLE if r["pending"] and self._held(r) else None),
            Column(N_("Room"), lambda r: r["room"] or ""),
        ], self)
        self.session_view = table_view(splitter)
        self.session_view.setModel(proxy_for(self.session_model, self))
        self.session_view.setObjectName("session_view")
        self.session_view.setMinimumWidth(480)
        self.session_view.selectionModel().selectionChanged.connect(lambda *_a: self.refresh_session_detail())
        self.session_view.doubleClicked.connect(lambda _i: self.edit_session())
        splitter.addWidget(self.session_view)
        detail = QWidget(splitter)
        layout = QVBoxLayout(detail)
        self.session_title = QLabel()
        self.session_title.setWordWrap(True)
        bold = QFont(self.session_title.font())
        bold.setBold(True)
        bold.setPointSize(bold.pointSize() + 2)
        self.session_title.setFont(bold)
        layout.addWidget(self.session_title)
        self.session_info = QLabel()
        self.session_info.setWordWrap(True)
        layout.addWidget(self.session_info)
        self.session_warnings = QLabel()
        self.session_warnings.setWordWrap(True)
        self.session_warnings.setStyleSheet(WARNING_STYLE)
        self.session_warnings.setObjectName("session_warnings")
        layout.addWidget(self.session_warnings)
        row = QHBoxLayout()
        row.addWidget(button(_("Add people…"), self.add_people, "Ctrl+Shift+A",
                             _("Proposes the people who still need this module")))
        row.addWidget(button(_("Remove from the session"), self.remove_people))
        row.addWidget(button(_("Edit the session"), self.edit_session))
        row.addWidget(button(_("Delete the session"), self.delete_session))
        row.addStretch(1)
        layout.addLayout(row)
        self.participant_model = RowsModel([
            Column(N_("Name"), t.person_name),
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Attendance"), lambda r: t.label(t.ATTENDANCE, r["attendance"]),
                   background=self._attendance_colour),
            Column(N_("Mark /5"), lambda r: r["evaluation"] or "", sort=lambda r: r["evaluation"] or 0),
            Column(N_("Comment"), lambda r: r.get("comment") or ""),
        ], self)
        self.participant_view = table_view(detail)
        self.participant_view.setModel(proxy_for(self.participant_model, self))
        self.participant_view.setObjectName("participant_view")
        self.participant_view.selectionModel().selectionChanged.connect(
            lambda *_a: self.load_evaluation())
        layout.addWidget(self.participant_view, 1)
        marks = QFrame(detail)
        marks_layout = QHBoxLayout(marks)
        marks_layout.setContentsMargins(0, 0, 0, 0)
        marks_layout.addWidget(QLabel(_("Who came? Select people, then:")))
        self.attendance_buttons: dict[str, QPushButton] = {}
        for status, key, colour in (("present", "P", "#CDEBD3"), ("absent", "A", "#F6CFCA"),
                                    ("excused", "E", "#E6E6E6")):
            b = QPushButton(_("{label} ({key})").format(label=t.label(t.ATTENDANCE, status), key=key))
            b.setMinimumHeight(44)
            b.setMinimumWidth(120)
            b.setStyleSheet(f"QPushButton {{ background: {colour}; font-size: 12pt; color: #1A1A1A; }}")
            b.clicked.connect(lambda _c=False, s=status: self.mark(s))
            b.setObjectName(f"mark_{status}")
            sc = QShortcut(QKeySequence(key), self.participant_view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(lambda s=status: self.mark(s))
            self.attendance_buttons[status] = b
            marks_layout.addWidget(b)
        everyone = QPushButton(_("Everyone present"))
        everyone.setMinimumHeight(44)
        everyone.clicked.connect(self.mark_everyone_present)
        everyone.setObjectName("mark_everyone")
        marks_layout.addWidget(everyone)
        marks_layout.addStretch(1)
        layout.addWidget(marks)
        eval_row = QHBoxLayout()
        eval_row.addWidget(QLabel(_("End-of-session mark (optional):")))
        self.evaluation = IntField()
        self.evaluation.setRange(0, 5)
        self.evaluation.setSpecialValueText(_("none"))
        eval_row.addWidget(self.evaluation)
        self.evaluation_comment = QLineEdit()
        self.evaluation_comment.setMaxLength(t.TEXT_COLUMNS["training_participant"]["comment"].limit)
        self.evaluation_comment.setPlaceholderText(_("Comment"))
        eval_row.addWidget(self.evaluation_comment, 1)
        eval_row.addWidget(button(_("Save the mark"), self.save_evaluation))
        layout.addLayout(eval_row)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([520, 700])
        self.tabs.addTab(page, _(TABS[4][1]))

    def _held(self, s: dict) -> bool:
        """Its attendance can be recorded (from the session's own day on)."""
        return t.attendance_can_be_recorded(s, self.today)

    def _attendance_state(self, s: dict) -> str:
        if not self._held(s):
            return _("to come")
        if not s["booked"]:
            return _("nobody booked")
        if s["pending"]:
            return _("{count} to record").format(count=s["pending"])
        return _("{count} present").format(count=s["present"])

    @staticmethod
    def _attendance_colour(r: dict):
        return {"present": GOOD, "absent": ratio_colour(0.0, 100), "excused": None}.get(r["attendance"])

    def current_session(self) -> int | None:
        ids = selected_ids(self.session_view)
        return ids[0] if ids else None

    def refresh_sessions(self) -> None:
        keep = self.current_session()
        which = self.session_filter.currentIndex()
        if which == 0:
            rows = t.upcoming_sessions(self.db, self.today)
        elif which == 1:
            rows = t.held_sessions(self.db, self.today)
            rows.reverse()
        else:
            rows = t.sessions(self.db)
        self.session_model.set_rows(rows)
        if keep is not None:
            select_id(self.session_view, keep)
        self.refresh_session_detail()

    def refresh_session_detail(self) -> None:
        sid = self.current_session()
        enabled = sid is not None
        for b in self.attendance_buttons.values():
            b.setEnabled(enabled)
        if sid is None:
            self.session_title.setText(_("Choose a session in the list, or create one."))
            self.session_info.clear()
            self.session_warnings.hide()
            self.participant_model.set_rows([])
            return
        s = t.get_session(self.db, sid)
        people = t.participants(self.db, sid)
        self.session_title.setText(_("{module} — {when}").format(module=s["module_name"], when=t.when(s)))
        trainer = t.label(t.TRAINER_KINDS, s["trainer_kind"])
        if s["trainer_name"]:
            trainer += " — " + s["trainer_name"]
        places = (_("{count} booked for {capacity} places").format(count=len(people), capacity=s["capacity"])
                  if s["capacity"] else _("{count} booked").format(count=len(people)))
        self.session_info.setText(_("Room: {room}. Trainer: {trainer}. {places}.").format(
            room=s["room"] or "—", trainer=trainer, places=places))
        warnings = t.session_warnings(self.db, sid)
        self.session_warnings.setVisible(bool(warnings))
        self.session_warnings.setText("\n".join("⚠ " + w.message for w in warnings))
        self.participant_model.set_rows([dict(p, id=p["staff_id"]) for p in people])
        self.participant_view.resizeColumnsToContents()

    def new_session(self) -> None:
        self.show_tab("sessions")
        dialog = SessionDialog(self.ctx, None, self)
        if dialog.exec():
            self.session_filter.setCurrentIndex(2)
            self.refresh()
            select_id(self.session_view, dialog.record_id)
            if QMessageBox.question(self, _("New session"), _(
                    "Session created. Add the proposed people now?")) == QMessageBox.StandardButton.Yes:
                self.add_people()

    def edit_session(self) -> None:
        sid = self.current_session()
        if sid is not None and SessionDialog(self.ctx, sid, self).exec():
            self.refresh()

    def delete_session(self) -> None:
        sid = self.current_session()
        if sid is None:
            return
        answer = QMessageBox.question(self, _("Delete the session"), _(
            "Delete this session with its list of participants and their attendance?"))
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: t.delete_session(self.db, sid))
            self.refresh()

    def add_people(self) -> None:
        sid = self.current_session()
        if sid is None:
            self.error(_("Choose a session first."))
            return
        dialog = AddPeopleDialog(self.ctx, sid, self, self.today)
        if dialog.exec():
            self.refresh()

    def remove_people(self) -> None:
        sid = self.current_session()
        ids = selected_ids(self.participant_view)
        if sid is not None and ids:
            self._guard(lambda: t.unbook(self.db, sid, ids))
            self.refresh()

    def mark(self, status: str, staff_ids: list[int] | None = None) -> bool:
        """Record the attendance of the selected people (or ``staff_ids``), then move on."""
        sid = self.current_session()
        ids = staff_ids if staff_ids is not None else selected_ids(self.participant_view)
        if sid is None or not ids:
            return False
        rows = sorted(r.row() for r in self.participant_view.selectionModel().selectedRows())
        done = self._guard(lambda: t.record_attendance(self.db, sid, {i: status for i in ids},
                                                       today=self.today) or True)
        if not done:
            return False
        self.refresh_sessions()
        cov = t.coverage(self.db)
        self.refresh_coverage(cov)
        self.refresh_todo_and_headline(cov)
        if staff_ids is None and rows:
            next_row = min(rows[-1] + 1, self.participant_view.model().rowCount() - 1)
            self.participant_view.selectRow(next_row)
        return True

    def mark_everyone_present(self) -> None:
        ids = [r["staff_id"] for r in self.participant_model.rows() if r["attendance"] == "pending"]
        if not ids:
            ids = [r["staff_id"] for r in self.participant_model.rows()]
        self.mark("present", ids)

    def load_evaluation(self) -> None:
        """Show the mark and comment of the one person selected (cleared for several people)."""
        ids = selected_ids(self.participant_view)
        row = next((r for r in self.participant_model.rows() if r["staff_id"] == ids[0]), None) \
            if len(ids) == 1 else None
        self.evaluation.setValue((row or {}).get("evaluation") or 0)
        self.evaluation_comment.setText((row or {}).get("comment") or "")

    def save_evaluation(self) -> None:
        sid = self.current_session()
        ids = selected_ids(self.participant_view)
        if sid is None or not ids:
            return
        score = self.evaluation.value() or None
        comment = self.evaluation_comment.text()
        current = {r["staff_id"]: r["attendance"] for r in self.participant_model.rows()}
        self._guard(lambda: t.record_attendance(self.db, sid, {i: current[i] for i in ids},
                                                {i: (score, comment) for i in ids}, today=self.today))
        self.refresh_session_detail()

    # --- Coverage ----------------------------------------------------------------------------

    def _build_coverage(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        settings = QHBoxLayout()
        settings.addWidget(QLabel(_("Go-live date:")))
        self.go_live = QDateEdit()
        self.go_live.setCalendarPopup(True)
        self.go_live.setDisplayFormat("dd/MM/yyyy")
        self.go_live.setSpecialValueText(_("not set"))
        self.go_live.setMinimumDate(QDate(2000, 1, 1))
        settings.addWidget(self.go_live)
        settings.addWidget(QLabel(_("Target per unit:")))
        self.target = QSpinBox()
        self.target.setRange(1, 100)
        self.target.setSuffix(" %")
        settings.addWidget(self.target)
        settings.addWidget(button(_("Save"), self.save_plan_settings))
        settings.addStretch(1)
        layout.addLayout(settings)
        legend = QLabel(_("Each cell: share of the people who need the module and were present at a "
                          "session of it. Green: target reached; amber: 50 % or more; red: less. "
                          "« Ready for go-live »: people who have every module they need."))
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.coverage_model = CoverageModel(self)
        self.coverage_view = QTableView(page)
        self.coverage_view.setModel(self.coverage_model)
        self.coverage_view.verticalHeader().hide()
        self.coverage_view.setObjectName("coverage_view")
        self.coverage_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.coverage_view.setWordWrap(True)
        layout.addWidget(self.coverage_view, 3)
        self.to_train_title = QLabel()
        layout.addWidget(self.to_train_title)
        search = QLineEdit()
        search.setProperty("filter", True)
        search.setPlaceholderText(_("Search a name, a unit, a module…"))
        search.setClearButtonEnabled(True)
        layout.addWidget(search)
        self.to_train_model = RowsModel([
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Name"), t.person_name),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Shift"), lambda r: t.label(t.SHIFTS, r["shift"])),
            Column(N_("Modules still to follow"), lambda r: ", ".join(r["missing_names"])),
        ], self)
        proxy = proxy_for(self.to_train_model, self)
        search.textChanged.connect(proxy.set_search)
        self.to_train_view = table_view(page)
        self.to_train_view.setModel(proxy)
        layout.addWidget(self.to_train_view, 2)
        self.tabs.addTab(page, _(TABS[5][1]))

    def save_plan_settings(self) -> None:
        day = self.go_live.date()
        value = None if day == self.go_live.minimumDate() else day.toPython().isoformat()
        if self._guard(lambda: t.save_plan(self.db, {"go_live_date": value,
                                                     "target_percent": self.target.value()}) or True):
            self.refresh()

    def refresh_coverage(self, cov: t.Coverage | None = None) -> None:
        cov = cov or t.coverage(self.db)
        self.coverage_model.set_coverage(cov)
        self.coverage_view.resizeRowsToContents()
        names = {m["id"]: m["name"] for m in cov.modules}
        rows = [dict(p, missing_names=[names[m] for m in p["missing"]]) for p in cov.to_train]
        self.to_train_model.set_rows(rows)
        self.to_train_title.setText(_("People still to train: {count}").format(count=len(rows)))
        settings = t.plan(self.db)
        self.target.setValue(settings["target_percent"])
        if settings["go_live_date"]:
            self.go_live.setDate(QDate.fromString(settings["go_live_date"], "yyyy-MM-dd"))
        else:
            self.go_live.setDate(self.go_live.minimumDate())

    # --- refresh -----------------------------------------------------------------------------

    def refresh_todo_and_headline(self, cov: t.Coverage | None = None) -> None:
        cov = cov or t.coverage(self.db)
        settings = t.plan(self.db)
        ready_units = sum(1 for r in cov.readiness if r.people and r.meets_target)
        units_with_people = sum(1 for r in cov.readiness if r.people)
        overall = cov.overall
        parts = []
        if settings["go_live_date"]:
            days = (dt.date.fromisoformat(settings["go_live_date"]) - self.today).days
            parts.append(_("Go-live on {date} (in {days} days).").format(
                date=format_date(settings["go_live_date"]), days=days) if days >= 0 else
                _("Went live on {date}.").format(date=format_date(settings["go_live_date"])))
        if overall.needed:
            parts.append(_("{ratio} of the trainings done; {ready} unit(s) out of {units} ready "
                           "(target {target} %).").format(
                ratio=format_percent(overall.ratio), ready=ready_units, units=units_with_people,
                target=cov.target_percent))
        else:
            parts.append(_("Start by adding the units, the staff and the modules."))
        self.headline.setText(" ".join(parts))
        self.todo_model.set_rows(self.todo_rows())

    def refresh(self) -> None:
        cov = t.coverage(self.db)
        self.unit_model.set_rows(t.units(self.db))
        self.refresh_referents()
        self.staff_model.set_rows(t.staff(self.db))
        active = sum(1 for r in self.staff_model.rows() if r["active"])
        self.staff_count.setText(_("{count} active people").format(count=active))
        self.module_model.set_rows(t.modules(self.db))
        self.refresh_sessions()
        self.refresh_coverage(cov)
        self.refresh_todo_and_headline(cov)
        for view in (self.unit_view, self.staff_view, self.module_view, self.session_view,
                     self.referent_view, self.to_train_view):
            view.resizeColumnsToContents()

    # --- printing ----------------------------------------------------------------------------

    def _ask_path(self, default_name: str, pattern: str) -> Path | None:
        from ...core.paths import data_dir

        folder = Path.home() / "Documents"
        if not folder.is_dir():
            folder = data_dir()
        name, _filter = QFileDialog.getSaveFileName(self, _("Save as"), str(folder / default_name), pattern)
        return Path(name) if name else None

    def run_task(self, work, done, *, read_only: bool = True, failed=None, ended=None) -> None:
        """Run ``work(db)`` off the GUI thread on its own connection (the context's task runner),
        then ``done(result)``; a message for the user goes to ``failed(message)`` (a warning box
        by default); ``ended()`` last in every case. The print button waits meanwhile."""
        self.print_button.setEnabled(False)

        def end() -> None:
            self.print_button.setEnabled(True)
            if ended is not None:
                ended()

        self.tasks.run_task(work, database=self.ctx.db_path, read_only=read_only, on_done=done,
                            on_error=failed or self.error, on_end=end, parent=self)

    def print_to(self, kind: str, path: Path, session_ids: list[int] | None = None) -> None:
        from ...core.reports import training as reports

        today = self.today
        if kind == "plan":
            work = lambda db: reports.print_plan(db, path, today)  # noqa: E731
        elif kind == "attendance":
            work = lambda db: reports.print_attendance(db, path, session_ids, today)  # noqa: E731
        elif kind == "invitations":
            work = lambda db: reports.print_invitations(db, path, today)  # noqa: E731
        else:
            raise ValueError(kind)
        self.run_task(work, lambda _pages: self.show_pdf(path))

    def show_pdf(self, path: Path) -> None:
        self.last_pdf = path
        from ..pdf_preview import PdfPreviewDialog

        PdfPreviewDialog(path, self).exec()

    def ask_print_plan(self) -> None:
        path = self._ask_path(_("Training plan") + ".pdf", _("PDF documents (*.pdf)"))
        if path:
            self.print_to("plan", path)

    def ask_print_selected_sheet(self) -> None:
        sid = self.current_session()
        if sid is None:
            self.show_tab("sessions")
            self.error(_("Choose a session in the list first."))
            return
        path = self._ask_path(_("Sign-in sheet") + ".pdf", _("PDF documents (*.pdf)"))
        if path:
            self.print_to("attendance", path, [sid])

    def ask_print_all_sheets(self) -> None:
        path = self._ask_path(_("Sign-in sheets") + ".pdf", _("PDF documents (*.pdf)"))
        if path:
            self.print_to("attendance", path, None)

    def ask_print_invitations(self) -> None:
        path = self._ask_path(_("Invitations by unit") + ".pdf", _("PDF documents (*.pdf)"))
        if path:
            self.print_to("invitations", path)

    def ask_export_ics(self) -> None:
        path = self._ask_path(_("Training sessions") + ".ics", _("Calendars (*.ics)"))
        if path:
            count = self._guard(lambda: t.export_ics(self.db, path))
            if count is not None:
                QMessageBox.information(self, _("Calendar"), _(
                    "{count} session(s) written to {path}. Open this file with your calendar "
                    "(Outlook, Thunderbird…) to add them.").format(count=count, path=path))


def create_page(ctx, parent=None) -> QWidget:
    return TrainingPage(ctx, parent)
