"""Parts of the printed continuity plan (see :mod:`.continuity`): the approval block and the
distribution list of the paper copies, the degraded-mode sheet of every unit, where the
break-glass credentials of the critical systems are kept, the inventory annexes.

Each section is ``fn(data, today, width) -> list of flowables``, ``data`` the plan's
``PlanData``.
"""

from __future__ import annotations

import datetime as dt

from .. import continuity as c
from ..i18n import _, format_date, format_frequency, format_hours
from .common import (
    CondPageBreak,
    KeepTogether,
    Spacer,
    WriteLine,
    heading,
    key_values,
    mm,
    p,
)
from .one_pass import table

DISTRIBUTION_ROWS = 6  # numbered copies with blank lines to fill by hand
TO_COMPLETE = "« {} »"


def hours(value) -> str:
    return format_hours(value) or "—"  # as on screen; « — » for a value not given


def joined(separator: str, *values) -> str:
    return separator.join(x for x in values if x) or "—"


def criticality(key: str | None) -> str:
    return c._criticality_label(key) if key else "—"


def on_site(backup: dict) -> str:
    return _("off site") if backup["location"] == "off_site" else _("on site")


def to_complete() -> str:
    return TO_COMPLETE.format(_("to be completed"))


# --- approval and distribution -----------------------------------------------------------------

def approval(data, today: dt.date, width: float) -> list:
    """Who wrote and who approved this version, with room to sign."""
    plan = data.plan
    sign = WriteLine(width * 0.3 - 8, 12 * mm)
    rows = [[_("Role"), _("Name"), _("Date"), _("Signature")],
            [_("Written by"), plan["author"] or "", "", WriteLine(width * 0.3 - 8, 12 * mm)],
            [_("Approved by"), plan["approved_by"] or "",
             format_date(plan["approved_on"]) if plan["approved_on"] else "", sign]]
    return [KeepTogether([heading(_("Approval"), 3),
                          table(rows, [1, 1.6, 0.8, 1.6], total_width=width, zebra=False)])]


def distribution(data, today: dt.date, width: float) -> list:
    """The numbered paper copies and who holds them: blank lines to fill when they are handed out."""
    rows = [[_("Copy"), _("Held by (name and role)"), _("Kept at"), _("Given on"), _("Signature")]]
    for number in range(1, DISTRIBUTION_ROWS + 1):
        rows.append([_("No. {number}").format(number=number), Spacer(1, 8 * mm), "", "", ""])
    return [KeepTogether([
        heading(_("Distribution of the printed copies"), 3),
        table(rows, [0.6, 2.2, 1.8, 0.9, 1.2], total_width=width, zebra=False),
        p(_("Number each copy. When a new version is printed, give it to the same holders and "
            "destroy the old copies."), "muted")])]


# --- a degraded-mode sheet per unit ------------------------------------------------------------

def _unit_values(sheet) -> list[tuple[str, str]]:
    unit, a = sheet.unit, sheet.activity
    values = []
    if unit:
        values += [(_("Unit"), joined(" — ", unit["name"], unit["site"])),
                   (_("Unit manager"), unit["manager_name"] or "—")]
    if a:
        values += [(_("Critical activity"), a["name"]),
                   (_("Kind"), c.activity_kind_label(a["kind"])),
                   (_("Responsible"), a["owner_role"] or "—"),
                   (_("DMIA / PDMA"), f"{hours(a['dmia_hours'])} / {hours(a['pdma_hours'])}"),
                   (_("Applications"), ", ".join(x["name"] for x in a["applications"]) or "—")]
    else:
        values += [(_("Critical activity"), to_complete()), (_("DMIA / PDMA"), to_complete()),
                   (_("Applications"), to_complete())]
    return values


def _blank_procedure(width: float) -> list:
    """The structure of a procedure to write by hand."""
    rows = [[_("What to write"), _("Written by the unit")]]
    for label in (_("Who decides the degraded mode"), _("Paper forms to use and where they are kept"),
                  _("How prescriptions and care are written"), _("Who re-enters the data afterwards")):
        rows.append([label, Spacer(1, 14 * mm)])
    return [p(_("No procedure written yet: {mark}. Fill in this sheet with the unit, then record it "
                "in the plan.").format(mark=to_complete()), "warn"),
            table(rows, [1.4, 3], total_width=width, zebra=False)]


def _sheet(sheet, width: float, before: list) -> list:
    head = before + [heading(sheet.name, 2), key_values(_unit_values(sheet), width),
            heading(_("Procedure without the information system"), 3)]
    rows = [[_("Degraded mode started at"), _("Decided by"), _("Ended at"), _("Data re-entered by")],
            [WriteLine(width / 4 - 8, 9 * mm) for _i in range(4)]]
    body = [p(sheet.procedure)] if sheet.procedure else _blank_procedure(width)
    # the whole sheet on one page (a long procedure still flows on the next one)
    return [KeepTogether(head + body + [Spacer(1, 2 * mm), table(rows, total_width=width, zebra=False)])]


def degraded_mode(data, today: dt.date, width: float) -> list:
    return degraded_sheets(data, width, [heading(_("4. Degraded-mode sheets"))])


