"""Continuity commands: ``print pca`` (the printed plan), ``print exercise`` / ``print exercise-sheet``
(a crisis exercise's RETEX and sign-in sheet) and ``impact NAME`` (what stops)."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import UserError
from ..core.i18n import N_, _, page_count
from .numbers import record_number
from si_local.core import clock


IMPACT_OPTIONS = {"server": N_("the server that fails"), "vm": N_("the virtual machine that fails"),
                  "application": N_("the application that fails"), "site": N_("the site that fails"),
                  "equipment": N_("the piece of equipment that fails")}


def register(commands) -> None:
    p = commands.print_sub.add_parser("pca", help=_("the continuity plan (PCA) to keep on paper"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_pca)

    p = commands.print_sub.add_parser(
        "crisis-kit", help=_("the crisis kit: what the crisis cell needs on paper when every screen is dark"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_crisis_kit)

    p = commands.print_sub.add_parser(
        "impact", help=_("the impact analysis of one server, VM, application, site or equipment"))
    commands.add_db(p)
    which = p.add_mutually_exclusive_group(required=True)
    for kind in IMPACT_OPTIONS:
        which.add_argument(f"--{kind}", metavar=_("NAME"), help=_(IMPACT_OPTIONS[kind]))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    p.set_defaults(func=cmd_print_impact)
    _register_exercise(commands)

    p = commands.sub.add_parser(
        "impact", help=_("what stops when a server, VM, application, site or equipment fails"))
    commands.add_db(p)
    p.add_argument("name", metavar=_("NAME"), help=_("the name (or id with --kind) of the item"))
    p.add_argument("--kind", choices=["server", "vm", "application", "site", "equipment"],
                   help=_("the kind of item, when the name is ambiguous"))
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    p.set_defaults(func=cmd_impact)


def _open(args):
    from .registry import open_existing

    return open_existing(args.db, read_only=True)


def _check_output(path: Path) -> None:
    if path.suffix.lower() != ".pdf":
        raise UserError(_("{path}: the output file name must end with .pdf.").format(path=path))
    if not path.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))


def cmd_print_impact(args) -> int:
    from ..core.reports.impact import print_impact

    _check_output(args.output)
    kind = next(k for k in IMPACT_OPTIONS if getattr(args, k) is not None)
    db = _open(args)
    try:
        pages = print_impact(db, kind, getattr(args, kind), args.output, clock.today())
    finally:
        db.close()
    print(_("Impact analysis written to {path} ({pages}).").format(
        path=args.output, pages=page_count(pages)))
    return 0


def cmd_print_pca(args) -> int:
    from ..core.reports.continuity import print_plan

    path = args.output
    _check_output(path)
    db = _open(args)
    try:
        pages = print_plan(db, path, clock.today())
    finally:
        db.close()
    print(_("Continuity plan written to {path} ({pages}).").format(path=path, pages=page_count(pages)))
    return 0


def cmd_print_crisis_kit(args) -> int:
    """``print crisis-kit``: the crisis cell's paper kit (core/reports/crisis_kit.py)."""
    from ..core.reports.crisis_kit import print_crisis_kit

    path = args.output
    _check_output(path)
    db = _open(args)
    try:
        pages = print_crisis_kit(db, path, clock.today())
    finally:
        db.close()
    print(_("Crisis kit written to {path} ({pages}).").format(path=path, pages=page_count(pages)))
    return 0


def cmd_impact(args) -> int:
    from ..core import continuity as c

    db = _open(args)
    try:
        result = c.impact(db, args.kind, args.name)
    finally:
        db.close()
    if args.json:
        print(json.dumps({
            "kind": result.kind, "name": result.target_name,
            "servers": [s["name"] for s in result.servers], "vms": [v["name"] for v in result.vms],
            "applications": [a["name"] for a in result.applications],
            "activities": [a["name"] for a in result.activities],
            "backups": [b["name"] for b in result.backups],
            "mirrors": result.mirrors, "mirror_takes_over": result.mirror_takes_over,
            "unprotected_vms": result.unprotected_vms,
            "notes": result.notes,
            "restart_order": [i.name for i in result.restart],
            "application_order": result.application_order,
        }, ensure_ascii=False, indent=2))
    else:
        print("\n".join(c.impact_lines(result)))
    return 0


def _register_exercise(commands) -> None:
    for name, help_text, func in (
            ("exercise", _("the lessons-learned report (RETEX) of a crisis exercise"), cmd_print_exercise),
            ("exercise-sheet", _("the sign-in sheet of a crisis exercise's participants"),
             cmd_print_exercise_sheet)):
        p = commands.print_sub.add_parser(name, help=help_text)
        commands.add_db(p)
        p.add_argument("--id", type=record_number(_("Exercise {id}: no such exercise.")), metavar=_("ID"),
                       help=_("the exercise (default: the last one held)"))
        p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                       help=_("the PDF file to write"))
        p.set_defaults(func=func)


def cmd_print_exercise(args) -> int:
    from ..core.reports.exercise import print_exercise

    return _print_exercise(args, print_exercise, _("Lessons-learned report written to {path} ({pages})."))


def cmd_print_exercise_sheet(args) -> int:
    from ..core.reports.exercise import print_exercise_sheet

    return _print_exercise(args, print_exercise_sheet, _("Sign-in sheet written to {path} ({pages})."))


def _print_exercise(args, printer, done: str) -> int:
    _check_output(args.output)
    db = _open(args)
    try:
        pages = printer(db, args.output, args.id, clock.today())
    finally:
        db.close()
    print(done.format(path=args.output, pages=page_count(pages)))
    return 0
