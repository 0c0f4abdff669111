"""The calendar of obligations: ``print calendar`` (a one-page year planner, PDF) and ``export
calendar`` (iCalendar, .ics)."""

from __future__ import annotations

from pathlib import Path

from ..core import clock
from ..core.i18n import _, ngettext, page_count
from .contracts import _open, _output, _year


def register(commands) -> None:
    for sub, suffix, help_text, func in (
        (commands.print_sub, _("FILE.pdf"), _("the calendar of obligations of a year (PDF)"),
         cmd_print_calendar),
        (commands.export_sub, _("FILE.ics"),
         _("the calendar of obligations of a year as an iCalendar file (.ics)"), cmd_export_calendar),
    ):
        p = sub.add_parser("calendar", help=help_text)
        commands.add_db(p)
        p.add_argument("--year", type=_year, metavar=_("YEAR"),
                       help=_("the year (default: the current year)"))
        p.add_argument("-o", "--output", required=True, type=Path, metavar=suffix,
                       help=_("the file to write"))
        p.set_defaults(func=func)


def cmd_print_calendar(args) -> int:
    from ..core.reports.obligations import print_calendar

    year = args.year or clock.today().year
    path = _output(args.output, ".pdf")
    db = _open(args)
    try:
        pages = print_calendar(db, path, year, clock.today())
    finally:
        db.close()
    print(_("Calendar of obligations {year} written to {path} ({pages}).").format(
        year=year, path=path, pages=page_count(pages)))
    return 0


def cmd_export_calendar(args) -> int:
    from ..core.obligations import export_ics

    year = args.year or clock.today().year
    path = _output(args.output, ".ics")
    db = _open(args)
    try:
        count = export_ics(db, year, path, clock.today())
    finally:
        db.close()
    print(ngettext("Calendar of obligations {year}: {count} event written to {path}.",
                   "Calendar of obligations {year}: {count} events written to {path}.", count).format(
                       year=year, count=count, path=path))
    return 0
