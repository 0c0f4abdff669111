"""Deletion warnings: every record pointing at a registry record is listed, whatever modules were
imported, and said truthfully (deleted with it, or kept with only the link removed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from si_local.core import registry as reg
from si_local.core.db import open_database

from support import ROOT


def _run_alone(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter on this worktree's sources."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=full_env, timeout=120)


def test_a_step_naming_a_server_is_listed_without_importing_continuity_first(db, db_path):
    from si_local.core import continuity as c

    server = reg.save(db, reg.SERVERS, {"name": "SRV-HYP-01"})
    scenario = c.ensure_mandatory(db)
    c.save_step(db, {"scenario_id": scenario, "title": "Basculer", "items": [("server_id", server)]})
    c.save_step(db, {"scenario_id": scenario, "title": "Vérifier",
                     "items": [("server_id", server), ("server_id", server)]})
    db.close()
    done = _run_alone(f"""
        import sys
        from pathlib import Path
        from si_local.core import registry as reg
        from si_local.core.db import open_database
        db = open_database(Path({str(db_path)!r}))
        assert "si_local.core.continuity" not in sys.modules, "continuity already imported"
        print(reg.dependents(db, reg.SERVERS, {server}))
        assert "si_local.core.continuity" not in sys.modules
    """)
    assert done.returncode == 0, done.stderr
    # two steps (one names it twice), kept: only their link to the server goes
    assert eval(done.stdout) == [("continuity plan steps naming it", 2, "detach")]


def test_every_foreign_key_to_a_registry_record_is_described(db):
    tables = {k.table for k in reg.KINDS.values()}
    seen = set()
    for table in tables:
        for source, column, action in reg.references_to(db, table):
            seen.add((source, column))
            ref = reg.REFERENCES.get((source, column))
            assert ref is not None, f"{source}.{column} -> {table}: add it to registry.REFERENCES"
            assert action in ("CASCADE", "SET NULL"), f"{source}.{column}: ON DELETE {action}"
            if ref.kept:
                assert action == "CASCADE", f"{source}.{column}: a link row goes with the record"
                assert ref.kept in {r[1] for r in db.execute(f"PRAGMA table_info({source})")}
    assert seen == set(reg.REFERENCES), "REFERENCES names a foreign key the schema lacks"
    # the other areas' references are among them
    assert ("continuity_step_item", "server_id") in seen
    assert ("training_module", "application_id") in seen


def _referencing_rows(db, source, column, record_id, kept):
    key = kept or "id"
    return {r[0] for r in db.execute(f"SELECT {key} FROM {source} WHERE {column} = ?", [record_id])}


def test_what_the_warning_says_is_what_the_deletion_does(demo_template, tmp_path):
    """For every record of every kind of the demo: records said 'deleted with it' are gone after the
    deletion, records said 'kept' still exist (and no longer point at it)."""
    checked = {"delete": 0, "detach": 0}
    for k in reg.KINDS.values():
        path = tmp_path / f"{k.table}.sqlite"
        shutil.copy(demo_template, path)
        db = open_database(path)
        try:
            for (record_id,) in db.execute(f"SELECT id FROM {k.table}").fetchall():
                said = {label: (count, effect) for label, count, effect in
                        reg.dependents(db, k, record_id)}
                before = []
                for source, column, action in reg.references_to(db, k.table):
                    ref = reg.REFERENCES[(source, column)]
                    rows = _referencing_rows(db, source, column, record_id, ref.kept)
                    if rows:
                        before.append((source, column, ref, rows))
                        assert ref.label in said, (k.key, source, column)
                reg.delete(db, k, record_id)
                for source, column, ref, rows in before:
                    count, effect = said[ref.label]
                    # the records counted: the referencing rows, or for a link row its owner
                    counted = source if ref.kept is None else next(
                        fk[2] for fk in db.execute(f"PRAGMA foreign_key_list({source})")
                        if fk[3] == ref.kept)
                    left = {r[0] for r in db.execute(
                        f"SELECT id FROM {counted} WHERE id IN ({','.join('?' * len(rows))})",
                        sorted(rows))}
                    assert left == (set() if effect == "delete" else rows), (k.key, source, column)
                    assert not _referencing_rows(db, source, column, record_id, ref.kept)
                    checked[effect] += 1
        finally:
            db.close()
    assert checked["delete"] and checked["detach"]


@pytest.mark.parametrize("kind, label", [
    (reg.APPLICATIONS, "critical activities needing it"),
    (reg.APPLICATIONS, "training modules about it"),
    (reg.SITES, "training units on this site"),
])
def test_other_areas_are_listed_as_kept(demo_db, kind, label):
    found = {}
    for (record_id,) in demo_db.execute(f"SELECT id FROM {kind.table}").fetchall():
        for lab, count, effect in reg.dependents(demo_db, kind, record_id):
            found.setdefault(lab, set()).add(effect)
    assert found.get(label) == {"detach"}


def _hostless_alerts(db):
    from si_local.core.alerts import collect

    return [(a.severity, a.message, a.kind, a.record_id) for a in collect(db)
            if "aucun serveur hôte" in a.message]


def test_vms_left_without_a_host_raise_an_alert_until_they_get_one(demo_db):
    assert _hostless_alerts(demo_db) == []
    host = demo_db.execute("SELECT id FROM server WHERE name = 'SRV-HYP-01'").fetchone()[0]
    other = demo_db.execute("SELECT id FROM server WHERE id <> ? ORDER BY id", [host]).fetchone()[0]
    vms = dict(demo_db.execute("SELECT id, name FROM vm WHERE server_id = ? ORDER BY id", [host]))
    assert len(vms) == 7
    reg.delete(demo_db, reg.SERVERS, host)
    found = _hostless_alerts(demo_db)
    assert sorted(record for *_x, record in found) == sorted(vms)
    first = min(vms)
    assert ("medium", f"Machine virtuelle {vms[first]} : aucun serveur hôte ; indiquez le serveur "
            "sur lequel elle tourne.", "vms", first) in found
    reg.save(demo_db, reg.VMS, {"server_id": other}, first)
    assert first not in {record for *_x, record in _hostless_alerts(demo_db)}
    for vm in vms:
        reg.save(demo_db, reg.VMS, {"server_id": other}, vm)
    assert _hostless_alerts(demo_db) == []


_ASK_EVERY_DEPENDENT = """
    import json, sys
    from pathlib import Path
    {first}
    from si_local.core import registry as reg
    from si_local.core.db import open_database
    db = open_database(Path({path!r}), read_only=True)
    said = {{}}
    for kind in reg.KINDS.values():
        for (record_id,) in db.execute(f"SELECT id FROM {{kind.table}} ORDER BY id").fetchall():
            said[f"{{kind.key}}/{{record_id}}"] = reg.dependents(db, kind, record_id)
    print(json.dumps({{"said": said, "modules": sorted(sys.modules)}}))
"""


def _every_dependent(path, first: str) -> tuple[dict, list]:
    done = _run_alone(_ASK_EVERY_DEPENDENT.format(first=first, path=str(path)),
                      QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stderr
    import json

    answer = json.loads(done.stdout)
    return answer["said"], answer["modules"]


def test_deletion_warnings_do_not_depend_on_what_was_imported_first(demo_template):
    """The warnings before deleting any record of the demo (servers, VMs, applications, backups,
    sites…) are the same in a process that imported only the registry and in one that
    loaded the whole window first (every page, every area, the command line)."""
    alone, alone_modules = _every_dependent(demo_template, "")
    assert "si_local.core.continuity" not in alone_modules
    assert "si_local.core.training" not in alone_modules
    whole, whole_modules = _every_dependent(demo_template, (
        "from si_local.ui import areas; from si_local.cli import area_commands; area_commands(); "
        "[page.create for page in areas.PAGES]; from si_local.core import areas as core_areas"))
    assert "si_local.core.continuity" in whole_modules
    assert alone == whole
    # the other areas' references are among what a registry-only process says
    labels = {label for found in alone.values() for label, _count, _effect in found}
    assert {"continuity plan steps naming it", "critical activities needing it",
            "training modules about it"} <= labels
