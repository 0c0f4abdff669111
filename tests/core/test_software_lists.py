"""A machine's installed programs stored as ONE row (``core/software_lists.py``): the search's
index always says what the list says, whatever the sequence of imports; it never travels in a
bundle and is made again on import; a crafted list is refused whole; a list without index is
still searched. Real SQLite files, real bundle files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from si_local.core import software_search as ss
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError
from si_local.core.interop import bundle
from si_local.core.interop import inventory as inv
from si_local.core.interop.bundle_rows import canonical
from si_local.core.interop.common import sha256_hex
from si_local.core.software import Program, machine_programs, write_programs
from si_local.core.software_lists import ListError, checked, pack, unpack
from software_support import index_matches_content

DATA = Path(__file__).resolve().parents[1] / "data" / "inventories"
FUSION_WINDOWS = DATA / "fusioninventory-2.xml"
FUSION_FEDORA = DATA / "fusioninventory-1.xml"


def _hits(db, query: str) -> list[tuple[str, str, str]]:
    return [(h.machine, h.program, h.version) for h in ss.search(db, query)]


_names = st.sampled_from(["OpenSSL", "openssl", "7-Zip", "Java 8", "libssl3", "Éditeur Médical"])
_programs = st.lists(st.tuples(_names, st.sampled_from(["", "1.1.1w", "3.0.7", "24.07"]),
                               st.sampled_from([None, "Debian", "Igor Pavlov"])),
                     max_size=8, unique_by=lambda t: (t[0], t[1]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["SRV-A", "SRV-B", "SRV-C"]), _programs), min_size=1,
                max_size=8))
def test_the_index_says_what_the_list_says_after_any_sequence_of_imports(tmp_path_factory, writes):
    db = open_database(tmp_path_factory.mktemp("lists") / "si.sqlite")
    try:
        ids = {}
        with db.atomic():
            for name in ("SRV-A", "SRV-B", "SRV-C"):
                ids[name] = int(db["server"].insert({"name": name}).last_pk)
        expected: dict[str, set] = {}
        for machine, programs in writes:
            with db.atomic():
                write_programs(db, "server", ids[machine], [Program(n, v, p) for n, v, p in programs])
            expected[machine] = {(n, v) for n, v, _p in programs}
        index_matches_content(db)
        for machine, wanted in expected.items():
            # (a program is known by name and version: its publisher is the one first written)
            got = {(p["name"], p["version"]) for p in machine_programs(db, "server", ids[machine])}
            assert got == wanted
        # the search over the index finds exactly what the lists hold
        found = {(h.machine, h.program, h.version) for h in ss.search(db, "openssl < 3.0.7")}
        assert found == {(m, n, v) for m, progs in expected.items() for n, v in progs
                         if n.lower() == "openssl" and v == "1.1.1w"}  # no version: not below
    finally:
        db.close()


def test_a_list_without_index_is_still_searched_and_a_content_change_empties_it(db):
    inv.import_inventories(db, [FUSION_FEDORA, FUSION_WINDOWS])
    before = _hits(db, "openvpn < 2.4") + _hits(db, "gettext")
    assert before
    with db.atomic():  # another writer changes a list's content and not its index
        db.execute("UPDATE software_list SET content = content || ''")
    assert db.execute("SELECT count(*) FROM software_list WHERE releases IS NOT NULL").fetchone()[0] == 0
    assert _hits(db, "openvpn < 2.4") + _hits(db, "gettext") == before


def test_a_bundle_carries_the_lists_not_their_index_and_the_import_makes_it_again(demo_db, tmp_path):
    expected = _hits(demo_db, "openssl") + _hits(demo_db, "7-zip < 24.07")
    assert len(expected) >= 3
    path = tmp_path / "demo.si-local.json"
    bundle.export_bundle(demo_db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "software_name" not in doc["tables"] and "software_release" not in doc["tables"]
    assert all("releases" not in row for row in doc["tables"]["software_list"])
    other = open_database(tmp_path / "other.sqlite")
    try:
        bundle.import_bundle(other, path)
        assert _hits(other, "openssl") + _hits(other, "7-zip < 24.07") == expected
        assert index_matches_content(other) == index_matches_content(demo_db)
    finally:
        other.close()


@pytest.mark.parametrize("content, said", [
    ("7-Zip\t23.01\tIgor Pavlov", "3 champs au lieu de 4"),
    ("7-Zip\t23.01\t\t\textra", "5 champs au lieu de 4"),
    ("\t23.01\t\t", "pas de nom"),
    ("7-Zip\t23.01\t\t2024-13-40", "n’est pas une date"),
    ("7-Zip\t23.01\t\t\n7-Zip\t23.01\tautre\t", "ligne 2\u00a0: deux fois le même nom et la même version"),
    ("7-Zip  x64\t23.01\t\t", "pas une seule ligne propre"),
    ("7-Zip\r\t23.01\t\t", "pas une seule ligne propre"),
    ("A" * 201 + "\t1\t\t", "pas une seule ligne propre"),
])
def test_a_crafted_list_in_a_bundle_is_refused_whole(demo_db, tmp_path, content, said):
    path = tmp_path / "demo.si-local.json"
    bundle.export_bundle(demo_db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["tables"]["software_list"][-1]["content"] = content
    doc["checksum"] = sha256_hex(canonical(doc["tables"]))
    path.write_text(json.dumps(doc), encoding="utf-8")
    other = open_database(tmp_path / "other.sqlite")
    try:
        with pytest.raises(ImportFileError) as raised:
            bundle.import_bundle(other, path)
        message = str(raised.value)
        assert said in message and message.endswith("rien n’a été importé.")
        assert "liste n° " in message  # which list, which line
        assert "\n" not in message
        for table in ("software_list", "vm", "server", "software_name"):
            assert other.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    finally:
        other.close()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=30), st.text(max_size=12),
                          st.one_of(st.none(), st.text(max_size=12)), st.one_of(st.none(), st.dates().map(
                              lambda d: d.isoformat()))), max_size=6))
def test_what_the_reader_keeps_packs_and_checks_back_unchanged(items):
    """Any program the reader keeps (its fields cleaned) is stored and read back as it was,
    and passes the bundle's check."""
    from si_local.core.software import programs_of

    programs = programs_of({"softwares": [
        {"name": n, "version": v, "publisher": p, "install_date": d} for n, v, p, d in items]})
    assert unpack(pack(programs)) == programs
    assert checked(pack(programs)) == programs


