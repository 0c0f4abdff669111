"""Group commands: core-model packs and the consolidated report."""

from __future__ import annotations

from pathlib import Path

from ..core.i18n import _, ngettext, page_count
from .numbers import positive_number


def register(commands) -> None:
    p = commands.print_sub.add_parser(
        "group", help=_("print the consolidated report of several facilities' bundles"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.add_argument("bundles", nargs="+", type=Path, metavar=_("BUNDLE"),
                   help=_("the facilities' bundles (JSON) to consolidate"))
    p.set_defaults(func=cmd_print_group)

    group = commands.sub.add_parser("group", help=_("core model of the regional group"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    p = sub.add_parser("export-pack", help=_("write the core-model pack of this database"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE"),
                   help=_("the pack file (.json) to write"))
    p.add_argument("--group", default=None, help=_("name of the group (default: the last pack taken)"))
    # Not "--version": the program's own --version is read before the command and would win.
    p.add_argument("--pack-version", dest="version", type=positive_number, default=None, metavar="N",
                   help=_("pack version (default: next)"))
    p.set_defaults(func=cmd_export_pack)
    p = sub.add_parser("import-pack", help=_("take a core-model pack into this database"))
    commands.add_db(p)
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the pack file (.json) sent by the group"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    p.set_defaults(func=cmd_import_pack)
    p = sub.add_parser("status", help=_("list the core-model items and whether they are standard"))
    commands.add_db(p)
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("demo-bundles", help=_("write the bundles of three demo facilities"))
    p.add_argument("folder", type=Path, metavar=_("FOLDER"),
                   help=_("where to write the three bundle files (created if needed)"))
    p.set_defaults(func=cmd_demo_bundles)


def _open(path):
    from ..core.context import open_context

    return open_context(path, create=False).db


def cmd_print_group(args) -> int:
    from ..core.group.consolidation import consolidate
    from ..core.reports.group import print_group

    consolidation = consolidate(args.bundles)
    pages = print_group(consolidation, args.output)
    print(ngettext("Group report written to {path} ({pages}, {count} facility).",
                   "Group report written to {path} ({pages}, {count} facilities).",
                   len(consolidation.facilities)).format(
        pages=page_count(pages), path=args.output, count=len(consolidation.facilities)))
    return 0


def _default_group(db) -> str:
    row = db.execute("SELECT group_name FROM core_model_pack ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else _("Regional group")


def cmd_export_pack(args) -> int:
    from ..core.group import packs

    db = _open(args.db)
    try:
        pack = packs.export_pack(db, args.output, args.group or _default_group(db), args.version)
    finally:
        db.close()
    print(packs.written_message(pack, args.output))
    return 0


def cmd_import_pack(args) -> int:
    from ..core.group import packs

    pack = packs.read_pack(args.file)
    db = _open(args.db)
    try:
        return _import_pack(db, pack, args.dry_run)
    finally:
        db.close()


def _import_pack(db, pack: dict, dry_run: bool) -> int:
    from ..core.group import pack_texts, packs

    plan = packs.plan_pack(db, pack)
    s = plan.summary()
    print(pack_texts.plan_text(pack, s))
    for current, _entry, fields in plan.kept_local:
        print("  " + _("kept (adapted locally): {title} — the standard changed: {fields}").format(
            title=current.title, fields=", ".join(fields)))
    if dry_run:
        print(_("Dry run: nothing was written."))
        return 0
    packs.apply_pack(db, pack, plan)
    return 0


def cmd_status(args) -> int:
    from ..core.group import pack_texts, packs

    db = _open(args.db)
    try:
        for item in packs.items(db):
            line = f"{_(packs.STATES[item.state]):<40} {_(packs.KINDS[item.kind]):<32} {item.title}"
            if item.differences():
                line += "  (" + _("differs: {fields}").format(fields=item.difference_labels()) + ")"
            print(line)
        share = packs.share(db)
    finally:
        db.close()
    print(pack_texts.share_text(share))
    return 0


def cmd_demo_bundles(args) -> int:
    from ..core.demo.group import build_group_bundles

    for path in build_group_bundles(args.folder):
        print(path)
    return 0
