"""Installed programs (from agent inventories) and « am I affected? ».

    si-local software --db PATH search "OpenSSL < 3.0.7" [--tag NAME] [--action]
    si-local software --db PATH list MACHINE
"""

from __future__ import annotations

from ..core.errors import UserError
from ..core.i18n import _, format_date, format_number, ngettext


def register(commands) -> None:
    p = commands.sub.add_parser(
        "software", help=_("the programs installed on the machines; am I affected?"))
    commands.add_db(p, required=False)  # also given after the action
    software_sub = p.add_subparsers(dest="software_command", metavar=_("ACTION"), required=True,
                                    parser_class=type(p))
    s = software_sub.add_parser(
        "search", help=_("the machines where a program is installed, by name and version"))
    commands.add_db(s)
    s.add_argument("query", metavar=_("QUERY"),
                   help=_("a name and versions, for example « OpenSSL < 3.0.7 », « openssl >= 1.1 "
                          "< 3.0.7 » or « Java » (any version)"))
    s.add_argument("--tag", metavar=_("ALERT"),
                   help=_("tag the machines found with this alert's name (« Alerte CERT-FR "
                          "2026-123 »)"))
    s.add_argument("--action", action="store_true",
                   help=_("also create one action listing them in the self-diagnostic action "
                          "plan (needs --tag)"))
    s.set_defaults(func=cmd_search)
    s = software_sub.add_parser("list", help=_("the programs installed on one machine"))
    commands.add_db(s)
    s.add_argument("machine", metavar=_("MACHINE"), help=_("the name of a server, VM or equipment"))
    s.set_defaults(func=cmd_list)


def _open(args, read_only: bool):
    from .registry import open_existing

    return open_existing(args.db, read_only=read_only)


def cmd_search(args) -> int:
    from ..core import software_search as ss
    from ..core.software_versions import parse_query

    if args.action and not args.tag:
        raise UserError(_("--action needs --tag NAME: the action is named after the alert."))
    query = parse_query(args.query)  # a bad query: one line, before opening anything
    db = _open(args, read_only=not args.tag)
    try:
        hits = ss.search(db, query)
        print(_("Search: {query}").format(query=query.describe()))
        for h in hits:
            print(f"  {h.machine_label:<16} {h.machine:<24} {h.program} {h.version}".rstrip())
        print(ss.summary(hits))
        if args.tag:
            added = ss.tag_machines(db, args.tag, hits, query.text)
            print(ngettext("{n} machine tagged « {alert} »", "{n} machines tagged « {alert} »",
                           added).format(n=format_number(added), alert=args.tag.strip()))
        if args.action:
            action_id, campaign = ss.create_action(db, args.tag, hits, query.text)
            print(_("Action {id} created in the campaign « {campaign} ».").format(
                id=action_id, campaign=campaign["title"]))
    finally:
        db.close()
    return 0


def cmd_list(args) -> int:
    from ..core import software
    from ..core.software_search import MACHINE_LABELS, tags_of

    db = _open(args, read_only=True)
    try:
        table, machine_id, name = software.find_machine(db, args.machine)
        kind = software.machine_kind(db, table, machine_id)
        programs = software.machine_programs(db, table, machine_id)
        print(_("{kind} {name}: {programs}").format(
            kind=_(MACHINE_LABELS[kind]), name=name,
            programs=ngettext("{n} installed program", "{n} installed programs",
                              len(programs)).format(n=format_number(len(programs)))))
        for tag in tags_of(db, table, machine_id):
            print("  " + _("Alert: {alert}").format(alert=tag))
        for p in programs:
            extra = ", ".join(x for x in (p["publisher"] or "", format_date(p["install_date"])
                                          if p["install_date"] else "") if x)
            line = f"  {p['name']} {p['version']}".rstrip()
            print(f"{line} ({extra})" if extra else line)
    finally:
        db.close()
    return 0
