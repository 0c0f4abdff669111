"""Trying to break the one-row-per-machine lists of installed programs (``software_lists.py``):
a program is never lost nor mixed up with another machine's, whatever the text an agent writes,
the order of imports, bundles (exported or crafted), failures, two processes at once, a copy of
an open database or a database made before the lists (step m019). Real SQLite files, real
inventory and bundle files, real processes."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
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
from si_local.core.software import machine_programs, programs_of
from software_support import index_matches_content

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
GLPI = DATA / "inventories" / "glpi-json-computer_1.json"


# --- helpers -----------------------------------------------------------------------------------

def _inventory(folder: Path, name: str, softwares, tag: str = "") -> Path:
    """A real GLPI agent JSON file for the machine ``name`` listing ``softwares`` as given."""
    doc = json.loads(GLPI.read_text(encoding="utf-8"))
    content = doc["content"]
    content["hardware"]["name"] = name
    digest = hashlib.md5(name.encode("utf-8")).hexdigest()
    content["hardware"]["uuid"] = f"{digest[:8]}-{digest[8:12]}-4000-8000-{digest[20:32]}"
    content["bios"]["ssn"] = f"SN-{name}"
    content["bios"]["msn"] = f"MSN-{name}"
    content["softwares"] = softwares
    path = folder / f"{name}{tag}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _machine(db, name: str) -> tuple[str, int] | None:
    for table in ("server", "vm", "equipment"):
        row = db.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()
        if row:
            return table, int(row[0])
    return None


def _pairs(db, name: str) -> set[tuple[str, str]]:
    table, mid = _machine(db, name)
    return {(p["name"], p["version"]) for p in machine_programs(db, table, mid)}


class _Undo(Exception):
    pass


def _hits(db, query: str) -> set[tuple[str, str, str]]:
    return {(h.machine, h.program, h.version) for h in ss.search(db, query)}


def _hits_both_ways(db, query: str) -> set[tuple[str, str, str]]:
    """The search through the indexes, and the same with every index emptied (the search reads
    the lists themselves): both must agree."""
    indexed = _hits(db, query)
    with pytest.raises(_Undo):
        with db.atomic():
            db.execute("UPDATE software_list SET releases = NULL")
            assert _hits(db, query) == indexed
            raise _Undo
    return indexed


def _expected_hits(db, query: str) -> set[tuple[str, str, str]]:
    """What the search must find, computed from the lists with Python only."""
    from si_local.core.software_versions import name_key, parse_query

    q = parse_query(query)
    out = set()
    for table in ("server", "vm", "equipment"):
        for mid, name in db.execute(f"SELECT id, name FROM {table}").fetchall():
            for p in machine_programs(db, table, mid):
                if q.key in name_key(p["name"]) and (not q.bounds or q.matches(p["version"])):
                    out.add((name, p["name"], p["version"]))
    return out


# --- 1. never loses a program, whatever the text -----------------------------------------------

ODD = ["", " ", "OpenSSL", " OpenSSL ", "Open  SSL", "a|b", "a | b", "a |b", "| a", "Tab\there",
       "Line\nbreak", "CR\r\nLF", "x" * 205, "y" * 199 + " z", "3", "3.0", "16/01/2017",
       "2024-02-30", "2024-01-01", "N/A", "Éditeur", "sep\u2028line", "nel\u0085x", "nul\x00byte",
       "\x00", "emoji 😀", "family 👨\u200d👩\u200d👧", "rtl \u200fשלום\u200f", "\u202eevil",
       "nbsp\u00a0\u00a0x", "\ufeffbom", "\x1c\x1dgs", "ctrl\x01\x07", "微信", "Ωmega"]
_value = st.one_of(st.none(), st.integers(-3, 3), st.floats(allow_nan=False, width=16),
                   st.booleans(), st.lists(st.just("x"), max_size=1), st.sampled_from(ODD),
                   st.text(max_size=6))
_item = st.one_of(st.fixed_dictionaries({}, optional={
    "name": _value, "version": _value, "publisher": _value, "install_date": _value}),
    st.none(), st.sampled_from(ODD))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.lists(_item, max_size=10), st.lists(_item, max_size=10))
def test_what_an_inventory_lists_is_what_the_list_holds_whatever_the_text(tmp_path_factory, first,
                                                                          second):
    folder = tmp_path_factory.mktemp("odd")
    db = open_database(folder / "si.sqlite")
    try:
        for number, items in enumerate((first, second)):
            path = _inventory(folder, "PC-ODD", items, tag=str(number))
            inv.import_inventories(db, [path])
            wanted = programs_of({"softwares": items})
            if wanted:
                assert _pairs(db, "PC-ODD") == {p[:2] for p in wanted}
            else:
                assert _machine(db, "PC-ODD") is None or _pairs(db, "PC-ODD") == set()
            if number == 0 and wanted:  # a new list: every field as the reader gave it
                table, mid = _machine(db, "PC-ODD")
                stored = [(p["name"], p["version"], p["publisher"] or "", p["install_date"] or "")
                          for p in machine_programs(db, table, mid)]
                assert sorted(stored) == sorted(wanted)
            index_matches_content(db)
        for query in ("a", "openssl", "x", "nul", "emoji", "3"):
            assert _hits_both_ways(db, query) == _expected_hits(db, query)
    finally:
        db.close()


def test_a_nul_character_in_a_program_name_does_not_crash_the_import(db, tmp_path):
    """An agent that writes a NUL (U+0000) in a name: SQLite's JSON functions cut the text there,
    the ids' lookup through json_each did not find the name it had just added (KeyError)."""
    path = _inventory(tmp_path, "PC-NUL", [{"name": "nul\x00byte", "version": "1"},
                                           {"name": "nul", "version": "1"},
                                           {"name": "\x00x", "version": "\x00"}])
    inv.import_inventories(db, [path])
    assert _pairs(db, "PC-NUL") == {p[:2] for p in programs_of(json.loads(
        path.read_text(encoding="utf-8"))["content"])}
    assert index_matches_content(db) == 3
    assert _hits_both_ways(db, "nul") == _expected_hits(db, "nul") != set()
    # again (the connection's cache of ids), and into a bundle and back
    again = _inventory(tmp_path, "PC-NUL2", [{"name": "nul\x00byte", "version": "2"}])
    inv.import_inventories(db, [again])
    assert index_matches_content(db) == 4
    out = tmp_path / "b.si-local.json"
    bundle.export_bundle(db, out)
    other = open_database(tmp_path / "other.sqlite")
    try:
        bundle.import_bundle(other, out)
        assert index_matches_content(other) == 4
        assert _hits_both_ways(other, "byte") == _hits(db, "byte") != set()
    finally:
        other.close()