def test_the_check_names_the_line(tmp_path):
    with pytest.raises(ListError) as raised:
        checked("a\t1\t\t\nb\t2\t\t\nc\t3")
    assert raised.value.line == 3


def _with_programs(tmp_path, name: str, programs: list[tuple[str, str]]) -> Path:
    """A copy of a real FusionInventory file for the machine ``name`` listing ``programs``."""
    text = FUSION_WINDOWS.read_text(encoding="utf-8")
    start, end = text.index("<SOFTWARES>"), text.rindex("</SOFTWARES>") + len("</SOFTWARES>")
    listed = "".join(f"<SOFTWARES><NAME>{n}</NAME><VERSION>{v}</VERSION><PUBLISHER>Éditeur"
                     f"</PUBLISHER></SOFTWARES>" for n, v in programs)
    text = (text[:start] + listed + text[end:]).replace("pc-arg-23", name).replace(
        "CZC0479792", f"SN-{name}").replace("33E737A8-F827-11DF-9297", f"{sum(map(ord, name)):08X}-0000-0000")
    path = tmp_path / f"{name}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_ids_looked_up_in_a_transaction_that_rolled_back_are_not_reused(db, tmp_path):
    """The connection keeps the ids of a COMMITTED import for the next one; an import that
    failed after adding releases must leave nothing behind, even when another program then
    gives those very ids to other releases."""
    first = _with_programs(tmp_path, "PC-A", [("Alpha", "1")])
    inv.import_inventories(db, [first])
    assert db._si_local_releases is not None  # kept for the next import
    # an import that fails after writing its new releases (a trigger refuses its audit entry)
    db.execute("CREATE TEMP TRIGGER refuse AFTER INSERT ON audit WHEN NEW.table_name = "
               "'software_list' BEGIN SELECT RAISE(ABORT, 'refused'); END")
    failing = _with_programs(tmp_path, "PC-B", [("Beta", "2"), ("Gamma", "3")])
    with pytest.raises(Exception, match="refused"):
        inv.import_inventories(db, [failing])
    db.execute("DROP TRIGGER refuse")
    assert db.execute("SELECT count(*) FROM software_release").fetchone()[0] == 1
    # another program takes the ids the failed import had used, for other programs
    other = open_database(db.path)
    try:
        with other.atomic():
            for name in ("Zeta", "Omega"):
                nid = other.execute("INSERT INTO software_name (name, name_key) VALUES (?, ?)",
                                    [name, name.lower()]).lastrowid
                other.execute("INSERT INTO software_release (name_id, version) VALUES (?, '9')", [nid])
    finally:
        other.close()
    inv.import_inventories(db, [failing])
    assert index_matches_content(db) == 3
    assert _hits(db, "gamma") == [("PC-B", "Gamma", "3")]
    assert _hits(db, "zeta") == []


