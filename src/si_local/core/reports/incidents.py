"""The yearly summary of the incident register: one line per incident detected that year (its
latest version): dates, duration, declared or not, what it touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock
from .. import incidents as inc
from ..i18n import _, format_date, format_datetime, format_duration
from .common import DocumentInfo, build_pdf, frame_width, p, table


def _declared(entry: dict) -> str:
    if entry["declared_at"]:
        text = _("declared on {date}").format(date=format_date(entry["declared_at"][:10]))
        if entry["declared_reference"]:
            text += f" ({entry['declared_reference']})"
        return text
    return inc.label(inc.DECLARATIONS, entry["declaration"])


def summary_rows(db, year: int) -> list[list[str]]:
    rows = []
    for found in sorted(inc.incidents(db, year), key=lambda i: i.entry["detected_at"]):
        e = found.entry
        length = inc.duration(e)
        rows.append([str(found.number), e["title"], format_datetime(e["detected_at"]),
                     format_datetime(e["ended_at"]) if e["ended_at"] else _("not ended"),
                     format_duration(length.total_seconds() // 60) if length else "",
                     _declared(e), ", ".join(dict.fromkeys(link.name for link in found.links))])
    return rows


def print_incidents_year(db, path: Path | str, year: int, today: dt.date | None = None) -> int:
    facility = db.execute("SELECT name FROM facility ORDER BY id LIMIT 1").fetchone()
    info = DocumentInfo(title=_("Incidents of {year}").format(year=year),
                        facility=facility[0] if facility else "", date=today or clock.today(),
                        landscape=True)
    width = frame_width(info)
    header = [_("No."), _("Incident"), _("Detected at"), _("Ended at"), _("Duration"),
              _("Declaration"), _("Impact")]
    rows = summary_rows(db, year)

    def story():
        return [p(_("Incidents of {year}").format(year=year), "title"),
                table([header] + rows, [0.4, 2.2, 1.2, 1.2, 0.9, 1.6, 2.6], total_width=width,
                      empty=_("No incident recorded this year."))]

    return build_pdf(path, info, story)


__all__ = ["print_incidents_year", "summary_rows"]
