"""The Continuity page: plan identity and approval, crisis cell, critical activities, scenarios
with their ordered steps (drag and drop, Ctrl+Up/Down), impact analysis, compliance findings,
exercises with a step timer, and the printed plan (preview and printing).

Every action calls :mod:`si_local.core.continuity`; the PDF is built off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import continuity as c
from ...core.errors import UserError, ValidationError
from ...core.i18n import N_, _, format_date, format_hours, format_minutes, format_number
from ..continuity_models import (
    SEVERITY_COLOURS,
    Column,
    FormDialog,
    RowsModel,
    StepsModel,
    proxy_for,
)
from ..pdf_preview import build_and_preview
from ..tasks import runner_for
from si_local.core import clock

log = logging.getLogger(__name__)


def _table(model, parent, sortable: bool = True) -> QTableView:
    view = QTableView(parent)
    view.setModel(proxy_for(model, view) if sortable else model)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(True)
    if sortable:
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view


def _fit(view: QTableView, max_width: int = 320) -> None:
    """Columns as wide as their content (up to ``max_width``), rows as tall as their text."""
    view.resizeColumnsToContents()
    for col in range(view.model().columnCount() - 1):
        if view.columnWidth(col) > max_width:
            view.setColumnWidth(col, max_width)
    view.resizeRowsToContents()


def _selected(view: QTableView, model: RowsModel) -> dict | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    proxy = view.model()
    if proxy is not model:
        index = proxy.mapToSource(index)
    return model.row_of(index)


class _Tab(QWidget):
    def __init__(self, page: ContinuityPage):
        super().__init__(page)
        self.page = page
        self.db = page.db

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def error(self, exc: Exception) -> None:
        text = str(exc)
        if isinstance(exc, ValidationError):  # « Approuvé par : 300 caractères, au plus 200. »
            text = "\n".join(f"{k} : {v}" for k, v in exc.errors.items())
        QMessageBox.warning(self, _("Continuity"), text)


# --- plan --------------------------------------------------------------------------------------

class PlanTab(_Tab):
    FIELDS = [("title", N_("Title"), "text"), ("author", N_("Author"), "text"),
              ("last_review", N_("Last review"), "date"), ("next_review", N_("Next review"), "date"),
              ("scope", N_("Scope"), "multiline"),
              ("trigger_rules", N_("Who triggers the plan, and when"), "multiline"),
              ("communication", N_("Communication"), "multiline"),
              ("return_to_normal", N_("Return to normal"), "multiline")]

    def __init__(self, page):
        super().__init__(page)
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setObjectName("plan_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        self.widgets = {}
        for key, label, kind in self.FIELDS:
            w = QPlainTextEdit(self) if kind == "multiline" else QLineEdit(self)
            if kind == "multiline":
                w.setTabChangesFocus(True)
                w.setMaximumHeight(80)
            if kind == "date":
                w.setPlaceholderText(_("DD/MM/YYYY"))
            elif kind == "text":  # typing stops at the field's limit (the plan's table of lengths)
                w.setMaxLength(c.TEXT_COLUMNS["continuity_plan"][key].limit)
            w.setObjectName(f"plan_{key}")
            self.widgets[key] = (kind, w)
            form.addRow(_(label), w)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #B03A2E;")
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        save = QPushButton(_("&Save the plan"), self)
        save.setObjectName("plan_save")
        save.clicked.connect(self.save)
        approve = QPushButton(_("&Approve (new version)…"), self)
        approve.setObjectName("plan_approve")
        approve.clicked.connect(self.approve)
        buttons.addWidget(save)
        buttons.addWidget(approve)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def refresh(self) -> None:
        plan = c.get_plan(self.db)
        status = _("approved") if plan["status"] == "approved" else _("draft")
        text = _("Version {version} ({status})").format(version=plan["version"], status=status)
        if plan["approved_on"]:
            text += " — " + _("approved on {date} by {who}").format(
                date=format_date(plan["approved_on"]), who=plan["approved_by"] or "—")
        self.status.setText(text)
        for key, (kind, w) in self.widgets.items():
            value = plan.get(key)
            if kind == "multiline":
                w.setPlainText(value or "")
            elif kind == "date":
                w.setText(format_date(value) if value else "")
            else:
                w.setText(value or "")
        self.error_label.clear()

    def values(self) -> dict:
        return {k: (w.toPlainText() if kind == "multiline" else w.text())
                for k, (kind, w) in self.widgets.items()}

    def save(self) -> bool:
        try:
            c.save_plan(self.db, self.values())
        except ValidationError as exc:
            self.error_label.setText("; ".join(f"{k} : {v}" for k, v in exc.errors.items()))
            return False
        self.refresh()
        self.page.status(_("Plan saved."))
        return True

    def approve(self) -> None:
        if not self.save():
            return
        who, ok = QInputDialog.getText(self, _("Approve the plan"),
                                       _("Approved by (name and function):"))
        if not ok:
            return
        try:
            version = c.approve_plan(self.db, who, self.page.today())
        except UserError as exc:
            self.error(exc)
            return
        self.refresh()
        self.page.status(_("Plan approved: version {version}.").format(version=version))


# --- crisis cell -------------------------------------------------------------------------------

class CrisisTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self.model = RowsModel([
            Column(N_("Role"), lambda r: r["role"]),
            Column(N_("Holder"), lambda r: r["contact_name"] or "—"),
            Column(N_("Phones"), lambda r: " / ".join(x for x in (r["phone"], r["mobile"]) if x)),
            Column(N_("Stand-in"), lambda r: r["standin_name"] or "—"),
            Column(N_("Stand-in phones"), lambda r: " / ".join(x for x in (r["standin_phone"], r["standin_mobile"]) if x)),
            Column(N_("Calls"), lambda r: r["calls"] or ""),
        ], self)
        self.view = _table(self.model, self, sortable=False)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The crisis cell comes from the contacts of the registry; the "
                                  "order is the call tree."), self))
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        for label, slot in ((_("&Add a role…"), self.add), (_("&Edit…"), self.edit),
                            (_("&Delete"), self.delete), (_("Move up"), lambda: self.move(-1)),
                            (_("Move down"), lambda: self.move(1))):
            b = QPushButton(label, self)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)

    def refresh(self) -> None:
        self.model.set_rows(c.crisis_roles(self.db))
        _fit(self.view, 260)

    def move(self, delta: int) -> None:
        row = _selected(self.view, self.model)
        if row:
            index = c.move_crisis_role(self.db, row["id"], delta)
            self.refresh()
            self.view.selectRow(index)

    def _dialog(self, row: dict | None) -> None:
        contacts = [(None, "—")] + [(r["id"], f"{r['name']} ({r['role'] or ''})") for r in
                                    self.db.query("SELECT id, name, role FROM contact ORDER BY name")]
        fields = [("role", N_("Role"), "text"), ("contact_id", N_("Holder"), "choice", contacts),
                  ("standin_contact_id", N_("Stand-in"), "choice", contacts),
                  ("calls", N_("Calls"), "text"), ("duties", N_("Duties"), "multiline")]
        rid = row["id"] if row else None
        dialog = FormDialog(_("Crisis cell role"), fields, row,
                            lambda v: c.save_crisis_role(self.db, v, rid), self,
                            limits=c.TEXT_COLUMNS["continuity_crisis_role"])
        if dialog.exec():
            self.refresh()

    def add(self) -> None:
        self._dialog(None)

    def edit(self) -> None:
        row = _selected(self.view, self.model)
        if row:
            self._dialog(row)

    def delete(self) -> None:
        row = _selected(self.view, self.model)
        if row and QMessageBox.question(self, _("Delete"), _("Delete the role {name}?").format(
                name=row["role"])) == QMessageBox.StandardButton.Yes:
            c.delete_crisis_role(self.db, row["id"])
            self.refresh()


# --- critical activities -----------------------------------------------------------------------

class ActivitiesTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self.model = RowsModel([
            Column(N_("Activity"), lambda r: r["name"]),
            Column(N_("Kind"), lambda r: c.activity_kind_label(r["kind"])),
            Column(N_("DMIA"), lambda r: format_hours(r["dmia_hours"]), lambda r: r["dmia_hours"] or 0),
            Column(N_("PDMA"), lambda r: format_hours(r["pdma_hours"]), lambda r: r["pdma_hours"] or 0),
            Column(N_("Applications"), lambda r: ", ".join(a["name"] for a in r["applications"])),
            Column(N_("Degraded mode"), lambda r: (r["degraded_procedure"] or "")[:120]),
        ], self)
        self.view = _table(self.model, self)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        for label, slot in ((_("&Add an activity…"), self.add), (_("&Edit…"), self.edit),
                            (_("&Delete"), self.delete)):
            b = QPushButton(label, self)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)

    def refresh(self) -> None:
        self.model.set_rows(c.activities(self.db))
        _fit(self.view, 260)

    def _dialog(self, row):
        apps = [(r["id"], r["name"]) for r in self.db.query("SELECT id, name FROM application ORDER BY name")]
        kinds = [(k, c.activity_kind_label(k)) for k in c.ACTIVITY_KIND_LABELS]
        fields = [("name", N_("Name"), "text"), ("kind", N_("Kind"), "choice", kinds),
                  ("owner_role", N_("Responsible"), "text"), ("dmia_hours", N_("DMIA (hours)"), "float"),
                  ("pdma_hours", N_("PDMA (hours)"), "float"),
                  ("application_ids", N_("Applications"), "checklist", apps),
                  ("description", N_("Description"), "multiline"),
                  ("degraded_procedure", N_("Procedure without the information system"), "multiline")]
        aid = row["id"] if row else None
        dialog = FormDialog(_("Critical activity"), fields, row,
                            lambda v: c.save_activity(self.db, v, aid), self,
                            limits=c.TEXT_COLUMNS["continuity_activity"])
        if dialog.exec():
            self.refresh()

    def add(self):
        self._dialog(None)

    def edit(self):
        row = _selected(self.view, self.model)
        if row:
            self._dialog(row)

    def delete(self):
        row = _selected(self.view, self.model)
        if row and QMessageBox.question(self, _("Delete"), _("Delete the activity {name}?").format(
                name=row["name"])) == QMessageBox.StandardButton.Yes:
            c.delete_activity(self.db, row["id"])
            self.refresh()


# --- scenarios and steps -----------------------------------------------------------------------

class StepsView(QTableView):
    """The steps table: drag and drop, Ctrl+Up / Ctrl+Down move the current step."""

    def __init__(self, model: StepsModel, parent=None):
        super().__init__(parent)
        self.steps = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setToolTip(_("Drag a step to move it, or use Ctrl+Up and Ctrl+Down."))

    def keyPressEvent(self, event):  # noqa: N802
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def move_current(self, delta: int) -> None:
        row = self.currentIndex().row()
        if row < 0:
            return
        new = self.steps.move(row, row + delta)
        self.select_row(new)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.steps.rowCount():
            self.setCurrentIndex(self.steps.index(row, 2))
            self.selectRow(row)

    def dropEvent(self, event):  # noqa: N802
        self.steps.moved_to = None
        super().dropEvent(event)
        if getattr(self.steps, "moved_to", None) is not None:
            self.select_row(self.steps.moved_to)


class ScenariosTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self.scen_model = RowsModel([
            Column(N_("Scenario"), lambda r: r["name"] + (" *" if r["is_mandatory"] else "")),
            Column(N_("Kind"), lambda r: c.scenario_kind_label(r["kind"])),
            Column(N_("Steps"), lambda r: r["step_count"], lambda r: r["step_count"]),
            Column(N_("Last exercise"), lambda r: format_date(r["last_exercise"]) if r["last_exercise"] else _("never"),
                   lambda r: r["last_exercise"] or ""),
        ], self)
        self.scen_view = _table(self.scen_model, self, sortable=False)
        self.scen_view.setObjectName("scenarios_view")
        self.scen_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_steps())
        self.steps_model = StepsModel(self.db, self)
        self.steps_view = StepsView(self.steps_model, self)
        self.steps_view.setObjectName("steps_view")
        self.steps_view.doubleClicked.connect(lambda _i: self.edit_step())

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(_("Scenarios (* mandatory)"), left))
        lv.addWidget(self.scen_view, 1)
        bar = QHBoxLayout()
        self.template_button = QPushButton(_("Add from a &template"), left)
        menu = QMenu(self.template_button)
        # Filled each time it opens: a core-model pack taken since brings its templates.
        menu.aboutToShow.connect(lambda: self._fill_template_menu(menu))
        self._fill_template_menu(menu)
        self.template_button.setMenu(menu)
        bar.addWidget(self.template_button)
        for label, slot in ((_("&New…"), self.add_scenario), (_("Edit…"), self.edit_scenario),
                            (_("Delete"), self.delete_scenario)):
            b = QPushButton(label, left)
            b.clicked.connect(slot)
            bar.addWidget(b)
        lv.addLayout(bar)

        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.steps_title = QLabel(right)
        rv.addWidget(self.steps_title)
        rv.addWidget(self.steps_view, 1)
        # Two rows of buttons, so that none is cut when the window is narrow.
        edit_bar, move_bar = QHBoxLayout(), QHBoxLayout()
        for bar, label, slot, tip in (
            (edit_bar, _("Add a &step…"), self.add_step, ""),
            (edit_bar, _("Edit the step…"), self.edit_step, ""),
            (edit_bar, _("Delete the step"), self.delete_step, ""),
            (move_bar, _("Move up"), lambda: self.steps_view.move_current(-1), "Ctrl+Up"),
            (move_bar, _("Move down"), lambda: self.steps_view.move_current(1), "Ctrl+Down"),
        ):
            b = QPushButton(label, right)
            if tip:
                b.setToolTip(tip)
            b.clicked.connect(slot)
            bar.addWidget(b)
        for bar in (edit_bar, move_bar):
            bar.addStretch(1)
            rv.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 820])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        QShortcut(QKeySequence("Insert"), self.steps_view, activated=self.add_step)
        QShortcut(QKeySequence("Delete"), self.steps_view, activated=self.delete_step)

    def refresh(self) -> None:
        current = _selected(self.scen_view, self.scen_model)
        if not getattr(self.page.ctx, "read_only", False):
            c.ensure_mandatory(self.db)
        self.scen_model.set_rows(c.scenarios(self.db))
        _fit(self.scen_view, 220)
        self.select_scenario(current["id"] if current else None)

    def select_scenario(self, scenario_id: int | None) -> None:
        rows = self.scen_model.rows
        index = next((i for i, r in enumerate(rows) if r["id"] == scenario_id), 0 if rows else -1)
        if index >= 0:
            self.scen_view.setCurrentIndex(self.scen_model.index(index, 0))
        self.show_steps()

    def current_scenario(self) -> dict | None:
        return _selected(self.scen_view, self.scen_model)

    def show_steps(self) -> None:
        s = self.current_scenario()
        self.steps_model.load(s["id"] if s else None)
        self.steps_title.setText(_("Steps of « {name} »").format(name=s["name"]) if s else "")
        _fit(self.steps_view, 380)

    def _fill_template_menu(self, menu: QMenu) -> None:
        menu.clear()
        try:
            for tpl in c.load_templates(db=self.db):
                action = menu.addAction(tpl.picker_label)
                action.triggered.connect(lambda _c=False, k=tpl.key: self.add_template(k))
        except UserError as exc:
            log.warning("templates: %s", exc)

    def add_template(self, key: str) -> None:
        try:
            sid = c.add_from_template(self.db, key)
        except UserError as exc:
            self.error(exc)
            return
        self.refresh()
        self.select_scenario(sid)

    def _scenario_dialog(self, row):
        kinds = [(k, c.scenario_kind_label(k)) for k in c.SCENARIO_KIND_LABELS]
        sid = row["id"] if row else None
        fields = [("name", N_("Name"), "text"), ("kind", N_("Kind"), "choice", kinds),
                  ("description", N_("Description"), "multiline")]
        dialog = FormDialog(_("Scenario"), fields, row, lambda v: c.save_scenario(self.db, v, sid), self,
                            limits=c.TEXT_COLUMNS["continuity_scenario"])
        if dialog.exec():
            self.refresh()
            self.select_scenario(dialog.result_value)

    def add_scenario(self):
        self._scenario_dialog(None)

    def edit_scenario(self):
        row = self.current_scenario()
        if row:
            self._scenario_dialog(row)

    def delete_scenario(self):
        row = self.current_scenario()
        if not row:
            return
        if QMessageBox.question(self, _("Delete"), _("Delete the scenario {name} and its steps?").format(
                name=row["name"])) != QMessageBox.StandardButton.Yes:
            return
        try:
            c.delete_scenario(self.db, row["id"])
        except UserError as exc:
            self.error(exc)
            return
        self.refresh()

    def _item_options(self):
        options = []
        for column, (table, label) in c.ITEM_KINDS.items():
            for r in self.db.query(f"SELECT id, name FROM {table} ORDER BY name"):
                options.append((f"{column}:{r['id']}", f"{_(label)} — {r['name']}"))
        return options

    def _step_dialog(self, row):
        scenario = self.current_scenario()
        if not scenario:
            return
        phases = [(k, c.phase_label(k)) for k in c.PHASES]
        fields = [("title", N_("Title"), "text"), ("phase", N_("Phase"), "choice", phases),
                  ("owner_role", N_("Owner"), "text"), ("standin_role", N_("Stand-in"), "text"),
                  ("expected_minutes", N_("Expected minutes"), "int"),
                  ("items", N_("Registry items"), "checklist", self._item_options()),
                  ("note", N_("Note"), "multiline")]
        values = dict(row) if row else {"phase": "alert"}
        values["items"] = [f"{col}:{ref}" for col, ref, _n in (row["items"] if row else [])]
        sid = row["id"] if row else None

        def save(v):
            v["items"] = [tuple((x.split(":")[0], int(x.split(":")[1]))) for x in v["items"]]
            v["scenario_id"] = scenario["id"]
            return c.save_step(self.db, v, sid)

        dialog = FormDialog(_("Step"), fields, values, save, self,
                            limits=c.TEXT_COLUMNS["continuity_step"])
        if dialog.exec():
            self.steps_model.reload()
            self.scen_model.set_rows(c.scenarios(self.db))
            self.select_scenario(scenario["id"])
            row_index = next((i for i, r in enumerate(self.steps_model.rows) if r["id"] == dialog.result_value), -1)
            self.steps_view.select_row(row_index)

    def add_step(self):
        self._step_dialog(None)

    def edit_step(self):
        index = self.steps_view.currentIndex()
        row = self.steps_model.row_of(index)
        if row:
            self._step_dialog(row)

    def delete_step(self):
        row = self.steps_model.row_of(self.steps_view.currentIndex())
        if row and QMessageBox.question(self, _("Delete"), _("Delete the step « {title} »?").format(
                title=row["title"])) == QMessageBox.StandardButton.Yes:
            c.delete_step(self.db, row["id"])
            self.steps_model.reload()


# --- impact ------------------------------------------------------------------------------------

class ImpactTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self._filled_kind: str | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.setObjectName("impact_kind")
        for key in c.IMPACT_KINDS:
            self.kind.addItem(_(c.IMPACT_KIND_LABELS[key]), key)
        self.kind.currentIndexChanged.connect(self.fill_items)
        self.item = QComboBox(self)
        self.item.setObjectName("impact_item")
        self.item.setMinimumWidth(320)
        go = QPushButton(_("&Show the impact"), self)
        go.setObjectName("impact_go")
        go.clicked.connect(self.run)
        label = QLabel(_("If this fails:"), self)
        label.setBuddy(self.kind)
        bar.addWidget(label)
        bar.addWidget(self.kind)
        bar.addWidget(self.item, 1)
        bar.addWidget(go)
        layout.addLayout(bar)
        self.result = QPlainTextEdit(self)
        self.result.setObjectName("impact_result")
        self.result.setReadOnly(True)
        layout.addWidget(self.result, 1)
        self.item.currentIndexChanged.connect(lambda _i: self.run())

    def refresh(self) -> None:
        self.fill_items()

    def fill_items(self) -> None:
        kind = self.kind.currentData()
        current = self.item.currentData() if kind == self._filled_kind else None
        self._filled_kind = kind
        self.item.blockSignals(True)
        self.item.clear()
        for r in self.db.query(f"SELECT id, name FROM {kind} ORDER BY name"):
            self.item.addItem(r["name"], r["id"])
        if current is not None and self.item.findData(current) >= 0:
            self.item.setCurrentIndex(self.item.findData(current))
        self.item.blockSignals(False)
        self.run()

    def run(self) -> None:
        if self.item.currentData() is None:
            self.result.setPlainText(_("Nothing to analyse: the registry has no item of this kind."))
            return
        try:
            result = c.impact(self.db, self.kind.currentData(), str(self.item.currentData()))
        except UserError as exc:
            self.result.setPlainText(str(exc))
            return
        self.result.setPlainText("\n".join(c.impact_lines(result)))


# --- compliance --------------------------------------------------------------------------------

class ComplianceTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        rank = {"high": 0, "medium": 1, "low": 2}
        self.model = RowsModel([
            Column(N_("Severity"), lambda f: c.severity_label(f["severity"]), lambda f: rank[f["severity"]]),
            Column(N_("About"), lambda f: f["subject"]),
            Column(N_("What is wrong"), lambda f: f["problem"]),
            Column(N_("What to do"), lambda f: f["action"]),
        ], self, row_colour=lambda f: SEVERITY_COLOURS.get(f["severity"]))
        self.view = _table(self.model, self)
        self.view.setObjectName("compliance_view")
        self.summary = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        found = c.compliance(self.db, self.page.today())
        self.model.set_rows([f.__dict__ for f in found])
        high = sum(f.severity == "high" for f in found)
        self.summary.setText(_("{count} findings, {high} of high severity.").format(count=len(found), high=high)
                             if found else _("No finding: backups, restore tests, exercises and reviews are in order."))
        _fit(self.view, 380)


# --- exercises ---------------------------------------------------------------------------------

class ExercisesTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self.ex_model = RowsModel([
            Column(N_("Date"), lambda r: format_date(r["held_on"]), lambda r: r["held_on"]),
            Column(N_("Scenario"), lambda r: r["scenario_name"] or "—"),
            Column(N_("Kind"), lambda r: _(c.EXERCISE_KIND_LABELS.get(r["kind"], r["kind"]))),
            Column(N_("Participants"), lambda r: r["participants"] or ""),
        ], self)
        self.ex_view = _table(self.ex_model, self, sortable=False)
        self.ex_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_exercise())
        self.ex_view.doubleClicked.connect(lambda _i: self.edit_exercise())
        self.step_model = RowsModel([
            Column("#", lambda r: r["position"] or "—"),
            Column(N_("Step"), lambda r: r["title"]),
            Column(N_("Expected"), lambda r: format_minutes(r["expected_minutes"])),
            Column(N_("Measured"), lambda r: format_minutes(r["measured_minutes"])),
        ], self)
        self.step_view = _table(self.step_model, self, sortable=False)
        self.step_view.setObjectName("exercise_steps_view")
        self.find_model = RowsModel([
            Column(N_("Finding"), lambda r: r["finding"]), Column(N_("Action"), lambda r: r["action"] or ""),
            Column(N_("Owner"), lambda r: r["owner"] or ""),
            Column(N_("Due"), lambda r: format_date(r["due_on"]) if r["due_on"] else ""),
            Column(N_("Status"), lambda r: _("done") if r["status"] == "done" else _("open")),
        ], self)
        self.find_view = _table(self.find_model, self, sortable=False)
        self.find_view.doubleClicked.connect(lambda _i: self.edit_finding())

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.started_at: float | None = None
        self.timed_step: int | None = None
        self.timed_exercise: int | None = None  # the exercise being timed, even if another is selected
        self.clock = QLabel("00:00", self)
        self.clock.setObjectName("exercise_clock")
        self.clock.setStyleSheet("font-size: 18pt; font-weight: bold;")

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(_("Exercises"), left))
        lv.addWidget(self.ex_view, 1)
        bar = QHBoxLayout()
        for label, slot in ((_("&New exercise…"), self.add_exercise), (_("Edit…"), self.edit_exercise),
                            (_("Delete"), self.delete_exercise)):
            b = QPushButton(label, left)
            b.clicked.connect(slot)
            bar.addWidget(b)
        lv.addLayout(bar)

        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        timer_box = QGroupBox(_("Step timer"), right)
        tb = QHBoxLayout(timer_box)
        self.start_button = QPushButton(_("S&tart the selected step"), timer_box)
        self.start_button.setObjectName("timer_start")
        self.start_button.clicked.connect(self.start_timer)
        self.stop_button = QPushButton(_("St&op and record"), timer_box)
        self.stop_button.setObjectName("timer_stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_timer)
        set_button = QPushButton(_("Enter a time…"), timer_box)
        set_button.clicked.connect(self.enter_time)
        tb.addWidget(self.clock)
        tb.addWidget(self.start_button)
        tb.addWidget(self.stop_button)
        tb.addWidget(set_button)
        tb.addStretch(1)
        rv.addWidget(timer_box)
        rv.addWidget(self.step_view, 2)
        rv.addWidget(QLabel(_("Findings and actions"), right))
        rv.addWidget(self.find_view, 1)
        fbar = QHBoxLayout()
        for label, slot in ((_("Add a &finding…"), self.add_finding), (_("Edit…"), self.edit_finding),
                            (_("Mark as done"), self.finding_done)):
            b = QPushButton(label, right)
            b.clicked.connect(slot)
            fbar.addWidget(b)
        fbar.addStretch(1)
        rv.addLayout(fbar)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([480, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def refresh(self) -> None:
        current = _selected(self.ex_view, self.ex_model)
        self.ex_model.set_rows(c.exercises(self.db))
        _fit(self.ex_view, 200)
        rows = self.ex_model.rows
        index = next((i for i, r in enumerate(rows) if current and r["id"] == current["id"]), 0 if rows else -1)
        if index >= 0:
            self.ex_view.setCurrentIndex(self.ex_model.index(index, 0))
        self.show_exercise()

    def current(self) -> dict | None:
        return _selected(self.ex_view, self.ex_model)

    def show_exercise(self) -> None:
        ex = self.current()
        keep = self.step_view.currentIndex().row()
        self.step_model.set_rows(c.exercise_steps(self.db, ex["id"]) if ex else [])
        self.find_model.set_rows(c.findings(self.db, ex["id"]) if ex else [])
        _fit(self.step_view, 420)
        _fit(self.find_view, 260)
        if keep >= 0 and keep < self.step_model.rowCount():
            self.step_view.selectRow(keep)

    def _exercise_dialog(self, row):
        scen = [(s["id"], s["name"]) for s in c.scenarios(self.db)]
        kinds = [(k, _(v)) for k, v in c.EXERCISE_KIND_LABELS.items()]
        fields = [("held_on", N_("Date"), "date"), ("scenario_id", N_("Scenario"), "choice", scen),
                  ("kind", N_("Kind"), "choice", kinds), ("participants", N_("Participants"), "multiline"),
                  ("notes", N_("Notes"), "multiline")]
        values = dict(row) if row else {"held_on": self.page.today().isoformat()}
        eid = row["id"] if row else None
        dialog = FormDialog(_("Exercise"), fields, values, lambda v: c.save_exercise(self.db, v, eid), self,
                            limits=c.TEXT_COLUMNS["continuity_exercise"])
        if dialog.exec():
            self.refresh()

    def add_exercise(self):
        self._exercise_dialog(None)

    def edit_exercise(self):
        row = self.current()
        if row:
            self._exercise_dialog(row)

    def delete_exercise(self):
        row = self.current()
        if row and QMessageBox.question(self, _("Delete"), _("Delete the exercise of {date}?").format(
                date=format_date(row["held_on"]))) == QMessageBox.StandardButton.Yes:
            c.delete_exercise(self.db, row["id"])
            self.refresh()

    # timer ----------------------------------------------------------------------------------
    def _selected_step(self) -> dict | None:
        row = self.step_model.row_of(self.step_view.currentIndex())
        return row if row and row["step_id"] else None

    def start_timer(self) -> None:
        step = self._selected_step()
        if not self.current() or not step:
            QMessageBox.information(self, _("Step timer"), _("Select an exercise and one of its steps first."))
            return
        self.timed_step = step["step_id"]
        self.timed_exercise = self.current()["id"]
        self.started_at = time.monotonic()
        self.clock.setText("00:00")
        self.timer.start()
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.page.status(_("Timing: {title}").format(title=step["title"]))

    def elapsed_minutes(self) -> float:
        return 0.0 if self.started_at is None else (time.monotonic() - self.started_at) / 60

    def _tick(self) -> None:
        seconds = int(self.elapsed_minutes() * 60)
        self.clock.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def stop_timer(self, minutes: float | None = None) -> None:
        if self.timed_step is None or self.timed_exercise is None:
            return
        self.timer.stop()
        value = round(self.elapsed_minutes() if minutes is None or minutes is False else minutes, 1)
        try:
            c.record_step_time(self.db, self.timed_exercise, self.timed_step, value)
        except UserError as exc:  # the step was deleted meanwhile
            self.error(exc)
            return
        finally:
            self.timed_step = self.timed_exercise = self.started_at = None
            self.start_button.setEnabled(True)
            self.stop_button.setEnabled(False)
        self.show_exercise()
        self.page.status(_("Measured time recorded: {minutes} min.").format(minutes=format_number(value)))

    def enter_time(self) -> None:
        step = self._selected_step()
        if not self.current() or not step:
            QMessageBox.information(self, _("Step timer"), _("Select an exercise and one of its steps first."))
            return
        minutes, ok = QInputDialog.getDouble(self, _("Measured time"), _("Minutes for « {title} »:")
                                             .format(title=step["title"]), step["measured_minutes"] or 0, 0, 100000, 1)
        if ok:
            c.record_step_time(self.db, self.current()["id"], step["step_id"], minutes)
            self.show_exercise()

    # findings -------------------------------------------------------------------------------
    def _finding_dialog(self, row):
        ex = self.current()
        if not ex:
            return
        fields = [("finding", N_("Finding"), "multiline"), ("action", N_("Action"), "text"),
                  ("owner", N_("Owner"), "text"), ("due_on", N_("Due date"), "date"),
                  ("status", N_("Status"), "choice", [("open", _("open")), ("done", _("done"))])]
        fid = row["id"] if row else None

        def save(v):
            v["exercise_id"] = ex["id"]
            return c.save_finding(self.db, v, fid)

        if FormDialog(_("Finding"), fields, row, save, self,
                      limits=c.TEXT_COLUMNS["continuity_finding"]).exec():
            self.show_exercise()

    def add_finding(self):
        self._finding_dialog(None)

    def edit_finding(self):
        row = self.find_model.row_of(self.find_view.currentIndex())
        if row:
            self._finding_dialog(row)

    def finding_done(self):
        row = self.find_model.row_of(self.find_view.currentIndex())
        if row:
            c.save_finding(self.db, {**row, "status": "done"}, row["id"])
            self.show_exercise()


# --- print -------------------------------------------------------------------------------------

class PrintTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "The printed plan holds the identity page, the crisis cell and call tree, the critical "
            "activities, each scenario as a checklist, the degraded-mode sheets, the IT restart "
            "order, the backups and where their credentials are kept, the contacts, the compliance "
            "findings, the last exercise and the inventory annexes. Print it after each change and "
            "keep copies where they will be needed when the computers are down."), self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.button = QPushButton(_("&Preview and print the plan…"), self)
        self.button.setObjectName("print_preview")
        self.button.setToolTip("Ctrl+P")
        self.button.clicked.connect(self.preview)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.state = QLabel(self)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.last_pdf: Path | None = None

    def preview(self, *, show: bool = True):
        db_path = self.page.ctx.db_path
        today = self.page.today()

        def build(path: Path) -> int:
            from ...core.db import open_database
            from ...core.reports.continuity import print_plan

            db = open_database(db_path, create=False, read_only=True)
            try:
                return print_plan(db, path, today)
            finally:
                db.close()

        self.button.setEnabled(False)
        self.state.setText(_("Building the plan…"))

        def ready(path: Path) -> None:
            self.last_pdf = path
            self.button.setEnabled(True)
            self.state.setText(_("Plan built: {path}").format(path=path))

        def end() -> None:
            if not self.button.isEnabled():  # not built: the message was told apart
                self.button.setEnabled(True)
                self.state.clear()

        return build_and_preview(runner_for(self.page.ctx), self, build, "plan-continuite.pdf",
                                 show=show, on_ready=ready, on_end=end)


# --- the page ----------------------------------------------------------------------------------

class ContinuityPage(QWidget):
    LOADED_WHEN_BUILT = True  # create_page reads it; see MainWindow._on_page_changed

    TABS = [("plan", PlanTab, N_("Plan")), ("crisis", CrisisTab, N_("Crisis cell")),
            ("activities", ActivitiesTab, N_("Critical activities")), ("scenarios", ScenariosTab, N_("Scenarios")),
            ("impact", ImpactTab, N_("Impact")), ("compliance", ComplianceTab, N_("Compliance")),
            ("exercises", ExercisesTab, N_("Exercises")), ("print", PrintTab, N_("Print / preview"))]

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("continuity_tabs")
        self.tab: dict[str, _Tab] = {}
        for key, cls, title in self.TABS:
            widget = cls(self)
            widget.setObjectName(f"continuity_{key}")
            self.tab[key] = widget
            self.tabs.addTab(widget, _(title))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.message = QLabel(self)
        self.message.setObjectName("continuity_message")
        layout = QVBoxLayout(self)
        title = QLabel(_("Continuity plan (PCA / PRA)"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=lambda: self.tab["print"].preview())
        if getattr(ctx, "read_only", False):
            for key, widget in self.tab.items():
                if key in ("impact", "print"):
                    continue
                for button in widget.findChildren(QPushButton):
                    button.setEnabled(False)
            self.status(_("This database is open read-only: the plan can be viewed and printed, "
                          "not changed."))

    def today(self) -> dt.date:
        return clock.today()

    def status(self, text: str) -> None:
        self.message.setText(text)

    def show_tab(self, key: str) -> _Tab:
        self.tabs.setCurrentWidget(self.tab[key])
        return self.tab[key]

    def open_alert(self, alert) -> QWidget:
        """Home opens an alert of the continuity area here: the plan, the scenario or the exercise."""
        if alert.kind == "continuity_scenario":
            tab = self.show_tab("scenarios")
            tab.select_scenario(alert.record_id)
            return tab
        if alert.kind == "continuity_finding":
            return self.show_tab("exercises")
        return self.show_tab("plan")

    def refresh(self) -> None:
        widget = self.tabs.currentWidget()
        try:
            widget.refresh()
        except UserError as exc:
            self.status(str(exc))


def create_page(ctx, parent=None) -> QWidget:
    page = ContinuityPage(ctx, parent)
    page.refresh()
    return page