# --- 2. never mixes: imports, re-imports, merged actions, deletions ----------------------------

def test_the_same_known_machine_in_two_files_of_one_import_gets_the_last_files_list(db, tmp_path):
    """Two inventories of one machine already in the database, in one import: the later file's
    list is the machine's list (as for a new machine), not a mix of both."""
    inv.import_inventories(db, [_inventory(tmp_path, "PC-2", [{"name": "Alpha", "version": "1"}])])
    inv.import_inventories(db, [
        _inventory(tmp_path, "PC-2", [{"name": "Beta", "version": "1"}], tag="a"),
        _inventory(tmp_path, "PC-2", [{"name": "Gamma", "version": "1"}], tag="b")])
    assert _pairs(db, "PC-2") == {("Gamma", "1")}
    assert _hits_both_ways(db, "beta") == set()
    index_matches_content(db)


def test_a_new_machine_whose_later_file_lists_nothing_ends_with_an_empty_list(db, tmp_path):
    """The same new machine in two files: the later file's list wins, also when it is empty
    (as importing that file alone afterwards would give)."""
    inv.import_inventories(db, [
        _inventory(tmp_path, "PC-3", [{"name": "Beta", "version": "1"}], tag="a"),
        _inventory(tmp_path, "PC-3", [], tag="b")])
    assert _pairs(db, "PC-3") == set()
    assert _hits_both_ways(db, "beta") == set()


def test_the_same_new_machine_in_three_files_keeps_the_last(db, tmp_path):
    inv.import_inventories(db, [
        _inventory(tmp_path, "PC-4", [{"name": "A", "version": "1"}, {"name": "B", "version": "1"}],
                   tag="a"),
        _inventory(tmp_path, "PC-4", [{"name": "B", "version": "2"}], tag="b"),
        _inventory(tmp_path, "PC-4", [{"name": "C", "version": "1"}, {"name": "B", "version": "2"}],
                   tag="c")])
    assert _pairs(db, "PC-4") == {("C", "1"), ("B", "2")}
    index_matches_content(db)


