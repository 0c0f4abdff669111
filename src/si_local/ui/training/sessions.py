"""The Training page's Sessions and attendance tab: sessions, the people invited, attendance and
the evaluation per person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core import training as t
from ...core.i18n import N_, _, ngettext
from ..kit import messages
from ..number_field import IntField
from ..kit.table import make_table
from .common import TABS, button, select_id, selected_ids
from .dialogs import AddPeopleDialog, SessionDialog
from .models import GOOD, MIDDLE, Column, RowsModel, ratio_colour
from .repeat import NewSessionDialog


class SessionsTabMixin:
    """The Sessions and attendance tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

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
        ], self)  # the room is in the detail beside the list: four columns fit at 1366×768
        self.session_view = make_table(self.session_model, splitter, stretch_last=False)
        self.session_view.setObjectName("session_view")
        header = self.session_view.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # the module takes what is left, cut with « … » (whole in its tooltip and in the detail)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.session_view.setMinimumWidth(420)
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
        self.session_warnings.setProperty("role", "warning-box")
        self.session_warnings.setObjectName("session_warnings")
        layout.addWidget(self.session_warnings)
        row = QHBoxLayout()
        row.addWidget(button(_("Add people…"), self.add_people, "Ctrl+Shift+A",
                             _("Proposes the people who still need this module")))
        row.addWidget(button(_("Remove from the session"), self.remove_people))
        certificate = button(_("Certificate…"), self.ask_certificate_of_participant,
                             tip=_("The training certificate of the selected person (present only)"))
        certificate.setObjectName("session_certificate")
        row.addWidget(certificate)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()  # two rows: at 1366 pixels one row is cut
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
        self.participant_view = make_table(self.participant_model, detail)
        self.participant_view.setObjectName("participant_view")
        self.participant_view.selectionModel().selectionChanged.connect(
            lambda *_a: self.load_evaluation())
        layout.addWidget(self.participant_view, 1)
        marks = QFrame(detail)
        marks_layout = QHBoxLayout(marks)
        marks_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Who came? Select people, then:")))
        self.attendance_buttons: dict[str, QPushButton] = {}
        for status, key in (("present", "P"), ("absent", "A"), ("excused", "E")):
            b = QPushButton(_("{label} ({key})").format(label=t.label(t.ATTENDANCE, status), key=key))
            b.setMinimumHeight(44)
            b.setMinimumWidth(120)
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
        self.evaluation.setMinimumWidth(self.evaluation.fontMetrics().horizontalAdvance(_("none")) + 48)
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
        return ngettext("{count} person present", "{count} people present", s["present"]).format(
            count=s["present"])

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
        places = (ngettext("{count} booking for {capacity}", "{count} bookings for {capacity}", len(people)).format(
            count=len(people), capacity=ngettext("{count} place", "{count} places", s["capacity"]).format(
                count=s["capacity"]))
                  if s["capacity"] else ngettext("{count} booking", "{count} bookings", len(people)).format(
                      count=len(people)))
        self.session_info.setText(_("Room: {room}. Trainer: {trainer}. {places}.").format(
            room=s["room"] or "—", trainer=trainer, places=places))
        warnings = t.session_warnings(self.db, sid)
        self.session_warnings.setVisible(bool(warnings))
        self.session_warnings.setText("\n".join("⚠ " + w.message for w in warnings))
        self.participant_model.set_rows([dict(p, id=p["staff_id"]) for p in people])
        self.participant_view.resizeColumnsToContents()

    def new_session(self) -> None:
        self.show_tab("sessions")
        dialog = NewSessionDialog(self.ctx, self)
        if dialog.exec():
            self.session_filter.setCurrentIndex(2)
            self.refresh()
            select_id(self.session_view, dialog.record_id)
            if dialog.repeated is not None:
                self.tell_repeated(dialog.repeated)
            elif messages.ask(self, _("New session"), _(
                    "Session created. Add the proposed people now?"), default_no=False):
                self.add_people()

    def tell_repeated(self, made: t.RepeatedSessions) -> None:
        """« 6 sessions créées. », then the booking warnings of each session, if any."""
        lines = [made.summary()]
        for session_id, warnings in made.warnings.items():
            when = t.when(t.get_session(self.db, session_id))
            lines += [_("{when}: {message}").format(when=when, message=w.message) for w in warnings]
        messages.tell(self, "\n".join(lines), title=_("New session"))

    def ask_certificate_of_participant(self) -> None:
        """« Attestation… » of the session tab: the selected participant, this session."""
        sid = self.current_session()
        ids = selected_ids(self.participant_view)
        if sid is None or len(ids) != 1:
            self.error(_("Choose one person in the list of the session first."))
            return
        self.ask_certificate(ids[0], sid)

    def edit_session(self) -> None:
        sid = self.current_session()
        if sid is not None and SessionDialog(self.ctx, sid, self).exec():
            self.refresh()

    def delete_session(self) -> None:
        sid = self.current_session()
        if sid is None:
            return
        answer = messages.ask(self, _("Delete the session"), _(
            "Delete this session with its list of participants and their attendance?"),
            default_no=False)
        if answer:
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
        ids = [r["staff_id"] for r in self.participant_model.rows if r["attendance"] == "pending"]
        if not ids:
            ids = [r["staff_id"] for r in self.participant_model.rows]
        self.mark("present", ids)

    def load_evaluation(self) -> None:
        """Show the mark and comment of the one person selected (cleared for several people)."""
        ids = selected_ids(self.participant_view)
        row = next((r for r in self.participant_model.rows if r["staff_id"] == ids[0]), None) \
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
        current = {r["staff_id"]: r["attendance"] for r in self.participant_model.rows}
        self._guard(lambda: t.record_attendance(self.db, sid, {i: current[i] for i in ids},
                                                {i: (score, comment) for i in ids}, today=self.today))
        self.refresh_session_detail()
