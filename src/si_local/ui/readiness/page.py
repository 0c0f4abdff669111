"""The Readiness page (« Conformité »): the list in force and its disclaimer at the top, the
expectations grouped by programme with a coloured status, and the selected one's details: its
source, the evidence (each opens its record as Home opens an alert's), what to do when
missing, Declare… and Withdraw."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
                               QSplitter, QVBoxLayout, QWidget)

from ...core import readiness as r
from ...core.alerts import Alert
from ...core.errors import UserError
from ...core.i18n import N_, _, format_date, ngettext
from ..kit.roles import set_role
from ..kit.table import Column, RowsModel, make_table
from ..pdf_preview import build_and_preview
from ..tasks import runner_for
from ..theme import READINESS_COLOURS
from .dialogs import DeclareDialog, WithdrawDialog
from si_local.core import clock


@dataclass(frozen=True)
class Heading:
    """A programme's row above its expectations (spans the table)."""
    programme: r.Programme

    @property
    def id(self) -> str:
        return "programme:" + self.programme.id


def _status_text(row) -> str:
    return row.programme.title if isinstance(row, Heading) else row.state_label


def _summary(row) -> str:
    if isinstance(row, Heading):
        return ""
    if row.state == r.MET:
        first = row.evidence[0].label
        more = len(row.evidence) - 1
        return first if not more else ngettext("{first} (and {count} other)",
                                               "{first} (and {count} others)", more).format(
            first=first, count=more)
    if row.state == r.DECLARED:
        return r.declaration_line(row.declaration)
    return _("To do: {todo}").format(todo=row.todo)


COLUMNS = [
    Column(N_("Status"), _status_text,
           background=lambda row: READINESS_COLOURS["programme" if isinstance(row, Heading) else row.state]),
    Column(N_("Expectation"), lambda row: "" if isinstance(row, Heading) else row.expectation.wording),
    Column(N_("Evidence or what to do"), _summary),
]


def source_line(expectation: r.Expectation) -> str:
    s = expectation.source
    parts = [s.text]
    if s.reference:
        parts.append(s.reference)
    if s.date:
        parts.append(format_date(s.date))
    text = _("Source: {source}").format(source=", ".join(parts))
    return text + (" — " + _("to confirm") if s.to_confirm else "")


class ReadinessPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = None  # fixed by tests; None means the clock's day
        self.expectations: r.Expectations | None = None
        self.statuses: list[r.Status] = []
        layout = QVBoxLayout(self)
        title = QLabel(_("Readiness"), self)
        title.setProperty("role", "title")
        layout.addWidget(title)
        self.version = QLabel(self)
        self.version.setObjectName("readiness_version")
        self.version.setProperty("role", "hint")
        top = QHBoxLayout()
        top.addWidget(self.version, 1)
        layout.addLayout(top)
        self.disclaimer = QLabel(self)
        self.disclaimer.setObjectName("readiness_disclaimer")
        self.disclaimer.setProperty("role", "warning-box")
        self.disclaimer.setWordWrap(True)
        layout.addWidget(self.disclaimer)
        self.print_button = QPushButton(_("Print the evidence pack…"), self)
        self.print_button.setObjectName("readiness_print_button")
        self.print_button.setToolTip(_("The cover, the index of the expectations with the page of "
                                       "their evidence, then the evidence itself"))
        self.print_button.clicked.connect(self.print_evidence)
        top.addWidget(self.print_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = RowsModel(COLUMNS, self)
        self.table = make_table(self.model, splitter, sortable=False, single=True)
        self.table.setObjectName("readiness_table")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 110)
        header.resizeSection(2, 300)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_detail())
        self.table.doubleClicked.connect(lambda *_a: self.open_first_evidence())
        splitter.addWidget(self.table)
        splitter.addWidget(self._detail_pane(splitter))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def _detail_pane(self, parent) -> QWidget:
        scroll = QScrollArea(parent)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # labels wrap
        pane = QWidget(scroll)
        box = QVBoxLayout(pane)
        self.state = QLabel(pane)
        self.state.setObjectName("readiness_state")
        self.wording = QLabel(pane)
        self.wording.setObjectName("readiness_wording")
        self.wording.setProperty("role", "subtitle")
        self.source = QLabel(pane)
        self.source.setObjectName("readiness_source")
        self.source.setProperty("role", "hint")
        self.text = QLabel(pane)
        self.text.setObjectName("readiness_text")
        for label in (self.wording, self.source, self.text):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence_box = QVBoxLayout()
        buttons = QHBoxLayout()
        self.declare_button = QPushButton(_("Declare…"), pane)
        self.declare_button.setObjectName("readiness_declare_button")
        self.declare_button.clicked.connect(self.declare)
        self.withdraw_button = QPushButton(_("Withdraw"), pane)
        self.withdraw_button.setObjectName("readiness_withdraw_button")
        self.withdraw_button.clicked.connect(self.withdraw)
        buttons.addWidget(self.declare_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state)
        state_row.addStretch(1)
        box.addLayout(state_row)
        for widget in (self.wording, self.source, self.text):
            box.addWidget(widget)
        box.addLayout(self.evidence_box)
        box.addLayout(buttons)
        box.addStretch(1)
        scroll.setWidget(pane)
        self.pane = pane
        return scroll

    # --- data ----------------------------------------------------------------------------------
    def _today(self):
        return self.today or clock.today()

    def refresh(self) -> None:
        current = self.current_status()
        try:
            self.expectations = r.load(self.ctx.db)
            self.statuses = r.evaluate(self.ctx.db, self._today(), self.expectations)
        except UserError as exc:
            self.version.setText(str(exc))
            self.statuses = []
            self.model.set_rows([])
            return
        self.version.setText(f"{self.expectations.title} — {r.version_line(self.expectations)}")
        self.disclaimer.setText(self.expectations.disclaimer)
        rows: list = []
        for programme in self.expectations.programmes:
            rows.append(Heading(programme))
            rows.extend(s for s in self.statuses if s.programme.id == programme.id)
        self.model.set_rows(rows)
        self.table.clearSpans()
        for n, row in enumerate(rows):
            if isinstance(row, Heading):
                self.table.setSpan(n, 0, 1, len(COLUMNS))
        self.table.resizeRowsToContents()
        self.select(current.id if current else self.statuses[0].id)

    def select(self, expectation_id: str) -> None:
        for n, row in enumerate(self.model.rows):
            if not isinstance(row, Heading) and row.id == expectation_id:
                self.table.setCurrentIndex(self.model.index(n, 0))
                break
        self.show_detail()

    def current_status(self) -> r.Status | None:
        index = self.table.currentIndex()
        row = self.model.rows[index.row()] if index.isValid() else None
        return row if isinstance(row, r.Status) else None

    # --- the selected expectation ---------------------------------------------------------------
    def show_detail(self) -> None:
        status = self.current_status()
        while self.evidence_box.count():
            widget = self.evidence_box.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # gone at once (findChild no longer sees it)
                widget.deleteLater()
        self.pane.setVisible(status is not None)
        if status is None:
            return
        self.state.setText(status.state_label)
        set_role(self.state, f"readiness-{status.state}")
        self.wording.setText(status.expectation.wording)
        self.source.setText(f"{status.programme.title}\n{source_line(status.expectation)}")
        if status.state == r.MET:
            self.text.setText(_("Proved by:"))
            for n, evidence in enumerate(status.evidence):
                self.evidence_box.addWidget(self._evidence_button(n, evidence))
        elif status.state == r.DECLARED:
            self.text.setText(r.declaration_line(status.declaration))
        else:
            self.text.setText("\n".join(x for x in (
                status.detail, _("To do: {todo}").format(todo=status.todo)) if x))
        writable = not self.ctx.read_only
        self.declare_button.setVisible(status.state != r.MET)
        self.declare_button.setEnabled(writable and status.state == r.MISSING)
        self.withdraw_button.setVisible(status.state == r.DECLARED)
        self.withdraw_button.setEnabled(writable)

    def _evidence_button(self, n: int, evidence: r.Evidence) -> QLabel:
        """A link that wraps (a long label stays whole in the narrow pane); a click, or Tab then
        Enter, opens the record."""
        text = evidence.label
        if evidence.date:
            text += f" ({format_date(evidence.date)})"
        link = QLabel(f'<a href="open">{html.escape(text)}</a>', self.pane)
        link.setObjectName(f"readiness_evidence_{n}")
        link.setToolTip(_("Open this record"))
        link.setWordWrap(True)
        link.setTextFormat(Qt.TextFormat.RichText)
        link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        link.linkActivated.connect(lambda _href, e=evidence: self.open_evidence(e))
        return link

    def open_evidence(self, evidence: r.Evidence):
        """Open the record that proves an expectation, as Home opens an alert's."""
        from ..pages.home import open_alert

        return open_alert(self.window(), Alert("low", evidence.area, evidence.label, evidence.kind,
                                               evidence.record_id))

    def open_first_evidence(self):
        status = self.current_status()
        if status is not None and status.evidence:
            return self.open_evidence(status.evidence[0])
        return None

    def open_alert(self, alert) -> QWidget:
        """Home opens a readiness alert here: the expectation it names, if one."""
        for status in self.statuses:
            if status.expectation.wording in alert.message:
                self.select(status.id)
                break
        return self

    # --- the evidence pack ---------------------------------------------------------------------
    def print_evidence(self):
        """Build the evidence pack off the GUI thread (its own read-only connection) and open
        the preview, as the other print buttons do."""
        db_path = self.ctx.db_path
        today = self._today()

        def build(path: Path) -> int:
            from ...core.db import read_only_call
            from ...core.reports.evidence import print_evidence

            return read_only_call(db_path, print_evidence, path, today)

        self.print_button.setEnabled(False)
        return build_and_preview(runner_for(self.ctx), self, build, "dossier-de-preuves.pdf",
                                 on_end=lambda: self.print_button.setEnabled(True))

    # --- declarations ---------------------------------------------------------------------------
    def declare(self) -> None:
        status = self.current_status()
        if status is None or self.ctx.read_only:
            return
        dialog = DeclareDialog(self.ctx.db, self.expectations, status, self._today(), self)
        if dialog.exec():
            self.refresh()

    def withdraw(self) -> None:
        status = self.current_status()
        if status is None or self.ctx.read_only:
            return
        dialog = WithdrawDialog(self.ctx.db, self.expectations, status, self._today(), self)
        if dialog.exec():
            self.refresh()


def create_page(ctx, parent=None) -> ReadinessPage:
    page = ReadinessPage(ctx, parent)
    page.refresh()
    return page
