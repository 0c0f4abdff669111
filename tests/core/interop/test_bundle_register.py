"""The incident register (append-only) through a bundle imported into an empty database: the
register afterwards is exactly the bundle's, row for row, never one entry more or less."""

from __future__ import annotations

import json

from si_local.core.db import open_database
from si_local.core.incidents import register as R
from si_local.core.interop import bundle as B

REGISTER = ("incident_entry", "incident_link", "incident_setting")


def _register(db):
    return {table: B.table_rows(db, table) for table in REGISTER}


def test_the_demo_register_arrives_row_for_row_in_a_new_empty_database(demo_db, tmp_path):
    path = tmp_path / "demo.json"
    B.export_bundle(demo_db, path)
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["tables"]["incident_entry"]  # the demo has incidents, one corrected
    target = open_database(tmp_path / "new.sqlite")
    plan = B.import_bundle(target, path)
    assert plan.mode == "empty"
    assert _register(target) == {t: bundle["tables"][t] for t in REGISTER} == _register(demo_db)
    assert [(i.entry, i.links, i.history) for i in R.incidents(target)] == [
        (i.entry, i.links, i.history) for i in R.incidents(demo_db)]
    # the same bundle again: not one entry more
    again = B.import_bundle(target, path)
    assert again.count("insert") == 0
    assert _register(target) == _register(demo_db)
    target.close()


def test_a_register_the_bundle_does_not_carry_makes_the_database_not_empty(demo_db, db,
                                                                            tmp_path):
    """A bundle without the register's tables (made before the register existed) into a
    database whose only records are its own register entries: that database is not « empty »
    for it (those entries are not the bundle's), so it is merged, never labelled an import into
    an empty database that keeps entries the bundle does not have."""
    path = tmp_path / "old.json"
    bundle = B.build_bundle(demo_db)
    for table in REGISTER:
        del bundle["tables"][table]
    bundle["checksum"] = B.sha256_hex(B.canonical(bundle["tables"]))
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    R.add_incident(db, {"title": "Panne du serveur de fichiers",
                        "detected_at": "2026-11-20T08:00"})
    own = _register(db)
    plan = B.import_bundle(db, path)
    assert plan.mode == "merge"
    assert _register(db) == own
