"""Errors meant for a person: each carries a one-line message already in the user's language."""

from __future__ import annotations

_CONTROL = {i: f"\\x{i:02x}" for i in range(32)} | {0x7F: "\\x7f", 10: "\\n", 13: "\\r", 9: "\\t"}


def one_line(text: str) -> str:
    """``text`` on one line: a line break or another control character (in a file name, say, or
    in a value read from a file) is written as its escape (``\\n``), so that a message stays one
    line and a name that holds one is shown as it is."""
    return str(text).translate(_CONTROL)


class UserError(Exception):
    """A problem the user can understand and act on. ``str(error)`` is the message to show."""

    exit_code = 1


class ValidationError(UserError):
    """One or more fields are invalid. ``errors`` maps a field name to its message."""

    exit_code = 2

    def __init__(self, errors: dict[str, str], line: int | None = None, source: str | None = None):
        self.errors = dict(errors)
        self.line = line
        self.source = source
        parts = [f"{field}: {message}" for field, message in self.errors.items()]
        prefix = ""
        if source:
            prefix += f"{source}: "
        if line is not None:
            prefix += f"line {line}: "
        super().__init__(prefix + "; ".join(parts))


class DatabaseError(UserError):
    """The database cannot be opened or written; the message says why and what to do."""


class NewerDatabaseError(DatabaseError):
    """The file was written by a newer version of SI Local."""


class ForeignDatabaseError(DatabaseError):
    """The file is a SQLite database, but not one of SI Local's (it is refused untouched)."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a sound SQLite database."""


class ReadOnlyDatabaseError(DatabaseError):
    """A write was attempted on a database opened read-only."""


class ImportFileError(UserError):
    """An input file (inventory, CSV, bundle) cannot be read; names the file and the problem."""

    exit_code = 3
