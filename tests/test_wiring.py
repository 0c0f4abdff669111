"""Explicit wiring: areas are listed by direct reference (core/areas.py, ui/areas.py, the command
line's area_commands), never imported by a name in a string nor registered when imported."""

from __future__ import annotations

import io
import tokenize

from support import ROOT

FORBIDDEN = {"importlib", "import_module", "__import__", "find_spec"}


def forbidden_names(source: str) -> list[tuple[int, str]]:
    """(line, name) of every forbidden name in the code (comments are not code)."""
    return [(token.start[0], token.string)
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.NAME and token.string in FORBIDDEN]


def test_the_scan_sees_an_import_by_name():
    assert forbidden_names("import importlib\nm = importlib.import_module('x.' + name)\n") == [
        (1, "importlib"), (2, "importlib"), (2, "import_module")]
    assert forbidden_names("m = __import__(name)\n# importlib is not used\n") == [(1, "__import__")]
    assert forbidden_names("from importlib.util import find_spec\n") == [
        (1, "importlib"), (1, "find_spec")]


def test_nothing_in_src_imports_a_module_by_its_name():
    found = []
    files = sorted((ROOT / "src").rglob("*.py"))
    assert len(files) > 50
    for path in files:
        for line, name in forbidden_names(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not found, "import by name (list the module in core/areas.py or ui/areas.py):\n" + \
        "\n".join(found)


def test_core_areas_list_every_area_with_its_contributions():
    from si_local.core import (alerts, areas, continuity, diagnostic, group, incidents, readiness,
                               registry, training)

    assert [a.key for a in areas.AREAS] == ["registry", "continuity", "diagnostic", "training",
                                            "group", "readiness", "incidents"]
    assert areas.alert_providers() == [areas._registry_alerts, continuity.alerts,
                                       diagnostic.alerts, training.alerts, group.alerts,
                                       readiness.alerts, incidents.alerts]
    assert areas.REGISTRY_ALERTS[0] is alerts.registry_alerts
    assert len(areas.demo_builders()) == 7
    # every description of a deletion warning belongs to exactly one area
    told = [key for a in areas.AREAS for key in a.deletion_references]
    assert len(told) == len(set(told)) and set(told) == set(registry.REFERENCES)


def test_alerts_are_the_same_whatever_was_imported(demo_template):
    """A process that imported only core.alerts shows the alerts this one shows, where every area
    and page was imported before."""
    import datetime as dt
    import json
    import os
    import subprocess
    import sys

    from si_local.core.alerts import collect
    from si_local.core.db import open_database
    from si_local.ui import areas as ui_areas  # noqa: F401  (everything the window imports)

    code = (
        "import datetime as dt, json\n"
        "from si_local.core.alerts import collect\n"
        "from si_local.core.db import open_database\n"
        f"db = open_database({str(demo_template)!r}, read_only=True)\n"
        "print(json.dumps([a.as_dict() for a in collect(db, dt.date(2026, 11, 23))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    alone = json.loads(done.stdout)
    db = open_database(demo_template, read_only=True)
    try:
        here = [a.as_dict() for a in collect(db, dt.date(2026, 11, 23))]
    finally:
        db.close()
    assert alone == here
    assert {"registry", "continuity", "diagnostic", "training"} <= {a["area"] for a in alone}
