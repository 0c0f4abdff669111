"""What an incident touched beyond the records picked: the impact analysis
(``continuity.impact``) of each picked server, VM, site, piece of equipment or application gives
the applications that stop, the critical activities that depend on them and the units those
activities cover. The window shows them before saving; the command line adds them."""

from __future__ import annotations

from ..continuity.impact import impact
from ..continuity.units import covers, units_in_scope
from .common import PICKED_TABLES
from .register import Link


def pickable(db, kind: str) -> list[dict]:
    """The records of a kind a user may pick (id, name), in French order."""
    table = PICKED_TABLES[kind]
    return list(db.query(f"SELECT id, name FROM {table} ORDER BY name COLLATE FRENCH"))


def find_record(db, kind: str, name_or_id: str) -> Link:
    """A registry record by its name or id, as a link (the command line's --touched)."""
    from ..errors import UserError
    from ..i18n import _

    table = PICKED_TABLES.get(kind)
    if table is None:
        raise UserError(_("Unknown kind « {kind} » (one of: {kinds}).").format(
            kind=kind, kinds=", ".join(PICKED_TABLES)))
    row = db.execute(f"SELECT id, name FROM {table} WHERE name = ? COLLATE NOCASE", [name_or_id]).fetchone()
    if row is None and str(name_or_id).isdigit():
        row = db.execute(f"SELECT id, name FROM {table} WHERE id = ?", [int(name_or_id)]).fetchone()
    if row is None:
        raise UserError(_("No {kind} named « {name} » in the registry.").format(kind=kind, name=name_or_id))
    return Link(kind, row[1], row[0])


def impact_links(db, picked: list[Link]) -> list[Link]:
    """The applications, critical activities and units the picked records stop (origin
    "impact"), without those already picked."""
    have = {(link.kind, link.record_id) for link in picked}
    found: dict[tuple[str, int], Link] = {}
    for link in picked:
        if link.kind not in PICKED_TABLES or link.record_id is None:
            continue
        result = impact(db, link.kind, link.record_id)
        for app in result.applications:
            found.setdefault(("application", app["id"]), Link("application", app["name"], app["id"], "impact"))
        for act in result.activities:
            found.setdefault(("activity", act["id"]), Link("activity", act["name"], act["id"], "impact"))
    activities = [dict(id=k[1], name=v.name) for k, v in found.items() if k[0] == "activity"]
    for unit in units_in_scope(db):
        if any(covers(act, unit) for act in activities):
            found.setdefault(("unit", unit["id"]), Link("unit", unit["name"], unit["id"], "impact"))
    return [link for key, link in found.items() if key not in have]


def with_impact(db, picked: list[Link]) -> list[Link]:
    return list(picked) + impact_links(db, picked)
