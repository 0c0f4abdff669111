"""Backup results: the job reports of the backup tools, and the month's compliance report.

    si-local import backup-report --db PATH FILE... [--dry-run] [--format FORMAT]
    si-local print backup-report --db PATH --month YYYY-MM -o FILE.pdf
"""

from __future__ import annotations

from pathlib import Path

from ..core import clock
from ..core.errors import UserError
from ..core.i18n import _, page_count
from ..core.interop.backup_reports import FORMATS
from .output import planned_and_written


def register(commands) -> None:
    p = commands.import_sub.add_parser(
        "backup-report", help=_("import the job reports of backup tools (Veeam CSV or HTML, "
                                "Proxmox vzdump log, simple CSV)"))
    commands.add_db(p)
    p.add_argument("files", nargs="+", type=Path, metavar=_("FILE"), help=_("the report files"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    p.add_argument("--format", choices=FORMATS, metavar=_("FORMAT"),
                   help=_("one of: {formats} (detected when not given)").format(
                       formats=", ".join(FORMATS)))
    p.set_defaults(func=cmd_import_backup_report)

    p = commands.print_sub.add_parser(
        "backup-report", help=_("the month's backup compliance report (runs, failures, restore tests)"))
    commands.add_db(p)
    p.add_argument("--month", required=True, metavar=_("YYYY-MM"), help=_("the month, as 2026-11"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_backup_report)


def _open(path: Path, read_only: bool = False):
    from .registry import open_existing

    return open_existing(path, read_only=read_only)


def cmd_import_backup_report(args) -> int:
    from ..core.interop.backup_reports import apply_plan, plan_reports, read_report

    reports = [read_report(path, args.format) for path in args.files]  # all read before writing
    db = _open(args.db)
    try:
        with planned_and_written(db, args.dry_run):
            plan = plan_reports(db, reports)
            for line in plan.lines():
                print(line)
            if not args.dry_run:
                apply_plan(db, plan)
        print((_("Dry run, nothing written: {summary}") if args.dry_run else _("Imported: {summary}"))
              .format(summary=plan.summary()))
    finally:
        db.close()
    return 0


def cmd_print_backup_report(args) -> int:
    from ..core.backup_runs import parse_month
    from ..core.reports.backup_compliance import print_backup_report

    month = parse_month(args.month)
    if args.output.suffix.lower() != ".pdf":
        raise UserError(_("{path}: the output file name must end with .pdf.").format(path=args.output))
    if not args.output.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=args.output.parent))
    db = _open(args.db, read_only=True)
    try:
        pages = print_backup_report(db, args.output, month, clock.now())
    finally:
        db.close()
    print(_("Backup compliance report written to {path} ({pages}).").format(
        path=args.output, pages=page_count(pages)))
    return 0
