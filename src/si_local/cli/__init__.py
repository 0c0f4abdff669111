"""The ``si-local`` command line. With no command it starts the desktop application.

Each area adds its commands in ``si_local/cli/<area>.py`` through ``register(commands)``, listed
by :func:`area_commands`; shared command groups (``print``, ``import``, ``export``) are created
here so that areas only add their document or format to them. Errors reach the user as one line,
never a traceback.

Exit codes: 0 done; 1 refused (``UserError``: the database, a file that cannot be written, a
database changed meanwhile); 2 bad lines of a spreadsheet, or a bad argument; 3 a file that
cannot be read (``ImportFileError``; a staff list holding only bad lines); 130 interrupted;
70 an unexpected error, a bug (the traceback is in the log file). ``tests/cli/test_fuzz_readers.py``
holds every reader to 0-3.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..core.errors import UserError, one_line
from ..core.i18n import _, ngettext

log = logging.getLogger(__name__)

EXIT_UNEXPECTED = 70


@dataclass
class Commands:
    sub: argparse._SubParsersAction
    print_sub: argparse._SubParsersAction
    import_sub: argparse._SubParsersAction
    export_sub: argparse._SubParsersAction

    @staticmethod
    def add_db(parser: argparse.ArgumentParser, required: bool = True) -> None:
        """``--db`` after the command; it may also come before it (``si-local --db F list
        servers``): the sub-command leaves the value alone when not given (SUPPRESS), and
        :class:`_TopParser` checks that a command needing it got it, one way or the other."""
        parser.add_argument("--db", type=Path, metavar=_("PATH"), default=argparse.SUPPRESS,
                            help=_("the SI Local database file"))
        if required:
            parser.set_defaults(db_needed_by=parser)


def _translate_argparse() -> None:
    """argparse's own words (usage, options, its error messages) through our catalogue: argparse
    looks up ``_`` and ``ngettext`` in its module at call time, and these strings are in
    resources/i18n/fr/common.po."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


_translate_argparse()


class _Parser(argparse.ArgumentParser):
    """argparse with its own messages translated and errors on one line."""

    def error(self, message: str):  # noqa: D401
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


