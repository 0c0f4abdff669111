#!/usr/bin/env python3
"""Wall time of ``si-local --smoke-test`` against a bare PySide6 window shown and closed.

Both are run as fresh processes, alternately, N times on the same machine in the same run; the
medians are compared. Target: ratio <= 2.

A third program, the "floor", is the bare window plus what the required stack costs before any
line of SI Local runs: importing sqlite-utils (it loads click, dateutil and pluggy) and touching
Qt's ``Qt`` namespace (PySide6 builds its ~100 Python enums on first use). It shows how much of the
gap is ours. The source is byte-compiled first, as in an installed copy (pip compiles a wheel at
install time; the built program carries bytecode): a run under PYTHONDONTWRITEBYTECODE would
otherwise recompile SI Local at every start.

    .venv/bin/python benchmarks/smoke_vs_bare.py [-n 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
window.close()
"""

FLOOR = "import sqlite_utils\nfrom PySide6.QtCore import Qt\n" + BARE


def _time(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="repetitions (default 5)")
    args = parser.parse_args()
    import compileall

    import si_local

    compileall.compile_dir(os.path.dirname(si_local.__file__), quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SI_LOCAL_DATA_DIR": folder}
        smoke_cmd = [sys.executable, "-m", "si_local", "--smoke-test"]
        bare_cmd = [sys.executable, "-c", BARE]
        floor_cmd = [sys.executable, "-c", FLOOR]
        for cmd in (bare_cmd, floor_cmd, smoke_cmd):  # warm the disk cache
            _time(cmd, env)
        smoke, bare, floor = [], [], []
        for _ in range(args.n):
            bare.append(_time(bare_cmd, env))
            floor.append(_time(floor_cmd, env))
            smoke.append(_time(smoke_cmd, env))

    def line(label: str, runs: list[float]) -> float:
        median = statistics.median(runs)
        print(f"{label:<40} median {median:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in runs)})")
        return median

    b = line("bare PySide6 window", bare)
    f = line("floor (+ sqlite-utils, Qt namespace)", floor)
    s = line("si-local --smoke-test", smoke)
    ratio = s / b
    print(f"floor / bare {f / b:.2f}; smoke-test beyond the floor {s - f:.3f} s")
    print(f"ratio {ratio:.2f} (target <= 2): {'OK' if ratio <= 2 else 'TOO SLOW'}")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
