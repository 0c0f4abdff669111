"""The core functions issue 15 untangled stay small: no function over a cyclomatic complexity of
25 in these files, and the shared report module under 600 lines (its fonts, printable text and
column widths live in sibling modules it re-exports).

The counter is the one of tests/core/continuity/test_package_shape.py (radon's way of counting)."""

from __future__ import annotations

import ast
from pathlib import Path

from support import MAX_COMPLEXITY, MAX_LINES, complexity

TESTS = Path(__file__).resolve().parents[1]
CORE = TESTS.parent / "src" / "si_local" / "core"
FILES = [CORE / name for name in (
    "db.py", "registry.py", "demo/training.py", "diagnostic/campaigns.py",
    "diagnostic/questionnaire.py", "reports/diagnostic.py", "reports/common.py",
    "reports/fonts.py", "reports/text.py", "reports/widths.py")]


def too_complex(source: str) -> list[tuple[str, int]]:
    """(name, complexity) of every function of ``source`` above MAX_COMPLEXITY."""
    return [(node.name, complexity(node)) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and complexity(node) > MAX_COMPLEXITY]


def test_the_counter_sees_a_tangled_function():
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(30))
    assert too_complex(f"def f(x):\n{branches}\n") == [("f", 31)]
    assert too_complex("def g(x):\n    return x\n") == []


def test_no_function_over_25_in_the_untangled_core_files():
    found = {str(path.relative_to(CORE)): bad for path in FILES
             if (bad := too_complex(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_shared_report_module_is_not_long():
    lines = len((CORE / "reports" / "common.py").read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES


def test_the_names_moved_out_of_common_are_still_importable_from_it():
    from si_local.core.reports import common, fonts, text, widths

    for module in (fonts, text, widths):
        for name in vars(module):
            if name.startswith("_"):
                continue
            value = getattr(module, name)
            if name.isupper() or getattr(value, "__module__", "") == module.__name__:
                assert getattr(common, name, None) is value, name
