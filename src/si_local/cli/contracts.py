"""Contracts commands: ``print budget`` and ``export budget`` (``list contracts`` is the generic
registry list)."""

from __future__ import annotations

from pathlib import Path

from ..core import clock
from ..core.errors import UserError
from ..core.i18n import _, ngettext, page_count
from .numbers import year as _year


def register(commands) -> None:
    for sub, suffix, help_text, func in (
        (commands.print_sub, _("FILE.pdf"), _("the contracts' budget of a year (PDF)"), cmd_print_budget),
        (commands.export_sub, _("FILE.csv"), _("the contracts' budget of a year as a spreadsheet (CSV)"),
         cmd_export_budget),
    ):
        p = sub.add_parser("budget", help=help_text)
        commands.add_db(p)
        p.add_argument("--year", type=_year, metavar=_("YEAR"),
                       help=_("the year (default: the current year)"))
        p.add_argument("-o", "--output", required=True, type=Path, metavar=suffix,
                       help=_("the file to write"))
        p.set_defaults(func=func)


def _output(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise UserError(_("{path}: the output file name must end with {suffix}.").format(
            path=path, suffix=suffix))
    if not path.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))
    return path


def _open(args):
    from .registry import open_existing

    return open_existing(args.db, read_only=True)


def cmd_print_budget(args) -> int:
    from ..core.reports.contracts import print_budget

    year = args.year or clock.today().year
    path = _output(args.output, ".pdf")
    db = _open(args)
    try:
        pages = print_budget(db, path, year, clock.today())
    finally:
        db.close()
    print(_("Contracts budget {year} written to {path} ({pages}).").format(
        year=year, path=path, pages=page_count(pages)))
    return 0


def cmd_export_budget(args) -> int:
    from ..core.contracts import export_budget_csv

    year = args.year or clock.today().year
    path = _output(args.output, ".csv")
    db = _open(args)
    try:
        count = export_budget_csv(db, year, path)
    finally:
        db.close()
    print(ngettext("Contracts budget {year}: {count} contract written to {path}.",
                   "Contracts budget {year}: {count} contracts written to {path}.", count).format(
                       year=year, count=count, path=path))
    return 0
