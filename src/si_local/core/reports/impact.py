"""The printed impact analysis of one item of the registry (server, VM, application, site or
piece of equipment): what stops, whether a mirror takes over, the restart order (see
:func:`continuity.impact`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock
from .. import continuity as c
from ..i18n import _, format_number
from .common import (
    CheckBox,
    DocumentInfo,
    WriteLine,
    build_pdf,
    frame_width,
    heading,
    mm,
    p,
    table,
)
from .continuity_parts import criticality, hours


def _stopped(result: c.Impact, width: float) -> list:
    out: list = []
    if result.servers:
        out += [heading(_("Servers stopped"), 2),
                p(", ".join(s["name"] for s in result.servers))]
    rows = [[_("VM"), _("Role"), _("Criticality")]]
    rows += [[v["name"], v["role"] or "—", criticality(v["criticality"])] for v in result.vms]
    out += [heading(_("VMs stopped"), 2),
            table(rows, [1.2, 3, 1], total_width=width, empty=_("none"))]
    rows = [[_("Application"), _("Criticality"), _("DMIA"), _("PDMA")]]
    rows += [[a["name"], criticality(a["criticality"]), hours(a["dmia_hours"]), hours(a["pdma_hours"])]
             for a in result.applications]
    out += [heading(_("Applications stopped"), 2),
            table(rows, [3, 1, 0.7, 0.7], total_width=width, empty=_("none"))]
    rows = [[_("Activity"), _("Kind"), _("DMIA"), _("PDMA")]]
    rows += [[a["name"], c.activity_kind_label(a["kind"]), hours(a["dmia_hours"]), hours(a["pdma_hours"])]
             for a in result.activities]
    out += [heading(_("Critical activities affected"), 2),
            table(rows, [3, 1.4, 0.7, 0.7], total_width=width, empty=_("none"))]
    if result.backups:
        out += [heading(_("Backups affected"), 2), p(", ".join(b["name"] for b in result.backups))]
    return out


def _mirror_line(m: dict) -> str:
    interval = (_(" (every {minutes} min)").format(minutes=format_number(m["interval_minutes"]))
                if m["interval_minutes"] else "")
    return _("{target} takes over {names}, replicated from {source}{interval}.").format(
        target=m["target"], names=", ".join(m["vm_names"]), source=m["source"], interval=interval)


def _recovery(result: c.Impact, width: float) -> list:
    if not result.vms:
        return []
    out: list = [heading(_("Mirrors and restart"), 2)]
    out += [p(_mirror_line(m)) for m in result.mirrors]
    if result.unprotected_vms:
        out.append(p(_("No mirror for: {names}. They must be restored from backups.")
                     .format(names=", ".join(result.unprotected_vms)), "warn"))
    rows = [["", "#", _("VM"), _("Why this rank"), _("Applications"), _("Restarted at")]]
    rows += [[CheckBox(), str(i), item.name, item.reason, ", ".join(item.applications) or "—",
              WriteLine(14 * mm, 9 * mm)] for i, item in enumerate(result.restart, start=1)]
    out.append(table(rows, [0.35, 0.3, 1.2, 2.2, 2.1, 0.8], total_width=width))
    if result.application_order:
        out.append(p(_("Applications available, in order: {names}")
                     .format(names=", ".join(result.application_order))))
    return out


def story(result: c.Impact, width: float) -> list:
    title = _("Impact of the loss of {name} ({kind})").format(
        kind=_(c.IMPACT_KIND_LABELS[result.kind]), name=result.target_name)
    out: list = [heading(title, 1)] + [p(n, "warn") for n in result.notes]
    return out + _stopped(result, width) + _recovery(result, width)


def print_impact(db, kind: str | None, name: str | int, path: Path | str,
                 today: dt.date | None = None) -> int:
    """Write the impact analysis of one item to ``path`` (PDF); returns the number of pages."""
    today = today or clock.today()
    result = c.impact(db, kind, name)
    facility = next(db.query("SELECT name FROM facility ORDER BY id LIMIT 1"), {}) or {}
    info = DocumentInfo(title=_("Impact analysis"), facility=facility.get("name") or "",
                        date=today, subject=result.target_name)
    width = frame_width(info)
    return build_pdf(path, info, lambda: story(result, width))
