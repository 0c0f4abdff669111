"""Data safety commands.

    si-local backup --db PATH [-o FILE]
    si-local restore --db PATH FILE
    si-local snapshots --db PATH
    si-local secret set --db PATH --for KIND:NAME [--account A] [--label L] [--kept-at WHERE]
    si-local secret status --db PATH
    si-local secret list --db PATH
    si-local audit --db PATH [--table T] [--since DATE] [--until DATE] [-o FILE.csv]
    si-local audit archive --db PATH [--before DATE] [--to FILE.csv]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.audit import DEFAULT_KEEP_YEARS
from ..core.errors import UserError
from ..core.i18n import _, format_number, ngettext
from . import kinds


def register(commands) -> None:
    p = commands.sub.add_parser("backup", help=_("write a consistent copy of the database"))
    commands.add_db(p)
    p.add_argument("-o", "--output", type=Path, metavar=_("FILE"),
                   help=_("the copy to write (default: a new snapshot in the data folder)"))
    p.set_defaults(func=cmd_backup)

    p = commands.sub.add_parser(
        "restore", help=_("replace the database by a copy, after checking it (the current file "
                          "is kept as a snapshot)"))
    commands.add_db(p)
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the copy or snapshot to restore"))
    p.set_defaults(func=cmd_restore)

    p = commands.sub.add_parser("snapshots", help=_("list the snapshots of a database"))
    commands.add_db(p)
    p.set_defaults(func=cmd_snapshots)

    secret = commands.sub.add_parser("secret", help=_("credentials kept in the OS keyring"))
    secret_sub = secret.add_subparsers(dest="secret_command", metavar=_("ACTION"), required=True,
                                       parser_class=type(secret))
    p = secret_sub.add_parser("set", help=_("store a secret read from standard input"))
    commands.add_db(p)
    p.add_argument("--for", dest="owner", required=True, metavar=_("KIND:NAME"),
                   help=_("whose credential, for example servers:SRV-AD01 or backups:Veeam"))
    p.add_argument("--account", default="", metavar=_("ACCOUNT"), help=_("the account name"))
    p.add_argument("--label", default="", metavar=_("LABEL"),
                   help=_("what the credential is for, in a few words"))
    p.add_argument("--kept-at", default="", metavar=_("WHERE"),
                   help=_("where the secret is also kept on paper (printed in the plans)"))
    p.set_defaults(func=cmd_secret_set)
    p = secret_sub.add_parser("status", help=_("say which secure store is in use"))
    commands.add_db(p, required=False)
    p.set_defaults(func=cmd_secret_status)
    p = secret_sub.add_parser("list", help=_("list the credential references (never the secrets)"))
    commands.add_db(p)
    p.set_defaults(func=cmd_secret_list)

    p = commands.sub.add_parser("audit", help=_("show or export the audit trail"))
    commands.add_db(p, required=False)  # also given after "archive"
    p.add_argument("--table", type=kinds.audit_table, metavar=_("TABLE"),
                   help=_("only the changes of this table or kind of record: {kinds}, or "
                          "another table").format(kinds=kinds.names_help()))
    p.add_argument("--since", type=_iso_date, metavar=_("DATE"), help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", type=_iso_date, metavar=_("DATE"), help=_("up to this date (YYYY-MM-DD)"))
    p.add_argument("-o", "--output", type=Path, metavar=_("FILE"), help=_("write a CSV file"))
    p.set_defaults(func=cmd_audit)
    audit_sub = p.add_subparsers(dest="audit_command", metavar=_("ACTION"), required=False,
                                 parser_class=type(p))
    p = audit_sub.add_parser(
        "archive", help=_("move the old entries of the audit trail to a CSV file, then delete "
                          "them from the database"))
    p.add_argument("--db", type=Path, metavar=_("PATH"), default=argparse.SUPPRESS,
                   help=_("the SI Local database file"))
    p.add_argument("--before", type=_iso_date, metavar=_("DATE"),
                   help=_("archive the entries recorded before this date (YYYY-MM-DD; default: "
                          "{years} years before today)").format(years=DEFAULT_KEEP_YEARS))
    p.add_argument("--to", type=Path, metavar=_("FILE"),
                   help=_("the CSV file to write (default: next to the database, named after "
                          "it and the date)"))
    p.set_defaults(func=cmd_audit_archive)


def _iso_date(text: str) -> str:
    import argparse

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value}: not a date (YYYY-MM-DD)").format(value=text)) from None


def _open(path: Path, read_only: bool = False):
    from ..core.context import open_context

    if not Path(path).exists():
        raise UserError(_("{path}: no such database file.").format(path=path))
    return open_context(path, create=False, read_only=read_only).db


def cmd_backup(args) -> int:
    from ..core.snapshots import backup_to, take_snapshot

    db = _open(args.db)  # checks the file first: a damaged file is not copied as a backup
    db.close()
    if args.output:
        if args.output.exists() and args.output.resolve() == Path(args.db).resolve():
            raise UserError(_("The copy cannot overwrite the database itself."))
        target = backup_to(args.db, args.output)
    else:
        target = take_snapshot(args.db, "manual")
    print(_("Copy written to {path}.").format(path=target))
    return 0


def cmd_restore(args) -> int:
    from ..core.snapshots import restore

    kept = restore(args.db, args.file)
    print(_("{db} restored from {file}.").format(db=args.db, file=args.file))
    if kept:
        print(_("The previous file was kept as {path}.").format(path=kept))
    return 0


def cmd_snapshots(args) -> int:
    from ..core.i18n import format_datetime
    from ..core.snapshots import list_snapshots

    snaps = list_snapshots(args.db, legacy=True)
    if not snaps:
        print(_("No snapshot yet."))
    for s in snaps:
        print(f"{format_datetime(s.taken_at)}  {s.reason_label:<32} "
              f"{format_number(round(s.size / 1024))} Kio  {s.path}")
    return 0


def _store():
    from ..core.secrets import SecretStore

    return SecretStore()


def cmd_secret_set(args) -> int:
    from ..core import secrets

    kind, sep, name = args.owner.partition(":")
    if not sep or not name.strip():
        raise UserError(_("--for: expected KIND:NAME, for example servers:SRV-AD01."))
    store = _store()
    if not store.available:
        raise secrets.SecretStoreError(store.describe())
    if sys.stdin.isatty():
        import getpass

        value = getpass.getpass(_("Secret (not shown): "))
    else:
        value = sys.stdin.read()
    value = value.rstrip("\r\n")
    db = _open(args.db)
    try:
        ref_id = secrets.set_for(db, store, kind.strip(), name.strip(), args.account, value,
                                 label=args.label, location_note=args.kept_at)
    finally:
        db.close()
    print(_("Secret stored in {backend} (reference {id}).").format(
        backend=store.status.label, id=ref_id))
    return 0


def cmd_secret_status(args) -> int:
    store = _store()
    print(store.describe())
    print(_("Backend: {name}").format(name=store.status.backend))
    if args.db:
        from ..core.secrets import all_refs, is_stored

        db = _open(args.db, read_only=True)
        try:
            refs = all_refs(db)
        finally:
            db.close()
        stored = sum(1 for r in refs if is_stored(store, r)) if store.available else 0
        print(ngettext("{count} credential reference in {path}, {stored} with a stored secret.",
                       "{count} credential references in {path}, {stored} with a stored secret.",
                       len(refs)).format(count=len(refs), path=args.db, stored=stored))
    return 0 if store.available else 4


def cmd_secret_list(args) -> int:
    from ..core.secrets import all_refs, is_stored

    store = _store()
    db = _open(args.db, read_only=True)
    try:
        refs = all_refs(db)
        for r in refs:
            table = {"servers": "server", "vms": "vm", "applications": "application",
                     "backups": "backup", "equipment": "equipment"}[r["owner_kind"]]
            row = db.execute(f'SELECT name FROM "{table}" WHERE id = ?', [r["owner_id"]]).fetchone()
            stored = _("stored") if is_stored(store, r) else _("not stored — to be entered again")
            print("\t".join([r["owner_kind"], row[0] if row else "?", r["account"], r["label"],
                             r["location_note"], stored]))
    finally:
        db.close()
    if not refs:
        print(_("No credential recorded."))
    return 0


def _need_db(args) -> Path:
    if getattr(args, "db", None) is None:
        raise UserError(_("Say which database with --db PATH."))
    return args.db


def cmd_audit(args) -> int:
    from ..core import audit, audit_register
    from ..core.i18n import format_datetime

    db = _open(_need_db(args), read_only=True)
    try:
        if args.output:
            count = audit_register.export_csv(db, args.output, table=args.table,
                                              since=args.since, until=args.until)
            print(ngettext("{count} change written to {path}.", "{count} changes written to {path}.",
                           count).format(count=count, path=args.output))
            return 0
        register = audit_register.Register(db)
        for row in reversed(audit.query(db, table=args.table, since=args.since, until=args.until)):
            # when, who, then the entry as a register line in French
            print("\t".join([format_datetime(row["at"][:19]), row["os_user"], register.line(row)]))
    finally:
        db.close()
    return 0


def cmd_audit_archive(args) -> int:
    from ..core import audit, audit_register, clock
    from ..core.i18n import format_date

    path = _need_db(args)
    before = (dt.date.fromisoformat(args.before) if args.before
              else audit.default_cutoff(clock.today()))
    target = args.to or audit.default_archive_path(path, before)
    db = _open(path)
    try:
        if getattr(db, "read_only", False):
            raise UserError(_("{path} can only be read here; the audit trail cannot be archived.")
                            .format(path=path))
        done = audit_register.archive_old(db, before, target)
    finally:
        db.close()
    if not done.count:
        print(_("No audit entry recorded before {date}; nothing was archived.").format(
            date=format_date(before)))
        return 0
    print(ngettext("{count} audit entry recorded before {date} written to {path}, then deleted "
                   "from the database.",
                   "{count} audit entries recorded before {date} written to {path}, then deleted "
                   "from the database.", done.count).format(
                       count=format_number(done.count), date=format_date(before), path=done.path))
    return 0