def test_deleting_machines_takes_their_lists_out_of_the_search(db, tmp_path):
    files = [_inventory(tmp_path, f"PC-D{i}", [{"name": "Shared", "version": str(i)},
                                               {"name": f"Own{i}", "version": "1"}])
             for i in range(4)]
    inv.import_inventories(db, files)
    assert len(_hits_both_ways(db, "shared")) == 4
    for name in ("PC-D1", "PC-D3"):
        table, mid = _machine(db, name)
        with db.atomic():
            db.execute(f"DELETE FROM {table} WHERE id = ?", [mid])
    assert {h[0] for h in _hits_both_ways(db, "shared")} == {"PC-D0", "PC-D2"}
    # a new machine may get a deleted machine's id: it does not inherit its list
    inv.import_inventories(db, [_inventory(tmp_path, "PC-NEW", [{"name": "Fresh", "version": "1"}])])
    assert _hits_both_ways(db, "own3") == set() and _hits_both_ways(db, "own1") == set()
    assert _pairs(db, "PC-NEW") == {("Fresh", "1")}
    index_matches_content(db)


def test_a_failed_import_leaves_the_lists_and_the_search_as_they_were(db, tmp_path):
    inv.import_inventories(db, [_inventory(tmp_path, "PC-F", [{"name": "Alpha", "version": "1"}])])
    before = _hits_both_ways(db, "alpha")
    db.execute("CREATE TEMP TRIGGER refuse AFTER INSERT ON audit WHEN NEW.table_name = "
               "'software_list' BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(Exception, match="refused"):
        inv.import_inventories(db, [
            _inventory(tmp_path, "PC-F", [{"name": "Alpha", "version": "2"}], tag="x"),
            _inventory(tmp_path, "PC-G", [{"name": "Alpha", "version": "3"}])])
    db.execute("DROP TRIGGER refuse")
    assert _hits_both_ways(db, "alpha") == before == {("PC-F", "Alpha", "1")}
    assert _machine(db, "PC-G") is None
    index_matches_content(db)
    # the same files again, through the same connection (its cache of ids)
    inv.import_inventories(db, [
        _inventory(tmp_path, "PC-F", [{"name": "Alpha", "version": "2"}], tag="x"),
        _inventory(tmp_path, "PC-G", [{"name": "Alpha", "version": "3"}])])
    assert _hits_both_ways(db, "alpha") == {("PC-F", "Alpha", "2"), ("PC-G", "Alpha", "3")}
    index_matches_content(db)


# --- 3. bundles: exported and crafted ----------------------------------------------------------

def _exported(db, tmp_path) -> tuple[Path, dict]:
    path = tmp_path / "export.si-local.json"
    bundle.export_bundle(db, path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def _rewrite(doc: dict, path: Path) -> Path:
    doc["checksum"] = sha256_hex(canonical(doc["tables"]))
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_extra_releases_key_in_a_bundle_row_is_not_trusted(demo_db, tmp_path):
    """A crafted bundle carrying an index of the right length but naming other programs: the
    import makes the index again from the lists; the search finds what the lists hold."""
    expected = _hits(demo_db, "openssl")
    path, doc = _exported(demo_db, tmp_path)
    for row in doc["tables"]["software_list"]:
        ids = range(1, row["programs"] + 1)[::-1]  # unsorted, and other programs
        row["releases"] = {"$base64": base64.b64encode(struct.pack(f"<{row['programs']}I", *ids)).decode()}
        row["programs"] = row["programs"] + 5  # the count lies too
    other = open_database(tmp_path / "other.sqlite")
    try:
        bundle.import_bundle(other, _rewrite(doc, path))
        index_matches_content(other)
        assert _hits_both_ways(other, "openssl") == expected
    finally:
        other.close()


@pytest.mark.parametrize("content", [None, 12, 1.5, True, ["a\t1\t\t"], {"$base64": "YQkxCQk="},
                                     "a\t1\t\t\n", "\n", "a\t1\t\t\u2028", "a\t1\t\t\x00",
                                     "a\x00\t1\t\t", "\ta\t1\t\t"[1:] * 2])
def test_a_list_in_an_odd_shape_refuses_the_bundle_in_one_line(demo_db, tmp_path, content):
    path, doc = _exported(demo_db, tmp_path)
    doc["tables"]["software_list"][0]["content"] = content
    other = open_database(tmp_path / "other.sqlite")
    try:
        try:
            bundle.import_bundle(other, _rewrite(doc, path))
        except ImportFileError as exc:
            message = str(exc)
            assert "\n" not in message and "Traceback" not in message
            for table in ("software_list", "server", "vm", "equipment", "software_name"):
                assert other.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        else:  # taken: then it is a clean list, indexed and searched as it says
            index_matches_content(other)
            assert _hits_both_ways(other, "a") == _expected_hits(other, "a")
    finally:
        other.close()


def test_a_huge_list_in_a_bundle_is_indexed_or_refused_whole(demo_db, tmp_path):
    path, doc = _exported(demo_db, tmp_path)
    row = doc["tables"]["software_list"][0]
    row["content"] = "\n".join(f"Prog{i}\t{i}\tPub\t2024-01-01" for i in range(20_000))
    row["programs"] = 3
    other = open_database(tmp_path / "other.sqlite")
    try:
        bundle.import_bundle(other, _rewrite(doc, path))
        assert other.execute("SELECT programs, length(releases) FROM software_list WHERE id = ?",
                             [row["id"]]).fetchone() == (20_000, 80_000)
        index_matches_content(other)
        assert len(_hits_both_ways(other, "prog1999")) == 11
    finally:
        other.close()


def test_export_then_import_into_an_empty_database_keeps_every_list(tmp_path):
    source = open_database(tmp_path / "source.sqlite")
    files = [_inventory(tmp_path, f"PC-B{i}", [{"name": n, "version": str(i)} for n in ODD if n.strip()])
             for i in range(3)]
    inv.import_inventories(source, files)
    expected = {name: _pairs(source, name) for name in ("PC-B0", "PC-B1", "PC-B2")}
    assert all(expected.values())
    path, _doc = _exported(source, tmp_path)
    target = open_database(tmp_path / "target.sqlite")
    try:
        bundle.import_bundle(target, path)
        assert {name: _pairs(target, name) for name in expected} == expected
        assert index_matches_content(target) == index_matches_content(source)
        for query in ("openssl", "emoji", "nul", "a"):
            assert _hits_both_ways(target, query) == _hits(source, query)
    finally:
        source.close()
        target.close()


# --- 4. two processes, a copy of an open database ---------------------------------------------

_WORKER = """
import sys, time
sys.path.insert(0, {src!r})
from si_local.core.db import open_database
from si_local.core.errors import DatabaseError, UserError
from si_local.core.interop import inventory as inv
db = open_database(sys.argv[1])
for path in sys.argv[2:]:
    for attempt in range(200):
        try:
            inv.apply_plan(db, inv.plan_inventories(db, [path]), snapshot=False)
            break
        except (DatabaseError, UserError):  # locked, or changed meanwhile: again
            time.sleep(0.05)
    else:
        raise SystemExit("gave up " + path)
db.close()
"""


def test_two_processes_importing_at_once_mix_nothing(tmp_path):
    database = tmp_path / "si.sqlite"
    open_database(database).close()
    worker = tmp_path / "worker.py"
    worker.write_text(_WORKER.format(src=str(ROOT / "src")), encoding="utf-8")
    expected: dict[str, set] = {}
    runs = []
    for side in ("A", "B"):
        files = []
        for i in range(6):
            name = f"PC-{side}{i}"
            programs = [{"name": "Common", "version": "1"}, {"name": f"Only{side}", "version": str(i)},
                        {"name": f"Mine{side}{i}", "version": "1"}]
            files.append(_inventory(tmp_path, name, programs))
            expected[name] = {(p["name"], p["version"]) for p in programs}
        runs.append(files)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [subprocess.Popen([sys.executable, str(worker), str(database), *map(str, files)],
                              env=env, stderr=subprocess.PIPE, text=True) for files in runs]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    db = open_database(database)
    try:
        assert {name: _pairs(db, name) for name in expected} == expected
        assert index_matches_content(db) == 36
        assert {h[0] for h in _hits_both_ways(db, "onlya")} == {f"PC-A{i}" for i in range(6)}
        assert {h[0] for h in _hits_both_ways(db, "onlyb")} == {f"PC-B{i}" for i in range(6)}
        assert len(_hits_both_ways(db, "common")) == 12
    finally:
        db.close()


def test_a_copy_of_an_open_database_holds_no_mixed_list(tmp_path):
    """The file copied as it is while another connection has written (WAL not yet folded in)
    and is in the middle of a write: whatever the copy holds, its lists and indexes agree."""
    database = tmp_path / "si.sqlite"
    db = open_database(database)
    try:
        inv.import_inventories(db, [_inventory(tmp_path, f"PC-C{i}", [
            {"name": "Shared", "version": str(i)}, {"name": f"Own{i}", "version": "1"}]) for i in range(3)])
        copies = []
        for name in ("main-only", "with-wal"):
            folder = tmp_path / name
            folder.mkdir()
            shutil.copy(database, folder / "si.sqlite")
            if name == "with-wal" and Path(f"{database}-wal").exists():
                shutil.copy(f"{database}-wal", folder / "si.sqlite-wal")
            copies.append(folder / "si.sqlite")
        with pytest.raises(_Undo):
            with db.atomic():  # a write in progress while the file is copied
                db.execute("UPDATE software_list SET content = 'Other\t9\t\t', programs = 1")
                folder = tmp_path / "mid-write"
                folder.mkdir()
                shutil.copy(database, folder / "si.sqlite")
                copies.append(folder / "si.sqlite")
                raise _Undo
        for path in copies:
            try:
                copy_db = open_database(path)
            except Exception as exc:  # a copy that cannot be opened says so in one line
                assert "\n" not in str(exc)
                continue
            try:
                index_matches_content(copy_db)
                assert _hits_both_ways(copy_db, "shared") == _expected_hits(copy_db, "shared")
                assert _hits_both_ways(copy_db, "other") == set()
            finally:
                copy_db.close()
    finally:
        db.close()


# --- 5. the migration of a database made before the lists -------------------------------------

def test_m019_keeps_every_program_of_a_database_made_by_main_before_the_lists(tmp_path):
    path = tmp_path / "old.sqlite"
    with gzip.open(DATA / "si-local-d9887ad.sqlite.gz") as source, open(path, "wb") as out:
        shutil.copyfileobj(source, out)
    old = sqlite3.connect(path)
    tables = {"server_id": "server", "vm_id": "vm", "equipment_id": "equipment"}
    before: dict[tuple[str, str], set] = {}
    for column, table in tables.items():
        for machine, name, version, publisher in old.execute(
                f"SELECT m.name, n.name, i.version, coalesce(i.publisher, '') FROM software_installed i "
                f"JOIN software_name n ON n.id = i.name_id JOIN {table} m ON m.id = i.{column}"):
            before.setdefault((table, machine), set()).add((name, version, publisher))
    old.close()
    assert sum(map(len, before.values())) > 20
    db = open_database(path)
    try:
        after = {}
        for (table, machine) in before:
            _t, mid = _machine(db, machine)
            after[(table, machine)] = {(p["name"], p["version"], p["publisher"] or "")
                                       for p in machine_programs(db, table, mid)}
        assert after == before
        index_matches_content(db)
        for query in ("openssl", "7-zip < 24.07", "java", "a"):
            assert _hits_both_ways(db, query) == _expected_hits(db, query)
    finally:
        db.close()


# --- 6. more shapes: sequences of imports against a model, bundle rows, the migrated database ---

_NAMES = ["PC-1", "PC-2", "PC-3"]
_listing = st.one_of(st.none(), st.lists(st.fixed_dictionaries({
    "name": st.sampled_from(["OpenSSL", "openssl", "Java", "7-Zip", "Shared"]),
    "version": st.sampled_from(["1", "1.0", "3.0.7", ""]),
    "publisher": st.sampled_from(["", "Pub", "Autre"])}), max_size=5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from(_NAMES), _listing), min_size=1, max_size=4),
                min_size=1, max_size=4))
