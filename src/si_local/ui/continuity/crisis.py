"""The Crisis cell tab: its members in order (who is called first)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from ...core import continuity as c
from ...core.i18n import N_, _
from ...core.summary import records_by_name
from .common import _fit, _list, _Tab, selected_row
from .dialogs import FormDialog
from .models import Column, RowsModel
from ..kit import messages


class CrisisTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self.model = RowsModel([
            Column(N_("Role"), lambda r: r["role"]),
            Column(N_("Holder"), lambda r: r["contact_name"] or "—"),
            Column(N_("Phones"), lambda r: " / ".join(x for x in (r["phone"], r["mobile"]) if x)),
            Column(N_("Stand-in"), lambda r: r["standin_name"] or "—"),
            Column(N_("Stand-in phones"), lambda r: " / ".join(x for x in (r["standin_phone"], r["standin_mobile"]) if x)),
            Column(N_("Calls"), lambda r: r["calls"] or ""),
        ], self)
        self.list = _list(self, self.model, _("&Add a role…"), sortable=False,
                          extra=[(_("Move up"), lambda: self.move(-1), True),
                                 (_("Move down"), lambda: self.move(1), True)])
        self.view = self.list.view
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The crisis cell comes from the contacts of the registry; the "
                                  "order is the call tree."), self))
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        self.model.set_rows(c.crisis_roles(self.db))
        _fit(self.view, 260)

    def move(self, delta: int) -> None:
        row = selected_row(self.view)
        if row:
            index = c.move_crisis_role(self.db, row["id"], delta)
            self.refresh()
            self.view.selectRow(index)

    def _dialog(self, row: dict | None) -> None:
        contacts = [(None, "—")] + [(r["id"], f"{r['name']} ({r['role'] or ''})") for r in
                                    records_by_name(self.db, "contact", "role")]
        fields = [("role", N_("Role"), "text"), ("contact_id", N_("Holder"), "choice", contacts),
                  ("standin_contact_id", N_("Stand-in"), "choice", contacts),
                  ("calls", N_("Calls"), "text"), ("duties", N_("Duties"), "multiline")]
        rid = row["id"] if row else None
        dialog = FormDialog(_("Crisis cell role"), fields, row,
                            lambda v: c.save_crisis_role(self.db, v, rid), self,
                            limits=c.TEXT_COLUMNS["continuity_crisis_role"])
        if dialog.exec():
            self.refresh()

    def add(self) -> None:
        self._dialog(None)

    def edit(self) -> None:
        row = selected_row(self.view)
        if row:
            self._dialog(row)

    def delete(self) -> None:
        row = selected_row(self.view)
        if row and messages.ask(self, _("Delete"), _("Delete the role {name}?").format(
                name=row["role"]), default_no=False):
            c.delete_crisis_role(self.db, row["id"])
            self.refresh()
