"""Program names and versions for the « am I affected? » search: a name folded for matching
(case and accents out, punctuation as spaces), a version turned into a key that sorts as people
expect, and a query (« OpenSSL < 3.0.7 », « openssl >= 1.1 < 3.0.7 », « Java ») read into a name
and version bounds.

Versions compare part by part, as package managers do:
- an optional epoch first (``1:2.3-1+deb12u1``: epoch 1), then the version, then what follows
  its first « - » (a Debian or RPM revision, « -rc1 »…), compared the same way;
- digits are numbers (``3.0.10 > 3.0.9``, ``24.07 == 24.7``), trailing zero parts do not count
  (``24.07.00.0 == 24.07``);
- letters after a number come after it (``1.1.1w > 1.1.1``, ``1.1.1w < 1.1.2``), a number after
  letters wins (``1.1.1.1 > 1.1.1w``);
- the words of a pre-release (alpha, beta, rc, pre, preview, dev) and « ~ » come before the
  release (``3.0.0rc1 < 3.0.0``), a leading « v » is ignored (``v2.1 == 2.1``).
The key is a tuple of same-shaped tuples: the order is total and consistent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .errors import UserError
from .i18n import _

_PUNCTUATION = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})


def name_key(name: str) -> str:
    """« 7-Zip 24.07 (x64) » → « 7 zip 24 07 x64 »; « Lecteur Vidéo » → « lecteur video »."""
    text = unicodedata.normalize("NFKD", str(name or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LIGATURES)
    return _PUNCTUATION.sub(" ", text).strip()


# kinds of a version part, in their order: a pre-release word < the end < letters < a number
_PRE, _END, _ALPHA, _NUM = 0, 1, 2, 3
_PRE_WORDS = {"alpha", "beta", "rc", "pre", "preview", "dev", "~"}
_TOKEN = re.compile(r"\d+|[a-z]+|~")
_EPOCH = re.compile(r"^\s*(\d+):(.*)$")
_END_PART = (_END, 0, "")

Part = tuple[int, int, str]  # (kind, a number's length or 0, its digits or the word)


def _number(digits: str) -> tuple[int, str]:
    """A number of any length as (how many digits, the digits), leading zeros out: it compares
    as the number does, without int() (refused beyond 4,300 digits); zero is (0, "")."""
    kept = digits.lstrip("0")
    return (len(kept), kept)


def _parts(text: str) -> tuple[Part, ...]:
    parts: list[Part] = []
    for token in _TOKEN.findall(text.lower()):
        if token.isdigit():
            parts.append((_NUM, *_number(token)))
        elif token in _PRE_WORDS:
            parts.append((_PRE, 0, token))
        else:
            parts.append((_ALPHA, 0, token))
    parts.append(_END_PART)
    # zeros just before the end or a pre-release word do not count: 24.07.00.0 is 24.07,
    # 3.0.0rc1 is 3rc1 (before 3.0.0, that is 3)
    kept: list[Part] = []
    for part in parts:
        if part[0] in (_PRE, _END):
            while kept and kept[-1] == (_NUM, 0, ""):
                kept.pop()
        kept.append(part)
    return tuple(kept)


def version_key(version: str) -> tuple:
    """A key that sorts versions as people expect (see the module's doc)."""
    text = str(version or "").strip()
    epoch = _number("0")
    found = _EPOCH.match(text)
    if found:
        epoch, text = _number(found.group(1)), found.group(2)
    if text[:1] in ("v", "V") and text[1:2].isdigit():
        text = text[1:]
    upstream, _dash, revision = text.partition("-")
    return (epoch, _parts(upstream), _parts(revision))


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, the same as or newer than ``b``."""
    ka, kb = version_key(a), version_key(b)
    return (ka > kb) - (ka < kb)


OPERATORS = ("<=", ">=", "==", "!=", "<", ">", "=")
_QUERY = re.compile(r"(<=|>=|==|!=|<|>|=)")


@dataclass(frozen=True)
class Query:
    """What to look for: a folded name and version bounds ((operator, version), all must hold)."""

    text: str
    name: str
    key: str
    bounds: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def matches(self, version: str) -> bool:
        """Whether a version satisfies every bound (no version given: only without bounds)."""
        if self.bounds and not any(c.isalnum() for c in str(version or "")):
            return False
        key = version_key(version)
        return all(_holds(op, key, version_key(bound)) for op, bound in self.bounds)

    def describe(self) -> str:
        if not self.bounds:
            return _("{name}, any version").format(name=self.name)
        return " ".join([self.name, *(f"{op} {v}" for op, v in self.bounds)])


def _holds(op: str, key: tuple, bound: tuple) -> bool:
    if op == "<":
        return key < bound
    if op == "<=":
        return key <= bound
    if op == ">":
        return key > bound
    if op == ">=":
        return key >= bound
    if op == "!=":
        return key != bound
    return key == bound  # "=" and "=="


def parse_query(text: str) -> Query:
    """« OpenSSL < 3.0.7 » → Query; a query that cannot be read raises :class:`UserError` with
    one line saying why (the window shows it under the query line as it is typed)."""
    raw = " ".join(str(text or "").split())
    pieces = _QUERY.split(raw)
    name = pieces[0].strip()
    if not name_key(name):
        raise UserError(_("Type a program's name first, then versions if needed (for example "
                          "« OpenSSL < 3.0.7 »)."))
    bounds = []
    for op, rest in zip(pieces[1::2], pieces[2::2], strict=True):
        words = rest.split()
        if not words:
            raise UserError(_("« {op} » must be followed by a version (for example « {op} 3.0.7 »)."
                              ).format(op=op))
        if len(words) > 1 or not any(c.isdigit() for c in words[0]):
            raise UserError(_("« {text} » is not a version: a version holds digits (for example "
                              "3.0.7 or 24.07).").format(text=rest.strip()))
        bounds.append((op, words[0]))
    return Query(raw, name, name_key(name), tuple(bounds))
