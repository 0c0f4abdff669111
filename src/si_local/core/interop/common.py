"""Shared helpers for reading and writing interchange files: size limit, encoding, atomic write."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from ..errors import ImportFileError
from ..i18n import _

# Larger inputs are refused before being read: a facility's inventory, spreadsheet or bundle is a
# few MB at most, and a huge file is far more likely a mistake (or an attack) than real data.
MAX_FILE_BYTES = 50 * 1024 * 1024


def file_error(path: Path | str, problem: str) -> ImportFileError:
    """An :class:`ImportFileError` whose one-line message starts with the file's name."""
    return ImportFileError(_("{file}: {problem}").format(file=path, problem=problem))


def read_limited(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; refuses missing, unreadable or over-large files with a clear error."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise file_error(path, _("no such file.")) from None
    except OSError as exc:
        raise file_error(path, _("the file cannot be read ({error}).").format(error=exc.strerror)) from None
    if path.is_dir():
        raise file_error(path, _("this is a folder, not a file."))
    if size > limit:
        raise file_error(path, _("the file is too large ({size} MB; the limit is {limit} MB).").format(
            size=size // (1024 * 1024), limit=limit // (1024 * 1024)))
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise file_error(path, _("the file cannot be read ({error}).").format(error=exc.strerror)) from None
    if len(data) > limit:  # grew while we looked, or a special file
        raise file_error(path, _("the file is too large ({size} MB; the limit is {limit} MB).").format(
            size=len(data) // (1024 * 1024), limit=limit // (1024 * 1024)))
    return data


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Text of a UTF-8 file (with or without BOM); any other encoding is refused by name."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise file_error(path, _(
            "the file is not encoded in UTF-8 (unexpected byte at position {position}); "
            "save it again as « CSV UTF-8 » or UTF-8 text.").format(position=exc.start)) from None


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path.part`` then rename it over ``path`` (never a half-written file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            from ..output_file import output_error

            raise output_error(exc, path) from None  # « disque plein », not a strerror in English
        raise file_error(path, _("the file cannot be written ({error}).").format(
            error=exc.strerror or exc)) from None
    return path


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rows_checksum(db, tables: list[str] | None = None) -> str:
    """A checksum of every row of the given (default: all user) tables, to prove nothing changed."""
    if tables is None:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name").fetchall()]
    digest = hashlib.sha256()
    for table in tables:
        digest.update(table.encode())
        for row in db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def json_problem(exc, text: str) -> str:
    """A one-line explanation of a JSON syntax error, saying when the file looks truncated."""
    if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
        return _("the JSON is truncated (it ends at line {line}).").format(line=exc.lineno)
    return _("the JSON is invalid at line {line}, column {column} ({error}).").format(
        line=exc.lineno, column=exc.colno, error=exc.msg)


# "\ud800": JSON may escape half of a UTF-16 pair alone; Python decodes it into a string that
# cannot be written as UTF-8 (SQLite, a file, the screen), so such a file is refused when read.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def lone_surrogate(text: str, value: Any) -> str | None:
    """The escape (``\\ud800``) of a lone surrogate in the JSON ``text`` decoded as ``value``,
    else ``None``. Cheap for the common file: ``value`` is only looked at when ``text`` holds
    such an escape (a well-formed pair is decoded as one character and is fine)."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return None
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return None
    escapes = [(m.start(), m.group(0)) for m in _SURROGATE_ESCAPE.finditer(text)]
    for number, (start, escape) in enumerate(escapes):
        high = escape[3].lower() in "89ab"
        if high:
            paired = number + 1 < len(escapes) and escapes[number + 1][0] == start + 6 \
                and escapes[number + 1][1][3].lower() in "cdef"
        else:
            paired = number > 0 and escapes[number - 1][0] == start - 6 \
                and escapes[number - 1][1][3].lower() in "89ab"
        if not paired:
            return escape
    return escapes[0][1]


def parse_json(text: str, path: Path | str, **options: Any) -> Any:
    """The value of the JSON ``text`` read from ``path``, or one :class:`ImportFileError` line
    naming the file: a syntax error (or a truncated file), nesting too deep for Python, an
    integer of more than 4,300 digits, half a UTF-16 pair. ``options`` go to ``json.loads``.
    Every reader of a JSON file (bundles, inventories, packs, questionnaires, templates) uses it."""
    try:
        value = json.loads(text, **options)
    except json.JSONDecodeError as exc:
        raise file_error(path, json_problem(exc, text)) from None
    except RecursionError:
        raise file_error(path, _("the JSON is nested too deeply.")) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise file_error(path, _("a number in the file has too many digits.")) from None
    escape = lone_surrogate(text, value)
    if escape:
        raise file_error(path, surrogate_problem(escape))
    return value


def surrogate_problem(escape: str) -> str:
    """The one-line reason given for a file refused by :func:`lone_surrogate`."""
    return _("the JSON holds an invalid character ({escape}, half of a UTF-16 pair).").format(
        escape=escape)
