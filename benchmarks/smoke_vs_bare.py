#!/usr/bin/env python3
"""Wall time of ``si-local --smoke-test`` against a bare PySide6 window shown and closed.

Both are run as fresh processes, alternately, N times on the same machine in the same run; the
medians are compared. Target: ratio <= 2.

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


def _time(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="repetitions (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SI_LOCAL_DATA_DIR": folder}
        smoke_cmd = [sys.executable, "-m", "si_local", "--smoke-test"]
        bare_cmd = [sys.executable, "-c", BARE]
        _time(bare_cmd, env)  # warm the disk cache for both
        _time(smoke_cmd, env)
        smoke, bare = [], []
        for _ in range(args.n):
            bare.append(_time(bare_cmd, env))
            smoke.append(_time(smoke_cmd, env))
    s, b = statistics.median(smoke), statistics.median(bare)
    print(f"bare PySide6 window : median {b:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in bare)})")
    print(f"si-local --smoke-test: median {s:.3f} s  (runs: {', '.join(f'{x:.3f}' for x in smoke)})")
    ratio = s / b
    print(f"ratio {ratio:.2f} (target <= 2): {'OK' if ratio <= 2 else 'TOO SLOW'}")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
