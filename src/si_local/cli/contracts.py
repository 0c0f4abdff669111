"""Contracts commands: ``print budget`` and ``export budget`` (``list contracts`` is the generic
registry list)."""

from __future__ import annotations

from ..core import clock
from ..core.i18n import _, ngettext, page_count
from . import year_files


def register(commands) -> None:
    year_files.register(commands, "budget", [
        (commands.print_sub, _("FILE.pdf"), _("the contracts' budget of a year (PDF)"), cmd_print_budget),
        (commands.export_sub, _("FILE.csv"), _("the contracts' budget of a year as a spreadsheet (CSV)"),
         cmd_export_budget)])


def cmd_print_budget(args) -> int:
    from ..core.reports.contracts import print_budget

    year, path, pages = year_files.write_year(
        args, ".pdf", lambda db, year, path: print_budget(db, path, year, clock.today()))
    print(_("Contracts budget {year} written to {path} ({pages}).").format(
        year=year, path=path, pages=page_count(pages)))
    return 0


def cmd_export_budget(args) -> int:
    from ..core.contracts import export_budget_csv

    year, path, count = year_files.write_year(args, ".csv", export_budget_csv)
    print(ngettext("Contracts budget {year}: {count} contract written to {path}.",
                   "Contracts budget {year}: {count} contracts written to {path}.", count).format(
                       year=year, count=count, path=path))
    return 0
