"""Files given as a database that are not (or not yet wholly) SI Local databases."""

import sqlite3

import pytest
from support import run_cli

from si_local.core.db import open_database
from si_local.core.errors import DatabaseError, ForeignDatabaseError
from si_local.core.migrations import known_names, migrations

EXIT_UNEXPECTED = 70


def _schema(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


@pytest.fixture
def other_program(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO patients (name) VALUES ('Dupont')")
    conn.commit()
    conn.close()
    return path


def _assert_untouched(path, schema, content):
    assert _schema(path) == schema
    assert path.read_bytes() == content
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.parametrize("read_only", [False, True])
def test_another_programs_database_is_refused_untouched(other_program, read_only):
    schema, content = _schema(other_program), other_program.read_bytes()
    with pytest.raises(ForeignDatabaseError) as info:
        open_database(other_program, read_only=read_only)
    assert isinstance(info.value, DatabaseError)
    message = str(info.value)
    assert "n’est pas une base SI Local" in message and "rien n’a été modifié" in message
    assert "\n" not in message
    _assert_untouched(other_program, schema, content)


def test_a_foreign_migrations_table_is_not_ours(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
                 "name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('other_app', 'm001', '2026-01-01')")
    conn.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    content = path.read_bytes()
    with pytest.raises(ForeignDatabaseError):
        open_database(path)
    assert path.read_bytes() == content


@pytest.mark.parametrize("command", ["import", "check"])
def test_cli_refuses_another_programs_database(other_program, tmp_path, command):
    schema, content = _schema(other_program), other_program.read_bytes()
    if command == "import":
        csv = tmp_path / "sites.csv"
        csv.write_text("name\nSite A\n", encoding="utf-8")
        result = run_cli("import", "csv", "--db", str(other_program), "--table", "sites", str(csv))
    else:
        result = run_cli("check", "--db", str(other_program))
    output = result.stdout + result.stderr
    assert result.returncode not in (0, EXIT_UNEXPECTED), output
    assert "n’est pas une base SI Local" in output
    assert "Traceback" not in output and "erreur inattendue" not in output
    _assert_untouched(other_program, schema, content)


@pytest.mark.parametrize("how", ["zero_bytes", "new_file"])
def test_an_empty_or_new_file_becomes_a_new_database(tmp_path, how):
    path = tmp_path / "new.sqlite"
    if how == "zero_bytes":
        path.write_bytes(b"")
    db = open_database(path)
    assert [m.name for m in migrations.applied(db)] == known_names()
    db.close()
