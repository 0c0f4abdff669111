"""CSV files a spreadsheet opens safely (OWASP "CSV injection").

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
tab or carriage return in front hides one: a host name ``=HYPERLINK("http://…","Cliquez")`` read
from an agent inventory became a live link in an export. Every CSV SI Local writes goes through
:func:`writer`, which puts an apostrophe in front of such a text cell (both programs then show it
as text, the apostrophe hidden), and every CSV it reads gives a cell back through
:func:`restore_cell`, so that an export imported again gives the original text. Numbers are written
as numbers: ``-3`` stays a number.
"""

from __future__ import annotations

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_mark(text: str) -> bool:
    """A formula start, or apostrophes in front of one (so that the mark can be told from a text
    that really starts with an apostrophe, and taken away exactly)."""
    while text.startswith("'"):
        text = text[1:]
    return text.startswith(FORMULA_STARTS)


def safe_cell(value):
    """``value`` as a spreadsheet shows it as text: an apostrophe in front of a formula start."""
    if isinstance(value, str) and _needs_mark(value):
        return "'" + value
    return value


def restore_cell(text: str) -> str:
    """The text :func:`safe_cell` was given: the apostrophe it added is taken away again (a text
    starting with an apostrophe and no formula, typed in a spreadsheet, is kept as it is)."""
    if text.startswith("'") and _needs_mark(text[1:]):
        return text[1:]
    return text


class _SafeWriter:
    def __init__(self, handle, **options) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle, **options) -> _SafeWriter:
    """A ``csv.writer`` whose text cells never start a formula."""
    return _SafeWriter(handle, **options)
