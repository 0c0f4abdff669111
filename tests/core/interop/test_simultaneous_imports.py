"""The same file imported twice at the same moment into the same database (two windows, a
script run twice): both programs end well and the database holds one copy of each record.

Before, each program planned on what it read, then wrote: the slower one inserted records the
other had just written (« erreur inattendue : UNIQUE constraint failed: server.name », exit 70),
or refused its lines as « Une autre fiche porte déjà ce nom »; two imports into a new file failed
on « table … already exists ». Now the command line plans and writes under one write lock
(``BEGIN IMMEDIATE``): the second one waits, then finds the records there (unchanged). A plan
made earlier (the window's preview) is refused in one line if the database changed meanwhile.

Real processes, started together: each imports the program, writes a « ready » file, then waits
for the barrier file the test creates once both are ready.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from si_local.core import registry as reg
from si_local.core.db import open_database

DATA = Path(__file__).resolve().parents[2] / "data" / "interop"

RACER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from si_local.cli import main
    ready, barrier = Path(sys.argv[1]), Path(sys.argv[2])
    ready.touch()
    while not barrier.exists():
        os.sched_yield() if hasattr(os, "sched_yield") else None
    sys.exit(main(sys.argv[3:]))
""")


def race(tmp_path: Path, argv: list, name: str) -> list[subprocess.CompletedProcess]:
    """Run ``si-local argv`` in two processes released at the same moment."""
    folder = tmp_path / name
    folder.mkdir()
    script = folder / "racer.py"
    script.write_text(RACER, encoding="utf-8")
    barrier = folder / "go"
    procs = []
    for n in range(2):
        procs.append(subprocess.Popen(
            [sys.executable, str(script), str(folder / f"ready{n}"), str(barrier),
             *[str(a) for a in argv]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy()))
    while not all((folder / f"ready{n}").exists() for n in range(2)):
        if any(p.poll() is not None for p in procs):
            break
        os.sched_yield()
    barrier.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return results


def assert_both_fine(results) -> None:
    for r in results:
        shown = f"exit {r.returncode}\nstdout={r.stdout[-1500:]}\nstderr={r.stderr}"
        assert r.returncode == 0, shown
        assert "Traceback" not in r.stderr and "erreur inattendue" not in r.stderr, shown


def one_copy(path: Path, table: str, column: str = "name") -> int:
    conn = sqlite3.connect(path)
    try:
        total, distinct = conn.execute(
            f"SELECT count(*), count(DISTINCT {column}) FROM {table}").fetchone()
    finally:
        conn.close()
    assert total == distinct, f"{table}: {total} rows for {distinct} {column}s"
    return total


def _fresh(demo_template: Path, tmp_path: Path, name: str) -> Path:
    from si_local.core import identity

    path = tmp_path / f"{name}.sqlite"
    shutil.copy(demo_template, path)
    identity.claim_file(path)
    return path


ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_same_inventories_imported_twice_at_once(demo_template, tmp_path, round_):
    db = _fresh(demo_template, tmp_path, "inv")
    servers = one_copy(db, "server")
    results = race(tmp_path, ["import", "inventory", "--db", db, DATA / "host.json",
                              DATA / "guest.json"], "inventory")
    assert_both_fine(results)
    assert one_copy(db, "server") == servers + 1
    one_copy(db, "vm")


@pytest.mark.parametrize("round_", range(2))
def test_the_same_spreadsheet_imported_twice_at_once(demo_template, tmp_path, round_):
    db = _fresh(demo_template, tmp_path, "csv")
    servers = one_copy(db, "server")
    sheet = tmp_path / "serveurs.csv"
    sheet.write_text("Nom;Site;Cœurs de processeur\r\nSRV-NEUF-01;Site des Tilleuls;8\r\n"
                     "SRV-NEUF-02;Site des Tilleuls;16\r\n", encoding="utf-8")
    results = race(tmp_path, ["import", "csv", "--db", db, "--table", "servers", sheet], "csv")
    assert_both_fine(results)
    assert one_copy(db, "server") == servers + 2


def test_the_same_bundle_merged_twice_at_once(demo_template, tmp_path):
    db = _fresh(demo_template, tmp_path, "lot")
    other = tmp_path / "autre.sqlite"
    conn = open_database(other)
    reg.save(conn, reg.kind("servers"), {"name": "SRV-AUTRE-01"})
    reg.save(conn, reg.kind("applications"), {"name": "Application de l’autre site",
                                              "criticality": "high"})
    conn.close()
    bundle = tmp_path / "autre.json"
    assert subprocess.run([sys.executable, "-m", "si_local", "export", "bundle", "--db", str(other),
                           "-o", str(bundle)], capture_output=True).returncode == 0
    servers = one_copy(db, "server")
    results = race(tmp_path, ["import", "bundle", "--db", db, bundle], "bundle")
    assert_both_fine(results)
    assert one_copy(db, "server") == servers + 1
    one_copy(db, "application")


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_same_bundle_imported_twice_at_once_into_a_new_file(tmp_path, round_):
    """Both create the file: the slower one waits for the other's steps of creation, then finds
    the records there; neither removes the file the other made."""
    source = tmp_path / "source.sqlite"
    conn = open_database(source)
    reg.save(conn, reg.kind("servers"), {"name": "SRV-01"})
    conn.close()
    bundle = tmp_path / "lot.json"
    assert subprocess.run([sys.executable, "-m", "si_local", "export", "bundle", "--db", str(source),
                           "-o", str(bundle)], capture_output=True).returncode == 0
    target = tmp_path / "neuve.sqlite"
    results = race(tmp_path, ["import", "bundle", "--db", target, bundle], "new")
    assert_both_fine(results)
    assert one_copy(target, "server") == 1


@pytest.mark.parametrize("round_", range(2))
def test_the_same_staff_list_imported_twice_at_once(demo_template, tmp_path, round_):
    """A long list: each program spends a while reading it, so both read « who is already
    listed » before either writes (the window where the slower one added everybody again)."""
    db = _fresh(demo_template, tmp_path, "staff")
    before = one_copy(db, "training_staff", "last_name || ' ' || first_name")
    staff = tmp_path / "personnel.csv"
    staff.write_text("Nom;Prénom;Profil\r\n" + "".join(
        f"Nouvelle{i};Anne;nurse\r\n" for i in range(400)), encoding="utf-8")
    results = race(tmp_path, ["import", "staff", "--db", db, staff], "staff")
    assert_both_fine(results)
    assert one_copy(db, "training_staff", "last_name || ' ' || first_name") == before + 400


def test_a_plan_made_before_another_import_is_refused_in_one_line(demo_path, tmp_path):
    """The window's way: the preview is planned, the user reads it, then confirms; another
    import written meanwhile makes the plan stale: refused, nothing written."""
    from si_local.core.interop.bundle import apply_bundle, plan_bundle, read_bundle
    from si_local.core.interop.common import rows_checksum
    from si_local.core.interop.inventory import apply_plan, plan_inventories
    from si_local.core.write_guard import DatabaseChangedError

    window = open_database(demo_path)
    other = open_database(demo_path)
    try:
        plan = plan_inventories(window, [DATA / "host.json"])
        source = tmp_path / "s.sqlite"
        s = open_database(source)
        reg.save(s, reg.kind("servers"), {"name": "SRV-LOT-01"})
        s.close()
        bundle = tmp_path / "lot.json"
        subprocess.run([sys.executable, "-m", "si_local", "export", "bundle", "--db", str(source),
                        "-o", str(bundle)], check=True, capture_output=True)
        stale_bundle = plan_bundle(window, read_bundle(bundle), bundle)
        apply_plan(other, plan_inventories(other, [DATA / "guest.json"]), snapshot=False)
        before = rows_checksum(window)
        with pytest.raises(DatabaseChangedError, match="a changé pendant") as caught:
            apply_plan(window, plan, snapshot=False)
        assert "\n" not in str(caught.value)
        with pytest.raises(DatabaseChangedError):
            apply_bundle(window, stale_bundle, snapshot=False)
        assert rows_checksum(window) == before
        apply_plan(window, plan_inventories(window, [DATA / "host.json"]), snapshot=False)  # again
        assert window.execute("SELECT count(*) FROM server WHERE name = 'SRV-HYP-TEST'"
                              ).fetchone()[0] == 1
    finally:
        window.close()
        other.close()
