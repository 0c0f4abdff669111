"""The Group page's table models (the kit's rows model): the core-model items, the consolidated
facilities."""

from __future__ import annotations

from ...core.group import packs
from ...core.i18n import N_, _, format_date, format_number, format_percent
from ..kit.table import Column, RowsModel


def _adapted(item: packs.Item) -> str | None:
    return None if item.state == packs.STATE_STANDARD else "#9C5700"


class ItemsModel(RowsModel):
    STATE, KIND, TITLE, DIFFERENCES, VERSION = range(5)

    def __init__(self, db, parent=None):
        super().__init__([
            Column(N_("State"), lambda i: _(packs.STATES[i.state]), foreground=_adapted),
            Column(N_("Kind"), lambda i: _(packs.KINDS[i.kind]), foreground=_adapted),
            Column(N_("Title"), lambda i: i.title, foreground=_adapted),
            Column(N_("Differs from the standard in"), lambda i: i.difference_labels(), foreground=_adapted),
            Column(N_("Pack"), lambda i: str(i.pack_version or ""), foreground=_adapted),
        ], parent, tooltips=False)
        self.db = db
        self.reload()

    def reload(self) -> None:
        self.set_rows(packs.items(self.db))


def _or_dash(value, show) -> str:
    return "—" if value is None else show(value)


class FacilitiesModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(N_("Facility"), lambda f: f.name),
            Column(N_("Bundle of"), lambda f: format_date(f.bundle_date)),
            Column(N_("Self-diagnostic (0–4)"), lambda f: _or_dash(f.overall_score, lambda v: format_number(v, 1))),
            Column(N_("High compliance findings"), lambda f: str(f.compliance_high)),
            Column(N_("Last restore test"),
                   lambda f: format_date(f.last_restore_test) if f.last_restore_test else _("never")),
            Column(N_("Plan next review"), lambda f: format_date(f.plan_next_review) if f.plan_next_review else "—"),
            Column(N_("Last exercise"), lambda f: format_date(f.last_exercise) if f.last_exercise else "—"),
            Column(N_("Training coverage"), lambda f: _or_dash(f.training_share, format_percent)),
            Column(N_("Units without référent"), lambda f: str(f.units_without_referent)),
        ], parent, tooltips=False)
