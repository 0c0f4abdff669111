"""The continuity rules are a package of modules by concept, re-exported as one module, and
neither they nor the printed plan hold a long file or a tangled function."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from si_local.core import continuity as c
from support import MAX_COMPLEXITY, MAX_LINES, complexity

SRC = Path(__file__).resolve().parents[3] / "src" / "si_local" / "core"
FILES = sorted((SRC / "continuity").glob("*.py")) + [SRC / "reports" / "continuity.py",
                                                     SRC / "reports" / "one_pass.py"]

def test_names_that_are_also_modules_are_the_functions():
    """``continuity.compliance`` is the function, not the module of the same name."""
    for name in ("scenarios", "exercises", "impact", "compliance"):
        assert inspect.isfunction(getattr(c, name)), name


def test_every_public_name_is_reexported():
    for path in sorted((SRC / "continuity").glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = ([node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else
                     [t.id for t in node.targets if isinstance(t, ast.Name)]
                     if isinstance(node, ast.Assign) else [])
            for name in (n for n in names if not n.startswith("_")):
                assert getattr(c, name, None) is not None, f"{path.name}: {name} not re-exported"


def test_no_long_file_and_no_tangled_function():
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= MAX_LINES, f"{path.name}: over {MAX_LINES} lines"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert complexity(node) <= MAX_COMPLEXITY, \
                    f"{path.name}:{node.lineno} {node.name}: complexity {complexity(node)}"


def test_the_counter_counts():
    tree = ast.parse("def f(a, b):\n    if a and b or a:\n        return [x for x in a if x]\n"
                     "    return 1 if b else 2\n")
    assert complexity(tree.body[0]) == 1 + 1 + 2 + 2 + 1
