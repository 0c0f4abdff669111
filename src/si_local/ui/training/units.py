"""The Training page's Units and référents tab: the units, and each unit's référents with their
date and mission."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core import training as t
from ...core.i18n import N_, _, format_date, ngettext
from ..kit import messages
from ..kit.table import make_table
from .common import TABS, button, select_id, selected_ids
from .dialogs import ReferentDialog, UnitDialog
from .models import GOOD, MIDDLE, Column, RowsModel


class UnitsTabMixin:
    """The Units and référents tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

    def _build_units(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.unit_model = RowsModel([
            Column(N_("Unit"), lambda r: r["name"]),
            Column(N_("Site"), lambda r: r.get("site_name") or ""),
            Column(N_("Kind"), lambda r: t.label(t.UNIT_KINDS, r["kind"])),
            Column(N_("Manager"), lambda r: r.get("manager_name") or ""),
            Column(N_("People"), lambda r: r["staff_count"], sort=lambda r: r["staff_count"]),
            Column(N_("Référents"), lambda r: ", ".join(r["referents"]) or _("none — to name"),
                   background=lambda r: None if r["referents"] else MIDDLE),
        ], self)
        self.unit_view = make_table(self.unit_model, page)
        self.unit_view.doubleClicked.connect(lambda _i: self.edit_unit())
        self.unit_view.selectionModel().selectionChanged.connect(lambda *_a: self.refresh_referents())
        layout.addWidget(self.unit_view, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("New unit"), self.new_unit))
        buttons.addWidget(button(_("Edit"), self.edit_unit))
        buttons.addWidget(button(_("Delete"), self.delete_unit))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.referent_title = QLabel()
        bold = QFont(self.referent_title.font())
        bold.setBold(True)
        self.referent_title.setFont(bold)
        layout.addWidget(self.referent_title)
        self.referent_model = RowsModel([
            Column(N_("Référent"), t.person_name),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Shift"), lambda r: t.label(t.SHIFTS, r["shift"])),
            Column(N_("Since"), lambda r: format_date(r["start_date"]), sort=lambda r: r["start_date"] or ""),
            Column(N_("Trained"), lambda r: _("Yes") if not r.get("missing") else _("Still to follow: {m}")
                   .format(m=", ".join(r["missing"])),
                   background=lambda r: MIDDLE if r.get("missing") else GOOD),
            Column(N_("Mission"), lambda r: r.get("mission") or ""),
        ], self)
        self.referent_view = make_table(self.referent_model, page)
        self.referent_view.doubleClicked.connect(lambda _i: self.edit_referent())
        layout.addWidget(self.referent_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("Name a référent"), self.add_referent))
        buttons.addWidget(button(_("Change the date or mission"), self.edit_referent))
        buttons.addWidget(button(_("Remove the référent"), self.remove_referent))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[1][1]))

    def current_unit(self) -> int | None:
        ids = selected_ids(self.unit_view)
        return ids[0] if ids else None

    def refresh_referents(self) -> None:
        unit_id = self.current_unit()
        name = next((u["name"] for u in self.unit_model.rows if u["id"] == unit_id), None)
        self.referent_title.setText(_("Référents of {unit}").format(unit=name) if name else
                                    _("Choose a unit above to see its référents."))
        missing = {r["id"]: r["missing"] for r in t.referents_not_trained(self.db)}
        rows = [dict(r, missing=missing.get(r["id"], [])) for r in t.referents(self.db)
                if r["unit_id"] == unit_id]
        self.referent_model.set_rows(rows)

    def new_unit(self) -> None:
        if UnitDialog(self.ctx, None, self).exec():
            self.refresh()

    def edit_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is not None and UnitDialog(self.ctx, unit_id, self).exec():
            self.refresh()

    def delete_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is None:
            return
        unit = next(u for u in self.unit_model.rows if u["id"] == unit_id)
        answer = messages.ask(self, _("Delete the unit"), ngettext(
            "Delete the unit {name}? Its staff ({count} person) stay in the staff list, without "
            "unit; its référents are removed.",
            "Delete the unit {name}? Its staff ({count} people) stay in the staff list, without "
            "unit; its référents are removed.", unit["staff_count"]).format(
                name=unit["name"], count=unit["staff_count"]),
            default_no=False)
        if answer:
            self._guard(lambda: t.delete_unit(self.db, unit_id))
            self.refresh()

    def add_referent(self) -> None:
        unit_id = self.current_unit()
        if unit_id is None:
            self.error(_("Choose a unit first."))
            return
        if ReferentDialog(self.ctx, unit_id, self, self.today).exec():
            self.refresh()
            select_id(self.unit_view, unit_id)

    def edit_referent(self) -> None:
        ids = selected_ids(self.referent_view)
        unit_id = self.current_unit()
        if not ids or unit_id is None:
            self.error(_("Choose a référent in the list first."))
            return
        if ReferentDialog(self.ctx, unit_id, self, self.today, referent_id=ids[0]).exec():
            self.refresh()
            select_id(self.unit_view, unit_id)
            select_id(self.referent_view, ids[0])

    def remove_referent(self) -> None:
        ids = selected_ids(self.referent_view)
        if ids:
            unit_id = self.current_unit()
            self._guard(lambda: t.remove_referent(self.db, ids[0]))
            self.refresh()
            select_id(self.unit_view, unit_id)
