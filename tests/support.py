"""Helpers shared by test modules (import them with ``from support import ...``).

Not in conftest.py: several conftest modules would shadow each other under ``import conftest``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# real agent outputs from the GLPI project's examples (MIT, LICENSE-glpi-inventory-format.txt beside
# them), kept in the repository so that a clean clone runs every test that reads them
INVENTORIES = ROOT / "tests" / "data" / "inventories"
INVENTORY_EXAMPLES = sorted(INVENTORIES.glob("*.xml")) + sorted(INVENTORIES.glob("*.json"))


def run_cli(*args: str, input: str | None = None, env: dict | None = None):
    """Run ``si-local`` in a separate process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "si_local", *args], input=input, capture_output=True, text=True,
        env=full_env, timeout=120,
    )


def all_rows_checksum(path) -> str:
    """A checksum of every row of every table (audit included): proof that nothing changed."""
    import sqlite3

    from si_local.core.interop.common import rows_checksum

    conn = sqlite3.connect(path)
    try:
        class _Db:
            def execute(self, *a):
                return conn.execute(*a)

        return rows_checksum(_Db())
    finally:
        conn.close()


# --- code shape (issue 15) -------------------------------------------------------------------

MAX_LINES = 600
MAX_COMPLEXITY = 25


def _own_nodes(function):
    """The nodes of a function's body, without those of the functions and classes inside it."""
    import ast

    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def complexity(function) -> int:
    """Cyclomatic complexity as radon counts it: 1, plus one per if / elif / for / while / except /
    with / assert / conditional expression, one per comprehension and per condition in it, one per
    extra operand of ``and`` / ``or``; a function nested in another is counted on its own."""
    import ast

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


def too_complex(source: str, limit: int = MAX_COMPLEXITY) -> list[tuple[str, int]]:
    """(function name, complexity) of every function of ``source`` above ``limit``."""
    import ast

    return [(node.name, complexity(node)) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and complexity(node) > limit]
