"""CSV import/export and facility bundles: round trips, dry run, bad lines, merge."""

from __future__ import annotations

import json

import pytest

from si_local.core import registry as reg
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError
from si_local.core.interop import bundle as B
from si_local.core.interop import csv_io


@pytest.mark.parametrize("kind", reg.LISTABLE)
def test_csv_round_trip_into_an_empty_database(demo_db, tmp_path, kind):
    target = open_database(tmp_path / "empty.sqlite")
    # what the kind refers to must exist first: import the kinds in sidebar order
    for other in reg.LISTABLE[: reg.LISTABLE.index(kind) + 1]:
        csv_io.export_csv(demo_db, other, tmp_path / f"{other}.csv")
        result = csv_io.import_csv(target, other, tmp_path / f"{other}.csv")
        assert not result.errors, [str(e) for e in result.errors]
    from si_local.cli.registry import list_records

    # same records (ids differ: a CSV holds names, not ids)
    assert _same_without_ids(list_records(target, kind)[1], list_records(demo_db, kind)[1])
    assert len(list_records(target, kind)[1]) == len(list_records(demo_db, kind)[1]) > 0
    again = csv_io.import_csv(target, kind, tmp_path / f"{kind}.csv")
    assert again.created == again.updated == 0 and not again.written
    target.close()


def _same_without_ids(a, b):
    strip = lambda rows: sorted(json.dumps(  # noqa: E731
        {k: sorted(v) if isinstance(v, list) else v for k, v in r.items() if not k.endswith("id")},
        sort_keys=True) for r in rows)
    return strip(a) == strip(b)


