"""The Training page, for the nurse executive who runs the roll-out: what to do next, units and
référents, staff, modules, sessions with attendance, coverage and readiness, printed documents.

Every action calls :mod:`si_local.core.training`; printing runs off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import training as t
from ...core.errors import UserError, ValidationError
from ...core.i18n import _, format_date, format_percent, ngettext
from ..tasks import runner_for
from .common import TABS, select_id
from .coverage import CoverageTabMixin
from .modules import ModulesTabMixin
from .sessions import SessionsTabMixin
from .staff import StaffTabMixin
from .todo import TodoTabMixin
from .units import UnitsTabMixin
from ..kit import messages
from si_local.core import clock


class TrainingPage(TodoTabMixin, UnitsTabMixin, StaffTabMixin, ModulesTabMixin, SessionsTabMixin,
                   CoverageTabMixin, QWidget):
    """The page: its header, the tabs (each built by its mixin, in the order of ``TABS``), the
    refresh of them all, and the Print… menu."""

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
        messages.warn(self, message, title=_("Training"))

    def _guard(self, work):
        try:
            return work()
        except ValidationError as exc:  # the messages name their field (« Commentaire : … »)
            self.error("\n".join(exc.errors.values()))
            return None
        except UserError as exc:
            self.error(str(exc))
            return None


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
            parts.append(ngettext("Go-live on {date} (in {days} day).", "Go-live on {date} (in {days} days).",
                                  days).format(
                date=format_date(settings["go_live_date"]), days=days) if days >= 0 else
                _("Went live on {date}.").format(date=format_date(settings["go_live_date"])))
        if overall.needed:
            parts.append(ngettext("{ratio} of the trainings done; {ready} unit out of {units} ready "
                                  "(target {target} %).",
                                  "{ratio} of the trainings done; {ready} units out of {units} ready "
                                  "(target {target} %).", ready_units).format(
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
        active = sum(1 for r in self.staff_model.rows if r["active"])
        self.staff_count.setText(ngettext("{count} active person", "{count} active people", active).format(
            count=active))
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

    def ask_certificate(self, staff_id: int, session_id: int | None) -> None:
        """The training certificate of a person (one session, or every session attended):
        refused at once, with the reason, for a person not marked present."""
        found = self._guard(lambda: t.certificate_sessions(self.db, staff_id, session_id))
        if found is None:
            return
        name = t.person_name(found[0])
        path = self._ask_path(_("Training certificate {name}").format(name=name) + ".pdf",
                              _("PDF documents (*.pdf)"))
        if not path:
            return
        from ...core.reports.training_certificate import print_certificate

        today = self.today
        self.run_task(lambda db: print_certificate(db, path, staff_id, session_id, today),
                      lambda _pages: self.show_pdf(path))

    def ask_export_ics(self) -> None:
        path = self._ask_path(_("Training sessions") + ".ics", _("Calendars (*.ics)"))
        if path:
            count = self._guard(lambda: t.export_ics(self.db, path))
            if count is not None:
                messages.tell(self, ngettext(
                    "{count} session written to {path}. Open this file with your calendar "
                    "(Outlook, Thunderbird…) to add it.",
                    "{count} sessions written to {path}. Open this file with your calendar "
                    "(Outlook, Thunderbird…) to add them.", count).format(count=count, path=path),
                    title=_("Calendar"))


def create_page(ctx, parent=None) -> QWidget:
    return TrainingPage(ctx, parent)
