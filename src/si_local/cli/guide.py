"""``print guide``: the user guide as a PDF (no database needed)."""

from __future__ import annotations

from pathlib import Path

from ..core.i18n import _, page_count


def register(commands) -> None:
    p = commands.print_sub.add_parser(
        "guide", help=_("the user guide, one chapter per person, with screenshots"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_guide)


def cmd_print_guide(args) -> int:
    from ..core.reports.guide import print_guide

    pages = print_guide(args.output)
    print(_("User guide written to {path} ({pages}).").format(path=args.output, pages=page_count(pages)))
    return 0
