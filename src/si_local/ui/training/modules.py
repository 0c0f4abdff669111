"""The Training page's Modules tab: the training modules and whom each one is for."""

from __future__ import annotations

from ...core import training as t
from ...core.i18n import N_, _, format_minutes
from ..kit import messages
from .common import TABS, list_tab, selected_ids
from .dialogs import ModuleDialog
from .models import Column, RowsModel


class ModulesTabMixin:
    """The Modules tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

    def _build_modules(self) -> None:
        self.module_model = RowsModel([
            Column(N_("Module"), lambda r: r["name"]),
            Column(N_("Who needs it"), lambda r: ", ".join(t.label(t.PROFILES, p) for p in r["profiles"])
                   or _("nobody yet")),
            Column(N_("Modality"), lambda r: t.label(t.MODALITIES, r["modality"])),
            Column(N_("Duration"), lambda r: format_minutes(r["duration_minutes"] or None),
                   sort=lambda r: r["duration_minutes"] or 0),
            Column(N_("Application"), lambda r: r.get("application_name") or ""),
            Column(N_("Content"), lambda r: r.get("description") or ""),
        ], self)
        page = list_tab(self, self.module_model, (_("New module"), self.new_module),
                        (_("Edit"), self.edit_module), (_("Delete"), self.delete_module))
        self.module_view = page.view
        self.tabs.addTab(page, _(TABS[3][1]))

    def new_module(self) -> None:
        if ModuleDialog(self.ctx, None, self).exec():
            self.refresh()

    def edit_module(self) -> None:
        ids = selected_ids(self.module_view)
        if ids and ModuleDialog(self.ctx, ids[0], self).exec():
            self.refresh()

    def delete_module(self) -> None:
        ids = selected_ids(self.module_view)
        if not ids:
            return
        answer = messages.ask(self, _("Delete"), _(
            "Delete this module with all its sessions and their attendance?"), default_no=False)
        if answer:
            self._guard(lambda: t.delete_module(self.db, ids[0]))
            self.refresh()
