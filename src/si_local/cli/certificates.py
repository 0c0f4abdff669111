"""Certificate import (the list is ``si-local list certificates``):

    si-local import certificates --db PATH FILE... [--dry-run] [--link server:NAME]...
"""

from __future__ import annotations

from pathlib import Path

from ..core.i18n import _
from .interop import _open
from .output import planned_and_written


def register(commands) -> None:
    p = commands.import_sub.add_parser(
        "certificates", help=_("import certificate files (.pem, .crt, .cer, DER), without any "
                               "network"))
    commands.add_db(p)
    p.add_argument("files", nargs="+", type=Path, metavar=_("FILE"),
                   help=_("certificate files (a PEM file may hold a chain)"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    p.add_argument("--link", action="append", default=[], metavar="server:NAME",
                   help=_("link the certificates to this server (vm:NAME, application:NAME too; "
                          "may be repeated); without it, the links guessed from the names "
                          "the certificates cover"))
    p.set_defaults(func=cmd_import_certificates)


def cmd_import_certificates(args) -> int:
    from ..core.certificates import apply_plan, link_titles, parse_link, plan_import

    db = _open(args.db)
    try:
        with planned_and_written(db, args.dry_run):
            links = [parse_link(db, text) for text in args.link]
            plan = plan_import(db, args.files, links=links)
            for note in plan.notes:
                print(note)
            titles = link_titles(db)
            for item in plan.items:
                print(f"{item.path}: {item.describe(titles)}")
            if not args.dry_run:
                apply_plan(db, plan)
        print((_("Dry run, nothing written: {summary}") if args.dry_run else _("Imported: {summary}"))
              .format(summary=plan.summary()))
    finally:
        db.close()
    return 0
