"""kill -9 of the real command line in the middle of its work, over and over: imports (agent
inventories, CSV, staff CSV, bundle), restore and snapshots.

Every round starts from a known file, runs ``python -m si_local ...`` on it and kills it with
SIGKILL after a delay spread over the operation's measured duration. Then, as a user would after
the crash: the content of every user table (read from SQLite rows, not file bytes) is exactly the
one before or the one after the operation, ``si-local check`` exits 0, every snapshot under its
final name is a sound file, and once the database has been opened again (the next start) no
``.part`` file is left in the database's folder or in the data folder.

The rounds are counted, and so are the kills that landed in the middle of the work (a copy being
written, a transaction begun and not committed, a snapshot taken and the import not yet
committed): a run where every kill came too early or too late proves nothing, and fails. On a
loaded machine the moments drift, so a kind whose rounds all missed is aimed again (halving the
interval between the last kill that came too early and the first that came too late) up to
``EXTRA_ROUNDS`` times before the test gives up.
``test_kill.py`` does the same for one small writer process and many transactions.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from si_local.core import snapshots as snap
from si_local.core.db import open_database
from si_local.core.paths import snapshots_root

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="SIGKILL, and /proc/locks to see a transaction open")]

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
ROUNDS = {"inventory": 18, "csv": 18, "staff": 18, "bundle": 18, "restore": 17, "backup": 17}
# kills aimed again, per kind, when none of its rounds landed in the middle of the work
EXTRA_ROUNDS = 15
# kills that must land in the middle of the work, all kinds together
MIN_MID = 20
INVENTORY_FILES = 300
CSV_SERVERS = 1200
STAFF_ROWS = 3000
# tables that are not the user's content: SQLite's own, the schema steps, the file's identity
# (a restore gives the restored file the identity of the file it replaces)
NOT_CONTENT = ("_sqlite_migrations", "si_local_identity")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")


def content_digest(path: Path) -> str:
    """A digest of the rows of every user table, read through SQLite (a read-only connection
    sees what the next start will see: committed transactions only). Moments of the day (the
    audit's ``at``) are masked: two complete runs of one import differ only by them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name") if row[0] not in NOT_CONTENT]
        for table in tables:
            rows = sorted(repr(tuple(_MOMENT.sub("<moment>", v) if isinstance(v, str) else v
                                     for v in row))
                          for row in conn.execute(f'SELECT * FROM "{table}"'))
            digest.update(f"{table}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode("utf-8", "surrogatepass") + b"\n")
        return digest.hexdigest()
    finally:
        conn.close()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "si_local", *args]


def _run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(_cli(*args), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
    return result


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _put(template: Path, path: Path) -> None:
    """The database file as the template holds it (same path, hence same identity: opening it
    claims nothing and writes nothing)."""
    for p in [path, *_sidecars(path)]:
        p.unlink(missing_ok=True)
    shutil.copyfile(template, path)


def _keep(path: Path, template: Path) -> None:
    """Close everything, checkpoint, and keep the file's bytes as a template."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(path, template)


def _parts(*folders: Path) -> list[Path]:
    return sorted({p for folder in folders if folder.exists() for p in folder.rglob("*.part")})


# --- big inputs: operations long enough for kills to land in the middle ------------------------

def _inventories(folder: Path) -> list[Path]:
    """Many copies of a real FusionInventory file (tests/data/interop), one machine each."""
    folder.mkdir()
    text = (DATA / "fusioninventory-real-debian.xml").read_text(encoding="utf-8")
    assert "<NAME>vm</NAME>" in text and "<FQDN>vm</FQDN>" in text
    paths = []
    for n in range(INVENTORY_FILES):
        name = f"kill-vm-{n:04d}"
        path = folder / f"{name}.xml"
        path.write_text(text.replace("<NAME>vm</NAME>", f"<NAME>{name}</NAME>")
                        .replace("<FQDN>vm</FQDN>", f"<FQDN>{name}</FQDN>")
                        .replace("vm-2026-11-23", f"{name}-2026-11-23"), encoding="utf-8")
        paths.append(path)
    return paths


def _servers_csv(path: Path) -> Path:
    lines = ["Nom;Constructeur;Modèle;Numéro de série;Mémoire vive;Notes"]
    lines += [f"KILL-SRV-{n:05d};Dell;PowerEdge R{n % 900};SN{n:08d};{16 + n % 512};"
              f"serveur de l’essai d’interruption n° {n}" for n in range(CSV_SERVERS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _staff_csv(path: Path) -> Path:
    profiles = ["IDE", "Aide-soignante", "Médecin", "Secrétaire", "Sage-femme"]
    lines = ["Nom;Prénom;Profil;Horaire;Statut;Actif"]
    lines += [f"KILL{n:05d};Agent{n};{profiles[n % 5]};{'jour' if n % 3 else 'nuit'};titulaire;oui"
              for n in range(STAFF_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- watching the process: is it writing right now? --------------------------------------------

WAL_WRITE_LOCK = 120  # the byte of the -shm file a SQLite writer locks for its whole transaction


def in_transaction(pid: int, db_path: Path) -> bool:
    """``pid`` holds the WAL write lock of ``db_path``: it is inside a write transaction (from
    ``BEGIN IMMEDIATE`` to the commit or rollback). Read in /proc/locks, which disturbs nothing."""
    try:
        inode = os.stat(f"{db_path}-shm").st_ino
        with open("/proc/locks", encoding="ascii") as locks:
            lines = locks.readlines()
    except OSError:
        return False
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 8:  # a waiter, not a holder
            continue
        if (fields[1] == "POSIX" and fields[3] == "WRITE" and fields[4] == str(pid)
                and fields[5].rsplit(":", 1)[-1] == str(inode) and fields[6] == str(WAL_WRITE_LOCK)):
            return True
    return False


def _writing(pid: int, db_path: Path, folder: Path) -> bool:
    """In a transaction, or writing a copy (a ``.part`` file beside the database or among its
    snapshots)."""
    return (in_transaction(pid, db_path) or any(folder.glob("*.part"))
            or any(db_path.parent.glob("*.part")))


def _timeline(args: list[str], db_path: Path, folder: Path) -> tuple[float, float | None, float | None]:
    """Run to the end, watching: (duration, first and last moment it was seen writing)."""
    seen: list[float] = []
    t0 = time.monotonic()
    proc = subprocess.Popen(_cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    while proc.poll() is None:
        if _writing(proc.pid, db_path, folder):
            seen.append(time.monotonic() - t0)
        time.sleep(0.005)
    duration = time.monotonic() - t0
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.returncode == 0, (args, err[-2000:])
    return duration, (seen[0] if seen else None), (seen[-1] if seen else None)


# --- one kind of operation, its rounds and what they found -------------------------------------

@dataclass
class Kind:
    name: str
    template: Path  # the database before the operation
    args: list[str]  # the command, after "python -m si_local"
    rounds: int
    before: str = ""
    after: str = ""
    seconds: float = 0.0  # a complete run, measured
    writes: tuple[float, float] | None = None  # when that run was seen writing
    outcomes: dict[str, int] = field(default_factory=dict)
    tried: list[tuple[float, str]] = field(default_factory=list)  # (delay, outcome) of each kill

    def delays(self, rng: random.Random) -> list[float]:
        """A third of the kills spread over the whole run (start-up of Python included), the
        rest over the moments it was seen writing, with a margin: start-up times vary."""
        whole = [self.seconds * (0.05 + (n + rng.random()) / self.rounds)
                 for n in range(self.rounds // 3)]
        start, end = self.writes or (0.0, self.seconds)
        margin = max(0.03, 0.25 * (end - start))
        start, end = max(0.0, start - margin), end + margin
        aimed = self.rounds - len(whole)
        return whole + [start + (end - start) * (n + rng.random()) / aimed for n in range(aimed)]


def _classify(kind: Kind, returncode: int, writing: bool, digest: str, parts: list[Path],
              wal: int, snapshots: list[Path]) -> str:
    """'finished' (exited by itself), 'not started' (killed before it wrote anything), 'mid'
    (killed while writing: inside a transaction, a copy half made, a snapshot taken and the
    import not committed) or 'late' (killed once its work was committed)."""
    if returncode == 0:
        return "finished"
    assert returncode == -signal.SIGKILL, returncode
    if kind.name == "backup":  # the database does not change; the copy is the work
        return "mid" if parts else ("late" if snapshots else "not started")
    if digest == kind.after:
        return "late"
    return "mid" if (writing or parts or wal or snapshots) else "not started"


def test_kill_9_in_the_middle_of_imports_restore_and_snapshots(tmp_path, _data_dir, demo_template):
    started = time.monotonic()
    path = tmp_path / "kill.sqlite"
    shutil.copyfile(demo_template, path)
    open_database(path).close()  # its identity is claimed here, once, for this path
    base = tmp_path / "base.sqlite.template"
    _keep(path, base)
    inventories = _inventories(tmp_path / "inventories")
    servers = _servers_csv(tmp_path / "servers.csv")
    staff = _staff_csv(tmp_path / "staff.csv")

    # the bigger file: the base with the servers and the staff imported (the restore's source,
    # the bundle's content, the file the backups copy)
    _run("import", "csv", "--db", str(path), "--table", "servers", str(servers))
    _run("import", "staff", "--db", str(path), str(staff))
    big = tmp_path / "big.sqlite.template"
    _keep(path, big)
    bundle = tmp_path / "big-bundle.json"
    _run("export", "bundle", "--db", str(path), "-o", str(bundle))
    source = tmp_path / "usb" / "copy-to-restore.sqlite"
    source.parent.mkdir()
    shutil.copyfile(big, source)

    db = str(path)
    kinds = [
        Kind("inventory", base, ["import", "inventory", "--db", db, *map(str, inventories)],
             ROUNDS["inventory"]),
        Kind("csv", base, ["import", "csv", "--db", db, "--table", "servers", str(servers)],
             ROUNDS["csv"]),
        Kind("staff", base, ["import", "staff", "--db", db, str(staff)], ROUNDS["staff"]),
        Kind("bundle", base, ["import", "bundle", "--db", db, str(bundle)], ROUNDS["bundle"]),
        Kind("restore", base, ["restore", "--db", db, str(source)], ROUNDS["restore"]),
        Kind("backup", big, ["backup", "--db", db], ROUNDS["backup"]),
    ]
    folder = snap.folder_for(path)
    places = [tmp_path, snapshots_root(), _data_dir]

    def reset(kind: Kind) -> None:
        _put(kind.template, path)
        for old in folder.glob("*.sqlite*"):  # about.json stays: it names the folder's database
            old.unlink()

    def kill_round(kind: Kind, delay: float, label: str) -> str:
        """Start the operation, kill it after ``delay``, check what it left; the outcome."""
        reset(kind)
        proc = subprocess.Popen(_cli(*kind.args), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        writing = in_transaction(proc.pid, path)
        proc.send_signal(signal.SIGKILL)
        _out, err = proc.communicate(timeout=60)
        where = f"{label} (killed after {delay:.3f} s)"
        assert proc.returncode in (0, -signal.SIGKILL), f"{where}: {err[-2000:]}"
        # what the killed process left, before anything else opens the file
        parts = _parts(*places)
        wal_file = Path(f"{path}-wal")
        wal = wal_file.stat().st_size if wal_file.exists() else 0
        snapshots = [s.path for s in snap.list_snapshots(folder=folder)]
        digest = content_digest(path)
        outcome = _classify(kind, proc.returncode, writing, digest, parts, wal, snapshots)
        kind.outcomes[outcome] = kind.outcomes.get(outcome, 0) + 1
        assert digest in (kind.before, kind.after), \
            f"{where}: the database is neither as before nor as after ({outcome})"
        if outcome == "finished":
            assert digest == kind.after, f"{where}: finished, but not as the complete run"
        for s in snapshots:  # a snapshot under its final name is whole
            assert snap.is_good(s), f"{where}: half-written snapshot {s.name}"
        check = subprocess.run(_cli("check", "--db", db), capture_output=True, text=True,
                               timeout=120)
        assert check.returncode == 0, f"{where}: check says {check.stderr}{check.stdout}"
        open_database(path).close()  # the next start
        left = _parts(*places)
        assert left == [], f"{where}: left behind after the next start: {left}"
        kind.tried.append((delay, outcome))
        return outcome

    rng = random.Random(20261206)
    total = 0
    for kind in kinds:
        # one complete run: the state after and how long it takes; a second one, watched, says
        # when it writes (watching slows it down: its moments are scaled to the first run's)
        reset(kind)
        kind.before = content_digest(path)
        t0 = time.monotonic()
        _run(*kind.args)
        kind.seconds = time.monotonic() - t0
        kind.after = content_digest(path)
        reset(kind)
        watched, first, last = _timeline(kind.args, path, folder)
        assert first is not None, f"{kind.name}: never seen writing"
        scale = kind.seconds / watched
        kind.writes = (first * scale, last * scale)
        assert content_digest(path) == kind.after, f"{kind.name}: two runs, two results"
        if kind.name == "backup":
            assert kind.after == kind.before
        else:
            assert kind.after != kind.before, f"{kind.name}: the operation changed nothing"
        for n, delay in enumerate(kind.delays(rng)):
            kill_round(kind, delay, f"{kind.name}, round {n + 1}")
            total += 1
        # On a loaded machine the moments drift and every aimed kill may come too early or too
        # late: aim again, by halving the interval between the latest kill that came before
        # the work and the earliest that came after it, until one lands in the middle.
        for extra in range(EXTRA_ROUNDS):
            if kind.outcomes.get("mid", 0):
                break
            early = max((d for d, o in kind.tried if o == "not started"), default=0.0)
            late = min((d for d, o in kind.tried if o in ("finished", "late") and d > early),
                       default=kind.seconds * 1.5)
            kill_round(kind, (early + late) / 2, f"{kind.name}, aimed round {extra + 1}")
            total += 1

    # Too few kills in the middle overall (a loaded machine, or an operation that got faster):
    # aim again near the moments that did land there, a few rounds per kind in turn.
    def mid_count() -> int:
        return sum(k.outcomes.get("mid", 0) for k in kinds)

    for extra in range(3 * EXTRA_ROUNDS):
        if mid_count() >= MIN_MID:
            break
        kind = kinds[extra % len(kinds)]
        landed = [d for d, o in kind.tried if o == "mid"]
        if landed:
            delay = rng.choice(landed) * rng.uniform(0.9, 1.1)
            kill_round(kind, delay, f"{kind.name}, re-aimed round {extra + 1}")
            total += 1

    elapsed = time.monotonic() - started
    report = "; ".join(f"{k.name} ({k.seconds:.2f} s, writing {k.writes[0]:.2f}-{k.writes[1]:.2f}): "
                       + ", ".join(f"{count} {outcome}" for outcome, count
                                   in sorted(k.outcomes.items())) for k in kinds)
    mid = sum(k.outcomes.get("mid", 0) for k in kinds)
    print(f"\n{total} kill rounds, {mid} killed mid-operation, {elapsed:.0f} s: {report}")
    assert total >= sum(ROUNDS.values()) >= 100
    assert mid >= MIN_MID, f"too few kills landed in the middle of the work: {report}"
    for kind in kinds:
        assert kind.outcomes.get("mid", 0) >= 1, f"{kind.name}: no kill mid-operation: {report}"
