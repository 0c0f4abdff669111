#!/usr/bin/env python3
"""Translation helper: list the source strings that have no French translation yet.

    python tools/i18n.py missing            # PO stubs for every missing string, with where it is
    python tools/i18n.py missing --file X   # only strings used in files whose path contains X

Strings are the literal first arguments of ``_()`` and ``N_()`` calls under src/si_local, and
both literal forms of ``ngettext(singular, plural, n)``. A counted message is one catalogue entry
(msgid, msgid_plural, msgstr[0], msgstr[1]): it is missing when either form is untranslated.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def source_strings(root: Path = ROOT / "src" / "si_local") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            wanted = {"_": 1, "N_": 1, "ngettext": 2}.get(node.func.id, 0)
            for argument in node.args[:wanted]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(argument.value, []).append(where)
    return found


def _pairs_of(node: ast.AST) -> list[tuple[str, str]]:
    """The literal (singular, plural) pairs an ngettext call counts with: its own two arguments,
    or, for ``ngettext(one, many, n) for one, many, n in ((..., ..., x), ...)``, each tuple's."""
    found = []
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id == "ngettext" and len(n.args) >= 2]
    for call in calls:
        first, second = call.args[:2]
        if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (first, second)):
            found.append((first.value, second.value))
        elif isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            for generator in node.generators:
                for item in ast.walk(generator.iter):
                    if (isinstance(item, ast.Tuple) and len(item.elts) >= 2
                            and all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                                    for e in item.elts[:2])):
                        found.append((item.elts[0].value, item.elts[1].value))
    return found


def source_plurals(root: Path = ROOT / "src" / "si_local") -> dict[tuple[str, str], list[str]]:
    """Every counted message of the code: (singular, plural) -> where it is."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            counts = isinstance(node, (ast.GeneratorExp, ast.ListComp)) or (
                isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ngettext")
            if counts:
                for pair in _pairs_of(node):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    if where not in found.setdefault(pair, []):
                        found[pair].append(where)
    return found


def shown_alone(strings: dict[str, list[str]], pairs: dict[tuple[str, str], list[str]]
                ) -> dict[str, list[str]]:
    """The strings of :func:`source_strings` translated alone (``_()``, ``N_()``), that is found
    somewhere else than as a form of a counted message."""
    counted: dict[str, set[str]] = {}
    for pair, places in pairs.items():
        for text in pair:
            counted.setdefault(text, set()).update(places)
    alone = {text: [p for p in places if p not in counted.get(text, ())]
             for text, places in strings.items()}
    return {text: places for text, places in alone.items() if places}


def used_strings(root: Path = ROOT / "src" / "si_local",
                 data: Path = ROOT / "resources") -> set[str]:
    """Every text a catalogue entry may be looked up by: the literals of ``_()``, ``N_()`` and
    both forms of ``ngettext()`` in the code; any other string literal of the code (the UI kit
    translates what it is given: ``Column("Days left", …)``, ``FieldSpec("kind", "Measure",
    …)``, a dict of keys read back through ``_(value)``); every text of the data files under
    ``resources/`` (JSON: expectations, deadlines, questionnaires, templates, read through
    ``_(value)``); and the messages of ``argparse`` (the command line's usage and errors, in
    common.po)."""
    import argparse

    used = set(source_strings(root))
    for pair in source_plurals(root):
        used.update(pair)
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.py"))]
    trees.append(ast.parse(Path(argparse.__file__).read_text(encoding="utf-8")))
    for tree in trees:
        used.update(node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str))
    for path in sorted(data.rglob("*.json")):
        stack = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            value = stack.pop()
            if isinstance(value, str):
                used.add(value)
            elif isinstance(value, dict):
                stack.extend(value)
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
    return used


def unused_entries(folder: Path = ROOT / "resources" / "i18n" / "fr",
                   used: set[str] | None = None) -> dict[str, list[str]]:
    """{file name: [msgid, …]} of the catalogue entries nothing looks up any more (a counted one
    when neither of its forms is used)."""
    from si_local.core.catalogues import read_po

    used = used_strings() if used is None else used
    found: dict[str, list[str]] = {}
    for po in sorted(folder.glob("*.po")):
        for message in read_po(po):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            if not any(i in used for i in ids):
                found.setdefault(po.name, []).append(ids[0])
    return found


def catalogue_plurals(folder: Path = ROOT / "resources" / "i18n" / "fr"
                      ) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The counted entries of a language's .po files, read by Babel:
    msgid -> (msgid_plural, (msgstr[0], msgstr[1], ...))."""
    from si_local.core.catalogues import read_po

    found = {}
    for po in sorted(folder.glob("*.po")):
        for message in read_po(po):
            if message.id and message.pluralizable and not message.fuzzy:
                found[message.id[0]] = (message.id[1], tuple(message.string))
    return found


def missing_plurals(pairs, entries) -> list[tuple[str, str]]:
    """The counted messages without an entry (msgid, msgid_plural) whose every form is
    translated."""
    return [(one, many) for one, many in pairs
            if entries.get(one, ("", ()))[0] != many or not all(entries[one][1] or [""])]


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["missing"])
    parser.add_argument("--file", default="")
    args = parser.parse_args()
    from si_local.core.i18n import load_catalogue

    catalogue = load_catalogue("fr")
    pairs = source_plurals()
    count = 0
    for text, places in shown_alone(source_strings(), pairs).items():
        if text in catalogue or not any(args.file in p for p in places):
            continue
        count += 1
        print(f"#: {places[0]}\nmsgid {po_quote(text)}\nmsgstr \"\"\n")
    for one, many in missing_plurals(pairs, catalogue_plurals()):
        if any(args.file in p for p in pairs[(one, many)]):
            count += 1
            print(f"#: {pairs[(one, many)][0]}\nmsgid {po_quote(one)}\nmsgid_plural {po_quote(many)}\n"
                  'msgstr[0] ""\nmsgstr[1] ""\n')
    print(f"# {count} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
