"""The argparse types of the command line's number options, shared by every area: a record's
number (``--campaign``, ``--session``, ``--id``), a year, a version number. A number SQLite cannot
hold (``10000000000000000000000000``) was the « unexpected error » of an OverflowError (exit 70)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..core.errors import UserError
from ..core.i18n import _
from ..core.validation import FIRST_YEAR, LAST_YEAR, SQLITE_MAX_INT


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value}: write a whole number, e.g. 12.").format(value=text)) from None


def record_number(not_found: str) -> Callable[[str], int]:
    """The type of an option naming a record by its number: any whole number; one no row can have
    (beyond SQLite's integers) is refused at once with ``not_found`` (formatted with ``id``, the
    command's own « no such … » message: exit 1, as for a number no row has)."""

    def number(text: str) -> int:
        value = _whole_number(text)
        if abs(value) > SQLITE_MAX_INT:
            raise UserError(not_found.format(id=value))
        return value

    return number


def year(text: str) -> int:
    """A year from 1900 to 2200, the years the app's dates may have."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not FIRST_YEAR <= value <= LAST_YEAR:
        raise argparse.ArgumentTypeError(_("{value}: write a year, e.g. 2027.").format(value=text))
    return value


def positive_number(text: str) -> int:
    """A whole number from 1 to the largest SQLite stores (a version number)."""
    value = _whole_number(text)
    if not 1 <= value <= SQLITE_MAX_INT:
        raise argparse.ArgumentTypeError(_("{value}: write a whole number from 1 to {maximum}.").format(
            value=text, maximum=SQLITE_MAX_INT))
    return value
