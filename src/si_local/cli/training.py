"""Training commands: ``print training``, ``print attendance``, ``print invitations``,
``print certificate``, ``export ics``, ``export untrained``, ``export staff-template`` and
``import staff``."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from ..core.i18n import _, ngettext, page_count
from .numbers import record_number
from .output import print_problems
from si_local.core import clock


def register(commands) -> None:
    p = commands.print_sub.add_parser("training", help=_("the training plan (sessions, coverage, référents)"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_training)

    p = commands.print_sub.add_parser(
        "attendance", help=_("sign-in sheets of the sessions (every upcoming session by default)"))
    commands.add_db(p)
    p.add_argument("--session", type=record_number(_("Session {id} does not exist.")), action="append", metavar=_("ID"),
                   help=_("only this session (may be repeated)"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_attendance)

    p = commands.print_sub.add_parser(
        "invitations", help=_("for each unit, who is booked on which training session"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_invitations)

    p = commands.print_sub.add_parser(
        "certificate", help=_("a person's training certificate (people marked present only)"))
    commands.add_db(p)
    p.add_argument("--person", required=True, metavar=_("NAME"),
                   help=_("the person: « LAST First », « First Last » or a last name"))
    p.add_argument("--session", type=record_number(_("Session {id} does not exist.")), metavar=_("ID"),
                   help=_("only this session (default: every session the person attended)"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_certificate)

    p = commands.export_sub.add_parser(
        "untrained", help=_("the people still to train, per unit, as a spreadsheet (CSV)"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.csv"),
                   help=_("the CSV file to write"))
    p.set_defaults(func=cmd_export_untrained)

    p = commands.export_sub.add_parser("ics", help=_("the training sessions as a calendar (.ics)"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.ics"),
                   help=_("the calendar file to write"))
    p.set_defaults(func=cmd_export_ics)

    p = commands.export_sub.add_parser(
        "staff-template", help=_("a blank staff list to fill in, then import with « import staff »"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.csv"),
                   help=_("the file to write: a CSV file, or a spreadsheet when its name ends "
                          "with .ods"))
    p.set_defaults(func=cmd_export_staff_template)

    p = commands.import_sub.add_parser(
        "staff", help=_("import the staff list of the training plan from a CSV file or a spreadsheet"))
    commands.add_db(p)
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the CSV file (UTF-8 or Windows-1252, ; or ,) or the spreadsheet (.ods)"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.add_argument("--only-good", action="store_true",
                   help=_("import the good lines even when other lines have errors"))
    p.add_argument("--map", action="append", default=[], metavar=_("COLUMN=FIELD"),
                   help=_("read a column of the file as a field (« Service=unit », "
                          "« Pôle=unité »), or leave it aside (« Service= »); may be repeated"))
    p.add_argument("--create-units", action="store_true",
                   help=_("create the units the file names that do not exist yet"))
    p.add_argument("--create-profiles", action="store_true",
                   help=_("add the profiles the file names that are not in the list yet"))
    p.set_defaults(func=cmd_import_staff)


def _open(args, read_only: bool = False):
    from .registry import open_existing

    return open_existing(args.db, read_only=read_only)


def _pdf_path(path: Path) -> Path:
    if path.suffix.lower() != ".pdf":
        raise UserError(_("{path}: the output file name must end with .pdf.").format(path=path))
    if not path.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))
    return path


def cmd_print_training(args) -> int:
    from ..core.reports.training import print_plan

    db = _open(args, read_only=True)
    try:
        pages = print_plan(db, _pdf_path(args.output), clock.today())
    finally:
        db.close()
    print(_("Training plan written to {path} ({pages}).").format(path=args.output, pages=page_count(pages)))
    return 0


def cmd_print_attendance(args) -> int:
    from ..core.reports.training import print_attendance

    db = _open(args, read_only=True)
    try:
        pages = print_attendance(db, _pdf_path(args.output), args.session, clock.today())
    finally:
        db.close()
    print(_("Sign-in sheets written to {path} ({pages}).").format(path=args.output, pages=page_count(pages)))
    return 0


def cmd_print_invitations(args) -> int:
    from ..core.reports.training import print_invitations

    db = _open(args, read_only=True)
    try:
        pages = print_invitations(db, _pdf_path(args.output), clock.today())
    finally:
        db.close()
    print(_("Invitations written to {path} ({pages}).").format(path=args.output, pages=page_count(pages)))
    return 0


def cmd_print_certificate(args) -> int:
    from ..core.reports.training_certificate import print_certificate
    from ..core.training import find_staff

    db = _open(args, read_only=True)
    try:
        person = find_staff(db, args.person)
        pages = print_certificate(db, _pdf_path(args.output), person["id"], args.session, clock.today())
    finally:
        db.close()
    print(_("Training certificate written to {path} ({pages}).").format(
        path=args.output, pages=page_count(pages)))
    return 0


def cmd_export_untrained(args) -> int:
    from ..core.training import export_untrained_csv

    db = _open(args, read_only=True)
    try:
        count = export_untrained_csv(db, args.output, clock.today())
    finally:
        db.close()
    print(ngettext("{count} person still to train written to {path}.",
                   "{count} people still to train written to {path}.", count).format(
                       count=count, path=args.output))
    return 0


def cmd_export_ics(args) -> int:
    from ..core.training import export_ics

    if not args.output.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=args.output.parent))
    db = _open(args, read_only=True)
    try:
        count = export_ics(db, args.output)
    finally:
        db.close()
    print(ngettext("{count} session written to {path}.", "{count} sessions written to {path}.",
                   count).format(count=count, path=args.output))
    return 0


def cmd_export_staff_template(args) -> int:
    from ..core.training import write_staff_template

    if not args.output.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=args.output.parent))
    write_staff_template(args.output)
    print(_("Staff list to fill in written to {path}.").format(path=args.output))
    return 0


def _column_map(pairs: list[str]) -> dict[str, str | None]:
    """{column title: field} from the ``--map COLUMN=FIELD`` options (an empty field: ignored)."""
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        title, equals, target = pair.rpartition("=")
        if not equals or not title.strip():
            raise UserError(_("--map {value}: write COLUMN=FIELD, e.g. « Service=unit ».").format(
                value=pair))
        mapping[title.strip()] = target.strip() or None
    return mapping


def cmd_import_staff(args) -> int:
    from ..core.training import import_staff_csv

    db = _open(args, read_only=args.dry_run)
    try:
        report = import_staff_csv(db, args.file, dry_run=args.dry_run, only_good=args.only_good,
                                  mapping=_column_map(args.map), create_units=args.create_units,
                                  create_profiles=args.create_profiles)
    finally:
        db.close()
    print_problems(str(args.file), report.errors, total=report.error_count)
    print(report.summary())
    if report.errors and not report.written:
        return 3
    return 0
