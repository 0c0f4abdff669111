"""Readiness: the expectations file, its checks on a real database, declarations and withdrawals,
a newer list from a group pack, Home's alerts."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from si_local.core import readiness as r
from si_local.core.errors import ImportFileError, UserError, ValidationError
from si_local.core.group import packs

from conftest import TODAY


def _doc() -> dict:
    return json.loads(r.shipped().origin_name and
                      (r.expectations.resource(*r.expectations.SHIPPED)).read_text(encoding="utf-8"))


def test_the_shipped_file_is_a_working_list_with_its_sources_and_says_so():
    e = r.shipped()
    assert 12 <= len(e.expectations) <= 20
    assert {p.id for p in e.programmes} == {"care-d2", "crisis-exercise", "certification",
                                            "incident-declaration"}
    assert "seul le texte officiel fait foi" in e.disclaimer
    assert "Liste de travail établie par SI Local" in e.disclaimer
    for x in e.expectations:
        assert x.source.text and x.todo and x.wording
    # CaRE's annex is not at hand: its expectations say so
    assert all(x.source.to_confirm for x in e.expectations if x.programme == "care-d2")
    assert e.find("care-d2-restore-test").params["max_age_days"] == 365


def test_an_unknown_check_refuses_the_file_with_one_line_naming_file_and_entry(tmp_path):
    doc = _doc()
    doc["expectations"][3]["met_by"] = {"check": "moon_phase"}
    path = tmp_path / "attentes.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        r.read_file(path)
    message = str(err.value)
    assert "\n" not in message
    assert "attentes.json" in message and "4" in message and doc["expectations"][3]["id"] in message
    assert "moon_phase" in message


@pytest.mark.parametrize("change, word", [
    (lambda d: d["expectations"][0].update(programme="nowhere"), "nowhere"),
    (lambda d: d["expectations"][1].update(id=d["expectations"][0]["id"]), "2"),
    (lambda d: d.update(date="hier"), "date"),
    (lambda d: d["expectations"][2].pop("wording"), "wording"),
])
def test_bad_files_are_refused_in_one_line(tmp_path, change, word):
    doc = _doc()
    change(doc)
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        r.read_file(path)
    assert "x.json" in str(err.value) and word in str(err.value) and "\n" not in str(err.value)


def _states(db, today=TODAY) -> dict[str, r.Status]:
    return {s.id: s for s in r.evaluate(db, today)}


def test_the_demo_is_partly_met_one_declared_some_missing(demo_db):
    states = _states(demo_db)
    counts = {k: sum(1 for s in states.values() if s.state == k) for k in (r.MET, r.DECLARED, r.MISSING)}
    assert counts[r.MET] >= 8 and counts[r.DECLARED] == 1 and counts[r.MISSING] >= 2
    test = states["care-d2-restore-test"]
    assert test.state == r.MET
    (evidence,) = test.evidence
    assert evidence.kind == "restore-tests" and evidence.area == "registry"
    assert "Dossier patient" in evidence.label
    declared = states["care-d2-backup-authentication"]
    assert declared.declaration.declared_by.startswith("Sophie Garnier")
    missing = states["care-d2-backup-segmentation"]
    assert missing.state == r.MISSING and missing.todo


def test_deleting_the_restore_test_of_the_critical_application_makes_it_missing(demo_db):
    evidence = _states(demo_db)["care-d2-restore-test"].evidence[0]
    with demo_db.atomic():
        demo_db.execute("DELETE FROM restore_test WHERE id = ?", [evidence.record_id])
    after = _states(demo_db)["care-d2-restore-test"]
    assert after.state == r.MISSING
    assert "restauration" in after.detail.lower()


def test_a_restore_test_older_than_twelve_months_no_longer_counts(demo_db):
    assert _states(demo_db, TODAY + dt.timedelta(days=400))["care-d2-restore-test"].state == r.MISSING


def test_declare_keeps_the_document_path_and_hash_and_withdraw_appends(db, tmp_path):
    e = r.load(db)
    doc = tmp_path / "schéma réseau.pdf"
    doc.write_bytes(b"%PDF-1.4 secret content")
    r.declare(db, e, "care-d2-backup-segmentation", "  Marie Durand ", TODAY, note="VLAN dédié",
              document=doc)
    s = _states(db)["care-d2-backup-segmentation"]
    assert s.state == r.DECLARED
    assert s.declaration.document_path == str(doc.resolve())
    assert s.declaration.document_sha256 == r.sha256_of(doc)
    assert s.declaration.declared_by == "Marie Durand"
    rows = db.execute("SELECT * FROM readiness_declaration").fetchall()
    assert not any(b"secret content" in str(v).encode() for row in rows for v in row)
    r.withdraw(db, e, "care-d2-backup-segmentation", "Marie Durand", TODAY, note="VLAN supprimé")
    assert _states(db)["care-d2-backup-segmentation"].state == r.MISSING
    history = r.history(db, "care-d2-backup-segmentation")
    assert [h["action"] for h in history] == ["withdraw", "declare"]
    with pytest.raises(UserError):
        r.withdraw(db, e, "care-d2-backup-segmentation", "Marie Durand", TODAY)


def test_declaring_needs_a_name_a_known_expectation_and_an_existing_document(db, tmp_path):
    e = r.load(db)
    with pytest.raises(ValidationError):
        r.declare(db, e, "care-d2-backup-segmentation", " ", TODAY)
    with pytest.raises(UserError):
        r.declare(db, e, "no-such-thing", "Marie", TODAY)
    with pytest.raises(UserError):
        r.declare(db, e, "care-d2-backup-segmentation", "Marie", TODAY, document=tmp_path / "absent.pdf")
    with pytest.raises(ValidationError) as err:  # a path longer than the column's limit
        r.declare(db, e, "care-d2-backup-segmentation", "Marie", TODAY, document="d/" * 501)
    assert "au plus 1" in str(err.value)
    assert db.execute("SELECT count(*) FROM readiness_declaration").fetchone()[0] == 0


def _pack_with(doc: dict, version: int = 1) -> dict:
    items = [{"kind": r.PACK_KIND, "key": "expectations", "title": "Attentes", "data": doc}]
    return {"format": packs.FORMAT, "format_version": packs.FORMAT_VERSION, "group": "GHT Test",
            "version": version, "items": items, "checksum": packs.checksum(items)}


def test_a_newer_list_from_a_group_pack_is_used_and_said(db, tmp_path):
    doc = _doc()
    doc["date"] = "2027-03-01"
    doc["expectations"] = doc["expectations"][:12]
    doc["expectations"][0]["wording"] = "Gouvernance : version du groupement"
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_pack_with(doc), ensure_ascii=False), encoding="utf-8")
    packs.apply_pack(db, packs.read_pack(path))
    e = r.load(db)
    assert e.origin == "group" and e.date == dt.date(2027, 3, 1) and len(e.expectations) == 12
    assert "groupement" in r.version_line(e)
    assert r.evaluate(db, TODAY)[0].expectation.wording == "Gouvernance : version du groupement"


def test_an_older_list_from_a_pack_leaves_the_shipped_one(db, tmp_path):
    doc = _doc()
    doc["date"] = "2020-01-01"
    packs.apply_pack(db, _pack_with(doc))
    e = r.load(db)
    assert e.origin == "shipped" and "SI Local" in r.version_line(e)


def test_a_pack_with_a_bad_list_is_refused_when_read(tmp_path):
    doc = _doc()
    doc["expectations"][0]["met_by"] = {"record": "unicorn"}
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_pack_with(copy.deepcopy(doc))), encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        packs.read_pack(path)
    assert "unicorn" in str(err.value) and "\n" not in str(err.value)


def test_home_alerts_one_per_missing_or_one_summary(db, demo_db):
    demo = r.alerts(demo_db, TODAY)
    missing = [s for s in r.evaluate(demo_db, TODAY) if s.state == r.MISSING]
    assert len(demo) == len(missing) <= 5
    assert all(a.severity == "medium" and a.area == "readiness" for a in demo)
    (summary,) = r.alerts(db, TODAY)  # an empty database misses nearly everything
    assert "attentes" in summary.message
