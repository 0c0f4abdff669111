"""Consolidation of several facilities' bundles, the group report and the Group page."""

import datetime as dt

import pytest
from pypdf import PdfReader
from support import run_cli

from si_local.core.demo.group import build_group_bundles
from si_local.core.group import packs
from si_local.core.group.consolidation import consolidate

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    return build_group_bundles(tmp_path_factory.mktemp("bundles"), TODAY)


def test_three_demo_facilities_are_consolidated_apart(bundles):
    c = consolidate(bundles, TODAY)
    names = [f.name for f in c.facilities]
    assert names == ["Hôpital local des Deux-Rives", "EHPAD Résidence Les Genêts",
                     "Centre hospitalier de Haute-Combraille"]
    by_name = {f.name: f for f in c.facilities}
    deux_rives = by_name["Hôpital local des Deux-Rives"]
    genets = by_name["EHPAD Résidence Les Genêts"]
    haute = by_name["Centre hospitalier de Haute-Combraille"]
    # Each facility keeps its own figures.
    assert len(deux_rives.dimensions) == 7 and deux_rives.overall_score is not None
    assert genets.overall_score < deux_rives.overall_score < haute.overall_score
    assert genets.backups < deux_rives.backups
    # ages as of the consolidation day: the bundles were sent today, 12 and 47 days ago
    assert genets.restore_test_age_days == 400 + 12 and haute.restore_test_age_days == 20 + 47
    assert genets.last_exercise is None and deux_rives.last_exercise is not None
    assert deux_rives.training_people > 50 and deux_rives.training_share is not None
    assert deux_rives.bundle_date
    assert [f.bundle_date[:10] for f in (deux_rives, genets, haute)] == [
        "2026-11-23", "2026-11-11", "2026-10-07"]  # bundles of different ages keep their date
    assert c.common_weaknesses()


def test_group_report_holds_each_facility_and_its_scores(bundles, tmp_path):
    out = tmp_path / "groupe.pdf"
    result = run_cli("print", "group", "-o", str(out), *map(str, bundles))
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    c = consolidate(bundles, TODAY)
    for f in c.facilities:
        assert f.name in text
        assert f"{f.overall_score:.1f}".replace(".", ",") in text
    for heading in ("Autodiagnostic", "Sauvegardes et tests de restauration", "Plans de continuité",
                    "Couverture de la formation", "Faiblesses les plus fréquentes"):
        assert heading in text


def test_a_damaged_bundle_names_the_file(bundles, tmp_path):
    bad = tmp_path / "abime.json"
    bad.write_text(bundles[0].read_text(encoding="utf-8")[:500], encoding="utf-8")
    result = run_cli("print", "group", "-o", str(tmp_path / "x.pdf"), str(bundles[1]), str(bad))
    assert result.returncode != 0
    assert "abime.json" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_pack_from_the_demo_imports_as_standard_into_an_empty_database(demo_path, tmp_path):
    pack_file = tmp_path / "pack.json"
    result = run_cli("group", "export-pack", "--db", str(demo_path), "-o", str(pack_file))
    assert result.returncode == 0, result.stderr
    pack = packs.read_pack(pack_file)
    kinds = {entry["kind"] for entry in pack["items"]}
    # questionnaires, scenario templates, modules, rules, fields; a newer readiness list or
    # end-of-support table travels only when the group has put one in its core model (the demo
    # has none: it uses the files shipped with SI Local)
    assert kinds == set(packs.KINDS) - {"readiness_expectations", "end_of_support_table"}
    empty = tmp_path / "empty.sqlite"
    assert run_cli("demo", str(tmp_path / "unused.sqlite")).returncode == 0
    from si_local.core.db import open_database

    db = open_database(empty)
    db.close()
    result = run_cli("group", "import-pack", "--db", str(empty), str(pack_file))
    assert result.returncode == 0, result.stderr
    db = open_database(empty)
    states = {i.state for i in packs.items(db)}
    assert states == {packs.STATE_STANDARD}
    assert packs.share(db)["standard"] == len(pack["items"])
    db.close()


@pytest.mark.gui
def test_group_page_shows_share_and_consolidation(qtbot, demo_ctx, demo_db, demo_path, bundles):
    from si_local.ui.group.page import GroupPage

    ctx = demo_ctx
    page = GroupPage(ctx)
    qtbot.addWidget(page)
    tab = page.core_model
    assert tab.model.rowCount() == len(packs.items(demo_db)) > 0
    assert "standard" in tab.share_label.text()
    tab.view.selectRow(0)
    item = tab.model.rows[0]
    packs.adapt(demo_db, item.id, {**item.standard, "pattern": "X+"} if "pattern" in item.standard
                else {**item.standard, "field": "notes"})
    tab.refresh()
    assert "1 adapté" in tab.share_label.text()
    page.consolidation.open_bundles([str(b) for b in bundles])
    assert page.consolidation.model.rowCount() == 3
    assert page.consolidation.print_button.isEnabled()
    radar = page.consolidation.radar  # the three facilities' scores on one radar
    assert not radar.isHidden() and len(radar.labels) == 7
    assert [name for name, *_rest in radar.series] == [
        f.name for f in page.consolidation.consolidation.facilities]


def test_radar_series_one_colour_per_facility_first_filled(bundles):
    from si_local.core.group.consolidation import PALETTE

    c = consolidate(bundles, TODAY)
    labels, series = c.radar_series()
    dims = c.dimension_titles()
    assert labels == [f"{key}. {title}" for key, title in dims]
    assert [s[0] for s in series] == [f.name for f in c.facilities if f.dimensions]
    assert [s[2] for s in series] == list(PALETTE[:len(series)])
    assert [s[3] for s in series] == ["fill"] + ["dash"] * (len(series) - 1)
    first = c.facilities[0]
    assert series[0][1] == [d.score for d in first.dimensions]


def test_private_databases_are_fresh_copies_without_audit_triggers():
    from si_local.core.group.consolidation import _private_database

    one, two = _private_database(), _private_database()
    try:
        assert one.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'audit%'").fetchone()[0] == 0
        assert one["core_model_item"].exists() and one.table_names() == two.table_names()
        one["facility"].insert({"name": "A"})
        assert two["facility"].count == 0  # copies, not one shared database
    finally:
        one.close()
        two.close()
