#!/usr/bin/env python3
"""French typography, once, at the source: a no-break space (U+00A0) before ; : ? ! » and after «,
so that no line of a window, of the command line or of a PDF starts with one of them.

    python tools/typography.py --check   # list what is wrong (exit 1 if anything is)
    python tools/typography.py --fix     # put the no-break spaces in, then --check

What it reads: every msgstr of resources/i18n/fr/*.po (a msgstr cut over several lines is read
as one text), the string values of resources/questionnaires/*.json and resources/continuity/*.json,
the string literals of src/si_local/core/demo/*.py (the demo facility's French texts, printed
in its PDFs) and the chapters of the user guide (resources/guide/*.md). Only plain spaces (or narrow no-break spaces, U+202F) are replaced, one character
by one character: the files keep their layout, a msgid never changes. Run it again after a merge
that brings new French texts (tests/test_typography.py fails until it is).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
_BEFORE = re.compile(r"[ \u202f](?=[;:?!»])")
_AFTER = re.compile(r"(?<=«)[ \u202f]")
_BAD = re.compile(r"[ \u202f][;:?!»]|«[ \u202f]")


def fix_text(text: str) -> str:
    """``text`` with a no-break space where French wants one (same length: one for one)."""
    return _AFTER.sub(NBSP, _BEFORE.sub(NBSP, text))


def problems_in(text: str) -> list[str]:
    return [text[max(0, m.start() - 20):m.end() + 20] for m in _BAD.finditer(text)]


# --- .po files: msgstr only ---------------------------------------------------------------------

_PO_STRING = re.compile(r'^(\s*(?:msgstr(?:\[\d+\])?\s+)?")(.*)("\s*)$')


def _po_blocks(lines: list[str]):
    """Index lists of the lines of each msgstr (its first line and its continuation lines)."""
    block: list[int] = []
    for i, line in enumerate(lines):
        if line.startswith("msgstr"):
            if block:
                yield block
            block = [i]
        elif block and line.lstrip().startswith('"'):
            block.append(i)
        elif block:
            yield block
            block = []
    if block:
        yield block


def fix_po(text: str) -> tuple[str, list[str]]:
    """(fixed text, the msgstr that were wrong)."""
    lines = text.split("\n")
    wrong = []
    for block in _po_blocks(lines):
        parts = [_PO_STRING.match(lines[i]) for i in block]
        if not all(parts):
            continue
        joined = "".join(p.group(2) for p in parts)
        fixed = fix_text(joined)
        if fixed == joined:
            continue
        wrong.append(joined)
        at = 0
        for i, p in zip(block, parts, strict=True):
            size = len(p.group(2))
            lines[i] = p.group(1) + fixed[at:at + size] + p.group(3)
            at += size
    return "\n".join(lines), wrong


# --- JSON resources: string values --------------------------------------------------------------

def _walk_fix(value):
    if isinstance(value, str):
        return fix_text(value)
    if isinstance(value, list):
        return [_walk_fix(v) for v in value]
    if isinstance(value, dict):
        return {k: _walk_fix(v) for k, v in value.items()}
    return value


def _walk_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _walk_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk_strings(v)


def fix_json(text: str) -> tuple[str, list[str]]:
    data = json.loads(text)
    wrong = [s for s in _walk_strings(data) if fix_text(s) != s]
    if not wrong:
        return text, []
    fixed = fix_text(text)  # one for one; checked below: only string values changed
    if json.loads(fixed) != _walk_fix(data):
        raise SystemExit("typography: the JSON layout itself would change; fix it by hand")
    return fixed, wrong


# --- Python: string literals --------------------------------------------------------------------

_SQL = re.compile(r"=\s*\?|\(\?|,\s*\?|\b(SELECT|UPDATE|INSERT|DELETE|WHERE|VALUES)\b")
_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, None}


def fix_python(text: str) -> tuple[str, list[str]]:
    """The French string literals: not the docstrings (English), not SQL (« = ? »)."""
    lines = text.splitlines(keepends=True)
    wrong = []
    edits = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.NL, tokenize.COMMENT):
            continue
        docstring = token.type == tokenize.STRING and previous in _STATEMENT_START
        previous = token.type
        if (token.type != tokenize.STRING or docstring or _SQL.search(token.string)
                or fix_text(token.string) == token.string):
            continue
        wrong.append(token.string)
        edits.append(token)
    for token in reversed(edits):  # same length, so positions stay right
        (srow, scol), (erow, ecol) = token.start, token.end
        fixed = fix_text(token.string)
        if srow == erow:
            line = lines[srow - 1]
            lines[srow - 1] = line[:scol] + fixed + line[ecol:]
            continue
        head = lines[srow - 1][:scol]
        tail = lines[erow - 1][ecol:]
        rebuilt = (head + fixed + tail).splitlines(keepends=True)
        lines[srow - 1:erow] = rebuilt
    return "".join(lines), wrong


# --- the files ----------------------------------------------------------------------------------

def fix_guide(text: str) -> tuple[str, list[str]]:
    """A chapter of the user guide (resources/guide/*.md): French text throughout."""
    wrong = [line for line in text.splitlines() if fix_text(line) != line]
    return fix_text(text), wrong


def targets(root: Path = ROOT) -> list[tuple[Path, object]]:
    out: list[tuple[Path, object]] = []
    out += [(p, fix_po) for p in sorted((root / "resources" / "i18n" / "fr").glob("*.po"))]
    for folder in ("questionnaires", "continuity"):
        out += [(p, fix_json) for p in sorted((root / "resources" / folder).glob("*.json"))]
    out += [(p, fix_python) for p in sorted((root / "src" / "si_local" / "core" / "demo").glob("*.py"))]
    out += [(p, fix_guide) for p in sorted((root / "resources" / "guide").glob("*.md"))]
    return out


def check(root: Path = ROOT) -> list[str]:
    """One line per text lacking a no-break space: « file: …text… »."""
    found = []
    for path, fixer in targets(root):
        _fixed, wrong = fixer(path.read_text(encoding="utf-8"))
        for text in wrong:
            for sample in problems_in(text) or [text[:60]]:
                found.append(f"{path.relative_to(root)}: …{sample}…".replace("\n", " "))
    return found


def fix(root: Path = ROOT) -> int:
    changed = 0
    for path, fixer in targets(root):
        text = path.read_text(encoding="utf-8")
        fixed, wrong = fixer(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8", newline="")
            changed += len(wrong)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="list the texts to fix")
    group.add_argument("--fix", action="store_true", help="fix them in place")
    args = parser.parse_args(argv)
    if args.fix:
        print(f"{fix()} text(s) fixed")
    found = check()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
