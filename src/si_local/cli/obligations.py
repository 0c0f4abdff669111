"""The calendar of obligations: ``print calendar`` (a one-page year planner, PDF) and ``export
calendar`` (iCalendar, .ics)."""

from __future__ import annotations

from ..core import clock
from ..core.i18n import _, ngettext, page_count
from . import year_files


def register(commands) -> None:
    year_files.register(commands, "calendar", [
        (commands.print_sub, _("FILE.pdf"), _("the calendar of obligations of a year (PDF)"),
         cmd_print_calendar),
        (commands.export_sub, _("FILE.ics"),
         _("the calendar of obligations of a year as an iCalendar file (.ics)"), cmd_export_calendar)])


def cmd_print_calendar(args) -> int:
    from ..core.reports.obligations import print_calendar

    year, path, pages = year_files.write_year(
        args, ".pdf", lambda db, year, path: print_calendar(db, path, year, clock.today()))
    print(_("Calendar of obligations {year} written to {path} ({pages}).").format(
        year=year, path=path, pages=page_count(pages)))
    return 0


def cmd_export_calendar(args) -> int:
    from ..core.obligations import export_ics

    year, path, count = year_files.write_year(
        args, ".ics", lambda db, year, path: export_ics(db, year, path, clock.today()))
    print(ngettext("Calendar of obligations {year}: {count} event written to {path}.",
                   "Calendar of obligations {year}: {count} events written to {path}.", count).format(
                       year=year, count=count, path=path))
    return 0
