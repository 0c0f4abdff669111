"""The training code stays readable (issue 15): no file over 600 lines, no function over a
cyclomatic complexity of 25.

The complexity is counted like radon's: 1 per function, +1 per if / for / while / except / with /
assert / ternary, +1 per comprehension and per condition in it, +1 per extra operand of and / or;
a function nested in another is counted on its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "si_local"
FILES = sorted((SRC / "core" / "training").glob("*.py")) + [SRC / "core" / "reports" / "training.py"]
MAX_LINES = 600
MAX_COMPLEXITY = 25


def _own_nodes(function: ast.AST):
    """The nodes of a function's body, without those of the functions and classes inside it."""
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def complexity(function: ast.AST) -> int:
    count = 1
    for node in _own_nodes(function):
        if isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.With,
                             ast.AsyncWith, ast.IfExp, ast.Assert)):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            count += 1 + len(node.ifs)
    return count


def too_complex(source: str) -> list[tuple[str, int]]:
    """(function name, complexity) of every function of ``source`` above MAX_COMPLEXITY."""
    return [(node.name, complexity(node)) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and complexity(node) > MAX_COMPLEXITY]


def test_the_counter_sees_a_complex_function():
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(30))
    assert too_complex(f"def f(x):\n{branches}\n") == [("f", 31)]
    # a nested function is counted on its own, not in its parent
    nested = "\n".join(f"        if x == {i}:\n            return {i}" for i in range(20))
    source = f"def outer(x):\n    def inner(x):\n{nested}\n    if x:\n        return inner(x)\n"
    assert too_complex(source) == []


def test_no_training_file_is_too_long():
    assert len(FILES) > 5
    long = {path.name: n for path in FILES if (n := len(path.read_text(encoding="utf-8").splitlines()))
            > MAX_LINES}
    assert long == {}


def test_no_training_function_is_too_complex():
    found = {path.name: bad for path in FILES if (bad := too_complex(path.read_text(encoding="utf-8")))}
    assert found == {}
