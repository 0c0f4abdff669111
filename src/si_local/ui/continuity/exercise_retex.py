"""The parts of the Exercises tab that make its lessons-learned report (RETEX): participants,
the main courante (a line typed and Enter: stamped now; « D » or « ! » a decision, « I » an
inject), and printing the RETEX or the participants' sign-in sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...core import continuity as c
from ...core.errors import UserError
from ...core.i18n import N_, _, format_datetime
from ..kit import messages
from ..pdf_preview import build_and_preview
from ..tasks import runner_for
from .common import _fit, _table
from .dialogs import FormDialog
from .models import Column, RowsModel


def _buttons(parent, layout, pairs) -> None:
    bar = QHBoxLayout()
    for label, slot in pairs:
        b = QPushButton(label, parent)
        b.clicked.connect(slot)
        bar.addWidget(b)
    bar.addStretch(1)
    layout.addLayout(bar)


class ParticipantsPanel(QWidget):
    """The exercise's participants: a table, Add / Edit / Delete."""

    def __init__(self, tab):
        super().__init__(tab)
        self.tab = tab
        self.model = RowsModel([
            Column(N_("Name"), lambda r: r["name"]), Column(N_("Role"), lambda r: r["role"] or ""),
            Column(N_("Unit or organisation"), lambda r: r["organisation"] or ""),
            Column(N_("Crisis cell role"), lambda r: r["crisis_role"] or ""),
        ], self)
        self.view = _table(self.model, self, sortable=False)
        self.view.setObjectName("exercise_participants_view")
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        _buttons(self, layout, ((_("Add a &participant…"), self.add), (_("Edit…"), self.edit),
                                (_("Delete"), self.delete)))

    def show_exercise(self, ex: dict | None) -> None:
        self.model.set_rows(c.participants(self.tab.db, ex["id"]) if ex else [])
        _fit(self.view, 260)

    def _dialog(self, row: dict | None) -> None:
        ex = self.tab.current()
        if not ex:
            return
        db = self.tab.db
        fields = [("name", N_("Name"), "text"), ("role", N_("Role"), "text"),
                  ("organisation", N_("Unit or organisation"), "text"),
                  ("staff_id", N_("Staff member"), "choice", [(None, "—"), *c.staff_choices(db)]),
                  ("crisis_role_id", N_("Crisis cell role"), "choice",
                   [(None, "—"), *c.crisis_role_choices(db)])]
        pid = row["id"] if row else None
        if FormDialog(_("Participant"), fields, row, lambda v: c.save_participant(db, ex["id"], v, pid),
                      self, limits=c.TEXT_COLUMNS["continuity_exercise_participant"]).exec():
            self.show_exercise(ex)

    def add(self) -> None:
        self._dialog(None)

    def edit(self) -> None:
        row = self.model.row_at(self.view.currentIndex())
        if row:
            self._dialog(row)

    def delete(self) -> None:
        row = self.model.row_at(self.view.currentIndex())
        if row and messages.ask(self, _("Delete"), _("Remove {name} from the participants?")
                                .format(name=row["name"]), default_no=False):
            c.delete_participant(self.tab.db, row["id"])
            self.show_exercise(self.tab.current())


class TimelinePanel(QWidget):
    """The main courante: a line to type (Enter records it, stamped now) over the table of lines;
    a line's time, kind, who and why are corrected with Edit."""

    def __init__(self, tab):
        super().__init__(tab)
        self.tab = tab
        self.entry = QLineEdit(self)
        self.entry.setObjectName("timeline_entry")
        self.entry.setPlaceholderText(_("Type a line and press Enter: « D » or « ! » a decision, "
                                        "« I » an inject"))
        self.entry.returnPressed.connect(self.record)
        hint = QLabel(_("A decision may name who decided before « : » and why after « | »: "
                        "« D Dr Martin : couper le réseau | pour isoler le virus »."), self)
        hint.setWordWrap(True)
        self.model = RowsModel([
            Column(N_("Time"), lambda r: format_datetime(r["at"])[-5:], lambda r: r["at"]),
            Column(N_("Kind"), lambda r: _(c.EVENT_KIND_LABELS.get(r["kind"], r["kind"]))),
            Column(N_("Text"), lambda r: r["text"]), Column(N_("Who"), lambda r: r["who"] or ""),
            Column(N_("Why"), lambda r: r["why"] or ""),
        ], self)
        self.view = _table(self.model, self, sortable=False)
        self.view.setObjectName("exercise_timeline_view")
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        _buttons(self, layout, ((_("Correct the line…"), self.edit), (_("Delete"), self.delete)))

    def show_exercise(self, ex: dict | None) -> None:
        self.model.set_rows(c.timeline(self.tab.db, ex["id"]) if ex else [])
        _fit(self.view, 230)
        self.view.scrollToBottom()

    def record(self) -> None:
        ex = self.tab.current()
        text = self.entry.text()
        if not ex or not text.strip():
            return
        try:
            c.record_line(self.tab.db, ex["id"], text)
        except UserError as exc:
            self.tab.error(exc)
            return
        self.entry.clear()
        self.show_exercise(ex)

    def edit(self) -> None:
        ex = self.tab.current()
        row = self.model.row_at(self.view.currentIndex())
        if not ex or not row:
            return
        kinds = [(k, _(v)) for k, v in c.EVENT_KIND_LABELS.items()]
        fields = [("at", N_("Time"), "text"), ("kind", N_("Kind"), "choice", kinds),
                  ("text", N_("Text"), "multiline"), ("who", N_("Who"), "text"),
                  ("why", N_("Why"), "multiline")]
        values = {**row, "at": format_datetime(row["at"])}
        if FormDialog(_("Timeline line"), fields, values,
                      lambda v: c.save_event(self.tab.db, ex["id"], v, row["id"]), self,
                      limits=c.TEXT_COLUMNS["continuity_exercise_event"]).exec():
            self.show_exercise(ex)

    def delete(self) -> None:
        row = self.model.row_at(self.view.currentIndex())
        if row and messages.ask(self, _("Delete"), _("Delete this line of the main courante?"),
                                default_no=False):
            c.delete_event(self.tab.db, row["id"])
            self.show_exercise(self.tab.current())


def preview_exercise(tab, sheet: bool = False, *, show: bool = True):
    """Build the selected exercise's RETEX (or its sign-in sheet) off the GUI thread, then preview."""
    ex = tab.current()
    if not ex:
        messages.tell(tab, _("Select an exercise first."), title=_("Exercises"))
        return None
    db_path, today, exercise_id = tab.page.ctx.db_path, tab.page.today(), ex["id"]

    def build(path: Path) -> int:
        from ...core.db import open_database
        from ...core.reports.exercise import print_exercise, print_exercise_sheet

        db = open_database(db_path, create=False, read_only=True)
        try:
            return (print_exercise_sheet if sheet else print_exercise)(db, path, exercise_id, today)
        finally:
            db.close()

    name = "emargement-exercice.pdf" if sheet else "retex-exercice.pdf"
    return build_and_preview(runner_for(tab.page.ctx), tab, build, name, show=show)