def test_any_sequence_of_imports_of_several_files_gives_each_machine_its_last_list(
        tmp_path_factory, imports):
    """Each import a few files, the same machine possibly in several (new or known), a file
    without a software section leaving the list alone: each machine ends with the list of the
    last file that gave one, and the search finds exactly that."""
    folder = tmp_path_factory.mktemp("seq")
    db = open_database(folder / "si.sqlite")
    model: dict[str, set] = {}
    try:
        for number, files in enumerate(imports):
            paths = []
            for index, (name, listing) in enumerate(files):
                path = _inventory(folder, name, listing if listing is not None else [],
                                  tag=f"-{number}-{index}")
                if listing is None:  # no software section at all
                    doc = json.loads(path.read_text(encoding="utf-8"))
                    del doc["content"]["softwares"]
                    path.write_text(json.dumps(doc), encoding="utf-8")
                else:
                    model[name] = {p[:2] for p in programs_of({"softwares": listing})}
                paths.append(path)
            inv.import_inventories(db, paths)
            for name in {n for n, _l in files}:
                assert _pairs(db, name) == model.get(name, set()), name
        index_matches_content(db)
        for query in ("openssl", "shared", "openssl < 3.0.7", "java >= 1"):
            assert _hits_both_ways(db, query) == _expected_hits(db, query)
    finally:
        db.close()


