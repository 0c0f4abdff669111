"""The one CSV reader of every import (registry kinds, staff list): records by physical line.

Python's ``csv`` module follows an opening quote as far as it goes: one stray quote at line 41
made the rest of the file one "record" with a 4,300-character cell, and every later line was
silently never checked. This reader splits the text itself:

* a record is one physical line (``\\r\\n``, ``\\n`` or ``\\r``), unless a quoted value
  legitimately goes on over the next lines: it must close within :data:`MAX_CELL_LINES` lines and
  ``max_chars`` characters (the caller's longest column: 10,000 for notes; else
  :data:`MAX_CELL_CHARS`), its closing quote must be followed by the separator or the end
  of the line, no later value of the record may hold a quote unless it is quoted, and the record
  must have the header's number of values;
* otherwise the line where the quote opened is reported (« ligne 41 : guillemet non fermé ») and
  reading goes on at the very next physical line, so every other line is still checked;
* a line with another number of values than the header, a value longer than ``max_chars``, or
  text after a closing quote (``"12" écran``: the ``csv`` module quietly
  dropped the quotes) is reported with its line number; line 1 is the first line of the file.

Well-formed files read exactly as the ``csv`` module reads them (excel dialect: ``""`` inside a
quoted value is one quote, a quote in the middle of an unquoted value is kept as is). Blank lines
(nothing but spaces and separators) are skipped.

:func:`decode` reads the bytes (strict UTF-8 with or without BOM, else strict Windows-1252) and
:class:`CsvReader` yields one record or problem at a time: a file is never held as a list of lines
or records.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _, format_number, ngettext
from ..spreadsheet import restore_cell
from .common import file_error

# A sane bound for one value of a spreadsheet cell, whatever the column (each registry field then
# applies its own, shorter limit, see validation.MAX_LENGTHS). A longer value is far more likely
# a quote that never closed.
MAX_CELL_CHARS = 2000
# A quoted value (a note typed with line breaks) may span this many physical lines at most.
MAX_CELL_LINES = 50

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


UTF8 = "UTF-8"
WINDOWS_1252 = "Windows-1252"
_BOM = b"\xef\xbb\xbf"
_FIRST_LINE = re.compile(r"[^\r\n]+")
_NOT_SPACE = re.compile(r"\S")


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding.

    UTF-8 (with or without BOM) when the bytes are UTF-8, else Windows-1252: French Excel's
    « CSV (séparateur : point-virgule) »; a byte that means nothing in Windows-1252 (0x81, 0x8D,
    0x8F, 0x90, 0x9D) is refused in one line. A file that starts with the UTF-8 mark (BOM) is
    UTF-8 or nothing. NUL characters (UTF-16, a spreadsheet's own format) and empty files are
    refused too."""
    def where(exc: UnicodeDecodeError, offset: int = 0) -> dict:
        return {"line": data.count(b"\n", 0, exc.start + offset) + 1,
                "byte": f"0x{data[exc.start + offset]:02X}"}

    if data.startswith(_BOM):
        try:
            text, encoding = data[3:].decode("utf-8"), UTF8
        except UnicodeDecodeError as exc:
            raise file_error(path, _(
                "line {line}: the file starts with the UTF-8 mark (BOM) but byte {byte} is not "
                "UTF-8; save it again as « CSV UTF-8 ».").format(**where(exc, 3))) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), UTF8
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), WINDOWS_1252
            except UnicodeDecodeError as exc:
                raise file_error(path, _(
                    "line {line}: the file is neither UTF-8 nor Windows-1252 (byte {byte} means "
                    "nothing in either); save it again as « CSV UTF-8 ».").format(
                        **where(exc))) from None
    if "\x00" in text:
        raise file_error(path, _("this is not a text file (it contains NUL characters)."))
    if not _NOT_SPACE.search(text):  # (text.strip() would copy a 50 MB text)
        raise file_error(path, _("the file is empty."))
    return text, encoding


def first_line(text: str) -> str:
    """The first non-empty line of ``text`` (to find the separator), without copying the text."""
    found = _FIRST_LINE.search(text)
    return found.group() if found else ""


