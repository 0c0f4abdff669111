"""The window's code stays a view (issue 15): no SQL statement in ``src/si_local/ui/`` but in the
files still listed in ``NOT_CLEANED_YET`` (the list only shrinks: a file cleaned must leave it), and
the area packages (``ui/diagnostic/``, ``ui/group/``) keep small files (≤ 600 lines) and small functions (cyclomatic
complexity ≤ 25, counted like radon; see ``tests/core/training/test_training_size.py``).

A statement is a call of ``.execute(``, ``.executemany(``, ``.executescript(``, or ``.query(``
given a literal (``audit.query(db, …)``, a core function, is not one).
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import MAX_COMPLEXITY, MAX_LINES, complexity

UI = Path(__file__).resolve().parents[2] / "src" / "si_local" / "ui"
# Files that still send SQL themselves; each goes when its statements move to a core function.
NOT_CLEANED_YET: set[str] = set()  # every file is clean: the window sends no SQL of its own


def sql_calls(source: str) -> list[int]:
    """The line of every SQL statement sent by ``source``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        literal = bool(node.args) and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))
        if name in ("execute", "executemany", "executescript") or (name == "query" and literal):
            lines.append(node.lineno)
    return lines


def too_complex(source: str) -> list[tuple[str, int]]:
    return [(node.name, complexity(node)) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and complexity(node) > MAX_COMPLEXITY]


def _ui_files() -> dict[str, str]:
    return {path.relative_to(UI).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(UI.rglob("*.py"))}


def test_the_scan_sees_a_statement():
    assert sql_calls('db.execute("SELECT 1")\nx = conn.execute(f"SELECT {t}")\n') == [1, 2]
    assert sql_calls('rows = db.query("SELECT id FROM site")\n') == [1]
    assert sql_calls("entries = audit.query(db, limit=5)\nsummary.site_count(db)\n") == []


def test_no_sql_in_the_window_but_in_files_not_cleaned_yet():
    found = {name: lines for name, source in _ui_files().items() if (lines := sql_calls(source))}
    assert {name: lines for name, lines in found.items() if name not in NOT_CLEANED_YET} == {}
    assert NOT_CLEANED_YET - set(found) == set(), "cleaned (or gone): take it off NOT_CLEANED_YET"


def test_the_counter_sees_a_complex_function():
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(30))
    assert too_complex(f"def f(x):\n{branches}\n") == [("f", 31)]


PACKAGES = ("diagnostic/", "group/")


def test_the_area_packages_keep_small_files_and_functions():
    files = {name: source for name, source in _ui_files().items() if name.startswith(PACKAGES)}
    assert len(files) > 10
    assert {name: n for name, source in files.items() if (n := len(source.splitlines())) > MAX_LINES} == {}
    assert {name: bad for name, source in files.items() if (bad := too_complex(source))} == {}


def _lines_with(word: str, allowed: set[str]) -> dict[str, list[int]]:
    return {name: lines for name, source in _ui_files().items() if name not in allowed
            and (lines := [n for n, line in enumerate(source.splitlines(), 1) if word in line])}


def test_every_box_goes_through_the_one_seam():
    """Every question and notice of the window goes through ``ui/kit/messages.py`` (tests patch it
    with the ``answers`` fixture): no ``QMessageBox`` anywhere else in ``src/si_local/ui/``."""
    assert _lines_with("QMessageBox", {"kit/messages.py"}) == {}


def test_no_inline_style_sheet():
    """Colours and font sizes live in the one application style sheet (``ui/theme.py``), chosen by
    a widget's « role » (``kit.set_role``) or object name: no ``setStyleSheet(`` anywhere else."""
    assert _lines_with("setStyleSheet(", {"theme.py"}) == {}
