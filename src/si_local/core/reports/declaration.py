"""The paper declaration of an information-system incident: four headings (the facility and the
declarant; the incident; its consequences on care, on data, on the information system; its causes
and the measures taken), pre-filled from the register and the facility record, with blank lines
where a fact is missing; or blank, to fill by hand (the crisis kit takes :func:`declaration_form`).

It is not the official form: it is made after the order (arrêté) of 30 October 2017, which fixes
the content of the declaration and allows it to be sent by any means when the national portal
cannot be used."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock
from ..i18n import N_, _, format_datetime
from reportlab.platypus import Flowable

from .common import (MUTED, DocumentInfo, KeepTogether, Spacer, WriteLine, build_pdf, esc,
                     frame_width, heading, markup, mm, p, table)

LINE_HEIGHT = 6.5 * mm


class BlankLines(Flowable):
    """``count`` lines to write on, as wide as the space given (a table cell)."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.count * LINE_HEIGHT
        return self.width, self.height

    def draw(self):
        self.canv.setLineWidth(0.4)
        self.canv.setStrokeColor(MUTED)
        for i in range(self.count):
            y = i * LINE_HEIGHT + 1
            self.canv.line(0, y, self.width, y)


def _blank(width: float, lines: int) -> list:
    return [WriteLine(width, LINE_HEIGHT) for _i in range(lines)]


def _rows(pairs: list[tuple[str, object, int]], width: float, blank: bool) -> list:
    """A table of labels and values; a missing value (or every value of a blank form) is
    ``lines`` lines to write on."""
    rows = []
    for label, value, lines in pairs:
        text = "" if blank or value is None else str(value).strip()
        rows.append([p(label, "cell_bold"), text or BlankLines(lines)])
    return [table(rows, [0.3, 0.7], total_width=width, header=False, zebra=False)]


def _identity(facility: dict, entry: dict, width: float, blank: bool) -> list:
    from ..registry_kinds import FACILITY_KINDS

    kind = facility.get("kind")
    return _rows([
        (_("Facility"), facility.get("name"), 1),
        (_("FINESS number"), facility.get("finess"), 1),
        (_("Type of facility"), _(FACILITY_KINDS[kind]) if kind in FACILITY_KINDS else None, 1),
        (_("Address"), facility.get("address"), 2),
        (_("Telephone"), facility.get("phone"), 1),
        (_("Declarant (name)"), entry.get("declarant_name"), 1),
        (_("Declarant's function"), entry.get("declarant_role"), 1),
        (_("Declarant's telephone or e-mail"), entry.get("declarant_contact"), 1),
    ], width, blank)


def _when(value: str | None) -> str | None:
    return format_datetime(value) if value else None


def _touched(links: list) -> str | None:
    from ..incidents.common import LINK_KINDS, label

    if not links:
        return None
    return "\n".join(f"{label(LINK_KINDS, link.kind)} : {link.name}" for link in links)


def _description(entry: dict, links: list, width: float, blank: bool) -> list:
    return _rows([
        (_("Title"), entry.get("title"), 1),
        (_("Started at"), _when(entry.get("started_at")), 1),
        (_("Detected at"), _when(entry.get("detected_at")), 1),
        (_("Ended at"), _when(entry.get("ended_at")), 1),
        (_("What happened"), entry.get("description"), 5),
        (_("What it touched (applications, servers, units…)"), _touched(links), 3),
    ], width, blank)


def _consequences(entry: dict, width: float, blank: bool) -> list:
    return _rows([
        (_("On care"), entry.get("consequences_care"), 4),
        (_("On data"), entry.get("consequences_data"), 4),
        (_("On the information system"), entry.get("consequences_system"), 4),
    ], width, blank)


def _causes(entry: dict, width: float, blank: bool) -> list:
    return _rows([
        (_("Causes"), entry.get("causes"), 4),
        (_("Measures taken"), entry.get("actions"), 5),
    ], width, blank)


def _sent(entry: dict, width: float, blank: bool) -> list:
    return _rows([
        (_("Sent on"), _when(entry.get("declared_at")), 1),
        (_("Sent to"), entry.get("declared_to"), 1),
        (_("Reference received"), entry.get("declared_reference"), 1),
    ], width, blank)


HEADINGS = (
    N_("1. Identification of the facility and of the declarant"),
    N_("2. Description of the incident"),
    N_("3. Consequences of the incident"),
    N_("4. Causes and measures taken"),
)


def declaration_form(width: float, facility: dict | None = None, entry: dict | None = None,
                     links: list | None = None) -> list:
    """The form's flowables, ``width`` wide: pre-filled with ``facility`` (a facility record) and
    ``entry`` (an incident's latest entry) and its ``links``; blank when both are None."""
    blank = facility is None and entry is None
    facility, entry, links = facility or {}, entry or {}, links or []
    out: list = [p(_("Declaration of an information-system security incident"), "title")]
    out.append(markup(esc(_("Made after the order (arrêté) of 30 October 2017; to send by any "
                            "means if the portal is unavailable.")), "muted"))
    out.append(p(_("Serious incidents are declared without delay to the regional health agency "
                   "(ARS) through the national portal."), "muted"))
    sections = (
        (HEADINGS[0], _identity(facility, entry, width, blank)),
        (HEADINGS[1], _description(entry, links, width, blank)),
        (HEADINGS[2], _consequences(entry, width, blank)),
        (HEADINGS[3], _causes(entry, width, blank)),
    )
    for title, body in sections:
        out.append(KeepTogether([heading(_(title), 2), *body]))
    out.append(KeepTogether([heading(_("Sending"), 2), *_sent(entry, width, blank)]))
    out.append(Spacer(1, 6 * mm))
    out.append(p(_("Date and signature of the declarant:"), "body"))
    out += _blank(width * 0.5, 2)
    return out


def _facility(db) -> dict:
    row = db.execute("SELECT * FROM facility ORDER BY id LIMIT 1").fetchone()
    if row is None:
        return {}
    names = [d[0] for d in db.execute("SELECT * FROM facility LIMIT 0").description]
    return dict(zip(names, row, strict=True))


def print_declaration(db, path: Path | str, number: int, today: dt.date | None = None) -> int:
    """The declaration of incident ``number`` (its latest version), pre-filled; the page count."""
    from .. import incidents as inc

    found = inc.incident(db, number)
    facility = _facility(db)
    info = DocumentInfo(title=_("Incident declaration"), facility=facility.get("name") or "",
                        date=today or clock.today(),
                        subject=_("Incident {number}").format(number=found.number))
    width = frame_width(info)
    return build_pdf(path, info, lambda: declaration_form(width, facility, found.entry, found.links))


def print_blank_declaration(path: Path | str, today: dt.date | None = None,
                            facility_name: str = "") -> int:
    """The blank declaration form, to fill by hand; the page count."""
    info = DocumentInfo(title=_("Incident declaration"), facility=facility_name,
                        date=today or clock.today())
    width = frame_width(info)
    return build_pdf(path, info, lambda: declaration_form(width))


__all__ = ["HEADINGS", "declaration_form", "print_blank_declaration", "print_declaration"]
