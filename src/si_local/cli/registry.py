"""Registry commands: ``demo``, ``list``, ``check``."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from ..core import registry as reg
from ..core import spreadsheet, storage
from ..core.alerts import collect
from ..core.context import open_context
from ..core.db import integrity_problems, missing_tables
from ..core.errors import DatabaseError, one_line
from ..core.i18n import _, ngettext
from ..core.migrations import known_names, migrations
from . import kinds


def register(commands) -> None:
    p = commands.sub.add_parser("demo", help=_("write the demo facility's database to a new file"))
    p.add_argument("path", metavar=_("PATH"), help=_("the new database file"))
    p.set_defaults(func=cmd_demo)

    p = commands.sub.add_parser("list", help=_("list the records of one kind"))
    p.add_argument("kind", type=kinds.kind_key, choices=reg.LISTABLE, metavar=_("KIND"),
                   help=_("one of: {kinds}").format(kinds=kinds.names_help()))
    commands.add_db(p)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help=_("table: French labels and values, as the window shows them; csv: "
                          "what « export csv » writes; json: the stored values"))
    p.set_defaults(func=cmd_list)

    p = commands.sub.add_parser(
        "check", help=_("check a database: integrity, schema version, what needs attention"))
    commands.add_db(p)
    p.set_defaults(func=cmd_check)


def cmd_demo(args) -> int:
    from ..core.demo import build_demo

    db = build_demo(args.path)
    db.close()
    print(_("Demo facility written to {path}.").format(path=args.path))
    return 0


def open_existing(path, read_only: bool = False):
    """Open a database the user named: it must exist (a typo must not create an empty file)."""
    return open_context(path, create=False, read_only=read_only).db


def list_records(db, kind_key: str) -> tuple[list[str], list[dict]]:
    """Records of a kind for output: stored values, plus each reference's name."""
    k = reg.kind(kind_key)
    titles = {}
    for f in k.fields:
        if f.type in ("ref", "multiref"):
            titles[f.name] = dict(reg.choices_for(db, reg.KINDS[f.ref]))
    out = []
    for record in reg.rows(db, k):
        if k.links:
            record = reg.get(db, k, record["id"])
        item = {"id": record["id"]}
        for f in k.fields:
            value = record.get(f.name)
            if f.type == "ref":
                item[f.name] = value
                item[f.name[:-3]] = titles[f.name].get(value) if value is not None else None
            elif f.type == "multiref":
                item[f.name[:-4] + "s"] = [titles[f.name].get(i) for i in value]
            else:
                item[f.name] = value
        out.append(item)
    columns = ["id"]
    for f in k.fields:
        if f.type == "ref":
            columns.append(f.name[:-3])
        elif f.type == "multiref":
            columns.append(f.name[:-4] + "s")
        else:
            columns.append(f.name)
    return columns, out


def cmd_list(args) -> int:
    db = open_existing(args.db, read_only=True)
    if args.format == "json":
        records = list_records(db, args.kind)[1]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.format == "csv":  # what « export csv » writes, on standard output
        from ..core.interop.csv_io import export_rows

        header, rows = export_rows(db, args.kind)
        writer = spreadsheet.writer(sys.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return 0
    titles, table = display_table(db, args.kind)
    widths = [max([len(c)] + [len(row[i]) for row in table]) for i, c in enumerate(titles)]
    print("  ".join(c.ljust(w) for c, w in zip(titles, widths, strict=True)).rstrip())
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(ngettext("{count} record", "{count} records", len(table)).format(count=len(table)))
    return 0


def display_table(db, kind_key: str) -> tuple[list[str], list[list[str]]]:
    """The list's columns as the window shows them: the French labels of « export csv », the
    values with their units, dates dd/mm/yyyy (``registry.display_value``), each on one line."""
    k = reg.kind(kind_key)
    shown = [f for f in k.fields if f.in_list]
    titles = {f.name: dict(reg.choices_for(db, reg.KINDS[f.ref])) for f in shown if f.ref}
    table = []
    for row in reg.rows(db, k):
        record = reg.get(db, k, row["id"]) if k.links else row
        table.append([" ".join(reg.display_value(f, record.get(f.name), titles.get(f.name))
                               .splitlines()) for f in shown])
    return [_(f.label) for f in shown], table


def cmd_check(args) -> int:
    path = Path(args.db)
    if path.is_file() and path.stat().st_size == 0:
        print(_("{path}: empty file (0 bytes): it is not a database yet; opening it in SI Local "
                "creates a new one.").format(path=path), file=sys.stderr)
        return 1
    try:
        db = open_existing(args.db, read_only=True)
        problems = integrity_problems(db, quick=False)
    except DatabaseError as exc:
        print(f"si-local: {one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # sqlite3 errors on a damaged file surface here too
        print(one_line(_("{path}: the database is damaged ({error}).").format(
            path=args.db, error=exc)), file=sys.stderr)
        return 1
    try:
        return _check_opened(db, args.db, problems)
    except sqlite3.Error as exc:  # a schema this version does not expect: one line, no crash
        print(one_line(_("{path}: the database is incomplete or damaged ({error}).").format(
            path=args.db, error=exc)), file=sys.stderr)
        return 1
    finally:
        db.close()


def storage_line(db, path) -> str:
    """Where the file lives and the journal it uses (WAL locally, DELETE on a network share)."""
    journal = str(db.execute("PRAGMA journal_mode").fetchone()[0]).upper()
    fstype = storage.filesystem_type(path)
    if storage.is_network(path):
        return _("Storage: network folder ({fs}), {journal} journal").format(fs=fstype,
                                                                             journal=journal)
    if fstype:
        return _("Storage: local disk ({fs}), {journal} journal").format(fs=fstype, journal=journal)
    return _("Storage: local disk, {journal} journal").format(journal=journal)


def _check_opened(db, path, problems: list[str]) -> int:
    if problems:
        print(one_line(_("{path}: the database is damaged ({error}).").format(
            path=path, error=problems[0])), file=sys.stderr)
        return 1
    applied = len(migrations.applied(db))
    print(_("Integrity: ok"))
    print(storage_line(db, path))
    print(_("Schema version: {applied} of {known}").format(applied=applied, known=len(known_names())))
    if applied == 0:
        print(_("{path}: this database has not been created yet (no step applied); opening it in "
                "SI Local creates it.").format(path=path), file=sys.stderr)
        return 1
    pending = migrations.pending(db)
    if pending:
        print(ngettext("{path}: the database is only partly created or was written by an older "
                       "version ({count} step to apply); opening it in SI Local completes it.",
                       "{path}: the database is only partly created or was written by an older "
                       "version ({count} steps to apply); opening it in SI Local completes it.",
                       len(pending)).format(path=path, count=len(pending)), file=sys.stderr)
        return 1
    missing = missing_tables(db)
    if missing:
        print(ngettext("{path}: the database is incomplete, a table is missing: {tables}. Restore "
                       "a snapshot or a backup.",
                       "{path}: the database is incomplete, tables are missing: {tables}. Restore "
                       "a snapshot or a backup.", len(missing)).format(
                           path=path, tables=", ".join(missing)), file=sys.stderr)
        return 1
    alerts = collect(db)
    if alerts:
        print(_("Needs attention ({count}):").format(count=len(alerts)))
        for alert in alerts:
            print(f"  - {alert.message}")
    else:
        print(_("Nothing needs attention."))
    return 0