def degraded_sheets(data, width: float, before: list) -> list:
    """A sheet per unit then per other activity, ``before`` (a heading) kept with the first one
    (the plan and the crisis kit)."""
    head = before + [p(_("One sheet per unit of the plan's scope, then per critical activity; a "
                         "blank sheet is to be written with the unit and kept in its binder."), "muted")]
    if not data.sheets:
        return [CondPageBreak(60 * mm)] + head + [p(_("No unit and no critical activity yet."), "warn")]
    out: list = [CondPageBreak(120 * mm)]
    for i, sheet in enumerate(data.sheets):
        if i:
            out.append(CondPageBreak(60 * mm))
        out += _sheet(sheet, width, [] if i else head)  # the section's heading keeps with a sheet
    return out


# --- break-glass credentials -------------------------------------------------------------------

def _credential_rows(system) -> list[list[str]]:
    kind = _(c.SYSTEM_KINDS[system.kind])
    rows = [[system.name, kind, r["account"], r["label"] or "—", r["location_note"] or _("not recorded")]
            for r in system.refs]
    if system.kept_at:
        rows.append([system.name, kind, "—", _("backup credentials"), system.kept_at])
    return rows or [[system.name, kind, "—", "—", _("not recorded")]]


def credentials(data, today: dt.date, width: float) -> list:
    rows = [[_("Critical system"), _("Kind"), _("Account"), _("What it opens"), _("Kept on paper at")]]
    for system in data.systems:
        rows += _credential_rows(system)
    return [CondPageBreak(70 * mm),
            heading(_("7. Break-glass credentials of the critical systems")),
            p(_("Where the administrator accounts of the critical systems (directory, hypervisors, "
                "network, backups) are kept for an emergency: the passwords themselves are never "
                "printed.")),
            table(rows, [1.3, 0.8, 1.1, 1.6, 2.4], total_width=width,
                  empty=_("No critical system in the registry."))]


# --- annexes: inventory ------------------------------------------------------------------------

def _annex_servers(data, width: float) -> list:
    rows = [[_("Name"), _("Site / room"), _("Model"), _("Addresses"), _("Mirrored to"), _("Maintenance")]]
    for s in data.servers:
        rows.append([s["name"], joined(" / ", s["site"], s["room"]), joined(" ", s["maker"], s["model"]),
                     joined("\n", s["mgmt_address"], s["addresses"]),
                     ", ".join(data.mirror_of_server.get(s["name"], [])) or "—",
                     s["maintenance_contract"] or "—"])
    return [heading(_("Servers"), 2),
            table(rows, [1.1, 1.4, 1.3, 1.0, 1.0, 1.8], total_width=width,
                  empty=_("No server in the registry."))]


def _annex_vms(data, width: float) -> list:
    rows = [[_("Name"), _("Host"), _("Role"), _("System"), _("Addresses"), _("Criticality")]]
    for v in data.vms:
        rows.append([v["name"], v["server"] or "—", v["role"] or "—", v["os"] or "—",
                     v["addresses"] or "—", criticality(v["criticality"])])
    return [heading(_("Virtual machines"), 2),
            table(rows, [1.1, 1.0, 2.4, 1.3, 1.0, 0.8], total_width=width,
                  empty=_("No VM in the registry."))]


def _annex_applications(data, width: float) -> list:
    rows = [[_("Name"), _("Vendor"), _("Criticality"), _("DMIA"), _("PDMA"), _("Runs on")]]
    for a in data.applications:
        vms, _servers = data.deps.get(a["id"], ([], []))
        rows.append([a["name"], a["vendor"] or "—", criticality(a["criticality"]), hours(a["dmia_hours"]),
                     hours(a["pdma_hours"]), ", ".join(vms) or "—"])
    return [heading(_("Applications"), 2),
            table(rows, [1.8, 1.1, 0.8, 0.6, 0.6, 1.6], total_width=width,
                  empty=_("No application in the registry."))]


def _retention(backup: dict) -> str:
    if backup["retention_days"] is None:
        return "—"
    return _("{days} days").format(days=backup["retention_days"])


def _annex_backups(data, width: float) -> list:
    rows = [[_("Name"), _("Method"), _("Storage medium"), _("Frequency"), _("Retention"), _("Location")]]
    for b in data.backups:
        rows.append([b["name"], b["method"] or "—", b["medium"] or "—",
                     format_frequency(b["frequency_hours"]) or "—", _retention(b), on_site(b)])
    return [heading(_("Backups"), 2),
            table(rows, [1.8, 1.4, 1.6, 1.0, 0.8, 0.8], total_width=width,
                  empty=_("No backup in the registry."))]


def _annex_equipment(data, width: float) -> list:
    if not data.equipment:
        return []
    rows = [[_("Name"), _("Site / room"), _("Model"), _("Address")]]
    for e in data.equipment:
        rows.append([e["name"], joined(" / ", e["site"], e["room"]), joined(" ", e["maker"], e["model"]),
                     e["address"] or "—"])
    return [heading(_("Equipment"), 2), table(rows, [1.2, 2, 2, 1.2], total_width=width)]


def annexes(data, today: dt.date, width: float) -> list:
    return ([CondPageBreak(80 * mm), heading(_("12. Annexes: inventory"))]
            + _annex_servers(data, width) + _annex_vms(data, width)
            + _annex_applications(data, width) + _annex_backups(data, width)
            + _annex_equipment(data, width))
