"""Bad input through the command line: one line naming the file, non-zero exit, DB unchanged."""

from __future__ import annotations

import json

import pytest
from interop_support import DATA, all_rows_checksum

from conftest import run_cli
from si_local.core.registry import LISTABLE

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<REQUEST><CONTENT><HARDWARE><NAME>&lol4;</NAME></HARDWARE></CONTENT></REQUEST>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<REQUEST><CONTENT><HARDWARE><NAME>&xxe;</NAME></HARDWARE></CONTENT></REQUEST>
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BAD_INVENTORIES = {
    "truncated.json": (lambda: (DATA / "host.json").read_text()[:300], "JSON"),
    "invalid.json": ('{"content": {"hardware": {"name": "x",,}}}', "JSON"),
    "random.json": (json.dumps({"hello": [1, 2, 3]}), "GLPI"),
    "laughs.xml": (BILLION_LAUGHS, "DTD"),
    "xxe.xml": (EXTERNAL_ENTITY, "DTD"),
    "image.png": (PNG, "inventory"),
    "latin1.json": ('{"content": {"hardware": {"name": "Clé"}}}'.encode("latin-1"), "UTF-8"),
    # Latin-1 bytes without an XML declaration saying so: an encoding problem, said by name
    "latin1.xml": ("<REQUEST><CONTENT><HARDWARE><NAME>Clé</NAME></HARDWARE></CONTENT></REQUEST>"
                   .encode("latin-1"), "UTF-8"),
    "broken-utf16.json": (b"\xff\xfe{\x00\x00\xd8", "UTF-16"),  # a lone surrogate
    "notxml.xml": ("<REQUEST><CONTENT><HARDWARE>", "XML"),
    "other.xml": ("<html><body>hello</body></html>", "FusionInventory"),
}


@pytest.mark.parametrize("name", sorted(BAD_INVENTORIES))
def test_bad_inventory_files(demo_path, tmp_path, name):
    content, words = BAD_INVENTORIES[name]
    path = _write(tmp_path / name, content() if callable(content) else content)
    before = all_rows_checksum(demo_path)
    out = run_cli("import", "inventory", "--db", str(demo_path), str(DATA / "host.json"), str(path),
                  env={"SI_LOCAL_LANG": "en"})
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert str(path) in lines[0] and words in lines[0] and "Traceback" not in out.stderr
    assert all_rows_checksum(demo_path) == before  # the good file was not imported either


def test_huge_file_is_refused_without_being_read(demo_path, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:  # a sparse file of 400 MB: no disk space, no memory used
        handle.write(b'{"content": {')
        handle.truncate(400 * 1024 * 1024)
    before = all_rows_checksum(demo_path)
    for command in (["inventory"], ["csv", "--table", "servers"], ["bundle"]):
        out = run_cli("import", *command, "--db", str(demo_path), str(path), env={"SI_LOCAL_LANG": "en"})
        assert out.returncode != 0
        assert str(path) in out.stderr and "too large" in out.stderr and "400 MB" in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1
    assert all_rows_checksum(demo_path) == before


def test_csv_wrong_encoding_and_bad_lines(demo_path, tmp_path):
    # neither UTF-8 nor Windows-1252 (0x81 means nothing in it); Windows-1252 itself is read
    latin = _write(tmp_path / "servers.csv", "Nom;Salle\nSRV-É;B\n".encode("latin-1") + b"\x81\n")
    before = all_rows_checksum(demo_path)
    out = run_cli("import", "csv", "--db", str(demo_path), "--table", "servers", str(latin))
    assert out.returncode != 0 and str(latin) in out.stderr and "UTF-8" in out.stderr
    bad = _write(tmp_path / "vms.csv", "Nom;Mémoire vive;Criticité\nVM-X;beaucoup;Haute\nVM-Y;4;Haute\n")
    out = run_cli("import", "csv", "--db", str(demo_path), "--table", "vms", str(bad))
    assert out.returncode == 2 and "line 2" in out.stderr.replace("ligne", "line")
    assert all_rows_checksum(demo_path) == before
    out = run_cli("import", "csv", "--db", str(demo_path), "--table", "vms", str(bad), "--only-good")
    assert out.returncode == 0, out.stderr
    assert all_rows_checksum(demo_path) != before


def test_bundle_errors_leave_database_unchanged(demo_path, tmp_path):
    bundle = tmp_path / "b.json"
    out = run_cli("export", "bundle", "--db", str(demo_path), "-o", str(bundle))
    assert out.returncode == 0, out.stderr
    doc = json.loads(bundle.read_text(encoding="utf-8"))
    doc["version"] = 2
    _write(tmp_path / "v2.json", json.dumps(doc))
    before = all_rows_checksum(demo_path)
    for name in ("v2.json",):
        out = run_cli("import", "bundle", "--db", str(demo_path), str(tmp_path / name),
                      env={"SI_LOCAL_LANG": "en"})
        assert out.returncode != 0 and "version 2" in out.stderr
    new_db = tmp_path / "new.sqlite"
    out = run_cli("import", "bundle", "--db", str(new_db), str(tmp_path / "v2.json"))
    assert out.returncode != 0 and not new_db.exists()
    assert all_rows_checksum(demo_path) == before


def test_cli_round_trip_and_counts(demo_path, tmp_path):
    out = run_cli("import", "inventory", "--db", str(demo_path), str(DATA / "host.json"),
                  str(DATA / "guest.json"), "--dry-run", env={"SI_LOCAL_LANG": "en"})
    assert out.returncode == 0, out.stderr
    assert "3 records created" in out.stdout and "Dry run" in out.stdout
    out = run_cli("import", "inventory", "--db", str(demo_path), str(DATA / "host.json"),
                  str(DATA / "guest.json"), env={"SI_LOCAL_LANG": "en"})
    assert "3 records created" in out.stdout and str(DATA / "host.json") in out.stdout
    out = run_cli("import", "inventory", "--db", str(demo_path), str(DATA / "host.json"),
                  str(DATA / "guest.json"), env={"SI_LOCAL_LANG": "en"})
    assert "0 records created, 0 records updated, 4 records unchanged" in out.stdout
    out = run_cli("import", "inventory", "--db", str(tmp_path / "missing.sqlite"), str(DATA / "host.json"))
    assert out.returncode != 0 and "missing.sqlite" in out.stderr
    assert not (tmp_path / "missing.sqlite").exists()
    bundle = tmp_path / "b.json"
    assert run_cli("export", "bundle", "--db", str(demo_path), "-o", str(bundle)).returncode == 0
    out = run_cli("import", "bundle", "--db", str(tmp_path / "copy.sqlite"), str(bundle))
    assert out.returncode == 0, out.stderr
    for kind in LISTABLE:  # point 4: listing every table gives the same records
        a = run_cli("list", kind, "--db", str(demo_path), "--format", "json")
        b = run_cli("list", kind, "--db", str(tmp_path / "copy.sqlite"), "--format", "json")
        assert a.returncode == 0 and b.returncode == 0, (kind, a.stderr, b.stderr)
        assert json.loads(a.stdout) == json.loads(b.stdout) and json.loads(a.stdout), kind
    assert len(json.loads(run_cli("list", "vms", "--db", str(demo_path), "--format", "json").stdout)) == 9
    out = run_cli("export", "csv", "--db", str(demo_path), "--table", "servers", "-o", str(tmp_path / "s.csv"))
    assert out.returncode == 0 and (tmp_path / "s.csv").exists()
