"""The crisis kit: one printed document for the crisis cell when every screen is dark.

Seven sections, each on a new page, listed with their pages on the first one: the crisis cell
and the call order; the suppliers' hotlines; the restart order and the degraded-mode checklists
and sheets (the continuity plan's own flowables); blank numbered « main courante » sheets; the
blank incident declaration (the incidents area's form); the first-hour reflexes with the
emergency numbers. A fact the database lacks is a blank line to write on, so that a new file
prints a usable kit on day one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import clock
from .. import crisis_kit as kit
from ..i18n import N_, _, format_date
from . import continuity as plan
from . import continuity_parts as parts
from .common import (
    CheckBox,
    DocumentInfo,
    KeepTogether,
    PageBreak,
    Spacer,
    frame_width,
    heading,
    key_values,
    mm,
    nobreak,
    p,
    with_annex,
)
from .declaration import BlankLines, declaration_form
from .one_pass import build_with_contents, contents_table, table

LOG_SHEETS = 5  # blank « main courante » sheets
LOG_ROWS = 22  # lines on each (one page each, the first under the heading)
LOG_ROW_HEIGHT = 9.5 * mm  # room to write by hand
BLANK_ROWS = 3  # blank lines after a list, for what the database does not hold yet
BLANK_HEIGHT = 6 * mm

# The crisis cell's usual roles, printed with blank names when the plan has none yet.
DEFAULT_ROLES = (N_("Crisis director"), N_("IT manager"), N_("Medical referent"),
                 N_("Care manager (cadre de santé)"), N_("Communication"),
                 N_("Keeper of the main courante"))


@dataclass
class KitData:
    plan: plan.PlanData
    suppliers: list  # dicts: core.crisis_kit.supplier_lines
    emergency: list  # core.crisis_kit.EmergencyNumber


def collect(db, today: dt.date) -> KitData:
    return KitData(plan=plan.collect(db, today), suppliers=kit.supplier_lines(db),
                   emergency=kit.emergency_numbers(db))


def _blank() -> Spacer:
    """An empty table cell, high enough to write in (the table's grid is the ruling)."""
    return Spacer(1, BLANK_HEIGHT)


def _or_blank(*values) -> object:
    """The values one a line (phone numbers kept whole), or room to write them."""
    text = "\n".join(nobreak(v) for v in values if v)
    return text or _blank()


def _section(title: str) -> list:
    return [PageBreak(), heading(title)]


# --- the first page ----------------------------------------------------------------------------

def _cover(data: KitData, today: dt.date, width: float) -> list:
    facility = data.plan.facility.get("name") or ""
    return [p(_("Crisis kit"), "title"),
            p(facility, "subtitle") if facility else Spacer(1, 8 * mm),
            key_values([(_("Printed on"), format_date(today))], width),
            Spacer(1, 4 * mm),
            p(_("What the crisis cell needs when no computer can be used: keep one copy at the "
                "director's office and one with the IT manager, away from the computers, and "
                "print it again after each change of the plan or of the contacts.")),
            p(_("At the first minute: open the main courante (section 5) and follow the reflexes "
                "of the first hour (section 7)."), "warn"),
            heading(_("Contents"), 3), contents_table()]


# --- 1. the crisis cell ------------------------------------------------------------------------

def _role_rows(roles: list) -> list:
    rows = [[r["role"], r["contact_name"] or _blank(), _or_blank(r["phone"], r["mobile"]),
             r["standin_name"] or _blank(), _or_blank(r["standin_phone"], r["standin_mobile"])]
            for r in roles]
    if not roles:
        rows = [[_(role)] + [_blank() for _i in range(4)] for role in DEFAULT_ROLES]
    return rows + [[_blank() for _i in range(5)] for _j in range(BLANK_ROWS)]


def _call_order(roles: list, width: float) -> list:
    out = [heading(_("Call order"), 2)] + plan.call_tree(roles)
    if not roles:
        rows = [[str(i), _blank(), _blank()] for i in range(1, len(DEFAULT_ROLES) + 1)]
        out.append(table([["#", _("Who calls"), _("Whom")]] + rows, [0.3, 3, 3],
                         total_width=width, zebra=False))
    return [KeepTogether(out)]


def _crisis_cell(data: KitData, today: dt.date, width: float) -> list:
    rows = [[_("Role"), _("Holder"), _("Phones"), _("Stand-in"), _("Stand-in phones")]]
    rows += _role_rows(data.plan.roles)
    return (_section(_("1. The crisis cell and the call order"))
            + [p(_("Meeting place of the crisis cell:")), BlankLines(1), Spacer(1, 3 * mm),
               table(rows, [1.5, 1.3, 1.2, 1.3, 1.2], total_width=width, zebra=False)]
            + _call_order(data.plan.roles, width))


# --- 2. suppliers ------------------------------------------------------------------------------

def _what_for(supplier: dict) -> str:
    """The supplier's role, then each contract: its name and reference, service level and what
    it covers (« Maintenance DPI (réf. 2024-118) — J+1 ouvré — Dossier patient »)."""
    lines = [supplier["role"]] if supplier["role"] else []
    for c in supplier["contracts"]:
        head = c["name"] + (" " + _("(ref. {reference})").format(reference=c["reference"])
                            if c["reference"] else "")
        lines.append(" — ".join(x for x in (head, c["service_level"], ", ".join(c["covers"])) if x))
    return "\n".join(lines)


def _suppliers(data: KitData, today: dt.date, width: float) -> list:
    rows = [[_("Supplier"), _("For what"), _("Phones"), _("E-mail")]]
    for s in data.suppliers:
        org = s["organisation"] or ""
        name = s["name"] + (f"\n{org}" if org and org.casefold() not in s["name"].casefold() else "")
        numbers = list(dict.fromkeys(v for v in (s["hotline"], s["phone"], s["mobile"]) if v))
        phones = "\n".join([nobreak(v) for v in numbers] + [s["support_hours"] or ""]).strip()
        rows.append([name, _what_for(s) or _blank(), phones or _blank(), s["email"] or _blank()])
    rows += [[_blank() for _i in range(4)] for _j in range(BLANK_ROWS * (1 if data.suppliers else 3))]
    return (_section(_("2. Supplier and vendor hotlines"))
            + [p(_("Have the contract or customer number at hand when calling; write down each call "
                   "in the main courante.")),
               table(rows, [1.4, 2.8, 1.3, 1.5], total_width=width, zebra=False)])


# --- 3. restart order, 4. degraded mode: the plan's own flowables -------------------------------

def _restart(data: KitData, today: dt.date, width: float) -> list:
    out = _section(_("3. Restart order"))
    if data.plan.restart:
        return out + plan.restart_order(data.plan, width)
    rows = [["", "#", _("Machine"), _("Why this rank"), _("Restarted at")]]
    rows += [[CheckBox(), str(i), _blank(), _blank(), _blank()] for i in range(1, 11)]
    return out + [plan.restart_intro(), table(rows, [0.35, 0.3, 2, 3, 1], total_width=width, zebra=False)]


def _blank_checklist(width: float) -> list:
    rows = [["", "#", _("Step"), _("Owner / stand-in"), _("Time done")]]
    rows += [[CheckBox(), str(i), _blank(), _blank(), _blank()] for i in range(1, 11)]
    return [heading(_("Steps to write by hand"), 3),
            table(rows, [0.35, 0.35, 3.8, 1.8, 1], total_width=width, zebra=False)]


def _blank_sheet(width: float) -> list:
    rows = [[p(_(label), "cell_bold"), _blank()] for label in (
        N_("Unit"), N_("Unit manager"), N_("Critical activity"), N_("Applications"))]
    return [KeepTogether([heading(_("Degraded-mode sheet to fill in"), 2),
                          table(rows, [1, 2.6], total_width=width, header=False, zebra=False),
                          *parts._blank_procedure(width)])]


def _degraded_mode(data: KitData, today: dt.date, width: float) -> list:
    out = _section(_("4. Degraded mode: checklists and unit sheets"))
    out += plan.checklists(data.plan, width)
    if not any(steps for _scenario, steps in data.plan.scenarios):
        out += _blank_checklist(width)
    out += parts.degraded_sheets(data.plan, width, [heading(_("Degraded-mode sheets"), 2)])
    if not data.plan.sheets:
        out += _blank_sheet(width)
    return out


# --- 5. blank main courante --------------------------------------------------------------------

def _log_sheet(number: int, width: float) -> list:
    rows = [[_("Hour"), _("Fact / information"), _("Source of the information"), _("Decision"), _("Who")]]
    rows += [[Spacer(1, LOG_ROW_HEIGHT - 4), "", "", "", ""] for _i in range(LOG_ROWS)]
    head = table([[p(_("Sheet No. {number}/{total}").format(number=number, total=LOG_SHEETS), "cell_bold"),
                   _("Date:"), _("Kept by:")]], [1.2, 1, 1.6], total_width=width, header=False,
                 zebra=False)
    return [head, Spacer(1, 2 * mm),
            table(rows, [0.55, 2.6, 1.1, 1.9, 0.85], total_width=width, zebra=False)]


def _main_courante(data: KitData, today: dt.date, width: float) -> list:
    out = _section(_("5. Main courante (running log)"))
    out.append(p(_("From the first minute, one line per fact, call or decision, with the time; "
                   "never erase: cross out and write again."), "muted"))
    for number in range(1, LOG_SHEETS + 1):
        if number > 1:
            out.append(PageBreak())
        out += _log_sheet(number, width)
    return out


# --- 6. the declaration form -------------------------------------------------------------------

def _declaration(data: KitData, today: dt.date, width: float) -> list:
    return _section(_("6. Incident declaration (blank form)")) + declaration_form(width)


# --- 7. first-hour reflexes --------------------------------------------------------------------

REFLEXES = (
    (N_("Isolate"), (
        N_("Unplug the network cable (and cut the Wi-Fi) of each affected machine: leave it "
           "switched on."),
        N_("Isolate the affected servers at the switch or the firewall, without shutting them "
           "down."),
        N_("If the attack spreads: cut the links to the outside (internet, VPN, the group's "
           "network), on the crisis director's decision."),
        N_("Tell the users not to switch off nor use the affected machines; stick a note on "
           "them."),
        N_("Disconnect the backups still intact (removable media, backup server) to keep them "
           "safe."))),
    (N_("Preserve the evidence"), (
        N_("Do not reinstall, do not restore, do not clean before the investigation."),
        N_("Photograph the screens (ransom message, errors) and note the machine and the time."),
        N_("Keep the logs (firewall, servers, antivirus): no purge, no restart."),
        N_("Do not pay and do not answer the attackers."))),
    (N_("Call"), (
        N_("Call the crisis director, then follow the call order (section 1)."),
        N_("Call CERT Santé for help and the regional group's IT support (numbers above)."),
        N_("Declare the incident to the ARS without delay: the national portal, or the paper form "
           "(section 6)."),
        N_("Call the vendors of the affected applications (section 2)."),
        N_("File a complaint with the police or the gendarmerie, on the director's decision."))),
    (N_("Write it down"), (
        N_("Open the main courante (section 5) and name who keeps it."),
        N_("Write down every fact, call and decision with the time and who made it."),
        N_("Decide the degraded mode unit by unit and write it down (section 4)."),
        N_("Keep the list of the machines isolated and of the people called."))),
)

EMERGENCY_LABELS = {"cert": N_("CERT Santé (incident response)"),
                    "ars": N_("ARS (regional health agency)"),
                    "group": N_("IT support of the regional group")}


def _reflex_group(title: str, items: tuple, width: float) -> list:
    rows = [["", _("What to do"), _("Hour")]]
    rows += [[CheckBox(), _(item), Spacer(1, 4.5 * mm)] for item in items]  # a time fits
    return [KeepTogether([heading(_(title), 2),
                          table(rows, [0.3, 5.4, 0.9], total_width=width, zebra=False)])]


def _emergency_rows(data: KitData) -> list:
    rows = []
    for number in data.emergency:
        ct = number.contact or {}
        who = "\n".join(x for x in (ct.get("name"), ct.get("organisation")) if x)
        rows.append([_(EMERGENCY_LABELS[number.key]), who or _blank(),
                     _or_blank(ct.get("phone"), ct.get("mobile")), ct.get("email") or _blank()])
    return rows + [[_blank() for _i in range(4)]]


def _reflexes(data: KitData, today: dt.date, width: float) -> list:
    out = _section(_("7. First-hour reflexes"))
    out.append(p(_("Do not switch off the affected machines, do not pay, do not reinstall before "
                   "the investigation."), "warn"))
    rows = [[_("Who"), _("Name / organisation"), _("Phones"), _("E-mail")]] + _emergency_rows(data)
    out.append(KeepTogether([heading(_("Emergency numbers"), 2),
                             p(_("Write in the numbers that are missing before a crisis."), "muted"),
                             table(rows, [1.7, 1.6, 1.2, 1.6], total_width=width, zebra=False)]))
    for title, items in REFLEXES:
        out += _reflex_group(title, items, width)
    return out


# The kit, section after section (the first page lists the numbered headings with their pages).
SECTIONS = [_cover, _crisis_cell, _suppliers, _restart, _degraded_mode, _main_courante,
            _declaration, _reflexes]


def story(data: KitData, today: dt.date, width: float) -> list:
    out: list = []
    for section in SECTIONS:
        out += section(data, today, width)
    return out


def print_crisis_kit(db, path: Path | str, today: dt.date | None = None) -> int:
    """Write the crisis kit to ``path`` (PDF); returns the number of pages."""
    today = today or clock.today()
    data = collect(db, today)
    info = DocumentInfo(title=_("Crisis kit"), facility=data.plan.facility.get("name") or "",
                        version=str(data.plan.plan["version"]), date=today,
                        subject=_("What the crisis cell needs on paper"))
    width = frame_width(info)
    return build_with_contents(path, info, with_annex(lambda: story(data, today, width)))


__all__ = ["SECTIONS", "collect", "print_crisis_kit"]
