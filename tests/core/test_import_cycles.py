"""No import circle in ``si_local.core``.

Module-level imports may form no circle at all (importing any core module then works whatever was
imported first). Imports inside functions are allowed for the wiring (``areas``, ``demo``: they
reach every area's code on purpose, docs/ARCHITECTURE.md "Wiring"), but the areas and the group
package must not form one through them either: the continuity templates and the diagnostic
questionnaires read the group's core-model items through ``core/core_model.py``, and only the group
package imports the areas (to validate and collect pack items).
"""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "si_local" / "core"
WIRING = ("si_local.core.areas", "si_local.core.demo")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module, every_level: bool):
    if every_level:
        yield from (n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))
        return
    for statement in tree.body:  # module level, including under `if` / `try`, not in a def/class
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield from (n for n in ast.walk(statement) if isinstance(n, (ast.Import, ast.ImportFrom)))


def import_graph(root: Path = CORE, every_level: bool = False) -> dict[str, set[str]]:
    """module -> the modules of ``root`` its imports run (a package's ``__init__`` included)."""
    modules = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8")), every_level):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for target in targets:
                parts = target.split(".")
                for i in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
                    dep = ".".join(parts[:i])
                    if dep in modules and dep != name and not name.startswith(dep + "."):
                        deps.add(dep)
        graph[name] = deps
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in graph), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_scan_finds_a_circle(tmp_path):
    package = tmp_path / "si_local" / "core"
    (package / "group").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "group" / "__init__.py").write_text("from .packs import alerts\n")
    (package / "group" / "packs.py").write_text("def alerts():\n    from ..continuity import x\n")
    (package / "continuity.py").write_text("from .group.packs import alerts\nx = 1\n")
    (package / "alone.py").write_text("import os\nfrom . import continuity\n")
    assert circles(import_graph(package)) == []
    assert circles(import_graph(package, every_level=True)) == [
        ["si_local.core.continuity", "si_local.core.group", "si_local.core.group.packs"]]


def test_no_circle_among_module_level_imports():
    found = circles(import_graph())
    assert not found, "import circles at module level: " + "; ".join(" ↔ ".join(c) for c in found)


def test_areas_and_the_group_package_form_no_circle_even_inside_functions():
    graph = {name: {d for d in deps if not d.startswith(WIRING)}
             for name, deps in import_graph(every_level=True).items() if not name.startswith(WIRING)}
    found = [c for c in circles(graph)
             if any(m.startswith(("si_local.core.continuity", "si_local.core.group")) for m in c)]
    assert not found, "import circles: " + "; ".join(" ↔ ".join(c) for c in found)
