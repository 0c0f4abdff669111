"""Self-diagnostic commands: ``print diagnostic`` and ``export diagnostic-csv``."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from ..core.i18n import _, ngettext, page_count
from .numbers import record_number
from si_local.core import clock


def register(commands) -> None:
    p = commands.print_sub.add_parser(
        "diagnostic", help=_("the self-diagnostic report of a campaign (the latest by default)"))
    commands.add_db(p)
    p.add_argument("--campaign", type=record_number(_("There is no self-diagnostic campaign number {id}.")), metavar=_("ID"), help=_("the campaign number"))
    p.add_argument("--compare", type=record_number(_("There is no self-diagnostic campaign number {id}.")), metavar=_("ID"),
                   help=_("the campaign to compare with (the previous one by default)"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_diagnostic)

    p = commands.export_sub.add_parser(
        "diagnostic-csv", help=_("the answers of a self-diagnostic campaign as a CSV file"))
    commands.add_db(p)
    p.add_argument("--campaign", type=record_number(_("There is no self-diagnostic campaign number {id}.")), metavar=_("ID"), help=_("the campaign number"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.csv"),
                   help=_("the CSV file to write"))
    p.set_defaults(func=cmd_export_csv)


def _open(args):
    from .registry import open_existing

    return open_existing(args.db, read_only=True)


def _campaign(db, wanted: int | None) -> int:
    from ..core.diagnostic.campaigns import get_campaign, latest_campaign_id

    if wanted is not None:
        get_campaign(db, wanted)
        return wanted
    found = latest_campaign_id(db)
    if found is None:
        raise UserError(_("There is no self-diagnostic campaign in this database yet."))
    return found


def cmd_print_diagnostic(args) -> int:
    from ..core.reports.diagnostic import print_campaign

    path = args.output
    if path.suffix.lower() != ".pdf":
        raise UserError(_("{path}: the output file name must end with .pdf.").format(path=path))
    if not path.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))
    db = _open(args)
    try:
        campaign_id = _campaign(db, args.campaign)
        pages = print_campaign(db, path, campaign_id, clock.today(), args.compare)
    finally:
        db.close()
    print(_("Self-diagnostic report written to {path} ({pages}).").format(path=path, pages=page_count(pages)))
    return 0


def cmd_export_csv(args) -> int:
    from ..core.diagnostic.export import export_answers_csv

    db = _open(args)
    try:
        campaign_id = _campaign(db, args.campaign)
        count = export_answers_csv(db, campaign_id, args.output)
    finally:
        db.close()
    print(ngettext("{count} answer written to {path}.", "{count} answers written to {path}.", count).format(
        count=count, path=args.output))
    return 0
