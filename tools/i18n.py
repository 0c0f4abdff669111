#!/usr/bin/env python3
"""Translation helper: list the source strings that have no French translation yet.

    python tools/i18n.py missing            # PO stubs for every missing string, with where it is
    python tools/i18n.py missing --file X   # only strings used in files whose path contains X

Strings are the literal first arguments of ``_()`` and ``N_()`` calls under src/si_local, and
both literal forms of ``ngettext(singular, plural, n)``.
"""

from __future__ import annotations

import argparse
import ast
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


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["missing"])
    parser.add_argument("--file", default="")
    args = parser.parse_args()
    from si_local.core.i18n import load_catalogue

    catalogue = load_catalogue("fr")
    count = 0
    for text, places in source_strings().items():
        if text in catalogue or not any(args.file in p for p in places):
            continue
        count += 1
        print(f"#: {places[0]}\nmsgid {po_quote(text)}\nmsgstr \"\"\n")
    print(f"# {count} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