class _TopParser(_Parser):
    """The ``si-local`` parser: a command that needs ``--db`` gets it before or after its name."""

    def parse_known_args(self, args=None, namespace=None):
        parsed, rest = super().parse_known_args(args, namespace)
        needed_by = getattr(parsed, "db_needed_by", None)
        if needed_by is not None:
            del parsed.db_needed_by
            if parsed.db is None:
                needed_by.error(_("the following arguments are required: %s") % "--db")
        return parsed, rest


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = _TopParser(
        prog="si-local",
        description=_("SI Local: registry, continuity plan, self-diagnostic and training plan "
                      "of a small health facility, offline."),
    )
    parser.add_argument("--version", action="version", version=f"si-local {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--db", type=Path, metavar=_("PATH"),
                        help=_("database file to open (default: the one in the data folder)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("start the application on a freshly built demo facility"))
    parser.add_argument("--smoke-test", nargs="?", const="quick", choices=("quick", "full"),
                        metavar="full",
                        help=_("build the main window offscreen on a temporary database, "
                               "print a JSON report and quit; --smoke-test=full also renders a "
                               "PDF, takes a snapshot and asks for the keyring (packaged builds)"))
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    print_parser = sub.add_parser("print", help=_("print a document to PDF"))
    print_sub = print_parser.add_subparsers(dest="document", metavar=_("DOCUMENT"), required=True,
                                            parser_class=_Parser)
    import_parser = sub.add_parser("import", help=_("import files into a database"))
    import_sub = import_parser.add_subparsers(dest="format", metavar=_("FORMAT"), required=True,
                                              parser_class=_Parser)
    export_parser = sub.add_parser("export", help=_("export a database to files"))
    export_sub = export_parser.add_subparsers(dest="format", metavar=_("FORMAT"), required=True,
                                              parser_class=_Parser)
    commands = Commands(sub, print_sub, import_sub, export_sub)
    for register in area_commands():
        register(commands)
    return parser


def area_commands() -> list:
    """Each area's ``register(commands)``, in the order of ``si-local --help``. Imported here, not
    at the top: starting the window needs none of them (nor the core modules they import)."""
    from . import (backup_reports, certificates, continuity, contracts, diagnostic, end_of_support,
                   group, guide, incidents, interop, obligations, readiness, registry, safety,
                   software, training)

    return [registry.register, contracts.register, safety.register, interop.register,
            certificates.register, backup_reports.register, end_of_support.register,
            continuity.register, diagnostic.register, training.register, group.register,
            readiness.register, incidents.register, software.register, obligations.register,
            guide.register]


def _configure_logging() -> Path | None:
    from ..core.logs import configure_logging

    return configure_logging()


def _apply_language() -> None:
    from ..core import settings
    from ..core.i18n import ENV_LANG, set_language

    if not os.environ.get(ENV_LANG):
        set_language(settings.load().get("language", "fr"))


def main(argv: list[str] | None = None) -> int:
    """The ``si-local`` program. Called without ``argv`` it is the whole process: once the work is
    done, the objects still alive are frozen out of the garbage collector, so that the interpreter's
    last pass over every Qt wrapper and module object is skipped (35 to 50 ms measured after the
    smoke test; the log is flushed by logging's exit handler, which runs before).
    Files and the database are closed before that point."""
    code = _run(sys.argv[1:] if argv is None else argv)
    if argv is None:
        import gc

        gc.freeze()
    return code


def _run(argv: list[str]) -> int:
    if hasattr(os, "umask"):
        os.umask(0o077)  # files and folders the app creates: readable by the OS user only
    log_file = None
    try:
        log_file = _configure_logging()
        _apply_language()
        # Starting the GUI needs only the top-level options: the command modules (and all the
        # core modules they import) are loaded only when a command or --help is asked for.
        if {"-h", "--help"} & set(argv):
            args = build_parser().parse_args(argv)
        else:
            args, rest = build_parser(with_commands=False).parse_known_args(argv)
            if rest:
                args = build_parser().parse_args(argv)
        if args.command is None:
            from ..ui.app import run_gui, smoke_test

            if args.smoke_test:
                return smoke_test(full=args.smoke_test == "full")
            return run_gui(db_path=args.db, demo=args.demo)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"si-local: {one_line(exc)}", file=sys.stderr)  # a name may hold a line break
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"si-local: {_('interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: never a traceback for the user
        damaged = _undecodable_text(exc, getattr(locals().get("args"), "db", None))
        if damaged:
            print(f"si-local: {one_line(damaged)}", file=sys.stderr)
            return 1
        return _last_resort(exc, log_file)


def _undecodable_text(exc: Exception, db_path) -> str | None:
    """The message for a database value that is not UTF-8 text (a damaged page, or another
    program that wrote Latin-1): Python's sqlite3 refuses to read it, whatever the command."""
    import sqlite3

    # (sorting in French order, the FRENCH collation hands SQLite's text to Python, which fails
    # on such a value with UnicodeDecodeError instead of sqlite3's own message)
    read_error = isinstance(exc, sqlite3.OperationalError) and "decode to UTF-8" in str(exc)
    if not (read_error or (isinstance(exc, UnicodeDecodeError) and db_path)):
        return None
    return _("{path}: the database holds text that is not UTF-8 ({error}); it is damaged. Run "
             "« si-local check », then restore a snapshot if needed.").format(
        path=db_path or "?", error=exc)


def _last_resort(exc: Exception, log_file: Path | None) -> int:
    """One line on stderr for an error nobody expected, the traceback in the log file only, and
    EXIT_UNEXPECTED. Nothing here may fail in turn (an incomplete install has no catalogue, an
    exception can have a broken ``__str__``, stderr can be closed): each step falls back to plain
    English, or to silence."""
    if log_file is not None:  # without our log file, logging would print the traceback on stderr
        try:
            log.error("unexpected error", exc_info=exc)
        except Exception:  # noqa: BLE001
            pass
    try:
        detail = str(exc) or type(exc).__name__
    except Exception:  # noqa: BLE001
        detail = type(exc).__name__
    try:
        where = f" ({_('details in')} {log_file})" if log_file else ""
        line = f"si-local: {_('unexpected error')}: {detail}{where}"
    except Exception:  # noqa: BLE001
        line = f"si-local: unexpected error: {detail}"
    try:
        print(" ".join(line.split()), file=sys.stderr)  # one line, whatever the message holds
    except Exception:  # noqa: BLE001
        pass
    return EXIT_UNEXPECTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
