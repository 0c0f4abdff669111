"""End-of-support commands: each machine's system and its end of support, the compensating
measures, a newer table of dates."""

from __future__ import annotations

from pathlib import Path

from ..core.i18n import _, format_date


def register(commands) -> None:
    parser = commands.sub.add_parser(
        "end-of-support", help=_("the end of support of the machines' systems"))
    commands.add_db(parser)
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=False)
    p = sub.add_parser("measure", help=_("record or remove a machine's compensating measure"))
    commands.add_db(p)
    p.add_argument("verb", choices=["add", "remove"], metavar="add|remove",
                   help=_("add (or replace) the measure, or remove it"))
    p.add_argument("machine", metavar=_("MACHINE"), help=_("the server's or VM's name"))
    p.add_argument("--kind", choices=["isolated", "extended_support", "replacement", "other"],
                   help=_("isolated, extended_support, replacement or other"))
    p.add_argument("--on", metavar=_("YYYY-MM-DD"), help=_("the day the replacement is planned"))
    p.add_argument("--note", default=None, help=_("what the measure is"))
    p = sub.add_parser("load", help=_("load a newer table of end-of-support dates"))
    commands.add_db(p)
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the table (.json)"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    parser.set_defaults(func=cmd_end_of_support)


def _open(path):
    from ..core.context import open_context

    return open_context(path, create=False).db


def cmd_end_of_support(args) -> int:
    db = _open(args.db)
    try:
        if args.action == "measure":
            return _measure(db, args)
        if args.action == "load":
            return _load(db, args)
        return _list(db)
    finally:
        db.close()


def table_text(table) -> str:
    return _("Dates from {source} ({url}, licence {licence}) as of {date}.").format(
        source=table.source, url=table.url, licence=table.licence, date=format_date(table.date))


def _list(db) -> int:
    from ..core import end_of_support as eos

    table = eos.current_table(db)
    print(table_text(table))
    for m in eos.machines(db, table=table):
        end = format_date(m.cycle.end) if m.cycle and m.cycle.end else "—"
        days = "" if m.days_left is None else str(m.days_left)
        measure = m.measure.text() if m.measure else ""
        print("\t".join([m.name, m.system or "", m.system_label or _("unknown"), end, days,
                         _(eos.STATUSES[m.status]), measure]).rstrip())
    return 0


def _measure(db, args) -> int:
    from ..core import end_of_support as eos
    from ..core.errors import UserError

    machine = eos.machine_by_name(db, args.machine)
    if machine is None:
        raise UserError(_("No server or VM named “{name}”.").format(name=args.machine))
    if args.verb == "remove":
        if not eos.delete_measure(db, machine.kind, machine.id):
            raise UserError(_("{name} has no compensating measure.").format(name=machine.name))
        print(_("Compensating measure of {name} removed.").format(name=machine.name))
        return 0
    if not args.kind:
        raise UserError(_("Give the measure with --kind."))
    eos.save_measure(db, machine.kind, machine.id, args.kind, args.on, args.note)
    saved = eos.machine_by_name(db, args.machine)
    print(_("{name}: compensating measure recorded: {measure}.").format(
        name=machine.name, measure=saved.measure.text()))
    return 0


def _load(db, args) -> int:
    from ..core import end_of_support as eos

    table = eos.read_table_file(args.file)
    current = eos.current_table(db)
    print(table_text(table))
    if table.date > current.date:
        print(_("Newer than the table in use (as of {date}): it will be used.").format(
            date=format_date(current.date)))
    else:
        print(_("Not newer than the table in use (as of {date}): kept, not used.").format(
            date=format_date(current.date)))
    if args.dry_run:
        print(_("Dry run: nothing was written."))
        return 0
    eos.load_table(db, args.file)
    print(_("Table loaded."))
    return 0