# A file with a million bad lines: the first ones say what is wrong, the count says how many
# (the command line prints the first 100, the window lists these).
KEPT_ERRORS = 1000


@dataclass(kw_only=True)
class LineErrors:
    """The bad lines of one import (registry or staff list): the first :data:`KEPT_ERRORS`
    errors, in the order of the file's lines, and the count of all of them."""
    errors: list = field(default_factory=list)  # each has a ``line``
    error_count: int = 0  # every error, kept or not
    bad_line_count: int = 0
    _last_bad: int = field(default=0, repr=False)

    def add_error(self, error) -> None:
        """Errors come in the order of the file's lines; only the first ones are kept."""
        self.error_count += 1
        if error.line != self._last_bad:
            self.bad_line_count += 1
            self._last_bad = error.line
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(error)


@dataclass
class CsvProblem:
    line: int  # physical line, 1 = first line of the file
    index: int | None  # column index in the header, None for the whole line
    column: str  # the header's title of that column ("" for the whole line)
    reason: str  # translated


class _Unclosed(Exception):
    pass


class _JunkAfterQuote(Exception):
    def __init__(self, index: int):
        self.index = index


def _iter_lines(text: str) -> Iterator[str]:
    for match in _LINE.finditer(text):
        line = match.group()
        if line:  # the empty match at the very end
            yield line


class _Window:
    """The physical lines of a text, read as they are asked for and forgotten once behind.

    A record needs the lines from its first to its last (a quoted value over several lines); the
    lines before the record being read are dropped, so a file of a million lines is never held
    as a list of lines."""

    def __init__(self, text: str) -> None:
        self._source = _iter_lines(text)
        self._lines: deque[str] = deque()
        self._first = 0  # number (0-based) of self._lines[0]
        self._done = False

    def get(self, number: int) -> str | None:
        """Line ``number`` (0-based), None after the end of the text."""
        offset = number - self._first
        lines = self._lines
        while offset >= len(lines):
            if self._done:
                return None
            line = next(self._source, None)
            if line is None:
                self._done = True
                return None
            lines.append(line)
        return lines[offset]

    def forget_before(self, number: int) -> None:
        lines = self._lines
        while self._first < number and lines:
            lines.popleft()
            self._first += 1


def _parse_record(lines: _Window, start: int, delimiter: str, max_chars: int,
                  max_lines: int) -> tuple[list[str], int]:
    """Cells of the record starting at line ``start`` and the number of the line after it.

    Raises :class:`_Unclosed` when a quoted value does not close within the bounds (or the file),
    :class:`_JunkAfterQuote` when text follows a closing quote."""
    text = lines.get(start)
    assert text is not None
    if '"' not in text:  # by far the most common line: no quote, nothing to follow
        return text.rstrip("\r\n").split(delimiter), start + 1
    cells: list[str] = []
    number = start
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
                    following = lines.get(number)
                    if following is None or number - start >= max_lines or size > max_chars:
                        raise _Unclosed
                    text, pos = following, 0
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


