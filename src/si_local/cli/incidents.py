"""Incident register commands: ``incidents`` (the register), ``incident add``, ``incident
correct``, ``incident scope``, ``print declaration`` (pre-filled or ``--blank``) and ``print
incidents`` (the yearly summary)."""

from __future__ import annotations

from pathlib import Path

from ..core import clock
from ..core.errors import UserError
from ..core.i18n import N_, _, page_count
from .numbers import record_number, year

# English, translated when the parser is built (the language may change after import)
_TEXTS = (("--title", "title", N_("the incident's title")),
          ("--description", "description", N_("what happened")),
          ("--started", "started_at", N_("when it started (2026-11-23 14:05)")),
          ("--detected", "detected_at", N_("when it was detected (2026-11-23 14:05)")),
          ("--ended", "ended_at", N_("when it ended (2026-11-23 14:05)")),
          ("--on-care", "consequences_care", N_("its consequences on care")),
          ("--on-data", "consequences_data", N_("its consequences on data")),
          ("--on-system", "consequences_system", N_("its consequences on the information system")),
          ("--causes", "causes", N_("its causes")),
          ("--actions", "actions", N_("the measures taken")),
          ("--declared", "declared_at", N_("when it was declared (2026-11-23 14:05)")),
          ("--declared-to", "declared_to", N_("to whom it was declared")),
          ("--reference", "declared_reference", N_("the reference the declaration received")),
          ("--declarant", "declarant_name", N_("the declarant's name")),
          ("--declarant-role", "declarant_role", N_("the declarant's function")),
          ("--declarant-contact", "declarant_contact", N_("the declarant's telephone or e-mail")),
          ("--note", "correction_note", N_("why this correction")))


def _entry_options(p) -> None:
    for flag, dest, text in _TEXTS:
        p.add_argument(flag, dest=dest, metavar=_("TEXT"), help=_(text))
    p.add_argument("--declaration", choices=("required", "not_required", "to_assess"),
                   help=_("whether it must be declared"))
    p.add_argument("--touched", action="append", default=[], metavar=_("KIND=NAME"),
                   help=_("a record it touched: application, server, vm, site or equipment "
                          "(« server=SRV-HYP-01 »); may be repeated; the applications, "
                          "activities and units they stop are added"))