@pytest.mark.parametrize("change", ["twice", "no machine", "two machines", "programs"])
def test_a_bundle_row_that_breaks_the_lists_rules_is_refused_in_one_line(demo_db, tmp_path, change):
    path, doc = _exported(demo_db, tmp_path)
    rows = doc["tables"]["software_list"]
    first = rows[0]
    if change == "twice":  # a second list for the same machine
        rows.append({**first, "id": max(r["id"] for r in rows) + 1})
    elif change == "no machine":
        for column in ("server_id", "vm_id", "equipment_id"):
            if first.get(column) is not None:
                first[column] = 99_999
    elif change == "two machines":
        first["server_id"] = first.get("server_id") or 1
        first["vm_id"] = first.get("vm_id") or 1
    else:
        first["programs"] = None
    other = open_database(tmp_path / "other.sqlite")
    try:
        with pytest.raises(ImportFileError) as raised:
            bundle.import_bundle(other, _rewrite(doc, path))
        assert "\n" not in str(raised.value)
        assert other.execute("SELECT count(*) FROM software_list").fetchone()[0] == 0
        assert other.execute("SELECT count(*) FROM server").fetchone()[0] == 0
    finally:
        other.close()


def test_a_list_of_more_programs_than_allowed_refuses_the_bundle(demo_db, tmp_path):
    from si_local.core.software_lists import MAX_PROGRAMS

    path, doc = _exported(demo_db, tmp_path)
    doc["tables"]["software_list"][0]["content"] = "\n".join(
        f"P{i}\t1\t\t" for i in range(MAX_PROGRAMS + 1))
    other = open_database(tmp_path / "other.sqlite")
    try:
        with pytest.raises(ImportFileError) as raised:
            bundle.import_bundle(other, _rewrite(doc, path))
        assert "100" in str(raised.value) and "\n" not in str(raised.value)
        assert other.execute("SELECT count(*) FROM software_list").fetchone()[0] == 0
    finally:
        other.close()


