"""The Incidents page: the register (the latest version of each incident), the selected one's
deadlines, what it touched and its history of corrections; « Nouvel incident… », « Corriger… »,
the NIS2 setting and the printed documents (declaration, blank form, yearly summary)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSizePolicy,
                               QSplitter,
                               QVBoxLayout, QWidget)

from ...core import clock
from ...core import incidents as inc
from ...core.errors import UserError
from ...core.i18n import N_, _, format_datetime
from ..kit import messages
from ..kit.roles import set_role
from ..kit.table import Column, RowsModel, make_table, select_id, selected_row
from ..pdf_preview import build_and_preview
from ..tasks import runner_for
from .dialogs import IncidentDialog

COLUMNS = [
    Column(N_("No."), lambda i: i.number, sort=lambda i: i.number),
    Column(N_("Incident"), lambda i: i.entry["title"]),
    Column(N_("Detected at"), lambda i: inc.show_moment(i.entry["detected_at"]),
           sort=lambda i: i.entry["detected_at"]),
    Column(N_("Declaration"), lambda i: inc.label(inc.DECLARATIONS, i.entry["declaration"])),
]


class IncidentsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("page_incidents")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(_("Incident register"), self)
        set_role(title, "title")
        layout.addWidget(title)
        bar = QHBoxLayout()
        self.add_button = self._button(bar, "incident_add", _("New incident…"), self.add)
        self.correct_button = self._button(bar, "incident_correct", _("Correct…"), self.correct)
        self.print_button = self._button(bar, "incident_print", _("Print the declaration"),
                                         self.print_declaration)
        self._button(bar, "incident_blank", _("Blank form"), self.print_blank)
        self._button(bar, "incident_year", _("Yearly summary"), self.print_year)
        bar.addStretch(1)
        self.nis2 = QCheckBox(_("In the scope of NIS2"), self)
        self.nis2.setObjectName("incident_nis2")
        self.nis2.toggled.connect(self.set_scope)
        bar.addWidget(self.nis2)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = RowsModel(COLUMNS, self, row_id=lambda i: i.number)
        self.table = make_table(self.model, splitter, single=True, stretch_last=False,
                                resize=QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setObjectName("incident_table")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_selected())
        self.details = QLabel(splitter)
        self.details.setObjectName("incident_details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # the details' long lines wrap: they must not take the width the titles need
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.table.setMinimumWidth(620)  # the titles, at 1366×768
        layout.addWidget(splitter, 1)
        self.refresh()

    def _button(self, bar, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda *_a: slot())
        bar.addWidget(button)
        return button

    def refresh(self) -> None:
        self.rows = inc.incidents(self.ctx.db)
        self.model.set_rows(self.rows)
        self.nis2.blockSignals(True)
        self.nis2.setChecked(inc.nis2_in_scope(self.ctx.db))
        self.nis2.blockSignals(False)
        read_only = bool(getattr(self.ctx, "read_only", False))
        for widget in (self.add_button, self.correct_button, self.nis2):
            widget.setEnabled(not read_only)
        if self.rows and selected_row(self.table) is None:
            self.table.selectRow(0)
        self.show_selected()

    def open_alert(self, alert) -> "IncidentsPage":
        """Home's deadline alert or a readiness evidence naming an incident (its number) shows
        that incident."""
        if alert.record_id is not None:
            select_id(self.table, alert.record_id)
            self.show_selected()
        return self

    def selected(self) -> inc.Incident | None:
        return selected_row(self.table)

    def show_selected(self) -> None:
        found = self.selected()
        self.correct_button.setEnabled(found is not None and not getattr(self.ctx, "read_only", False))
        self.print_button.setEnabled(found is not None)
        self.details.setText(details_text(self.ctx.db, found) if found else _("No incident recorded."))

    def add(self) -> None:
        dialog = IncidentDialog(self.ctx.db, self)
        if dialog.exec():
            self.refresh()

    def correct(self) -> None:
        found = self.selected()
        if found is None:
            return
        dialog = IncidentDialog(self.ctx.db, self, found.entry, found.links)
        if dialog.exec():
            self.refresh()

    def set_scope(self, checked: bool) -> None:
        try:
            inc.set_nis2_scope(self.ctx.db, checked)
        except UserError as exc:
            messages.error(self, exc)
        self.refresh()

    def _print(self, build, name: str) -> None:
        build_and_preview(runner_for(self.ctx), self, build, name)

    def print_declaration(self) -> None:
        from ...core.reports.declaration import print_declaration

        found = self.selected()
        if found is not None:
            self._print(lambda path: print_declaration(self.ctx.db, path, found.number, clock.today()),
                        f"declaration-incident-{found.number}.pdf")

    def print_blank(self) -> None:
        from ...core.reports.declaration import print_blank_declaration

        self._print(lambda path: print_blank_declaration(path, clock.today()), "declaration-vierge.pdf")

    def print_year(self) -> None:
        from ...core.reports.incidents import print_incidents_year

        year = clock.today().year
        self._print(lambda path: print_incidents_year(self.ctx.db, path, year, clock.today()),
                    f"incidents-{year}.pdf")


def details_text(db, found: inc.Incident) -> str:
    e = found.entry
    lines = [_("Incident {number}: {title}").format(number=found.number, title=e["title"])]
    if e["ended_at"]:
        lines.append(_("From {start} to {end}").format(
            start=inc.show_moment(e["started_at"] or e["detected_at"]), end=inc.show_moment(e["ended_at"])))
    lines.append("")
    lines.append(_("Deadlines:"))
    try:
        states = inc.states(e, inc.load_deadlines(), inc.nis2_in_scope(db), clock.now())
    except UserError as exc:
        states, lines = [], lines + [str(exc)]
    for st in states:
        lines.append(f"  • {st.deadline.label} : {st.due_label} — {st.state_label}")
    if not states:
        lines.append("  " + _("none"))
    lines += ["", _("What it touched:")]
    lines += [f"  • {inc.label(inc.LINK_KINDS, link.kind)} : {link.name}" for link in found.links] or ["  " + _("none")]
    lines += ["", _("History of corrections:")]
    for entry in [e] + found.history:
        note = f" — {entry['correction_note']}" if entry["correction_note"] else ""
        lines.append(f"  • {format_datetime(entry['recorded_at'])} ({entry['recorded_by'] or '?'}){note}")
    return "\n".join(lines)


def create_page(ctx, parent=None) -> IncidentsPage:
    return IncidentsPage(ctx, parent)