class CsvReader:
    """The header of a decoded CSV text, then, when iterated, its good records ``(line, cells)``
    and its bad lines (:class:`CsvProblem`) in the order of the file, read a line at a time.

    ``max_chars``: a value longer than this (once the mark an export puts before a formula start
    is taken off) is a problem of its line; the caller gives the longest value its columns
    accept. An unreadable header is an ImportFileError, raised here."""

    def __init__(self, text: str, path: Path | str, delimiter: str, *,
                 max_chars: int = MAX_CELL_CHARS, max_lines: int = MAX_CELL_LINES) -> None:
        self.path = path
        self.delimiter = delimiter
        self.max_chars = max_chars
        self.max_lines = max_lines
        self._lines = _Window(text)
        self._number = 0
        self.header: list[str] = []
        self.header_line = 0
        while True:
            line = self._number + 1
            try:
                cells = self._record()
            except _Unclosed:
                raise file_error(path, _("line {line}: unclosed quote.").format(line=line)) from None
            except _JunkAfterQuote:
                raise file_error(path, _("line {line}: text after a closing quote.").format(
                    line=line)) from None
            if cells is None:
                raise file_error(path, _("the file is empty."))
            if any(c.strip() for c in cells):
                self.header = [c.strip() for c in cells]
                self.header_line = line
                return

    def _record(self) -> list[str] | None:
        """The cells of the record at the current line (None at the end), moving past it; on
        _Unclosed or _JunkAfterQuote the current line is left for the caller to skip."""
        self._lines.forget_before(self._number)
        if self._lines.get(self._number) is None:
            return None
        # a quoted value may not hold more than max_chars characters, + 1 for the apostrophe an
        # export puts before a formula start
        cells, after = _parse_record(self._lines, self._number, self.delimiter,
                                     self.max_chars + 1, self.max_lines)
        self._span = after - self._number
        self._number = after
        return cells

    def _skip_line(self) -> None:
        self._number += 1

    def __iter__(self) -> Iterator[tuple[int, list[str]] | CsvProblem]:
        header = self.header
        wanted = len(header)
        significant = len(header)
        while significant > 1 and not header[significant - 1]:
            significant -= 1  # trailing empty titles: lines may stop before them
        max_chars, max_lines = self.max_chars, self.max_lines
        while True:
            line = self._number + 1
            try:
                cells = self._record()
            except _Unclosed:
                yield CsvProblem(line, None, "", _unclosed(max_lines, max_chars))
                self._skip_line()
                continue
            except _JunkAfterQuote as exc:
                yield self._junk_after_quote(line, exc.index)
                self._skip_line()  # the value closed where we thought: resume on the next line
                continue
            if cells is None:
                return
            cells, problem = self._fitted(line, cells, wanted, significant)
            if problem is not None:
                yield problem
                if self._span > 1:
                    self._number = line  # go on at the very next physical line
                continue
            if cells is None:
                continue  # a blank line
            # the apostrophe our exports put before a formula start goes again
            cells = [restore_cell(cell) if cell[:1] == "'" else cell for cell in cells]
            problems = self._too_long(line, cells)
            yield from problems
            if not problems:
                yield line, cells

    def _junk_after_quote(self, line: int, index: int) -> CsvProblem:
        index = index if index < len(self.header) else None
        return CsvProblem(
            line, index, self.header[index] if index is not None else "",
            _("text after the closing quote (a quote inside a quoted value is written "
              "twice: \"\")."))

    def _fitted(self, line: int, cells: list[str], wanted: int, significant: int
                ) -> tuple[list[str] | None, CsvProblem | None]:
        """The cells of a record, as many as the header's titles (empty cells after the last
        column dropped, missing trailing ones added), or None for a blank line; or the problem of
        a record with another number of values."""
        count = len(cells)
        if count == wanted:
            if not cells[0].strip() and not any(c.strip() for c in cells):
                return None, None  # a blank line
            return cells, None
        if not any(c.strip() for c in cells):
            return None, None  # a blank line
        if count > wanted and not any(c.strip() for c in cells[wanted:]):
            cells = cells[:wanted]  # empty cells after the last column (a spreadsheet's habit)
        elif significant <= count < wanted:
            cells = cells + [""] * (wanted - count)
        if len(cells) == wanted:
            return cells, None
        if self._span > 1:  # a quoted value over several lines, then the wrong count:
            # most likely a stray quote that a later quote happened to "close"
            return None, CsvProblem(line, None, "", _unclosed(self.max_lines, self.max_chars))
        return None, CsvProblem(line, None, "", ngettext(
            "{count} field instead of {expected} (a separator inside a value, or one "
            "missing?)",
            "{count} fields instead of {expected} (a separator inside a value, or one "
            "missing?)", count).format(count=count, expected=wanted))

    def _too_long(self, line: int, cells: list[str]) -> list[CsvProblem]:
        """A problem per value longer than ``max_chars``, in the words of a field's own limit
        (« 10 001 caractères, au plus 10 000. »)."""
        max_chars = self.max_chars
        return [CsvProblem(line, index, self.header[index], _(
            "{length} characters, at most {limit}.").format(
                length=_chars(len(cell)), limit=_chars(max_chars)))
            for index, cell in enumerate(cells) if len(cell) > max_chars]

