#!/usr/bin/env python3
"""CSV import of 10,000 and 1,000,000 virtual machines through the real command line.

    .venv/bin/python benchmarks/csv_million.py [--small 10000] [--large 1000000] [--keep]

Generates, in a temporary folder, the demo database and three files of VMs as French Excel writes
them (``;``, UTF-8 with BOM): ``small`` and ``large`` good lines, and ``large`` bad lines (every
line names a host server that does not exist). Runs ``si-local import csv --table vms`` in a
subprocess on a fresh copy of the demo database, first with ``--dry-run`` then for real, and prints
the time, the time per row, the ratio of the time per row (large / small) and the peak memory of
the process (``ru_maxrss`` of the child, from ``os.wait4``).

Targets (issue 14): the large import (planned and written) under 60 s, every run under 400 MB, the
time per row of the large file within 1.5 × the small one's; the file of bad lines prints at most
100 problems and a count. Not a test: it loads the machine for a minute or two.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Nom;Serveur hôte;Système d’exploitation;vCPU;Mémoire vive;Criticité"
SYSTEMS = ["Windows Server 2022", "Debian 12", "Ubuntu 24.04", "Rocky Linux 9"]
CRITICALITY = ["Faible", "Moyenne", "Haute", "Vitale"]
TIME_TARGET = 60.0
MEMORY_TARGET_MB = 400.0
RATIO_TARGET = 1.5
SHOWN = 100


def generate(path: Path, count: int, bad: bool = False) -> Path:
    """``count`` VM lines; ``bad``: each names a host server that does not exist."""
    host = "SRV-ABSENT" if bad else "SRV-HYP-01"
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write(HEADER + "\r\n")
        chunk = []
        for number in range(count):
            chunk.append(f"VM-{number:07d};{host};{SYSTEMS[number % 4]};{1 << (number % 4)};"
                         f"{4 << (number % 3)};{CRITICALITY[number % 4]}\r\n")
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
    return path


def run(env: dict, *args: str) -> tuple[float, float, int, str, str]:
    """Seconds, peak RSS in MB, exit code, stdout, stderr of ``si-local args`` in a subprocess."""
    command = [sys.executable, "-m", "si_local", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (elapsed, usage.ru_maxrss / 1024, child.returncode,
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="si-local-csv-"))
    env = {**os.environ, "SI_LOCAL_DATA_DIR": str(folder / "data"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                       os.environ.get("PYTHONPATH")]))}
    try:
        demo = folder / "demo.sqlite"
        code = subprocess.run([sys.executable, "-m", "si_local", "demo", str(demo)], env=env,
                              capture_output=True).returncode
        assert code == 0, "the demo database could not be written"
        figures: dict[tuple[int, str], tuple[float, float]] = {}
        ok = True
        for count in (args.small, args.large):
            path = generate(folder / f"vms-{count}.csv", count)
            print(f"{count:>9} rows: {path.stat().st_size / 1e6:.1f} MB")
            for mode in ("dry run", "import"):
                target = folder / f"run-{count}-{mode.replace(' ', '-')}.sqlite"
                shutil.copyfile(demo, target)
                extra = ["--dry-run"] if mode == "dry run" else []
                seconds, peak, code, out, err = run(
                    env, "import", "csv", "--db", str(target), "--table", "vms", *extra, str(path))
                if code != 0 or err.strip():
                    print(f"  {mode}: exit {code}\n{err[-2000:]}")
                    ok = False
                figures[(count, mode)] = (seconds, peak)
                print(f"  {mode:<8} {seconds:7.2f} s  {seconds / count * 1e6:6.1f} µs/row  "
                      f"peak {peak:6.0f} MB  | {out.strip().splitlines()[0] if out.strip() else ''}")
                target.unlink()
        for mode in ("dry run", "import"):
            small = figures[(args.small, mode)][0] / args.small
            large = figures[(args.large, mode)][0] / args.large
            print(f"ratio of time per row {args.large}/{args.small} ({mode}): {large / small:.2f}"
                  f" (target ≤ {RATIO_TARGET})")
            ok = ok and large / small <= RATIO_TARGET
        large_import = figures[(args.large, "import")][0]
        peak = max(p for _s, p in figures.values())
        ok = ok and large_import < TIME_TARGET and peak < MEMORY_TARGET_MB

        bad = generate(folder / f"bad-{args.large}.csv", args.large, bad=True)
        target = folder / "run-bad.sqlite"
        shutil.copyfile(demo, target)
        for mode, extra in (("dry run", ["--dry-run"]), ("import", [])):
            seconds, bad_peak, code, out, err = run(
                env, "import", "csv", "--db", str(target), "--table", "vms", *extra, str(bad))
            lines = err.splitlines()
            print(f"{args.large} bad lines, {mode}: {seconds:.2f} s, peak {bad_peak:.0f} MB, exit "
                  f"{code}, {len(lines)} lines on stderr; last: {lines[-1] if lines else ''}")
            print(f"  summary: {out.strip().splitlines()[0] if out.strip() else ''}")
            # the problems, "… and N other problems", and for a real import "nothing was written"
            ok = ok and len(lines) <= SHOWN + 2 and code != 0 and bad_peak < MEMORY_TARGET_MB
            peak = max(peak, bad_peak)

        print(f"large import {large_import:.1f} s (target < {TIME_TARGET:.0f} s), peak memory "
              f"{peak:.0f} MB (target < {MEMORY_TARGET_MB:.0f} MB)")
        print("TARGETS MET" if ok else "TARGETS NOT MET")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
