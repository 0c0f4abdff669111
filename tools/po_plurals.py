#!/usr/bin/env python3
"""One-off conversion (run once, kept for the record): each counted message of the code becomes
ONE gettext entry in resources/i18n/fr/*.po,

    msgid "{count} record"
    msgid_plural "{count} records"
    msgstr[0] "{count} fiche"
    msgstr[1] "{count} fiches"

instead of two entries (one per form), and every file's header says how French counts
(``Plural-Forms: nplurals=2; plural=(n > 1);``: 0 and 1 take the singular).

    python tools/po_plurals.py          # convert in place (running it again changes nothing)

The counted messages are tools/i18n.py's source_plurals(). The entry goes where the singular's
was; the plural's own entry is removed, unless the code also shows that text alone through
``_()`` / ``N_()``. The French texts are moved line for line, never retyped: the catalogue says
the same thing (tests/test_i18n_frozen.py compares every message with the old reader's output).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from i18n import source_plurals  # noqa: E402

FOLDER = ROOT / "resources" / "i18n" / "fr"
PLURAL_HEADER = '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'


def shown_alone(root: Path = ROOT / "src" / "si_local") -> set[str]:
    """The literal texts of ``_()`` and ``N_()`` calls."""
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


class Block:
    """One entry of a .po file, as its lines: comments, msgid lines, msgstr lines."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.comments = [line for line in lines if line.startswith("#")]
        self.msgid: list[str] = []
        self.msgstr: list[str] = []
        self.other = False
        current = None
        for line in lines:
            if line.startswith("msgid "):
                current = self.msgid
            elif line.startswith("msgstr "):
                current = self.msgstr
            elif line.startswith(("msgid_plural", "msgstr[", "msgctxt")):
                self.other = True
                current = None
                continue
            elif not line.startswith('"'):
                continue
            if current is not None:
                current.append(line)

    @property
    def key(self) -> str | None:
        if self.other or not self.msgid:
            return None
        first = self.msgid[0][len("msgid "):]
        return "".join(ast.literal_eval(part) for part in [first, *self.msgid[1:]])


def _renamed(lines: list[str], old: str, new: str) -> list[str]:
    return [new + lines[0][len(old):], *lines[1:]]


def read_blocks(path: Path) -> list[Block]:
    blocks, lines = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            blocks.append(Block(lines))
            lines = []
    if lines:
        blocks.append(Block(lines))
    return blocks


def with_plural_header(header: Block) -> Block:
    if any("Plural-Forms:" in line for line in header.lines):
        return header
    lines = list(header.lines)
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith('"Language:')), len(lines))
    lines.insert(at, PLURAL_HEADER)
    return Block(lines)


def convert() -> int:
    files = {path: read_blocks(path) for path in sorted(FOLDER.glob("*.po"))}
    where = {block.key: (path, block) for path, blocks in files.items() for block in blocks
             if block.key}
    alone = shown_alone()
    replaced: dict[int, Block] = {}
    removed: set[int] = set()
    count = 0
    for singular, plural in source_plurals():
        if singular not in where or plural not in where:
            continue  # already converted, or untranslated (tools/i18n.py missing lists it)
        _, one = where[singular]
        _, many = where[plural]
        replaced[id(one)] = Block([
            *one.comments, *one.msgid, *_renamed(many.msgid, "msgid ", "msgid_plural "),
            *_renamed(one.msgstr, "msgstr ", "msgstr[0] "),
            *_renamed(many.msgstr, "msgstr ", "msgstr[1] ")])
        if plural not in alone:
            removed.add(id(many))
        count += 1
    for path, blocks in files.items():
        out = [with_plural_header(blocks[0]) if blocks and blocks[0].key == "" else blocks[0]]
        out += [replaced.get(id(b), b) for b in blocks[1:] if id(b) not in removed]
        text = "\n\n".join("\n".join(block.lines) for block in out) + "\n"
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8", newline="")
    return count


if __name__ == "__main__":
    print(f"{convert()} counted message(s) made one entry each")
