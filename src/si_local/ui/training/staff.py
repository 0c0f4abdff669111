"""The Training page's Staff tab: the people, their unit and profile, and the import of the staff
list."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core import training as t
from ...core.i18n import N_, _
from ..kit import messages
from .common import TABS, button, selected_ids, table_view
from .dialogs import ImportStaffDialog, StaffDialog
from .models import Column, RowsModel, proxy_for


class StaffTabMixin:
    """The Staff tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

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
        certificate = button(_("Certificate…"), self.ask_certificate_of_staff,
                             tip=_("The training certificate of the selected person: every "
                                   "session they were present at"))
        certificate.setObjectName("staff_certificate")
        buttons.addWidget(certificate)
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
        answer = messages.ask(self, _("Delete"), _(
            "Delete {count} person(s) from the staff list, with their sessions and attendance? To "
            "keep the history of someone who left, untick « Active » instead.").format(count=len(ids)),
            default_no=False)
        if answer:
            for staff_id in ids:
                self._guard(lambda s=staff_id: t.delete_staff(self.db, s))
            self.refresh()

    def import_staff(self) -> None:
        ImportStaffDialog(self.ctx, self, runner=self.run_task).exec()
        self.refresh()

    def ask_certificate_of_staff(self) -> None:
        """« Attestation… » of the staff tab: every session the selected person was present at."""
        ids = selected_ids(self.staff_view)
        if len(ids) != 1:
            self.error(_("Choose one person in the list first."))
            return
        self.ask_certificate(ids[0], None)
