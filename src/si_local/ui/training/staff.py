"""The Training page's Staff tab: the people, their unit and profile, and the import of the staff
list."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ...core import training as t
from ...core.i18n import N_, _, ngettext
from ..kit import messages
from .common import TABS, list_tab, selected_ids
from .dialogs import StaffDialog
from .models import Column, RowsModel
from .staff_import import StaffImportDialog, save_staff_template


class StaffTabMixin:
    """The Staff tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

    def _build_staff(self) -> None:
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
        page = list_tab(self, self.staff_model, (_("New person"), self.new_staff),
                        (_("Edit"), self.edit_staff), (_("Delete"), self.delete_staff),
                        extra=[(_("Import a list (CSV)…"), self.import_staff, False),
                               (_("List to fill in…"), lambda: self.save_staff_template(), False),
                               (_("Certificate…"), self.ask_certificate_of_staff, True)],
                        search=_("Search a name, a unit, a profile…"))
        self.staff_search = page.search
        self.staff_count = QLabel()
        page.top.addWidget(self.staff_count)
        self.staff_view = page.view
        self.staff_proxy = self.staff_view.model()
        certificate = page.buttons[_("Certificate…")]
        certificate.setObjectName("staff_certificate")
        certificate.setToolTip(_("The training certificate of the selected person: every "
                                 "session they were present at"))
        page.buttons[_("List to fill in…")].setToolTip(
            _("Save the staff list to fill in, as a spreadsheet (.ods) or a CSV file"))
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
        answer = messages.ask(self, _("Delete"), ngettext(
            "Delete {count} person from the staff list, with their sessions and attendance? To "
            "keep the history of someone who left, untick « Active » instead.",
            "Delete {count} people from the staff list, with their sessions and attendance? To "
            "keep the history of someone who left, untick « Active » instead.", len(ids)).format(count=len(ids)),
            default_no=False)
        if answer:
            for staff_id in ids:
                self._guard(lambda s=staff_id: t.delete_staff(self.db, s))
            self.refresh()

    def import_staff(self) -> None:
        StaffImportDialog(self.ctx, self, runner=self.run_task).exec()
        self.refresh()

    def save_staff_template(self, path=None):
        """Write the list to fill in (``path``, else asked for) and say where."""
        written = save_staff_template(self, path)
        if written is not None:
            messages.tell(self, _("Blank list written to {path}: fill it in, then import it.")
                          .format(path=written), title=_("Staff"))
        return written
    def ask_certificate_of_staff(self) -> None:
        """« Attestation… » of the staff tab: every session the selected person was present at."""
        ids = selected_ids(self.staff_view)
        if len(ids) != 1:
            self.error(_("Choose one person in the list first."))
            return
        self.ask_certificate(ids[0], None)
