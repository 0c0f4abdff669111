"""The house rules of issue 15 for the whole of ``src/``: no file over 600 lines, no function over
a cyclomatic complexity of 25 (counted as radon does, ``tests/support.py``). The area tests
(``tests/*/test_*_size.py``, ``test_package_shape.py``, ``test_ui_shape.py``) say more of their
own packages; this one makes sure nothing outside them grows back."""

from __future__ import annotations

import ast
from pathlib import Path

from support import MAX_COMPLEXITY, MAX_LINES, complexity

SRC = Path(__file__).resolve().parents[1] / "src" / "si_local"


def _sources():
    return sorted(SRC.rglob("*.py"))


def test_no_file_of_src_is_over_600_lines():
    long = {str(p.relative_to(SRC)): n for p in _sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_function_of_src_is_over_a_complexity_of_25():
    tangled = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and complexity(node) > MAX_COMPLEXITY:
                tangled[f"{path.relative_to(SRC)}:{node.lineno} {node.name}"] = complexity(node)
    assert tangled == {}


def test_the_scan_sees_the_whole_tree():
    names = {str(p.relative_to(SRC)) for p in _sources()}
    assert {"core/registry.py", "core/references.py", "ui/main_window.py", "cli/__init__.py"} <= names
