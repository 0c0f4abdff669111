"""The Scenarios tab: scenarios (from a template or blank) and their ordered steps, moved by
drag and drop or Ctrl+Up / Ctrl+Down."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import continuity as c
from ...core.errors import UserError
from ...core.i18n import N_, _, format_date
from ...core.summary import records_by_name
from ..kit.table import make_table
from .common import _Tab, _fit, _table, selected_row
from .dialogs import FormDialog
from .models import Column, RowsModel, StepsModel
from ..kit import messages

log = logging.getLogger(__name__)


class StepsView(QTableView):
    """The steps table: drag and drop, Ctrl+Up / Ctrl+Down move the current step."""

    def __init__(self, model: StepsModel, parent=None):
        super().__init__(parent)
        self.steps = model
        make_table(model, view=self, sortable=False, single=True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
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
        header = self.scen_view.horizontalHeader()  # the four columns in sight, the names wrapped
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
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
        current = selected_row(self.scen_view)
        if not self.page.ctx.read_only:
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
        return selected_row(self.scen_view)

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
        if not messages.ask(self, _("Delete"), _("Delete the scenario {name} and its steps?").format(
                name=row["name"]), default_no=False):
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
            for r in records_by_name(self.db, table):
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
        row = self.steps_model.row_at(index)
        if row:
            self._step_dialog(row)

    def delete_step(self):
        row = self.steps_model.row_at(self.steps_view.currentIndex())
        if row and messages.ask(self, _("Delete"), _("Delete the step « {title} »?").format(
                title=row["title"]), default_no=False):
            c.delete_step(self.db, row["id"])
            self.steps_model.reload()
