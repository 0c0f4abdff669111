"""Installed programs kept from agent inventories, their audit entry, the « am I affected? »
search, tags and the action it opens (real inventory files, real SQLite files)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_local.core import software_search as ss
from si_local.core.errors import UserError, ValidationError
from si_local.core.interop import inventory as inv
from si_local.core.software import machine_programs, programs_of
from si_local.core.software_versions import compare_versions, name_key, parse_query, version_key

DATA = Path(__file__).resolve().parents[1] / "data" / "inventories"
FUSION_WINDOWS = DATA / "fusioninventory-2.xml"  # pc-arg-23: 8 Windows programs
FUSION_FEDORA = DATA / "fusioninventory-1.xml"  # LF014: 42 RPM packages
GLPI = DATA / "glpi-json-computer_1.json"  # glpixps: 6 RPM packages


# --- versions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("older, newer", [
    ("3.0.6", "3.0.7"), ("3.0.9", "3.0.10"), ("1.1.1", "1.1.1w"), ("1.1.1v", "1.1.1w"),
    ("1.1.1w", "1.1.2"), ("1.1.1w", "3.0.7"), ("23.01", "24.07.00.0"), ("3.0.0rc1", "3.0.0"),
    ("3.0.0-beta2", "3.0.0"), ("2.3-1", "2.3-1+deb12u1"), ("2.3-1+deb12u1", "2.3-2"),
    ("9.9", "1:2.3-1+deb12u1"), ("115.0", "115.0.1"), ("1.0~rc1", "1.0"), ("10.0.50903", "14.0.7015.1000"),
])
def test_versions_compare_as_people_expect(older, newer):
    assert compare_versions(older, newer) == -1
    assert compare_versions(newer, older) == 1


@pytest.mark.parametrize("a, b", [("24.07", "24.07.00.0"), ("24.7", "24.07"), ("v2.1", "2.1"),
                                  ("3.0", "3.0.0"), ("", "0")])
def test_equal_versions(a, b):
    assert compare_versions(a, b) == 0


_part = st.one_of(st.integers(0, 3000).map(str), st.sampled_from(["a", "w", "rc", "beta", "~", "deb"]))
_versions = st.one_of(
    st.lists(_part, min_size=1, max_size=6).flatmap(
        lambda parts: st.lists(st.sampled_from([".", "-", "+", ":", "_", ""]), min_size=len(parts),
                               max_size=len(parts)).map(
            lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))),
    st.text(max_size=12))


@settings(max_examples=300, deadline=None)
@given(_versions, _versions, _versions)
def test_the_version_order_is_total_and_consistent(a, b, c):
    """Any text gives a key (nothing raises), two keys always compare, the comparison is
    antisymmetric and transitive, and the same as the keys' order."""
    ab, ba = compare_versions(a, b), compare_versions(b, a)
    assert ab == -ba
    assert ab == (version_key(a) > version_key(b)) - (version_key(a) < version_key(b))
    if compare_versions(a, b) <= 0 and compare_versions(b, c) <= 0:
        assert compare_versions(a, c) <= 0
    assert sorted([a, b, c], key=version_key) == sorted(sorted([a, b, c], key=version_key),
                                                         key=version_key)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=5), st.integers(0, 4))
def test_a_bigger_number_is_newer_and_trailing_zeros_do_not_count(numbers, position):
    text = ".".join(map(str, numbers))
    assert compare_versions(text, text + ".0.0") == 0
    i = position % len(numbers)
    bumped = ".".join(str(n + 1 if k == i else n) for k, n in enumerate(numbers))
    assert compare_versions(text, bumped) == -1
    assert compare_versions(text, text + "a") == -1  # a letter after: a later fix (1.1.1w)


# --- queries ----------------------------------------------------------------------------------

def test_queries_are_read_into_a_name_and_bounds():
    q = parse_query("openssl >= 1.1 < 3.0.7")
    assert (q.key, q.bounds) == ("openssl", ((">=", "1.1"), ("<", "3.0.7")))
    assert q.matches("1.1.1w") and q.matches("3.0.6") and not q.matches("3.0.7")
    assert not q.matches("1.0.2u")
    assert parse_query("Java").bounds == ()
    assert parse_query("7-Zip < 24.07").key == "7 zip"
    assert parse_query("firefox <= 115.0").matches("115.0.0")


