"""Import and export commands: agent inventories, CSV spreadsheets, facility bundles.

    si-local import inventory --db PATH FILE... [--dry-run]
    si-local import csv --db PATH --table KIND FILE [--dry-run] [--only-good]
    si-local import bundle --db PATH FILE [--dry-run] [--all-changes]
    si-local export csv --db PATH --table KIND -o FILE
    si-local export bundle --db PATH -o FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..core import registry as reg
from ..core.context import open_context
from ..core.errors import UserError
from ..core.i18n import _, ngettext
from . import kinds
from .output import planned_and_written, print_problems

# Changed fields a bundle import lists on screen before « … and N other changes » (re-parentings
# are listed whatever their number, before the rest).
SHOWN_CHANGES = 40


def register(commands) -> None:
    p = commands.import_sub.add_parser(
        "inventory", help=_("import GLPI agent (JSON) or FusionInventory (XML) inventories"))
    commands.add_db(p)
    p.add_argument("files", nargs="+", type=Path, metavar=_("FILE"), help=_("inventory files"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    p.set_defaults(func=cmd_import_inventory)

    p = commands.import_sub.add_parser("csv", help=_("import a spreadsheet (CSV) into one table"))
    commands.add_db(p)
    p.add_argument("--table", required=True, type=kinds.kind_key, choices=reg.LISTABLE,
                   metavar=_("KIND"), help=_("one of: {kinds}").format(kinds=kinds.names_help()))
    p.add_argument("file", type=Path, metavar=_("FILE"),
                   help=_("the CSV file (UTF-8 or Windows-1252, ; or ,)"))
    p.add_argument("--dry-run", action="store_true", help=_("check every line, write nothing"))
    p.add_argument("--only-good", action="store_true",
                   help=_("import the good lines even when some lines are bad"))
    p.set_defaults(func=cmd_import_csv)

    p = commands.import_sub.add_parser("bundle", help=_("import a facility bundle (JSON)"))
    commands.add_db(p)
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the bundle file (JSON) to import"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    p.add_argument("--all-changes", action="store_true",
                   help=_("list every changed field (by default the first {count}; records "
                          "attached elsewhere are always all listed)").format(count=SHOWN_CHANGES))
    p.set_defaults(func=cmd_import_bundle)

    p = commands.export_sub.add_parser("csv", help=_("export one table to a spreadsheet (CSV)"))
    commands.add_db(p)
    p.add_argument("--table", required=True, type=kinds.kind_key, choices=reg.LISTABLE,
                   metavar=_("KIND"), help=_("one of: {kinds}").format(kinds=kinds.names_help()))
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE"),
                   help=_("the CSV file to write"))
    p.set_defaults(func=cmd_export_csv)

    p = commands.export_sub.add_parser("bundle", help=_("export the whole facility to one JSON file"))
    commands.add_db(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar=_("FILE"),
                   help=_("the bundle file (JSON) to write"))
    p.set_defaults(func=cmd_export_bundle)


def _open(path: Path, create: bool = False):
    if not create and not Path(path).exists():
        raise UserError(_("{path}: no such database file.").format(path=path))
    return open_context(path, create=create).db


def _create_empty(path: Path) -> bool:
    """Create ``path`` empty, atomically: True when this process made it (and so may remove it
    if the import fails), False when it already existed (another import running at the same
    moment may have just made it: that import's file is never removed here)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb"):
            return True
    except FileExistsError:
        return False
    except OSError:
        return not path.exists()  # open_database says why it cannot be created


def cmd_import_inventory(args) -> int:
    from ..core.interop.inventory import apply_plan, counts_text, plan_inventories

    db = _open(args.db)
    try:
        with planned_and_written(db, args.dry_run):
            plan = plan_inventories(db, args.files)
            for file_plan in plan.files:
                counts = counts_text(*(file_plan.count(op)
                                       for op in ("create", "update", "unchanged", "skip")))
                print(_("{file}: {counts}").format(file=file_plan.path, counts=counts))
                for action in file_plan.actions:  # every one: the line says which rule gave its type
                    print("  " + action.describe())
                    for note in action.notes:
                        print("    " + note)
            if not args.dry_run:
                apply_plan(db, plan)
        print((_("Dry run, nothing written: {summary}") if args.dry_run else _("Imported: {summary}"))
              .format(summary=plan.summary()))
        if any(a.writes_software for a in plan.actions):
            print(_("Installed programs: {summary}").format(summary=plan.software_summary()))
    finally:
        db.close()
    return 0


def cmd_import_csv(args) -> int:
    from ..core.interop.csv_io import import_csv

    db = _open(args.db)
    try:
        with planned_and_written(db, args.dry_run):
            result = import_csv(db, args.table, args.file, dry_run=args.dry_run,
                                only_good=args.only_good)
    finally:
        db.close()
    print_problems(str(args.file), result.warnings)
    print_problems(str(args.file), result.errors, total=result.error_count)
    print(result.summary())
    if args.dry_run:
        print(_("Dry run: nothing was written."))
        return 2 if result.errors else 0
    if result.errors and not args.only_good:
        print(_("Nothing was written because of the bad lines; fix them, or use --only-good to "
                "import the good lines only."), file=sys.stderr)
        return 2
    if result.written:
        print(_("Written."))
    return 0


def cmd_import_bundle(args) -> int:
    from ..core.interop.bundle import apply_bundle, plan_bundle, read_bundle

    bundle = read_bundle(args.file)  # checked before the database is even created
    if not Path(args.db).exists() and args.dry_run:
        print(_("{path} does not exist yet: the bundle would be imported into a new database.")
              .format(path=args.db))
        return 0
    new_file = _create_empty(Path(args.db))  # False: it exists, or another import just made it
    db = _open(args.db, create=True)
    ok = False
    try:
        with planned_and_written(db, args.dry_run):
            plan = plan_bundle(db, bundle, args.file)
            for line in plan.lines(limit=None if args.all_changes else SHOWN_CHANGES):
                print(line)
            if not args.dry_run:
                apply_bundle(db, plan, snapshot=not new_file)
        print((_("Dry run, nothing written: {summary}") if args.dry_run else _("Imported: {summary}"))
              .format(summary=plan.summary()))
        ok = True
    finally:
        db.close()
        if new_file and not ok:  # leave no half-made database behind
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.db) + suffix).unlink(missing_ok=True)
    return 0


def cmd_export_csv(args) -> int:
    from ..core.interop.csv_io import export_csv

    db = _open(args.db)
    try:
        count = export_csv(db, args.table, args.output)
    finally:
        db.close()
    print(ngettext("{count} record written to {path}.", "{count} records written to {path}.", count).format(
        count=count, path=args.output))
    return 0


def cmd_export_bundle(args) -> int:
    from ..core.interop.bundle import export_bundle

    db = _open(args.db)
    try:
        counts = export_bundle(db, args.output)
    finally:
        db.close()
    print(ngettext("{rows} row of {tables} written to {path}.",
                   "{rows} rows of {tables} written to {path}.", sum(counts.values())).format(
        rows=sum(counts.values()), path=args.output,
        tables=ngettext("{count} table", "{count} tables", len(counts)).format(count=len(counts))))
    return 0
