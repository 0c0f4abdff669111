"""The Critical activities tab: what the facility must keep doing, and how fast."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from ...core import continuity as c
from ...core.i18n import N_, _, format_hours
from ...core.summary import records_by_name
from .common import _fit, _list, _Tab, selected_row
from .dialogs import FormDialog
from .models import Column, RowsModel
from ..kit import messages


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
        self.list = _list(self, self.model, _("&Add an activity…"))
        self.view = self.list.view
        QVBoxLayout(self).addWidget(self.list)

    def refresh(self) -> None:
        self.model.set_rows(c.activities(self.db))
        _fit(self.view, 260)

    def _dialog(self, row):
        apps = [(r["id"], r["name"]) for r in records_by_name(self.db, "application")]
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
        row = selected_row(self.view)
        if row:
            self._dialog(row)

    def delete(self):
        row = selected_row(self.view)
        if row and messages.ask(self, _("Delete"), _("Delete the activity {name}?").format(
                name=row["name"]), default_no=False):
            c.delete_activity(self.db, row["id"])
            self.refresh()
