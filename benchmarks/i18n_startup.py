#!/usr/bin/env python3
"""What the message catalogue costs at start-up: importing ``si_local.core.i18n`` and the first
``_()`` (which loads the French catalogue), in fresh processes, N times; the medians are printed,
with the cumulative import time ``python -X importtime`` gives for the module.

    .venv/bin/python benchmarks/i18n_startup.py [-n 15] [--po] [--src OTHER/src]

Figures on the development machine (2 cores shared with other jobs; medians of 15 fresh
processes, milliseconds; "before" measured with ``--src`` on a copy of the previous code):

    reader                                           import   first _()   -X importtime
    hand-written PO parser (before)                    10.9         5.2            21.5
    .mo written by Babel, read by gettext (now)         9.2         5.6            20.0
    .po read by Babel, no .mo yet (fallback, --po)      9.1        62.3            19.8

The compiled .mo files are what an installed copy reads (the wheel and the PyInstaller build
carry them; tools/bootstrap.py compiles them in a source tree). Without an up-to-date .mo next to
a .po, Babel reads the .po and the .mo is written for the next start when the folder allows it;
``--po`` measures that fallback (each run on a fresh copy of the .po files alone).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys, time
from pathlib import Path
t0 = time.perf_counter()
import si_local.core.i18n as i18n
t1 = time.perf_counter()
if len(sys.argv) > 1:  # a folder holding .po files only (the fallback)
    i18n.catalogue_dir = lambda lang: Path(sys.argv[1])
i18n._("Registry")
t2 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.2f} {(t2 - t1) * 1000:.2f}")
"""


SRC = [ROOT / "src"]  # --src: another checkout's source (the code before a change)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC[0])}


def probe(po_only: bool = False) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        if po_only:  # a fresh copy each time: the fallback writes the .mo it compiles
            for po in (ROOT / "resources" / "i18n" / "fr").glob("*.po"):
                shutil.copy2(po, folder)
        out = subprocess.run([sys.executable, "-c", PROBE, *([folder] if po_only else [])],
                             env=_env(), capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def import_time() -> float:
    """Cumulative microseconds of si_local.core.i18n in ``-X importtime``, in milliseconds."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import si_local.core.i18n"],
                         env=_env(), capture_output=True, text=True, check=True).stderr
    line = next(line for line in err.splitlines() if line.rstrip().endswith("si_local.core.i18n"))
    return int(re.split(r"\s*\|\s*", line)[1]) / 1000


def measure(runs: int, po_only: bool) -> tuple[float, float, float]:
    probes = [probe(po_only) for _ in range(runs)]
    return (statistics.median(p[0] for p in probes), statistics.median(p[1] for p in probes),
            statistics.median(import_time() for _ in range(runs)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=15, help="runs (fresh processes)")
    parser.add_argument("--po", action="store_true",
                        help="measure the fallback: .po read by Babel, no .mo")
    parser.add_argument("--src", type=Path, help="measure another checkout's src folder")
    args = parser.parse_args(argv)
    if args.src:
        SRC[0] = args.src.resolve()
    else:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC[0])], check=True)
    probe()  # a first run compiles the .mo files if they are missing or stale
    first_import, first_call, cumulative = measure(args.n, args.po)
    print(f"import {first_import:.1f} ms, first _() {first_call:.1f} ms, "
          f"-X importtime {cumulative:.1f} ms (medians of {args.n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
