"""The migrations are the only creator of the schema, and they are frozen.

Databases made by earlier versions (``tests/data/``, see its README) are opened with today's
code: the missing steps run, and the schema must then be exactly a new database's (tables,
columns, foreign keys, CHECKs, indexes, triggers, views), the file sound, and every record the
old file held still there with the same values. Editing a frozen step (``core/migrations/
_m00N_<area>.py``) instead of adding a step makes the new database differ from the migrated
ones, and these tests fail.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from si_local.core import audit
from si_local.core import continuity as c
from si_local.core import secrets as sec
from si_local.core import training as t
from si_local.core.db import open_database
from si_local.core.errors import DatabaseError
from si_local.core.migrations import audit_triggers, known_names, migrations
from si_local.core.software import machine_programs

DATA = Path(__file__).resolve().parents[1] / "data"
SRC = Path(__file__).resolve().parents[2] / "src" / "si_local"

# file -> the steps it was made with (tests/data/README.md says how each was made)
OLD = {
    "si-local-286235d.sqlite.gz": 6,  # first commit whose m001–m006 make today's tables
    "si-local-afa0386.sqlite.gz": 8,  # just before m009
    "si-local-6cc7d75.sqlite.gz": 9,  # main when the migrations were frozen
    "si-local-cdf621c.sqlite.gz": 10,  # main with m010 (staff number, profiles as data)
    "si-local-d9887ad.sqlite.gz": 18,  # main with m011–m018 (issues 17 and 18)
    "si-local-f68976a.sqlite.gz": 20,  # main with m019 (programs, one row a machine) and m020
}
# made by the first commit that had m001–m006, when m002–m006 were still empty stubs
STUBS = "si-local-7c1759b.sqlite.gz"

# tables whose rows a migration adds or changes (their records are compared apart)
BOOKKEEPING = {"audit", "_sqlite_migrations", "si_local_identity"}


def _unpack(name: str, folder: Path) -> Path:
    target = folder / name.removesuffix(".gz")
    with gzip.open(DATA / name) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return target


def _norm(sql: str | None) -> str | None:
    """SQL text with the differences that mean nothing taken away: runs of blanks, blanks next
    to brackets and commas, ``IF NOT EXISTS``, the quotes around a name, the case of letters
    outside quoted strings."""
    if sql is None:
        return None
    parts = re.split(r"('(?:[^']|'')*')", sql)  # keep the text of SQL strings as it is
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        part = re.sub(r"\s+", " ", part)
        part = re.sub(r"\s*([(),;])\s*", r"\1", part)
        part = re.sub(r"(?i)\bIF NOT EXISTS\b ?", "", part)
        part = re.sub(r'"(\w+)"', r"\1", part)
        out.append(part.lower())
    return "".join(out).strip()


def schema_of(conn) -> dict:
    """Everything the schema is made of, in a form two databases can be compared by."""
    conn = getattr(conn, "conn", conn)
    master = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    tables, indexes, triggers, views = {}, {}, {}, {}
    for kind, name, table, sql in master:
        if kind == "table":
            quoted = name.replace('"', '""')
            tables[name] = {
                # cid, name, type, notnull, default, pk, hidden: in order
                "columns": conn.execute(f'PRAGMA table_xinfo("{quoted}")').fetchall(),
                "foreign_keys": sorted(conn.execute(
                    f'PRAGMA foreign_key_list("{quoted}")').fetchall()),
                # CHECK constraints, COLLATE, UNIQUE … live only in the statement
                "sql": _norm(sql),
            }
            for _seq, index, unique, origin, partial in conn.execute(
                    f'PRAGMA index_list("{quoted}")').fetchall():
                where = None
                index_sql = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                    [index]).fetchone()
                if index_sql and index_sql[0] and partial:
                    where = _norm(re.split(r"\sWHERE\s", index_sql[0], maxsplit=1, flags=re.IGNORECASE)[1])
                indexes[index] = {
                    "table": name, "unique": unique, "origin": origin, "partial": partial,
                    "where": where,
                    "columns": conn.execute(f'PRAGMA index_xinfo("{index}")').fetchall(),
                }
        elif kind == "trigger":
            triggers[name] = (table, _norm(sql))
        elif kind == "view":
            views[name] = _norm(sql)
    return {"tables": tables, "indexes": indexes, "triggers": triggers, "views": views}


def _differences(old: dict, new: dict) -> list[str]:
    found = []
    for part in ("tables", "indexes", "triggers", "views"):
        for name in sorted(set(old[part]) | set(new[part])):
            if name not in new[part]:
                found.append(f"{part}: {name} only in the migrated file")
            elif name not in old[part]:
                found.append(f"{part}: {name} only in a new database")
            elif old[part][name] != new[part][name]:
                found.append(f"{part}: {name} differs:\n  migrated {old[part][name]}\n"
                             f"  new      {new[part][name]}")
    return found


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh")
    db = open_database(folder / "new.sqlite")
    try:
        return schema_of(db)
    finally:
        db.close()


def _rows(conn, table: str) -> list[tuple]:
    return conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()


@pytest.mark.parametrize("name", list(OLD))
def test_an_older_database_migrated_has_the_schema_of_a_new_one(name, tmp_path, fresh_schema):
    path = _unpack(name, tmp_path)
    before = sqlite3.connect(path)
    assert len(before.execute("SELECT name FROM _sqlite_migrations").fetchall()) == OLD[name]
    before.close()
    db = open_database(path)
    try:
        assert [m.name for m in migrations.applied(db)] == known_names()
        differences = _differences(schema_of(db), fresh_schema)
        assert not differences, "\n".join(differences)
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


@pytest.mark.parametrize("name", list(OLD))
def test_every_record_of_an_older_database_survives_its_migration(name, tmp_path):
    path = _unpack(name, tmp_path)
    old = sqlite3.connect(path)
    tables = [r[0] for r in old.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    kept = {table: _rows(old, table) for table in tables}
    old.close()
    db = open_database(path)
    try:
        for table in tables:
            if table == "software_installed":  # m019: one list per machine, checked below
                continue
            rows = _rows(db.conn, table)
            if table == "audit" or table == "_sqlite_migrations":
                # the trail and the steps' record only grow: the old rows come first, unchanged
                assert rows[:len(kept[table])] == kept[table], table
                continue
            if table == "si_local_identity":  # a copy in another folder: claimed, see identity.py
                continue
            assert len(rows) == len(kept[table]), table
            if table == "continuity_scenario" and OLD[name] < 7:
                # the one change a step makes to records: m007's typographic apostrophes
                rows = [tuple(str(v).replace("’", "'") if isinstance(v, str) else v for v in r)
                        for r in rows]
            if table == "training_staff" and OLD[name] < 10:
                rows = [r[:-1] for r in rows]  # m010 adds the staff number, empty
                assert {r[-1] for r in _rows(db.conn, table)} == {None}
            added = {"continuity_exercise": {(None, None, None)},  # m012: title, objectives, scenario
                     "continuity_finding": {("improve", None)},  # m012: kind, action link
                     "contact": {(None, None)},  # m016: support hotline and its hours
                     "backup": {(None,)},  # m018: the backup tool's job name
                     }.get(table)
            if added and rows and len(rows[0]) > len(kept[table][0]):
                width = len(kept[table][0])
                assert {r[width:] for r in rows} == added, table
                rows = [r[:width] for r in rows]
            assert rows == kept[table], table
        if "software_installed" in kept:  # each program is in its machine's list, same values
            names = {r[0]: r[1] for r in kept["software_name"]}
            listed = set()
            for table in ("server", "vm", "equipment"):
                for (machine_id,) in db.execute(f"SELECT id FROM {table}").fetchall():
                    listed |= {(names_id(p["name"], names), p["version"], p["publisher"],
                                p["install_date"], table, machine_id)
                               for p in machine_programs(db, table, machine_id)}
            old_rows = {(r[1], r[2], r[3], r[4], *(("server", r[5]) if r[5] is not None else
                                                     ("vm", r[6]) if r[6] is not None else
                                                     ("equipment", r[7])))
                        for r in kept["software_installed"]}
            assert old_rows and listed == old_rows
        # the demo's tables are there and full
        for table in ("facility", "server", "vm", "application", "backup", "equipment",
                      "continuity_scenario", "continuity_step", "diagnostic_campaign",
                      "diagnostic_answer", "training_staff", "training_session"):
            assert len(kept[table]) > 0, table
    finally:
        db.close()


def names_id(name: str, names: dict[int, str]) -> int:
    return next(i for i, n in names.items() if n == name)


def test_a_record_imported_by_an_earlier_version_is_still_there_same_values(tmp_path):
    """The laptop 286235d filed as a server (before m009 knew workstations) stays as it was."""
    path = _unpack("si-local-286235d.sqlite.gz", tmp_path)
    db = open_database(path)
    try:
        row = db.execute("SELECT name, serial, ram_gb, source FROM server WHERE name = 'COMP1'"
                         ).fetchone()
        assert row == ("COMP1", "2FAGP34", 7.6, "inventory")
        (name,) = db.execute(
            "SELECT name FROM continuity_scenario WHERE kind = 'is_unavailable'").fetchone()
        assert name == "Système d’information indisponible"  # m007 ran
        # the migrated file takes today's records: a workstation now fits equipment.kind
        db["equipment"].insert({"name": "PC-ACCUEIL", "kind": "workstation"})
    finally:
        db.close()


def test_the_first_commit_with_all_six_steps_is_refused_unchanged(tmp_path):
    """7c1759b recorded m002–m006 while they were still empty: the file has no table of those
    areas, m007 cannot run on it. It is refused in one sentence and left as it was (a known
    limit: 0.1.0 was never released with those empty steps)."""
    path = _unpack(STUBS, tmp_path)
    conn = sqlite3.connect(path)
    before = list(conn.iterdump())
    conn.close()
    with pytest.raises(DatabaseError, match="continuity_scenario"):
        open_database(path)
    conn = sqlite3.connect(path)
    assert list(conn.iterdump()) == before
    conn.close()


def test_a_new_database_is_exactly_what_the_steps_build(tmp_path):
    """open_database adds nothing to the schema: a bare connection on which only the steps run
    holds the same objects, with the same SQL text, in the same order."""
    def master(conn):
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                            "ORDER BY rowid").fetchall()

    db = open_database(tmp_path / "opened.sqlite")
    opened = master(db.conn)
    db.close()
    conn = sqlite3.connect(tmp_path / "bare.sqlite")
    audit.register_functions(conn)
    bare = Database(conn, execute_plugins=False)
    migrations.apply(bare)
    assert master(conn) == opened
    conn.close()


def test_nothing_but_the_migrations_creates_a_table_index_trigger_or_view():
    pattern = re.compile(r"CREATE\s+(?:UNIQUE\s+|VIRTUAL\s+|TEMP\w*\s+)*"
                         r"(?:TABLE|INDEX|TRIGGER|VIEW)\b", re.IGNORECASE)
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "migrations" and path.parent.parent.name == "core":
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(SRC)))
    assert not found, f"tables created outside core/migrations: {found}"


def test_the_audit_trigger_helper_writes_what_the_frozen_steps_hold(tmp_path):
    """A later step that changes a table's columns calls audit_triggers(): run again on today's
    tables, it must write the very triggers m001–m006 froze."""
    db = open_database(tmp_path / "x.sqlite")
    try:
        def stored():
            return dict(db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                "'audit\\_%' ESCAPE '\\' AND tbl_name <> 'audit'").fetchall())

        frozen = stored()
        tables = sorted({name[len("audit_"):].rsplit("_", 1)[0] for name in frozen})
        assert len(frozen) == 3 * len(tables) > 3 * 30
        with db.atomic():
            audit_triggers(db, tables)
        assert stored() == frozen
    finally:
        db.close()


def _check_keys(db, table: str, column: str) -> tuple[str, ...]:
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [table]).fetchone()
    found = re.search(rf"\b{column} TEXT[^,]*?CHECK \({column} IN \(([^)]*)\)\)", sql)
    assert found, (table, column)
    return tuple(v.strip().strip("'") for v in found.group(1).split(","))


def test_the_kinds_the_code_knows_are_those_the_tables_accept(db):
    """The code's lists of keys were read from the schema modules; now that the schema lives in
    the steps, they are compared with the CHECK constraints of a new database."""
    assert _check_keys(db, "continuity_scenario", "kind") == c.SCENARIO_KINDS
    assert _check_keys(db, "continuity_activity", "kind") == c.ACTIVITY_KINDS
    assert _check_keys(db, "continuity_step", "phase") == c.PHASES
    assert _check_keys(db, "secret_ref", "owner_kind") == tuple(sec.OWNER_TABLES)
    # profiles are data since m010: the program's own are the rows it seeds
    assert t.profile_keys(db) == list(t.PROFILES)
    items = [r[1] for r in db.execute("PRAGMA table_info(continuity_step_item)")
             if r[1].endswith("_id") and r[1] != "step_id"]
    assert tuple(items) == c.ITEM_COLUMNS
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(sec.OWNER_TABLES.values()) <= tables


def test_every_step_function_is_a_registered_step():
    """A step written without its ``@migrations()`` line (a merge can drop it) would never run:
    every ``mNNN_`` function of the module is a step, in the order of its number."""
    import inspect

    from si_local.core import migrations

    functions = sorted(name for name, value in vars(migrations).items()
                       if inspect.isfunction(value) and name[:1] == "m" and name[1:4].isdigit())
    assert migrations.known_names() == functions
