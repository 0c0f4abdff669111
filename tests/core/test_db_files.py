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


def _half_created(path, keep: int):
    """A database where only the first ``keep`` steps were applied (creation stopped)."""
    from sqlite_utils import Database

    from si_local.core import audit

    conn = sqlite3.connect(path)
    audit.register_functions(conn)
    older = Database(conn)
    migrations.apply(older, stop_before=known_names()[keep])
    older.close()


def _assert_explained(result):
    output = result.stdout + result.stderr
    assert result.returncode not in (0, EXIT_UNEXPECTED), output
    assert "Traceback" not in output and "erreur inattendue" not in output, output
    assert len(result.stderr.strip().splitlines()) == 1, output
    return output


def test_check_explains_a_zero_byte_file(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    output = _assert_explained(run_cli("check", "--db", str(path)))
    assert "fichier vide" in output
    assert path.read_bytes() == b""


def test_check_explains_a_sqlite_file_without_tables(tmp_path):
    path = tmp_path / "blank.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 1").connection.close()
    output = _assert_explained(run_cli("check", "--db", str(path)))
    assert "pas encore été créée" in output


@pytest.mark.parametrize("keep", [1, 3])
def test_half_created_database_is_explained_then_completed_on_opening(tmp_path, keep):
    path = tmp_path / "half.sqlite"
    _half_created(path, keep)
    output = _assert_explained(run_cli("check", "--db", str(path)))
    assert f"{keep} sur {len(known_names())}" in output
    assert "partiellement créée" in output
    db = open_database(path)  # ours: the pending steps are applied
    assert [m.name for m in migrations.applied(db)] == known_names()
    db.close()
    result = run_cli("check", "--db", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(known_names())} sur {len(known_names())}" in result.stdout


def test_check_explains_missing_tables(tmp_path):
    path = tmp_path / "incomplete.sqlite"
    db = open_database(path)
    db.execute("DROP TABLE contact")
    db.close()
    output = _assert_explained(run_cli("check", "--db", str(path)))
    assert "contact" in output and "incomplète" in output


def test_records_removed_and_later_tables_dropped(tmp_path):
    """Records of the last steps deleted and their tables dropped: check explains, opening
    re-applies them."""
    from si_local.core import audit

    path = tmp_path / "cut.sqlite"
    db = open_database(path)
    before = set(db.table_names())
    db.close()
    _half_created(tmp_path / "ref.sqlite", 4)
    conn = sqlite3.connect(tmp_path / "ref.sqlite")
    early = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    conn = sqlite3.connect(path)
    audit.register_functions(conn)
    later = known_names()[4:]
    conn.execute(f"DELETE FROM _sqlite_migrations WHERE name IN ({', '.join('?' * len(later))})",
                 later)
    conn.execute("PRAGMA foreign_keys = OFF")
    for table in sorted(before - early):
        conn.execute(f'DROP TABLE "{table}"')
    conn.commit()
    conn.close()
    _assert_explained(run_cli("check", "--db", str(path)))
    db = open_database(path)
    assert [m.name for m in migrations.applied(db)] == known_names()
    assert set(db.table_names()) == before
    db.close()
    assert run_cli("check", "--db", str(path)).returncode == 0


@pytest.mark.parametrize("content", [b" ", b"\n"])
@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_shorter_than_a_sqlite_header_is_refused_untouched(tmp_path, content, read_only):
    """SQLite takes a file shorter than its 100-byte header for an empty database: one byte of
    something else was overwritten by a new database (or, read-only, failed on « no such
    table »)."""
    path = tmp_path / "court.sqlite"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match="pas un fichier SQLite"):
        open_database(path, read_only=read_only)
    assert path.read_bytes() == content


def test_listing_a_zero_byte_file_is_one_line(tmp_path):
    """Read-only commands on an empty file failed on « no such table: site » (exit 70)."""
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    output = _assert_explained(run_cli("list", "servers", "--db", str(path)))
    assert "fichier vide" in output
    assert path.read_bytes() == b""


def test_check_of_a_damaged_schema_quoting_its_sql_is_one_line(tmp_path):
    """SQLite's message quotes the damaged CREATE statement, line breaks included: ``check``
    printed it over several lines."""
    path = tmp_path / "schema.sqlite"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'site'",
                 ["CREATE TABLE site (id INTEGER PRIMARY KEY,\n name TEXT DEFAULT ')),\n x TEXT)"])
    conn.commit()
    conn.close()
    output = _assert_explained(run_cli("check", "--db", str(path)))
    assert "endommagée" in output and "\\n" in output


def test_a_schema_holding_bytes_that_are_not_utf8_is_damaged_in_one_line(tmp_path, demo_path):
    """SQLite quotes the damaged statement in its message; Python failed on decoding that message
    (« erreur inattendue : 'utf-8' codec can't decode byte 0x80 ») when listing, importing into
    or restoring from such a file."""
    path = tmp_path / "octets.sqlite"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = CAST(? AS TEXT) WHERE name = 'site'",
                 [b"CREATE TABLE site (id INTEGER PRIMARY KEY, x TEXT) \x80\x80"])
    conn.commit()
    conn.close()
    sheet = tmp_path / "s.csv"
    sheet.write_text("Nom\r\nSRV-01\r\n", encoding="utf-8")
    content = path.read_bytes()
    for args in (["list", "servers", "--db", str(path)],
                 ["import", "csv", "--db", str(path), "--table", "servers", str(sheet)],
                 ["restore", "--db", str(demo_path), str(path)]):
        output = _assert_explained(run_cli(*args))
        assert "endommag" in output, output
    assert path.read_bytes() == content