def test_csv_headers_in_french_english_or_keys_comma_and_bom(db, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_bytes("\ufeffNOM,city,Département\nSite principal,Brive,19\n".encode("utf-8"))
    result = csv_io.import_csv(db, "sites", path)
    assert result.created == 1 and result.written
    row = dict(next(db.query("SELECT * FROM site")))
    assert (row["name"], row["city"], row["department"]) == ("Site principal", "Brive", "19")


def test_csv_dry_run_lists_every_bad_line_and_writes_nothing(demo_db, tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text(
        "Nom;Serveur hôte;Mémoire vive;Criticité;Adresses\n"
        "VM-NEW1;SRV-HYP-01;8;Haute;10.0.0.1\n"
        "VM-NEW2;SRV-NOPE;8;Haute;\n"
        "VM-NEW3;SRV-HYP-01;huit;Haute;\n"
        "VM-NEW4;SRV-HYP-01;4;Extrême;300.1.1.1\n"
        "VM-NEW1;SRV-HYP-01;8;Haute;\n", encoding="utf-8")
    before = demo_db.execute("SELECT count(*) FROM vm").fetchone()[0]
    result = csv_io.import_csv(demo_db, "vms", path, dry_run=True)
    assert sorted({e.line for e in result.errors}) == [3, 4, 5, 6]
    columns = {(e.line, e.column) for e in result.errors}
    assert (3, "Serveur hôte") in columns and (4, "Mémoire vive") in columns
    assert (5, "Criticité") in columns and (5, "Adresses") in columns
    assert "SRV-NOPE" in str([e for e in result.errors if e.line == 3][0])
    result = csv_io.import_csv(demo_db, "vms", path)
    assert not result.written
    assert demo_db.execute("SELECT count(*) FROM vm").fetchone()[0] == before
    result = csv_io.import_csv(demo_db, "vms", path, only_good=True)
    assert result.written and result.created == 1
    assert demo_db.execute("SELECT count(*) FROM vm").fetchone()[0] == before + 1


def test_csv_updates_by_name_and_keeps_missing_columns(demo_db, tmp_path):
    path = tmp_path / "servers.csv"
    path.write_text("name;ram_gb\nSRV-HYP-01;512\n", encoding="utf-8")
    row = dict(next(demo_db.query("SELECT * FROM server WHERE name = 'SRV-HYP-01'")))
    result = csv_io.import_csv(demo_db, "servers", path)
    assert result.updated == 1 and result.created == 0
    after = dict(next(demo_db.query("SELECT * FROM server WHERE name = 'SRV-HYP-01'")))
    assert after["ram_gb"] == 512 and after["maker"] == row["maker"] and after["site_id"] == row["site_id"]


def test_csv_file_neither_utf8_nor_windows_1252_is_refused_by_name(db, tmp_path):
    path = tmp_path / "sites-latin1.csv"
    path.write_bytes("Nom;Ville\nSite de l'Étang;Tulle\n".encode("latin-1") + b"\x8d\n")
    with pytest.raises(ImportFileError) as err:
        csv_io.import_csv(db, "sites", path)
    assert "sites-latin1.csv" in str(err.value) and "UTF-8" in str(err.value)
    assert "\n" not in str(err.value)


def test_csv_export_is_semicolon_utf8_bom_in_french(demo_db, tmp_path):
    csv_io.export_csv(demo_db, "vms", tmp_path / "vms.csv")
    data = (tmp_path / "vms.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Nom;Serveur hôte;")
    assert not (tmp_path / "vms.csv.part").exists()


# --- bundles ---------------------------------------------------------------------------------

def test_bundle_round_trip_into_an_empty_database(demo_db, tmp_path):
    path = tmp_path / "facility.json"
    counts = B.export_bundle(demo_db, path)
    assert counts["server"] == 2 and "audit" not in counts and "_sqlite_migrations" not in counts
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["format"] == "si-local-bundle" and bundle["version"] == 1
    assert bundle["facility"]["name"]
    target = open_database(tmp_path / "copy.sqlite")
    plan = B.import_bundle(target, path)
    assert plan.mode == "empty"
    # the new database's own plan row is updated in place with the demo's
    assert plan.count("insert") + plan.count("update") + plan.count("unchanged") == sum(counts.values())
    assert {t.table for t in plan.tables if t.update} == {"continuity_plan"}
    for table in B.bundle_tables(demo_db):
        assert B.table_rows(target, table) == B.table_rows(demo_db, table), table
    assert not target.execute("PRAGMA foreign_key_check").fetchall()
    # importing it again changes nothing
    assert B.import_bundle(target, path).count("insert") == 0
    target.close()


def test_bundle_covers_every_user_table(demo_db):
    tables = {r[0] for r in demo_db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    # the programs' names and releases: the search's index, made again from the lists on import
    assert tables - set(B.bundle_tables(demo_db)) <= {"audit", "_sqlite_migrations",
                                                       "si_local_identity", "software_name",
                                                       "software_release"}


def test_bundle_merge_preview_then_apply(demo_db, tmp_path):
    path = tmp_path / "facility.json"
    B.export_bundle(demo_db, path)
    demo_db.execute("DELETE FROM vm WHERE name = 'VM-AD01'")
    demo_db.execute("UPDATE server SET ram_gb = 1 WHERE name = 'SRV-HYP-01'")
    demo_db.conn.commit()
    plan = B.import_bundle(demo_db, path, dry_run=True)
    assert plan.mode == "merge"
    by_table = {t.table: t for t in plan.tables}
    assert len(by_table["vm"].insert) == 1 and len(by_table["server"].update) == 1
    assert by_table["restore_test"].skipped  # no natural key: skipped, with a reason
    assert demo_db.execute("SELECT count(*) FROM vm WHERE name = 'VM-AD01'").fetchone()[0] == 0
    B.apply_bundle(demo_db, plan)
    assert demo_db.execute("SELECT count(*) FROM vm WHERE name = 'VM-AD01'").fetchone()[0] == 1
    assert B.import_bundle(demo_db, path).count("insert") == 0


def _mandatory(db):
    return [dict(r) for r in db.query(
        "SELECT id, name, description FROM continuity_scenario WHERE is_mandatory = 1")]


def test_an_edited_mandatory_scenario_round_trips(db, tmp_path):
    from si_local.core import continuity as c
    from si_local.core.group.consolidation import load_bundle

    mandatory = c.ensure_mandatory(db)
    c.save_scenario(db, {"name": "Panne SI", "description": "Réécrite par l’équipe"}, mandatory)
    c.save_scenario(db, {"name": "Système d’information indisponible", "kind": "other"})
    path = tmp_path / "facility.json"
    B.export_bundle(db, path)
    target = open_database(tmp_path / "copy.sqlite")
    plan = B.import_bundle(target, path)  # refused before: « the mandatory scenario cannot be deleted »
    assert plan.mode == "empty"
    assert B.table_rows(target, "continuity_scenario") == B.table_rows(db, "continuity_scenario")
    target.close()
    assert load_bundle(path).name  # the group consolidation reads it too


def test_a_merge_matches_the_mandatory_scenario_by_its_flag_never_doubles_it(db, tmp_path):
    from si_local.core import continuity as c

    c.save_scenario(db, {"name": "Panne SI", "description": "Version du GHT"}, c.ensure_mandatory(db))
    c.save_scenario(db, {"name": "Cyberattaque", "kind": "ransomware"})
    path = tmp_path / "facility.json"
    B.export_bundle(db, path)
    target = open_database(tmp_path / "target.sqlite")
    reg.save(target, reg.SITES, {"name": "Site principal"})  # not empty: a merge
    [own] = _mandatory(target)
    plan = B.import_bundle(target, path)
    assert plan.mode == "merge"
    assert _mandatory(target) == [{"id": own["id"], "name": "Panne SI", "description": "Version du GHT"}]
    assert {r["name"] for r in B.table_rows(target, "continuity_scenario")} == {"Panne SI", "Cyberattaque"}
    target.close()
    # a name another scenario of the database has is kept; the text still comes over
    target = open_database(tmp_path / "other.sqlite")
    c.save_scenario(target, {"name": "Panne SI", "kind": "network"})
    [own] = _mandatory(target)
    B.import_bundle(target, path)
    assert _mandatory(target) == [{"id": own["id"], "name": own["name"], "description": "Version du GHT"}]
    target.close()
    # the bundle's scenario named like the database's mandatory one before it is renamed: added
    c.save_scenario(db, {"name": "Système d’information indisponible", "kind": "other"})
    B.export_bundle(db, path)
    target = open_database(tmp_path / "third.sqlite")
    reg.save(target, reg.SITES, {"name": "Site principal"})
    plan = B.import_bundle(target, path)
    assert plan.count("skip") == 1  # the plan row only: no name to match it on
    assert [m["name"] for m in _mandatory(target)] == ["Panne SI"]
    assert {r["name"] for r in B.table_rows(target, "continuity_scenario")} == {
        "Panne SI", "Cyberattaque", "Système d’information indisponible"}
    target.close()
    # a bundle scenario named like the database's mandatory one, which keeps its name (another
    # scenario of the database has the bundle's): skipped, with the reason
    target = open_database(tmp_path / "fourth.sqlite")
    c.save_scenario(target, {"name": "Panne SI", "kind": "network"})
    plan = B.import_bundle(target, path)
    assert [t.skipped for t in plan.tables if t.table == "continuity_scenario"] == [
        ["son nom est celui du scénario obligatoire de cette base"]]
    assert [m["name"] for m in _mandatory(target)] == ["Système d’information indisponible"]
    target.close()


@pytest.mark.parametrize("damage, words", [
    (lambda text: text[: len(text) // 2], "truncated"),
    (lambda text: text.replace('"version": 1', '"version": 99'), "99"),
    (lambda text: text.replace("SRV-HYP-01", "SRV-HYP-99", 1), "checksum"),
    (lambda text: "[1, 2, 3]", "SI Local"),
])
def test_bad_bundles_are_refused(demo_db, tmp_path, english, damage, words):
    path = tmp_path / "facility.json"
    B.export_bundle(demo_db, path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        B.read_bundle(path)
    assert str(path) in str(err.value) and words in str(err.value)
