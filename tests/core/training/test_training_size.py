"""The training code stays readable (issue 15): no file over 600 lines, no function over a
cyclomatic complexity of 25.

The complexity is counted like radon's: 1 per function, +1 per if / for / while / except / with /
assert / ternary, +1 per comprehension and per condition in it, +1 per extra operand of and / or;
a function nested in another is counted on its own.
"""

from __future__ import annotations

from pathlib import Path

from support import MAX_COMPLEXITY, MAX_LINES, complexity, too_complex  # noqa: F401

SRC = Path(__file__).resolve().parents[3] / "src" / "si_local"
FILES = sorted((SRC / "core" / "training").glob("*.py")) + [SRC / "core" / "reports" / "training.py"]


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