@pytest.mark.parametrize("text, said", [
    ("", "Saisissez d’abord"), ("< 3.0.7", "Saisissez d’abord"),
    ("OpenSSL <", "doit être suivi d’une version"), ("OpenSSL < abc", "n’est pas une version"),
    ("OpenSSL < 3.0 beta 2", "n’est pas une version"),
])
def test_a_bad_query_is_one_clear_line(text, said):
    with pytest.raises(UserError) as raised:
        parse_query(text)
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_names_fold_case_accents_and_punctuation():
    assert name_key("Lecteur VIDÉO Œuvre") == "lecteur video oeuvre"
    assert name_key("7-Zip 24.07 (x64)") == "7 zip 24 07 x64"


# --- import -----------------------------------------------------------------------------------

def _software_audit(db):
    return [dict(r) for r in db.query(
        "SELECT row_id, before, after FROM audit WHERE table_name = 'software_list' ORDER BY id")]


def test_inventories_keep_their_programs_with_one_audit_entry_per_machine(db):
    plan = inv.import_inventories(db, [FUSION_FEDORA, GLPI, FUSION_WINDOWS], dry_run=True)
    assert db.execute("SELECT coalesce(sum(programs), 0) FROM software_list").fetchone()[0] == 0
    assert "8 logiciels ajoutés, 0 retiré" in [a for a in plan.actions if a.name == "pc-arg-23"][0].describe()
    inv.apply_plan(db, plan, snapshot=False)
    (machine,) = db.execute("SELECT id FROM equipment WHERE name = 'pc-arg-23'").fetchone()
    programs = machine_programs(db, "equipment", machine)
    assert len(programs) == 8
    ccleaner = [p for p in programs if p["name"] == "CCleaner"][0]
    assert ccleaner == {"name": "CCleaner", "version": "5.09", "publisher": "Piriform",
                        "install_date": "2015-09-11"}
    assert db.execute("SELECT coalesce(sum(programs), 0) FROM software_list").fetchone()[0] == 42 + 6 + 8
    entries = _software_audit(db)
    assert len(entries) == 3  # one per machine, not one per program
    assert json.loads(entries[2]["after"])["programs"] == 8
    # the same files again: nothing changes, nothing is recorded
    again = inv.import_inventories(db, [FUSION_FEDORA, GLPI, FUSION_WINDOWS])
    assert not any(a.writes_software for a in again.actions)
    assert len(_software_audit(db)) == 3


def test_a_new_inventory_of_a_machine_updates_its_list(db, tmp_path):
    inv.import_inventories(db, [FUSION_WINDOWS])
    text = FUSION_WINDOWS.read_text(encoding="utf-8")
    text = text.replace("<VERSION>5.09</VERSION>", "<VERSION>6.20</VERSION>")  # CCleaner updated
    text = re.sub(r"<SOFTWARES>(?:(?!</SOFTWARES>).)*?OpenVPN.*?</SOFTWARES>", "", text,
                  count=1, flags=re.S)  # OpenVPN uninstalled
    newer = tmp_path / "pc-arg-23.xml"
    newer.write_text(text, encoding="utf-8")
    plan = inv.import_inventories(db, [newer], dry_run=True)
    (action,) = [a for a in plan.actions if a.name == "pc-arg-23"]
    assert action.op == "unchanged" and action.writes_software
    assert action.software.describe() == "1 logiciel ajouté, 2 retirés"
    assert plan.writes == 1
    inv.apply_plan(db, plan, snapshot=False)
    (machine,) = db.execute("SELECT id FROM equipment WHERE name = 'pc-arg-23'").fetchone()
    names = {(p["name"], p["version"]) for p in machine_programs(db, "equipment", machine)}
    assert ("CCleaner", "6.20") in names and ("CCleaner", "5.09") not in names
    assert not any(n.startswith("OpenVPN") for n, _v in names)
    last = _software_audit(db)[-1]
    assert json.loads(last["after"])["added"] == "CCleaner 6.20"
    assert "OpenVPN 2.3.8-I001 2.3.8-I001" in json.loads(last["before"])["removed"]
    assert len(_software_audit(db)) == 2


def test_an_inventory_without_a_software_section_leaves_the_list_alone(db, tmp_path):
    inv.import_inventories(db, [FUSION_WINDOWS])
    text = re.sub(r"<SOFTWARES>.*?</SOFTWARES>", "", FUSION_WINDOWS.read_text(encoding="utf-8"),
                  flags=re.S)
    bare = tmp_path / "bare.xml"
    bare.write_text(text, encoding="utf-8")
    assert programs_of({}) is None
    inv.import_inventories(db, [bare])
    assert db.execute("SELECT coalesce(sum(programs), 0) FROM software_list").fetchone()[0] == 8


