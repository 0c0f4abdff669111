"""The Exercises tab: exercises, a step timer, and the findings to follow up."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import continuity as c
from ...core.errors import UserError
from ...core.i18n import N_, _, format_date, format_minutes, format_number
from .common import _Tab, _fit, _table, selected_row
from .dialogs import FormDialog
from .exercise_retex import ParticipantsPanel, TimelinePanel, preview_exercise
from .models import Column, RowsModel
from ..kit import messages
from ..theme import DIALOG_RED


def _gap(target, measured) -> str:
    """Measured minus target, « +5 min » over it."""
    if target is None or measured is None:
        return ""
    gap = measured - target
    return ("+" if gap > 0 else "") + format_minutes(gap)


def _over(target, measured):
    return DIALOG_RED if target is not None and measured is not None and measured > target else None


class ExercisesTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self.ex_model = RowsModel([
            Column(N_("Date"), lambda r: format_date(r["held_on"]), lambda r: r["held_on"]),
            Column(N_("Title"), lambda r: r["title"] or ""),
            Column(N_("Scenario"), lambda r: r["scenario_name"] or "—"),
            Column(N_("Kind"), lambda r: _(c.EXERCISE_KIND_LABELS.get(r["kind"], r["kind"]))),
        ], self)
        self.ex_view = _table(self.ex_model, self, sortable=False)
        self.ex_view.setObjectName("exercises_ex_view")
        self.ex_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_exercise())
        self.ex_view.doubleClicked.connect(lambda _i: self.edit_exercise())
        self.step_model = RowsModel([
            Column("#", lambda r: r["position"] or "—"),
            Column(N_("Step"), lambda r: r["title"]),
            Column(N_("Expected"), lambda r: format_minutes(r["expected_minutes"])),
            Column(N_("Measured"), lambda r: format_minutes(r["measured_minutes"])),
            Column(N_("Gap"), lambda r: _gap(r["expected_minutes"], r["measured_minutes"]),
                   foreground=lambda r: _over(r["expected_minutes"], r["measured_minutes"])),
        ], self)
        self.step_view = _table(self.step_model, self, sortable=False)
        self.target_model = RowsModel([
            Column(N_("Against the targets"), lambda t: t.label),
            Column(N_("Target"), lambda t: format_minutes(t.target_minutes)),
            Column(N_("Measured"), lambda t: format_minutes(t.measured_minutes)),
            Column(N_("Gap"), lambda t: _gap(t.target_minutes, t.measured_minutes),
                   foreground=lambda t: _over(t.target_minutes, t.measured_minutes)),
        ], self)
        self.target_view = _table(self.target_model, self, sortable=False)
        self.target_view.setObjectName("exercise_targets_view")
        self.target_view.setMaximumHeight(130)
        self.step_view.setObjectName("exercises_step_view")
        self.step_view.setObjectName("exercise_steps_view")
        self.find_model = RowsModel([
            Column(N_("Kind"), lambda r: _(c.FINDING_KIND_LABELS.get(r["kind"], r["kind"]))),
            Column(N_("Finding"), lambda r: r["finding"]), Column(N_("Action"), lambda r: r["action"] or ""),
            Column(N_("Owner"), lambda r: r["owner"] or ""),
            Column(N_("Due"), lambda r: format_date(r["due_on"]) if r["due_on"] else ""),
            Column(N_("Status"), lambda r: _("done") if r["status"] == "done" else _("open")),
            Column(N_("Action plan"), lambda r: _("followed") if r["diagnostic_action_id"] else ""),
        ], self)
        self.find_view = _table(self.find_model, self, sortable=False)
        self.find_view.setObjectName("exercises_find_view")
        self.find_view.doubleClicked.connect(lambda _i: self.edit_finding())

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.started_at: float | None = None
        self.timed_step: int | None = None
        self.timed_exercise: int | None = None  # the exercise being timed, even if another is selected
        self.clock = QLabel("00:00", self)
        self.clock.setObjectName("exercise_clock")
        self.clock.setProperty("role", "clock")

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
        pbar = QHBoxLayout()
        self.retex_button = QPushButton(_("Print the &RETEX…"), left)
        self.retex_button.setObjectName("print_retex")
        self.retex_button.clicked.connect(lambda: preview_exercise(self))
        sheet = QPushButton(_("Sign-in s&heet…"), left)
        sheet.clicked.connect(lambda: preview_exercise(self, sheet=True))
        pbar.addWidget(self.retex_button)
        pbar.addWidget(sheet)
        lv.addLayout(pbar)

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
        self.parts = QTabWidget(right)
        self.parts.setObjectName("exercise_parts")
        steps_page = QWidget(self.parts)
        sv = QVBoxLayout(steps_page)
        sv.addWidget(timer_box)
        sv.addWidget(self.step_view, 1)
        sv.addWidget(self.target_view)
        self.timeline = TimelinePanel(self)
        self.participants = ParticipantsPanel(self)
        find_page = QWidget(self.parts)
        fv = QVBoxLayout(find_page)
        fv.addWidget(self.find_view, 1)
        fbar = QHBoxLayout()
        for label, slot in ((_("Add a &finding…"), self.add_finding), (_("Edit…"), self.edit_finding),
                            (_("Mark as done"), self.finding_done),
                            (_("Follow in the action plan"), self.follow_finding)):
            b = QPushButton(label, find_page)
            b.clicked.connect(slot)
            fbar.addWidget(b)
        fbar.addStretch(1)
        fv.addLayout(fbar)
        self.parts.addTab(self.timeline, _("Main courante"))
        self.parts.addTab(steps_page, _("Times"))
        self.parts.addTab(self.participants, _("Participants"))
        self.parts.addTab(find_page, _("Findings and actions"))
        rv.addWidget(self.parts, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([400, 840])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def refresh(self) -> None:
        current = selected_row(self.ex_view)
        self.ex_model.set_rows(c.exercises(self.db))
        _fit(self.ex_view, 200)
        rows = self.ex_model.rows
        index = next((i for i, r in enumerate(rows) if current and r["id"] == current["id"]), 0 if rows else -1)
        if index >= 0:
            self.ex_view.setCurrentIndex(self.ex_model.index(index, 0))
        self.show_exercise()

    def current(self) -> dict | None:
        return selected_row(self.ex_view)

    def select_exercise(self, exercise_id: int | None) -> None:
        """Show one exercise (Home's alert, the readiness evidence); the first when not found."""
        rows = self.ex_model.rows
        index = next((i for i, r in enumerate(rows) if r["id"] == exercise_id), 0 if rows else -1)
        if index >= 0:
            self.ex_view.setCurrentIndex(self.ex_model.index(index, 0))
        self.show_exercise()

    def show_exercise(self) -> None:
        ex = self.current()
        keep = self.step_view.currentIndex().row()
        self.step_model.set_rows(c.exercise_steps(self.db, ex["id"]) if ex else [])
        self.find_model.set_rows(c.findings(self.db, ex["id"]) if ex else [])
        self.target_model.set_rows([t for t in c.timings(self.db, ex["id"]) if t.kind != "step"]
                                   if ex else [])
        _fit(self.target_view, 420)
        self.timeline.show_exercise(ex)
        self.participants.show_exercise(ex)
        _fit(self.step_view, 420)
        _fit(self.find_view, 200)
        if keep >= 0 and keep < self.step_model.rowCount():
            self.step_view.selectRow(keep)

    def _exercise_dialog(self, row):
        scen = [(s["id"], s["name"]) for s in c.scenarios(self.db)]
        kinds = [(k, _(v)) for k, v in c.EXERCISE_KIND_LABELS.items()]
        fields = [("title", N_("Title"), "text"), ("held_on", N_("Date"), "date"),
                  ("scenario_id", N_("Scenario"), "choice", scen),
                  ("kind", N_("Kind"), "choice", kinds), ("objectives", N_("Objectives"), "multiline"),
                  ("scenario_text", N_("Scenario as played"), "multiline"),
                  ("notes", N_("Notes"), "multiline")]
        values = dict(row) if row else {"held_on": self.page.today().isoformat()}
        eid = row["id"] if row else None
        dialog = FormDialog(_("Exercise"), fields, values,
                            lambda v: c.save_exercise(self.db, {**values, **v}, eid), self,
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
        if row and messages.ask(self, _("Delete"), _("Delete the exercise of {date}?").format(
                date=format_date(row["held_on"])), default_no=False):
            c.delete_exercise(self.db, row["id"])
            self.refresh()

    # timer ----------------------------------------------------------------------------------
    def _selected_step(self) -> dict | None:
        row = self.step_model.row_at(self.step_view.currentIndex())
        return row if row and row["step_id"] else None

    def start_timer(self) -> None:
        step = self._selected_step()
        if not self.current() or not step:
            messages.tell(self, _("Select an exercise and one of its steps first."),
                          title=_("Step timer"))
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
            messages.tell(self, _("Select an exercise and one of its steps first."),
                          title=_("Step timer"))
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
        fields = [("kind", N_("Kind"), "choice", [(k, _(v)) for k, v in c.FINDING_KIND_LABELS.items()]),
                  ("finding", N_("Finding"), "multiline"), ("action", N_("Action"), "text"),
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
        row = self.find_model.row_at(self.find_view.currentIndex())
        if row:
            self._finding_dialog(row)

    def finding_done(self):
        row = self.find_model.row_at(self.find_view.currentIndex())
        if row:
            c.save_finding(self.db, {**row, "status": "done"}, row["id"])
            self.show_exercise()

    def follow_finding(self):
        row = self.find_model.row_at(self.find_view.currentIndex())
        if not row:
            return
        try:
            c.follow_in_action_plan(self.db, row["id"])
        except UserError as exc:
            self.error(exc)
            return
        self.show_exercise()
        self.page.status(_("The action is followed in the self-diagnostic action plan."))
