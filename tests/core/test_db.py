import sqlite3
import subprocess
import sys

import pytest

from si_local.core import registry as reg
from si_local.core.db import open_database
from si_local.core.errors import CorruptDatabaseError, DatabaseError, NewerDatabaseError
from si_local.core.migrations import known_names, migrations


def test_migrations_from_empty_file_then_reapplied(db_path):
    db = open_database(db_path)
    applied = [m.name for m in migrations.applied(db)]
    assert applied == known_names()
    tables = set(db.table_names())
    assert {"server", "vm", "application", "backup", "audit", "contact"} <= tables
    db.close()
    db = open_database(db_path)  # nothing pending: opening again changes nothing
    assert [m.name for m in migrations.applied(db)] == applied
    db.close()


def test_pragmas(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_newer_database_is_refused_and_left_unchanged(db_path):
    db = open_database(db_path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "si_local", "name": "m999_future", "applied_at": "2030-01-01"})
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError) as info:
        open_database(db_path)
    assert "m999_future" in str(info.value)
    assert db_path.read_bytes() == before


def test_copy_taken_before_pending_migrations(db_path, _data_dir):
    from sqlite_utils import Database

    from si_local.core import audit

    # A database written by an older version: every step but the last one applied.
    conn = sqlite3.connect(db_path)
    audit.register_functions(conn)
    older = Database(conn)
    migrations.apply(older, stop_before=known_names()[-1])
    older["site"].insert({"name": "Site A"})
    older.close()
    db = open_database(db_path)
    assert [m.name for m in migrations.applied(db)] == known_names()
    db.close()
    copies = list((_data_dir / "snapshots").rglob("*before-migration*.sqlite"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert copy.execute("SELECT name FROM site").fetchall() == [("Site A",)]
    copy.close()


@pytest.mark.parametrize("renamed", [False, True])
def test_m007_fixes_the_seeded_apostrophe_unless_the_user_renamed_it(db_path, _data_dir, renamed):
    from sqlite_utils import Database

    from si_local.core import audit

    conn = sqlite3.connect(db_path)
    audit.register_functions(conn)
    older = Database(conn)
    migrations.apply(older, stop_before="m007_typographic_apostrophes")
    seeded = "SELECT name, description FROM continuity_scenario WHERE kind = 'is_unavailable'"
    assert older.execute(seeded).fetchone()[0] == "Système d'information indisponible"
    if renamed:
        with older.conn:
            older.execute("UPDATE continuity_scenario SET name = 'Panne informatique' "
                          "WHERE kind = 'is_unavailable'")
    older.close()
    db = open_database(db_path)
    name, description = db.execute(seeded).fetchone()
    db.close()
    assert name == ("Panne informatique" if renamed else "Système d’information indisponible")
    assert "système d’information (serveurs" in description


def test_m007_leaves_the_name_when_another_scenario_already_has_it(db_path, _data_dir):
    from sqlite_utils import Database

    from si_local.core import audit

    conn = sqlite3.connect(db_path)
    audit.register_functions(conn)
    older = Database(conn)
    migrations.apply(older, stop_before="m007_typographic_apostrophes")
    with older.conn:
        older.execute("INSERT INTO continuity_scenario (kind, name) "
                      "VALUES ('other', 'Système d’information indisponible')")
    older.close()
    db = open_database(db_path)  # opens: names are unique, the seeded one keeps its spelling
    names = sorted(r[0] for r in db.execute("SELECT name FROM continuity_scenario"))
    db.close()
    assert names == ["Système d'information indisponible", "Système d’information indisponible"]


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are not the droids you are looking for" * 20)
    with pytest.raises(CorruptDatabaseError):
        open_database(path)


def test_new_file_in_a_new_folder_is_created(tmp_path):
    db = open_database(tmp_path / "nouveau" / "dossier" / "si.sqlite")
    try:
        assert "facility" in db.table_names()
    finally:
        db.close()


def test_a_file_that_cannot_be_created_is_not_called_damaged(tmp_path):
    blocker = tmp_path / "un-fichier"
    blocker.write_text("x")  # a file where a folder is needed
    with pytest.raises(DatabaseError) as caught:
        open_database(blocker / "si.sqlite")
    assert not isinstance(caught.value, CorruptDatabaseError)
    assert "impossible de créer le fichier" in str(caught.value)
    assert "endommagée" not in str(caught.value)


def test_audit_trail_records_insert_update_delete(db):
    sid = reg.save(db, reg.SITES, {"name": "Site A"})
    reg.save(db, reg.SITES, {"city": "Moulins"}, sid)
    reg.delete(db, reg.SITES, sid)
    rows = list(db.query("SELECT action, table_name, row_id, before, after, os_user FROM audit "
                         "WHERE table_name = 'site' ORDER BY id"))
    assert [r["action"] for r in rows] == ["insert", "update", "delete"]
    assert all(r["row_id"] == sid and r["os_user"] for r in rows)
    assert '"city":"Moulins"' in rows[1]["after"] and '"city":null' in rows[1]["before"]


def test_audit_trail_cannot_be_edited(db):
    reg.save(db, reg.SITES, {"name": "Site A"})
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE audit SET os_user = 'x'")


def test_core_imports_without_qt():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('PySide6 is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import pkgutil, importlib, si_local.core as core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'si_local.core.')]\n"
        "for n in names: importlib.import_module(n)\n"
        "import si_local.cli\n"
        "print(len(names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 10


def _pages_of(path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    finally:
        conn.close()


def _scramble(path, page: int) -> None:
    with open(path, "r+b") as handle:  # no connection is open: nothing to unlock
        handle.seek((page - 1) * 4096 + 8)  # keep the page header's first bytes, break the cells
        handle.write(b"\xde\xad\xbe\xef" * 1000)


def test_opening_checks_every_record_table_but_leaves_the_audit_trail_to_check(demo_path):
    """Opening reads the records' pages (quick_check per table), not the ever-growing audit trail:
    a damaged audit page is found by ``check`` (whole file), a damaged record page at open."""
    from tests.support import run_cli

    audit_pages = _pages_of(demo_path, "audit")
    assert audit_pages, "the demo has an audit trail"
    _scramble(demo_path, audit_pages[len(audit_pages) // 2])
    open_database(demo_path).close()  # the records are sound: it opens
    result = run_cli("check", "--db", str(demo_path))
    print(result.stdout, result.stderr)
    assert result.returncode != 0
    assert "endommag" in (result.stdout + result.stderr)  # « la base est endommagée »

    server_pages = _pages_of(demo_path, "server")
    _scramble(demo_path, server_pages[0])
    with pytest.raises(CorruptDatabaseError):
        open_database(demo_path)
