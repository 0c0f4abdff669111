"""``si-local import certificates`` and ``si-local list certificates``, in a separate process."""

from __future__ import annotations

import datetime as dt
import json

from cert_support import key_pem, make_cert, pem, write
from si_local.core import registry as reg
from si_local.core.context import open_context
from support import run_cli


def _database(tmp_path):
    path = tmp_path / "si.sqlite"
    ctx = open_context(path)
    reg.save(ctx.db, reg.SERVERS, {"name": "SRV-WEB", "addresses": "10.0.0.40"})
    reg.save(ctx.db, reg.APPLICATIONS, {"name": "Portail", "criticality": "high"})
    ctx.db.close()
    return path


def test_dry_run_then_import_with_guess_and_link(tmp_path):
    db = _database(tmp_path)
    today = dt.date(2026, 1, 1)
    cert, private = make_cert("srv-web.chx.local", today, dt.date(2036, 1, 1),
                              dns=["srv-web.chx.local"])
    path = write(tmp_path / "web.pem", key_pem(private), pem(cert))
    out = run_cli("import", "certificates", "--db", str(db), str(path), "--dry-run")
    assert out.returncode == 0, out.stderr
    assert "clé privée" in out.stdout and "nouveau certificat" in out.stdout
    assert "SRV-WEB" in out.stdout and "rien n’a été écrit" in out.stdout.lower()
    listed = run_cli("list", "certificates", "--db", str(db), "--format", "json")
    assert json.loads(listed.stdout) == []

    out = run_cli("import", "certificates", "--db", str(db), str(path),
                  "--link", "application:portail")
    assert out.returncode == 0, out.stderr
    listed = json.loads(run_cli("list", "certificates", "--db", str(db), "--format",
                                "json").stdout)
    assert [(c["common_name"], c["applications"], c["servers"]) for c in listed] == [
        ("srv-web.chx.local", ["Portail"], [])]
    assert "PRIVATE" not in (tmp_path / "si.sqlite").read_bytes().decode("latin-1")
    table = run_cli("list", "certificates", "--db", str(db))
    assert table.returncode == 0 and "01/01/2036" in table.stdout


def test_bad_file_and_bad_link_are_one_line(tmp_path):
    db = _database(tmp_path)
    bad = write(tmp_path / "bad.crt", b"not a certificate at all")
    out = run_cli("import", "certificates", "--db", str(db), str(bad))
    assert out.returncode == 3 and len(out.stderr.strip().splitlines()) == 1
    assert "bad.crt" in out.stderr and "Traceback" not in out.stderr
    cert, _k = make_cert("x", dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    good = write(tmp_path / "x.pem", pem(cert))
    out = run_cli("import", "certificates", "--db", str(db), str(good), "--link", "server:NOPE")
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "NOPE" in out.stderr
