"""The one CSV reader of every import (registry kinds, staff list): records by physical line.

Python's ``csv`` module follows an opening quote as far as it goes: one stray quote at line 41
made the rest of the file one "record" with a 4,300-character cell, and every later line was
silently never checked. This reader splits the text itself:

* a record is one physical line (``\\r\\n``, ``\\n`` or ``\\r``), unless a quoted value
  legitimately goes on over the next lines: it must close within :data:`MAX_CELL_LINES` lines and
  :data:`MAX_CELL_CHARS` characters, its closing quote must be followed by the separator or the end
  of the line, no later value of the record may hold a quote unless it is quoted, and the record
  must have the header's number of values;
* otherwise the line where the quote opened is reported (« ligne 41 : guillemet non fermé ») and
  reading goes on at the very next physical line, so every other line is still checked;
* a line with another number of values than the header, a value longer than
  :data:`MAX_CELL_CHARS`, or text after a closing quote (``"12" écran``: the ``csv`` module quietly
  dropped the quotes) is reported with its line number; line 1 is the first line of the file.

Well-formed files read exactly as the ``csv`` module reads them (excel dialect: ``""`` inside a
quoted value is one quote, a quote in the middle of an unquoted value is kept as is). Blank lines
(nothing but spaces and separators) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _, format_number
from ..spreadsheet import restore_cell
from .common import file_error

# A sane bound for one value of a spreadsheet cell, whatever the column (each registry field then
# applies its own, shorter limit, see validation.MAX_LENGTHS). A longer value is far more likely
# a quote that never closed.
MAX_CELL_CHARS = 2000
# A quoted value (a note typed with line breaks) may span this many physical lines at most.
MAX_CELL_LINES = 50

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class CsvProblem:
    line: int  # physical line, 1 = first line of the file
    index: int | None  # column index in the header, None for the whole line
    column: str  # the header's title of that column ("" for the whole line)
    reason: str  # translated


@dataclass
class CsvTable:
    delimiter: str
    header: list[str]  # stripped titles
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells) of good records
    problems: list[CsvProblem] = field(default_factory=list)


class _Unclosed(Exception):
    pass


class _JunkAfterQuote(Exception):
    def __init__(self, index: int):
        self.index = index


def physical_lines(text: str) -> list[str]:
    """The lines of ``text`` with their line ending, as a spreadsheet or an editor numbers them."""
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _parse_record(lines: list[str], start: int, delimiter: str, max_chars: int,
                  max_lines: int) -> tuple[list[str], int]:
    """Cells of the record starting at ``lines[start]`` and the index of the line after it.

    Raises :class:`_Unclosed` when a quoted value does not close within the bounds (or the file),
    :class:`_JunkAfterQuote` when text follows a closing quote."""
    cells: list[str] = []
    number = start
    text = lines[number]
    pos = 0
    while True:
        # at the start of a value
        if pos < len(text) and text[pos] == '"':
            pos += 1
            value: list[str] = []
            size = 0
            while True:
                quote = text.find('"', pos)
                if quote == -1:  # the value goes on over the next line
                    value.append(text[pos:])
                    size += len(text) - pos
                    number += 1
                    if number >= len(lines) or number - start >= max_lines or size > max_chars:
                        raise _Unclosed
                    text, pos = lines[number], 0
                    continue
                value.append(text[pos:quote])
                size += quote - pos
                if text.startswith('"', quote + 1):  # "" is one quote
                    value.append('"')
                    size += 1
                    pos = quote + 2
                    continue
                pos = quote + 1
                break
            if size > max_chars and number > start:
                raise _Unclosed
            cells.append("".join(value))
            rest = text[pos:]
            if rest.startswith(delimiter):
                pos += len(delimiter)
                continue
            if rest in ("", "\n", "\r", "\r\n"):
                return cells, number + 1
            if number > start:  # a quote "closed" lines later, then junk: a stray quote
                raise _Unclosed
            raise _JunkAfterQuote(len(cells) - 1)
        end = text.find(delimiter, pos)
        value_text = text[pos:].rstrip("\r\n") if end == -1 else text[pos:end]
        if number > start and '"' in value_text:
            # after a value over several lines, a quote inside an unquoted value: the quotes are
            # out of step (a stray quote "closed" by the opening quote of a later value)
            raise _Unclosed
        cells.append(value_text)
        if end == -1:
            return cells, number + 1
        pos = end + len(delimiter)


def _chars(count: int) -> str:
    return format_number(count)


def _unclosed(max_lines: int, max_chars: int) -> str:
    return _("unclosed quote (the quoted value that starts on this line does not end within "
             "{lines} lines and {chars} characters).").format(lines=max_lines, chars=_chars(max_chars))


def read_csv(text: str, path: Path | str, delimiter: str, *, max_chars: int = MAX_CELL_CHARS,
             max_lines: int = MAX_CELL_LINES) -> CsvTable:
    """Header and records of a decoded CSV text; every bad line is a :class:`CsvProblem`.

    The header is the first non-blank line; an unreadable header is an ImportFileError."""
    lines = physical_lines(text)
    table: CsvTable | None = None
    number = 0
    while number < len(lines):
        line = number + 1
        try:
            cells, after = _parse_record(lines, number, delimiter, max_chars, max_lines)
        except _Unclosed:
            if table is None:
                raise file_error(path, _("line {line}: unclosed quote.").format(line=line)) from None
            table.problems.append(CsvProblem(line, None, "", _unclosed(max_lines, max_chars)))
            number += 1
            continue
        except _JunkAfterQuote as exc:
            if table is None:
                raise file_error(path, _("line {line}: text after a closing quote.").format(
                    line=line)) from None
            index = exc.index if exc.index < len(table.header) else None
            table.problems.append(CsvProblem(
                line, index, table.header[index] if index is not None else "",
                _("text after the closing quote (a quote inside a quoted value is written twice: "
                  "\"\").")))
            number += 1  # the value closed where we thought: resume on the next line
            continue
        if not any(c.strip() for c in cells):
            number = after
            continue
        if table is None:
            table = CsvTable(delimiter, [c.strip() for c in cells], line)
            number = after
            continue
        header = table.header
        wanted = len(header)
        significant = len(header)
        while significant > 1 and not header[significant - 1]:
            significant -= 1  # trailing empty titles: lines may stop before them
        count = len(cells)
        if count > wanted and not any(c.strip() for c in cells[wanted:]):
            cells = cells[:wanted]  # empty cells after the last column (a spreadsheet's habit)
        elif significant <= count < wanted:
            cells = cells + [""] * (wanted - count)
        if len(cells) != wanted:
            if after - number > 1:  # a quoted value over several lines, then the wrong count:
                # most likely a stray quote that a later quote happened to "close"
                table.problems.append(CsvProblem(line, None, "", _unclosed(max_lines, max_chars)))
                number += 1
                continue
            table.problems.append(CsvProblem(line, None, "", _(
                "{count} fields instead of {expected} (a separator inside a value, or one missing?)"
                ).format(count=count, expected=wanted)))
            number = after
            continue
        too_long = False
        for index, cell in enumerate(cells):
            if len(cell) > max_chars:
                too_long = True
                table.problems.append(CsvProblem(line, index, header[index], _(
                    "{count} characters (maximum {maximum}).").format(
                        count=_chars(len(cell)), maximum=_chars(max_chars))))
        if not too_long:  # the apostrophe our exports put before a formula start goes again
            table.rows.append((line, [restore_cell(cell) for cell in cells]))
        number = after
    if table is None:
        raise file_error(path, _("the file is empty."))
    return table
