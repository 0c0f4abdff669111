"""Readiness commands: ``readiness`` (where the facility stands against the authorities'
expectations), ``readiness declare ID``, ``readiness withdraw ID`` and ``print evidence`` (the
evidence pack)."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.i18n import _, ngettext, page_count
from si_local.core import clock


def register(commands) -> None:
    p = commands.sub.add_parser(
        "readiness", help=_("where the facility stands against the authorities' expectations "
                            "(CaRE, crisis exercise, certification)"))
    commands.add_db(p)
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    p.set_defaults(func=cmd_readiness)
    sub = p.add_subparsers(dest="readiness_action", metavar=_("ACTION"))
    d = sub.add_parser("declare", help=_("declare an expectation met (who, a note, a document)"))
    commands.add_db(d)
    d.add_argument("id", metavar="ID", help=_("the expectation's id, as listed"))
    d.add_argument("--by", required=True, metavar=_("NAME"), help=_("who declares it"))
    d.add_argument("--note", metavar=_("TEXT"), help=_("a note kept with the declaration"))
    d.add_argument("--document", type=Path, metavar=_("PATH"),
                   help=_("a document that proves it (its path and SHA-256 are kept, not its content)"))
    d.set_defaults(func=cmd_declare)
    w = sub.add_parser("withdraw", help=_("withdraw a declaration (kept in the history)"))
    commands.add_db(w)
    w.add_argument("id", metavar="ID", help=_("the expectation's id, as listed"))
    w.add_argument("--by", required=True, metavar=_("NAME"), help=_("who withdraws it"))
    w.add_argument("--note", metavar=_("TEXT"), help=_("why it is withdrawn"))
    w.set_defaults(func=cmd_withdraw)

    e = commands.print_sub.add_parser(
        "evidence", help=_("the readiness evidence pack: cover, index of the expectations with "
                           "the page of their evidence, then the evidence"))
    commands.add_db(e)
    e.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE.pdf"),
                   help=_("the PDF file to write"))
    e.set_defaults(func=cmd_print_evidence)


def _open(args, read_only: bool):
    from .registry import open_existing

    return open_existing(args.db, read_only=read_only)


def status_dict(status) -> dict:
    """One status as ``--json`` prints it."""
    d = status.declaration
    return {
        "id": status.id, "programme": status.programme.id, "state": status.state,
        "wording": status.expectation.wording,
        "source": {"text": status.expectation.source.text, "date": status.expectation.source.date,
                   "reference": status.expectation.source.reference,
                   "to_confirm": status.expectation.source.to_confirm},
        "evidence": [{"label": e.label, "area": e.area, "kind": e.kind, "record_id": e.record_id,
                      "date": e.date} for e in status.evidence],
        "declaration": None if d is None else {
            "by": d.declared_by, "on": d.declared_on, "note": d.note,
            "document": d.document_path, "sha256": d.document_sha256},
        "todo": status.todo if status.state == "missing" else None,
        "detail": status.detail or None,
    }


def _what(status) -> list[str]:
    """The lines under an expectation: its evidence, its declaration, or what to do."""
    from ..core import readiness as r

    if status.state == r.MET:
        return [e.label for e in status.evidence]
    if status.state == r.DECLARED:
        return [r.declaration_line(status.declaration)]
    return [x for x in (status.detail, _("To do: {todo}").format(todo=status.todo)) if x]


def cmd_readiness(args) -> int:
    from ..core import readiness as r

    db = _open(args, read_only=True)
    try:
        expectations = r.load(db)
        statuses = r.evaluate(db, clock.today(), expectations)
    finally:
        db.close()
    if args.json:
        print(json.dumps({"list": {"date": expectations.date.isoformat(),
                                   "origin": expectations.origin, "title": expectations.title,
                                   "disclaimer": expectations.disclaimer},
                          "expectations": [status_dict(s) for s in statuses]},
                         ensure_ascii=False, indent=2))
        return 0
    print(expectations.title)
    print(r.version_line(expectations))
    print(expectations.disclaimer)
    width = max(len(s.id) for s in statuses)
    state_width = max(len(s.state_label) for s in statuses)
    for programme in expectations.programmes:
        print()
        print(f"{programme.title} — {programme.source}")
        for s in (s for s in statuses if s.programme.id == programme.id):
            print(f"  {s.state_label.ljust(state_width)}  {s.id.ljust(width)}  {s.expectation.wording}")
            for line in _what(s):
                print(f"  {' ' * state_width}  {' ' * width}  → {line}")
    counts = {k: sum(1 for s in statuses if s.state == k) for k in (r.MET, r.DECLARED, r.MISSING)}
    print()
    print(ngettext("{count} expectation — met: {met}, declared: {declared}, missing: {missing}.",
                   "{count} expectations — met: {met}, declared: {declared}, missing: {missing}.",
                   len(statuses)).format(count=len(statuses), met=counts[r.MET],
                                         declared=counts[r.DECLARED], missing=counts[r.MISSING]))
    return 0


def cmd_declare(args) -> int:
    from ..core import readiness as r

    db = _open(args, read_only=False)
    try:
        r.declare(db, r.load(db), args.id, args.by, clock.today(), note=args.note,
                  document=args.document)
    finally:
        db.close()
    print(_("“{id}” declared by {who}.").format(id=args.id, who=args.by.strip()))
    return 0


def cmd_withdraw(args) -> int:
    from ..core import readiness as r

    db = _open(args, read_only=False)
    try:
        r.withdraw(db, r.load(db), args.id, args.by, clock.today(), note=args.note)
    finally:
        db.close()
    print(_("Declaration of “{id}” withdrawn by {who}.").format(id=args.id, who=args.by.strip()))
    return 0


def cmd_print_evidence(args) -> int:
    from ..core.reports.evidence import print_evidence
    from .training import _pdf_path

    db = _open(args, read_only=True)
    try:
        pages = print_evidence(db, _pdf_path(args.output), clock.today())
    finally:
        db.close()
    print(_("Evidence pack written to {path} ({pages}).").format(path=args.output,
                                                                 pages=page_count(pages)))
    return 0