def register(commands) -> None:
    p = commands.sub.add_parser("incidents", help=_("the incident register and its deadlines"))
    commands.add_db(p)
    p.set_defaults(func=cmd_list)

    p = commands.sub.add_parser("incident", help=_("record an incident or a correction"))
    sub = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    add = sub.add_parser("add", help=_("record a new incident"))
    commands.add_db(add)
    _entry_options(add)
    add.set_defaults(func=cmd_add)
    fix = sub.add_parser("correct", help=_("record a correction of an incident (a new entry)"))
    commands.add_db(fix)
    fix.add_argument("--id", type=record_number(_("No incident number {id}.")), required=True, metavar=_("NUMBER"), help=_("the incident's number"))
    _entry_options(fix)
    fix.set_defaults(func=cmd_correct)
    scope = sub.add_parser("scope", help=_("say whether the facility is in the scope of NIS2"))
    commands.add_db(scope)
    scope.add_argument("--nis2", choices=("yes", "no"), required=True, help=_("in the scope of NIS2"))
    scope.set_defaults(func=cmd_scope)

    p = commands.print_sub.add_parser(
        "declaration", help=_("the paper declaration of an incident, pre-filled, or blank"))
    commands.add_db(p, required=False)
    p.add_argument("--id", type=record_number(_("No incident number {id}.")), metavar=_("NUMBER"), help=_("the incident's number"))
    p.add_argument("--blank", action="store_true", help=_("the blank form, to fill by hand"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_declaration)

    p = commands.print_sub.add_parser("incidents", help=_("the yearly summary of the incidents"))
    commands.add_db(p)
    p.add_argument("--year", type=year, required=True, metavar=_("YEAR"), help=_("the year"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_incidents)


def _open(args, read_only: bool = False):
    from .registry import open_existing

    return open_existing(args.db, read_only=read_only)


def _pdf_path(path: Path) -> Path:
    from .training import _pdf_path as check

    return check(path)


def cmd_list(args) -> int:
    from ..core import incidents as inc

    db = _open(args, read_only=True)
    try:
        deadlines = inc.load_deadlines()
        scope = inc.nis2_in_scope(db)
        found = inc.incidents(db)
        if not found:
            print(_("No incident recorded."))
        for item in found:
            e = item.entry
            print(_("{number}. {title} — detected {detected}, {declaration}").format(
                number=item.number, title=e["title"], detected=inc.show_moment(e["detected_at"]),
                declaration=inc.label(inc.DECLARATIONS, e["declaration"])))
            for st in inc.states(e, deadlines, scope, clock.now()):
                print("    " + _("{deadline}: {due} — {state}").format(
                    deadline=st.deadline.label, due=st.due_label, state=st.state_label))
    finally:
        db.close()
    return 0


def _values(args, base: dict | None = None) -> dict:
    from ..core import incidents as inc

    values = {name: (base or {}).get(name) for name in inc.ENTRY_FIELDS}
    values["correction_note"] = None
    for _flag, dest, _text in _TEXTS:
        if getattr(args, dest) is not None:
            values[dest] = getattr(args, dest)
    if args.declaration:
        values["declaration"] = args.declaration
    return values


def _links(db, args, base: list | None = None) -> list:
    from ..core import incidents as inc

    picked = [link for link in (base or []) if link.origin == "picked"]
    for item in args.touched:
        kind, sep, name = item.partition("=")
        if not sep or not name.strip():
            raise UserError(_("--touched {value}: write KIND=NAME (« server=SRV-HYP-01 »).").format(value=item))
        picked.append(inc.find_record(db, kind.strip(), name.strip()))
    return inc.with_impact(db, picked)


def cmd_add(args) -> int:
    from ..core import incidents as inc

    db = _open(args)
    try:
        number = inc.add_incident(db, _values(args), _links(db, args))
    finally:
        db.close()
    print(_("Incident {number} recorded.").format(number=number))
    return 0


def cmd_correct(args) -> int:
    from ..core import incidents as inc

    db = _open(args)
    try:
        found = inc.incident(db, args.id)
        inc.correct_incident(db, found.id, _values(args, found.entry),
                             _links(db, args, found.links), inc.steps_done(found.entry))
    finally:
        db.close()
    print(_("Correction of incident {number} recorded.").format(number=args.id))
    return 0


def cmd_scope(args) -> int:
    from ..core import incidents as inc

    db = _open(args)
    try:
        inc.set_nis2_scope(db, args.nis2 == "yes")
    finally:
        db.close()
    return 0


def cmd_print_declaration(args) -> int:
    from ..core.reports.declaration import print_blank_declaration, print_declaration

    path = _pdf_path(args.output)
    if args.blank:
        pages = print_blank_declaration(path, clock.today())
    else:
        if args.id is None or getattr(args, "db", None) is None:
            raise UserError(_("Give --db and --id, or --blank for the blank form."))
        db = _open(args, read_only=True)
        try:
            pages = print_declaration(db, path, args.id, clock.today())
        finally:
            db.close()
    print(_("Declaration written to {path} ({pages}).").format(path=args.output, pages=page_count(pages)))
    return 0


def cmd_print_incidents(args) -> int:
    from ..core.reports.incidents import print_incidents_year

    db = _open(args, read_only=True)
    try:
        pages = print_incidents_year(db, _pdf_path(args.output), args.year, clock.today())
    finally:
        db.close()
    print(_("Incidents of {year} written to {path} ({pages}).").format(
        year=args.year, path=args.output, pages=page_count(pages)))
    return 0