def test_names_and_releases_are_never_deleted_nor_changed(db, tmp_path):
    inv.import_inventories(db, [_with_programs(tmp_path, "PC-A", [("Alpha", "1")])])
    for statement in ("DELETE FROM software_release", "UPDATE software_release SET version = '2'",
                      "DELETE FROM software_name", "UPDATE software_name SET name = 'Beta'"):
        with pytest.raises(sqlite3.IntegrityError, match="never"):
            db.execute(statement)
    assert _hits(db, "alpha") == [("PC-A", "Alpha", "1")]


_field = st.one_of(st.none(), st.integers(-5, 5), st.floats(allow_nan=False, width=16),
                   st.booleans(), st.lists(st.just("x"), max_size=1),
                   st.sampled_from(["", " ", "OpenSSL", " OpenSSL ", "Open  SSL", "a|b", "a | b",
                                    "Tab\there", "Line\nbreak", "x" * 205, "3", "3.0", "16/01/2017",
                                    "2024-02-30", "2024-01-01", "N/A", "Éditeur"]),
                   st.text(max_size=8))
_item = st.one_of(st.fixed_dictionaries({}, optional={
    "name": _field, "version": _field, "publisher": _field, "install_date": _field,
    "installdate": _field}), st.none(), st.text(max_size=3))


@settings(max_examples=400, deadline=None)
@given(st.lists(_item, max_size=12))
def test_the_fast_reader_gives_what_the_one_by_one_reader_gives(items):
    """programs_of takes out a file's programs by passes in C when the list is ordinary, and
    one item after the other otherwise: whatever the items, the two give the same programs."""
    from si_local.core.software import ReadCache, _programs_one_by_one, programs_of

    assert programs_of({"softwares": items}, ReadCache()) == _programs_one_by_one(items, ReadCache())


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(1, 400), max_size=300), st.sets(st.integers(1, 400), max_size=150))
def test_the_search_finds_the_wanted_ids_in_an_index_by_either_way(index, wanted):
    """A few wanted ids are bisected in the sorted index, many are met with a set: the same."""
    from array import array

    from si_local.core.software_search import _present

    assert _present(array("I", sorted(index)), sorted(wanted)) == sorted(index & wanted)


def test_the_same_bundle_imported_again_changes_nothing_and_skips_no_list(demo_db, tmp_path):
    """A database holding the bundle's lists (with its own index, which a bundle never carries)
    is still « empty » for that bundle: nothing to write, no list skipped."""
    path = tmp_path / "demo.si-local.json"
    bundle.export_bundle(demo_db, path)
    other = open_database(tmp_path / "other.sqlite")
    try:
        bundle.import_bundle(other, path)
        again = bundle.import_bundle(other, path, dry_run=True)
        assert again.mode == "empty"
        assert again.count("insert") == 0 and again.count("update") == 0
        assert not any(t.skipped or t.replace for t in again.tables)
        assert index_matches_content(other) == index_matches_content(demo_db)
    finally:
        other.close()


def test_a_nul_in_a_name_or_version_never_takes_another_programs_release(db):
    """SQLite's JSON reads « Foo\\0bar » as « Foo »: the one-query lookup must not give it Foo's
    release (machine B would then « have » Foo 1 in the search and its index)."""
    with db.atomic():
        a = int(db["server"].insert({"name": "A"}).last_pk)
        b = int(db["server"].insert({"name": "B"}).last_pk)
    with db.atomic():
        write_programs(db, "server", a, [Program("Foo", "1", "P"), Program("Baz", "1", "P")])
    with db.atomic():
        write_programs(db, "server", b, [Program("Foo\x00bar", "1", "P"), Program("Baz", "1\x00x", "P")])
    index_matches_content(db)
    assert [(h.machine, h.program) for h in ss.search(db, "foo")] == [("A", "Foo"), ("B", "Foo\x00bar")]
    assert [(h.machine, h.version) for h in ss.search(db, "baz")] == [("A", "1"), ("B", "1\x00x")]
