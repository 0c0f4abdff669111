"""``si-local end-of-support``: the list, a measure, a newer table loaded."""

from __future__ import annotations

import json

from si_local import cli
from si_local.core import clock
from si_local.core import registry as r


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _database(ctx, db_path):
    r.save(ctx.db, r.VMS, {"name": "VM-OLD", "os": "Windows Server 2012 R2 Standard",
                           "criticality": "high"})
    r.save(ctx.db, r.SERVERS, {"name": "SRV-ESX", "hypervisor": "VMware ESXi 8.0 Update 2"})
    ctx.close()
    return str(db_path)


def test_list_measure_and_load(ctx, db_path, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SI_LOCAL_TODAY", "2026-12-01")
    clock.set_clock(None)
    path = _database(ctx, db_path)
    code, out, _err = _run(capsys, "end-of-support", "--db", path)
    assert code == 0
    assert "endoflife.date" in out and "22/08/2026" in out
    line = next(x for x in out.splitlines() if x.startswith("VM-OLD"))
    assert line.split("\t")[1:6] == ["Windows Server 2012 R2 Standard", "Windows Server 2012 R2",
                                     "10/10/2023", "-1148", "Hors support"]
    assert "\t314\tSupporté" in next(x for x in out.splitlines() if x.startswith("SRV-ESX"))

    code, out, _err = _run(capsys, "end-of-support", "measure", "add", "vm-old", "--kind",
                           "replacement", "--on", "2027-03-31", "--db", path)
    assert code == 0 and "Remplacement prévu le 31/03/2027" in out
    code, out, _err = _run(capsys, "end-of-support", "--db", path)
    assert "Remplacement prévu le 31/03/2027" in next(
        x for x in out.splitlines() if x.startswith("VM-OLD"))

    code, _out, err = _run(capsys, "end-of-support", "measure", "add", "VM-NONE", "--kind",
                           "isolated", "--db", path)
    assert code != 0 and "VM-NONE" in err and len(err.strip().splitlines()) == 1

    table = {"format": 1, "source": {"name": "endoflife.date", "url": "https://endoflife.date",
                                     "licence": "MIT", "date": "2099-01-01"},
             "products": {"windows-server": {"label": "Windows Server", "cycles": [
                 {"cycle": "2012-r2", "label": "2012 R2", "end": "2099-06-30"}]}}}
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(table), encoding="utf-8")
    code, out, _err = _run(capsys, "end-of-support", "load", str(newer), "--dry-run", "--db", path)
    assert code == 0 and "rien n’a été écrit" in out.lower()
    code, out, _err = _run(capsys, "end-of-support", "load", str(newer), "--db", path)
    assert code == 0
    code, out, _err = _run(capsys, "end-of-support", "--db", path)
    assert "01/01/2099" in out and "30/06/2099" in out

    newer.write_text("{}", encoding="utf-8")
    code, _out, err = _run(capsys, "end-of-support", "load", str(newer), "--db", path)
    assert code != 0 and "newer.json" in err and len(err.strip().splitlines()) == 1
