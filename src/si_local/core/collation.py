"""French order, the same on screen and on paper: one key, :func:`collation_key`.

The key is a string whose plain (code point) order is the French order of the texts it was made
from, so the same key sorts a Python list, a SQLite query (``ORDER BY name COLLATE FRENCH``, the
collation :func:`register` adds to every connection :func:`si_local.core.db.open_database`
opens) and a Qt table (the kit's sort role):

1. letters without accents nor case (« Équipe » files under E, « GÉRARD » before
   « GUILLAUME »), ligatures spelled out (« œ » as « oe », « æ » as « ae », « ß » as « ss »),
   spaces counted once, numbers inside a name compared as numbers (« Salle 2 » before
   « Salle 10 »), a number before a letter;
2. then the accents, letter by letter from the left: none, acute, grave, circumflex, diaeresis,
   cedilla (« cote », « coté », « côte », « côté »);
3. then the case, letter by letter: lower case first (« gérard », « Gérard », « GÉRARD »);
4. last, the text itself, so two different texts never have the same key (a total order).

No dependency (PyICU would give the same first three levels but needs a compiled library on
every workstation).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from functools import lru_cache

# Level separators and codes: below every character a text's primary level can hold (control
# characters are dropped from it).
_LEVEL = "\x01"
_NUMBER = "\x02"  # before a number: numbers come before letters and punctuation
_PLAIN = "\x03"  # no accent / lower case
_UPPER = "\x04"
# accents in French dictionary order; any other mark after them, by its code point
_ACCENTS = {"\u0301": "\x04", "\u0300": "\x05", "\u0302": "\x06", "\u0308": "\x07",
            "\u0327": "\x08"}
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "\u2019": "'", "\u02bc": "'"}
_SPACES = {"\u00a0", "\u202f", "\u2007", "\t", "\n", "\r"}


def _accent(marks: str) -> str:
    if not marks:
        return _PLAIN
    return "".join(_ACCENTS.get(m, chr(0x20 + ord(m))) for m in marks)


def _letters(text: str) -> list[tuple[str, str, str]]:
    """(primary character, accent code, case code) of each character of ``text``, spaces
    counted once and none at either end."""
    out: list[tuple[str, str, str]] = []
    for char in text:
        if "a" <= char <= "z" or "0" <= char <= "9":  # most characters: no accent, lower case
            out.append((char, _PLAIN, _PLAIN))
            continue
        if "A" <= char <= "Z":
            out.append((chr(ord(char) + 32), _PLAIN, _UPPER))
            continue
        if char.isspace() or char in _SPACES:
            if out and out[-1][0] != " ":
                out.append((" ", _PLAIN, _PLAIN))
            continue
        if ord(char) < 0x20 or unicodedata.category(char) == "Cc":
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        marks = "".join(c for c in decomposed if unicodedata.combining(c))
        case = _UPPER if char.isupper() or base.isupper() else _PLAIN
        folded = base.casefold()
        folded = "".join(_LIGATURES.get(c, c) for c in folded)
        for index, primary in enumerate(folded):
            if ord(primary) < 0x20:
                continue
            out.append((primary, _accent(marks) if index == 0 else _PLAIN, case))
    while out and out[-1][0] == " ":
        out.pop()
    return out


def _primary(letters: list[tuple[str, str, str]]) -> str:
    """The first level, numbers written so that their plain order is their value's."""
    parts: list[str] = []
    digits: list[str] = []

    def flush() -> None:
        if digits:
            number = "".join(digits).lstrip("0") or "0"
            parts.append(f"{_NUMBER}{min(len(number), 9999):04d}{number}")
            digits.clear()

    for primary, _accent_code, _case in letters:
        if "0" <= primary <= "9":
            digits.append(primary)
            continue
        flush()
        parts.append(primary)
    flush()
    return "".join(parts)


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    if not text:
        return ""  # before every other key, as an empty cell of a list
    letters = _letters(text)
    return _LEVEL.join((_primary(letters), "".join(a for _p, a, _c in letters),
                        "".join(c for _p, _a, c in letters), text))


def collation_key(text) -> str:
    """The French sort key of ``text`` (None sorts as an empty text): compare keys with ``<``."""
    return _key("" if text is None else str(text))


def compare(a, b) -> int:
    """-1, 0 or 1: ``a`` before, as or after ``b`` in French order."""
    ka, kb = collation_key(a), collation_key(b)
    return (ka > kb) - (ka < kb)


def french_sorted(items, key=None, reverse: bool = False) -> list:
    """``items`` sorted in French order (``key``: the text of an item, the item itself by
    default)."""
    if key is None:
        return sorted(items, key=collation_key, reverse=reverse)
    return sorted(items, key=lambda item: collation_key(key(item)), reverse=reverse)


def register(conn: sqlite3.Connection) -> None:
    """Add the ``FRENCH`` collation to a connection: ``ORDER BY name COLLATE FRENCH``."""
    conn.create_collation("FRENCH", compare)