def test_deleting_a_machine_takes_its_programs_and_no_audit_row_each(db):
    from si_local.core import registry as reg

    inv.import_inventories(db, [FUSION_FEDORA])
    (machine,) = db.execute("SELECT id FROM equipment WHERE name = 'LF014'").fetchone()
    labels = [label for label, _n, _a in reg.dependents(db, reg.KINDS["equipment"], machine)]
    assert "installed programs" in labels
    before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    reg.delete(db, reg.KINDS["equipment"], machine)
    assert db.execute("SELECT coalesce(sum(programs), 0) FROM software_list").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] - before == 1  # the machine's


# --- search, tags, action ---------------------------------------------------------------------

def test_am_i_affected_with_the_real_names(db):
    inv.import_inventories(db, [FUSION_FEDORA, GLPI, FUSION_WINDOWS])
    hits = ss.search(db, "openvpn < 2.4")
    assert [(h.machine, h.program, h.version) for h in hits] == [
        ("pc-arg-23", "OpenVPN 2.3.8-I001", "2.3.8-I001")]
    assert ss.search(db, "OPENVPN >= 2.4") == []
    office = ss.search(db, "microsoft office < 15")
    assert {h.program for h in office} == {"Microsoft Office Famille et Petite Entreprise 2010"}
    assert {h.machine for h in ss.search(db, "gettext")} == {"glpixps"}
    php = ss.search(db, "php >= 7.1")
    assert {h.program for h in php} == {"php71-php-process"}
    assert ss.summary(php) == "1 machine concernée (1 logiciel installé)"


def test_accents_in_a_name_do_not_matter(db, tmp_path):
    text = FUSION_WINDOWS.read_text(encoding="utf-8").replace("<NAME>CCleaner</NAME>",
                                                             "<NAME>Éditeur Médical Œdipe</NAME>")
    path = tmp_path / "accents.xml"
    path.write_text(text, encoding="utf-8")
    inv.import_inventories(db, [path])
    assert [h.program for h in ss.search(db, "editeur medical oedipe")] == ["Éditeur Médical Œdipe"]
    assert [h.program for h in ss.search(db, "ÉDITEUR")] == ["Éditeur Médical Œdipe"]


def test_tags_and_one_action_in_the_latest_campaign(demo_db, tmp_path):
    shutil.copy(FUSION_WINDOWS, tmp_path / "a.xml")
    inv.import_inventories(demo_db, [tmp_path / "a.xml", FUSION_FEDORA], dry_run=False)
    hits = ss.search(demo_db, "openvpn < 2.4")
    assert ss.tag_machines(demo_db, "Alerte CERT-FR 2026-123", hits, "openvpn < 2.4") == 1
    assert ss.tag_machines(demo_db, "Alerte CERT-FR 2026-123", hits) == 0  # once per machine
    (machine,) = demo_db.execute("SELECT id FROM equipment WHERE name = 'pc-arg-23'").fetchone()
    assert ss.tags_of(demo_db, "equipment", machine) == ["Alerte CERT-FR 2026-123"]
    before = demo_db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0]
    action_id, campaign = ss.create_action(demo_db, "Alerte CERT-FR 2026-123", hits, "openvpn < 2.4")
    assert demo_db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0] == before + 1
    (row,) = demo_db.query("SELECT campaign_id, title, how FROM diagnostic_action WHERE id = ?",
                           [action_id])
    assert row["campaign_id"] == campaign["id"]
    assert row["title"].startswith("Alerte CERT-FR 2026-123")
    assert "pc-arg-23" in row["how"] and "OpenVPN 2.3.8-I001 2.3.8-I001" in row["how"]
    with pytest.raises(ValidationError):
        ss.tag_machines(demo_db, "  ", hits)


def test_without_a_campaign_the_action_is_refused_in_one_line(db):
    inv.import_inventories(db, [FUSION_WINDOWS])
    hits = ss.search(db, "ccleaner")
    with pytest.raises(UserError) as raised:
        ss.create_action(db, "Alerte", hits)
    assert "campagne d’autodiagnostic" in str(raised.value)
    assert db.execute("SELECT count(*) FROM diagnostic_action").fetchone()[0] == 0