def test_a_database_migrated_by_m019_exports_a_bundle_that_imports_whole(tmp_path):
    path = tmp_path / "old.sqlite"
    with gzip.open(DATA / "si-local-d9887ad.sqlite.gz") as source, open(path, "wb") as out:
        shutil.copyfileobj(source, out)
    db = open_database(path)
    target = open_database(tmp_path / "target.sqlite")
    try:
        out = tmp_path / "old.si-local.json"
        bundle.export_bundle(db, out)
        bundle.import_bundle(target, out)
        assert index_matches_content(target) == index_matches_content(db) > 20
        for query in ("openssl", "7-zip < 24.07", "a"):
            assert _hits_both_ways(target, query) == _hits(db, query)
        # and a re-import of one of its machines through the migrated database's lists
        inv.import_inventories(db, [DATA / "inventories" / "fusioninventory-2.xml"])
        index_matches_content(db)
    finally:
        db.close()
        target.close()


def test_a_list_left_without_its_machine_is_not_a_hit_nor_a_crash(tmp_path):
    """Another tool deleted a machine with foreign keys off (sqlite3's default): its list stays
    behind; the search finds the machines that exist, and does not fail on the orphan."""
    database = tmp_path / "si.sqlite"
    db = open_database(database)
    inv.import_inventories(db, [_inventory(tmp_path, "PC-O", [{"name": "Orphan", "version": "1"}]),
                                _inventory(tmp_path, "PC-K", [{"name": "Orphan", "version": "2"}])])
    db.close()
    raw = sqlite3.connect(database)
    raw.create_function("si_local_user", 0, lambda: "other tool")
    raw.execute("DELETE FROM equipment WHERE name = 'PC-O'")
    raw.commit()
    raw.close()
    db = open_database(database)
    try:
        assert db.execute("SELECT count(*) FROM software_list").fetchone()[0] == 2
        assert _hits_both_ways(db, "orphan") == {("PC-K", "Orphan", "2")}
    finally:
        db.close()
