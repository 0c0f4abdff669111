"""Text a user typed, made printable: line breaks of every kind, control characters out, a
character the embedded fonts lack written « [U+0E44] » or « [drapeau FR] », and escaped for
reportlab's paragraph mark-up (see :mod:`.common`, which re-exports these names)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from ..i18n import _
from .fonts import FONT, FONT_BOLD, register_fonts

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_FLAGS = re.compile("([\U0001F1E6-\U0001F1FF])([\U0001F1E6-\U0001F1FF])")


@lru_cache(maxsize=None)
def _unprintable(italic: bool = False) -> re.Pattern:
    """A pattern of every character the embedded faces lack (the line break aside): the upright
    faces (regular and bold: a value may print in a bold cell), or the oblique ones (DejaVu Sans
    Oblique has no Arabic, for one)."""
    register_fonts()
    names = ("DejaVuSans-Oblique", "DejaVuSans-BoldOblique") if italic else (FONT, FONT_BOLD)
    faces = [pdfmetrics.getFont(name).face for name in names]
    covered = set.intersection(*(set(face.charToGlyph) for face in faces))
    covered -= {code for code in covered if unicodedata.category(chr(code)) in ("Cc", "Cs")}
    covered.add(ord("\n"))
    ranges, start, previous = [], None, None
    for code in sorted(covered):
        if start is None:
            start = previous = code
        elif code == previous + 1:
            previous = code
        else:
            ranges.append((start, previous))
            start = previous = code
    if start is not None:
        ranges.append((start, previous))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)
    return re.compile(f"[^{body}]")


def _placeholder(match: re.Match) -> str:
    char = match.group(0)
    if unicodedata.category(char) in ("Cc", "Cf", "Cs"):  # a control or invisible format mark
        return ""
    return f"[U+{ord(char):04X}]"


def _flag(match: re.Match) -> str:
    code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in match.groups())
    return _("[flag {code}]").format(code=code)


def printable(text: object, italic: bool = False) -> str:
    """``text`` as it can print: line breaks of every kind made "\\n", a tab a space, control
    characters and invisible marks the fonts lack left out, a flag emoji written « [drapeau FR] »
    and any other character the embedded fonts lack (emoji, Thai, Chinese…) written « [U+0E44] »
    (never an empty box, never nothing). ``italic``: for a text printed in italics."""
    value = "" if text is None else str(text)
    if value.isascii() and value.isprintable():
        return value
    value = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    value = _FLAGS.sub(_flag, value)
    return _unprintable(italic).sub(_placeholder, value)


def esc(text: object, italic: bool = False) -> str:
    """``text`` made safe inside reportlab's paragraph mark-up: :func:`printable`, then escaped
    (« <b> », « & », « ]]> » print as typed), line breaks kept."""
    return escape(printable(text, italic)).replace("\n", "<br/>")
