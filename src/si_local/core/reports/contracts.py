"""The contracts' yearly budget (``si-local print budget``): one row per contract running in the
year (its cost prorated by day, see ``core/contracts.py``), then the totals by type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock
from .. import contracts as c
from ..i18n import _, format_number
from .common import DocumentInfo, build_pdf, frame_width, heading, p, table


def euros(value: float) -> str:
    """« 76 500,00 € » (a no-break space before the sign, as every French sum)."""
    text = format_number(value, 2).replace("\u202f", "\u00a0").replace(" ", "\u00a0")
    return text + "\u00a0€"  # one line: a sum never wraps


def _facility(db) -> str:
    row = db.execute("SELECT name FROM facility ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else ""


def budget_story(result: c.Budget, width: float) -> list:
    rows = [[_("Contract"), _("Supplier"), _("Type"), _("Covers"), _("Yearly cost"),
             _("Period in the year"), _("Amount for {year}").format(year=result.year)]]
    for line in result.lines:
        rows.append([line.contract, line.supplier or "—", c.kind_label(line.kind),
                     ", ".join(line.covers) or "—", euros(line.yearly_cost),
                     c.period_text(line), euros(line.amount)])
    totals = [[_("Type"), _("Amount for {year}").format(year=result.year)]]
    totals += [[c.kind_label(key), euros(total)] for key, total in result.totals_by_kind()]
    totals.append([_("Total"), euros(result.total)])
    return [
        heading(_("Contracts budget {year}").format(year=result.year)),
        p(_("Each contract costs its yearly cost times the share of the year's days it covers, "
            "both ends included; a contract renewed tacitly runs the whole year.")),
        table(rows, [2.0, 1.3, 1.1, 1.9, 1.25, 1.3, 1.25], total_width=width,
              empty=_("No contract runs in {year}.").format(year=result.year)),
        heading(_("Totals by type"), 2),
        table(totals, [2, 1], total_width=width * 0.55),
    ]


def print_budget(db, path: Path | str, year: int, today: dt.date | None = None) -> int:
    """Write the budget of ``year`` to ``path`` (PDF); returns the number of pages."""
    today = today or clock.today()
    result = c.budget(db, year)
    info = DocumentInfo(title=_("Contracts budget {year}").format(year=year),
                        facility=_facility(db), date=today, subject=_("Contracts and licences"))
    width = frame_width(info)
    return build_pdf(path, info, lambda: budget_story(result, width))
