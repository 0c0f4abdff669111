"""The import and export code stays readable (issue 15): no file of ``core/interop/`` over 600
lines, no function there over a cyclomatic complexity of 25 (counted by ``support.complexity``,
radon's way; a nested function or a method is counted on its own)."""

from __future__ import annotations

from pathlib import Path

from support import MAX_COMPLEXITY, MAX_LINES, too_complex

INTEROP = Path(__file__).resolve().parents[3] / "src" / "si_local" / "core" / "interop"
FILES = sorted(INTEROP.glob("*.py"))


def test_the_counter_sees_a_complex_function():
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(30))
    assert too_complex(f"def f(x):\n{branches}\n") == [("f", 31)]
    # a method, or a function nested in another, is counted on its own, not in its parent
    nested = "\n".join(f"        if x == {i}:\n            return {i}" for i in range(20))
    source = f"def outer(x):\n    def inner(x):\n{nested}\n    if x:\n        return inner(x)\n"
    assert too_complex(source) == []
    assert too_complex("class C:\n" + source.replace("\n", "\n    ").replace("def outer", "    def outer", 1)) == []


def test_no_interop_file_is_too_long():
    assert len(FILES) > 4
    long = {path.name: n for path in FILES
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_interop_function_is_too_complex():
    found = {path.name: bad for path in FILES if (bad := too_complex(path.read_text(encoding="utf-8")))}
    assert found == {}
