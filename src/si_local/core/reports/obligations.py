"""The year planner of obligations (``si-local print calendar``): ONE A4 landscape page, twelve
month columns, each entry « PRÉ 12 — Préavis contrat … » (category tag, day, title); overdue ones
in red with « ! ». A month holding more than its column can show lists the first ones and
« + 3 autres »; the others are printed on a second page (« Suite du calendrier »)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer

from .. import clock
from .. import obligations as ob
from ..i18n import _, format_date, ngettext
from .common import (FONT, FONT_BOLD, GRID, LIGHT, MUTED, PRIMARY, DocumentInfo, PageBreak,
                     Table, TableStyle, build_pdf, esc, frame_width, heading, markup, p, table)
from .contracts import _facility

BODY_HEIGHT = 392  # points: the month row, what remains of the page under the title and legend
PADDING = 2
OVERDUE = "#B03A2E"  # the reports' WARN colour
TAG_COLOURS = {
    "review": "#1F4E79", "exercise": "#7B3F99", "restore_test": "#1E7B4F",
    "warranty": "#8A5A00", "notice": "#B35C00", "end_of_support": "#5C5C5C",
    "certificate": "#0E6E83", "go_live": "#2E6B2E", "diagnostic": "#8B2252",
}


def _style(name: str, **kw) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 6.6, "leading": 7.9, "spaceAfter": 1.6}
    base.update(kw)
    return ParagraphStyle(name, **base)


ENTRY = _style("entry")
MORE = _style("more", textColor=MUTED, fontName=FONT_BOLD)
MONTH = _style("month", fontName=FONT_BOLD, fontSize=8.5, leading=10, textColor=colors.white,
               alignment=1)
LEGEND = _style("legend", fontSize=7, leading=8.5, spaceAfter=0)


def month_name(month: int) -> str:
    """« Janvier » … « Décembre » (the stand-alone month name, capitalised)."""
    name = format_date(dt.date(2000, month, 1), "LLLL")
    return name[:1].upper() + name[1:]


def _tag(category: str) -> str:
    return (f'<font name="{FONT_BOLD}" color="{TAG_COLOURS[category]}">'
            f"{esc(ob.category_tag(category))}</font>")


def entry_text(item: ob.Obligation) -> str:
    """The plain text of one entry: « 12 — Préavis contrat pare-feu » (the tag aside)."""
    text = f"{item.day.day} — {item.title}"
    if item.carried and item.due.year > 1:
        text += " " + _("(since {date})").format(date=format_date(item.due))
    return text


def entry(item: ob.Obligation) -> Paragraph:
    day = f"{item.day.day}"
    rest = esc(entry_text(item)[len(day):])
    mark = f'<font name="{FONT_BOLD}" color="{OVERDUE}">! </font>' if item.overdue else ""
    body = f'<font color="{OVERDUE}">{rest}</font>' if item.overdue else rest
    return Paragraph(f'{mark}{_tag(item.category)} <b>{day}</b>{body}', ENTRY)


def _fit(items: list[ob.Obligation], width: float) -> tuple[list, list[ob.Obligation]]:
    """The paragraphs that fit in one month's cell, and the entries left over."""
    more_height = MORE.leading + 2
    shown, used = [], 0.0
    for index, item in enumerate(items):
        para = entry(item)
        height = para.wrap(width, 10_000)[1] + ENTRY.spaceAfter
        room = BODY_HEIGHT - 2 * PADDING - (more_height if index < len(items) - 1 else 0)
        if used + height > room:
            left = items[index:]
            shown.append(Paragraph(esc(ngettext("+ {count} other", "+ {count} others",
                                                len(left)).format(count=len(left))), MORE))
            return shown, left
        shown.append(para)
        used += height
    return shown, []


def _planner(months: dict[int, list[ob.Obligation]], width: float):
    column = width / 12
    cells, overflow = [], []
    for month in range(1, 13):
        shown, left = _fit(months[month], column - 2 * PADDING)
        cells.append(shown)
        overflow += left
    rows = [[Paragraph(esc(month_name(m)), MONTH) for m in range(1, 13)], cells]
    grid = Table(rows, colWidths=[column] * 12, rowHeights=[14, BODY_HEIGHT])
    grid.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (1, 1), (1, 1), LIGHT), ("BACKGROUND", (3, 1), (3, 1), LIGHT),
        ("BACKGROUND", (5, 1), (5, 1), LIGHT), ("BACKGROUND", (7, 1), (7, 1), LIGHT),
        ("BACKGROUND", (9, 1), (9, 1), LIGHT), ("BACKGROUND", (11, 1), (11, 1), LIGHT),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING), ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]))
    return grid, overflow


def _legend(width: float):
    bits = [f"{_tag(key)} {esc(ob.category_label(key))}" for key in ob.CATEGORIES]
    bits.append(f'<font name="{FONT_BOLD}" color="{OVERDUE}">!</font> ' + esc(_("overdue")))
    per_row = 5
    rows = [bits[i:i + per_row] for i in range(0, len(bits), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    cells = [[Paragraph(text, LEGEND) for text in row] for row in rows]
    legend = Table(cells, colWidths=[width / per_row] * per_row)
    legend.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return legend


def _overflow_page(overflow: list[ob.Obligation], width: float) -> list:
    rows = [[_("Month"), _("Date"), _("Obligation"), _("Source")]]
    for item in overflow:
        rows.append([month_name(item.day.month), format_date(item.day),
                     f"{ob.category_tag(item.category)} {item.title}"
                     + (" — " + _("overdue") if item.overdue else ""),
                     ob.source_text(item.source)])
    return [PageBreak(), heading(_("Calendar continued"), 2),
            p(_("The entries that did not fit in their month's column on the first page.")),
            table(rows, [1, 1, 3, 3], total_width=width)]


def calendar_story(year: int, items: list[ob.Obligation], width: float) -> list:
    grid, overflow = _planner(ob.by_month(items), width)
    story = [
        markup(f"<b>{esc(_('Calendar of obligations {year}').format(year=year))}</b>", "h2"),
        p(_("Each date comes from a record of the database; an obligation still pending from "
            "an earlier year is shown on 1 January."), "small"),
        Spacer(1, 3), grid, Spacer(1, 4), _legend(width)]
    if not items:
        story.insert(2, p(_("No obligation in {year}.").format(year=year), "small"))
    if overflow:
        story += _overflow_page(overflow, width)
    return story


def print_calendar(db, path: Path | str, year: int, today: dt.date | None = None) -> int:
    """Write the year planner of ``year`` to ``path`` (PDF); returns the number of pages."""
    today = today or clock.today()
    items = ob.obligations(db, year, today)
    info = DocumentInfo(title=_("Calendar of obligations {year}").format(year=year),
                        facility=_facility(db), date=today, subject=_("Calendar of obligations"),
                        landscape=True)
    width = frame_width(info)
    return build_pdf(path, info, lambda: calendar_story(year, items, width))
