#!/usr/bin/env python3
"""Set up SI Local from a fresh clone with nothing but python3, then start it or test it.

    python3 tools/bootstrap.py demo    # install, then start the application on the demo facility
    python3 tools/bootstrap.py test    # install with the test tools, then run the whole test suite

It creates ``.venv`` in the project folder (without pip when Debian's python3-venv is missing,
fetching pip from PyPI instead), installs the project into it in editable mode, compiles the
message catalogues (Babel: resources/i18n/<lang>/*.po to .mo, read by gettext at start-up), and,
as root on Debian, installs the system libraries Qt needs (xcb, EGL, fonts) with apt-get.
Uses the standard library only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# Libraries Qt's xcb and offscreen platforms load on Debian/Ubuntu.
DEBIAN_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libdbus-1-3",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0", "libxcb-xinerama0",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-image0", "libglib2.0-0", "fonts-dejavu-core",
]


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(*cmd, **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def system_libraries() -> None:
    if sys.platform != "linux" or not shutil.which("apt-get") or not shutil.which("dpkg-query"):
        return
    missing = [p for p in DEBIAN_PACKAGES if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True
    ).stdout.strip() != "install ok installed"]
    if not missing:
        return
    if os.geteuid() != 0:
        say("Qt needs these system packages; install them with:")
        say("  sudo apt-get install -y " + " ".join(missing))
        return
    say("installing system libraries for Qt: " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def _fetch_pip_wheel(folder: Path) -> Path:
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as answer:
        info = json.load(answer)
    wheel = next(u for u in info["urls"] if u["filename"].endswith(".whl"))
    target = folder / wheel["filename"]
    with urllib.request.urlopen(wheel["url"], timeout=120) as answer, open(target, "wb") as out:
        shutil.copyfileobj(answer, out)
    return target


def ensure_venv() -> None:
    if PY.exists() and subprocess.run([PY, "-m", "pip", "--version"], capture_output=True).returncode == 0:
        return
    say(f"creating {VENV}")
    try:
        import ensurepip  # noqa: F401  (missing on Debian without python3-venv)

        run(sys.executable, "-m", "venv", VENV)
    except (ImportError, subprocess.CalledProcessError):
        if VENV.exists():
            shutil.rmtree(VENV)
        run(sys.executable, "-m", "venv", "--without-pip", VENV)
        with tempfile.TemporaryDirectory() as folder:
            wheel = _fetch_pip_wheel(Path(folder))
            say(f"installing {wheel.name} into the environment")
            run(PY, f"{wheel}/pip", "install", "--quiet", wheel)


def install(extras: str) -> None:
    spec = f".[{extras}]" if extras else "."
    say(f"installing SI Local ({spec}) into {VENV}")
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", spec, cwd=ROOT)


COMPILE = """import sys
from pathlib import Path
from si_local.core.catalogues import compile_folder
for folder in sorted(Path(sys.argv[1]).iterdir()):
    if folder.is_dir():
        compile_folder(folder)
"""


def compile_catalogues() -> None:
    """resources/i18n/<lang>/*.po compiled to .mo beside them (core/catalogues.py), so that the
    first start reads them with gettext; a .po changed later is compiled again by the program."""
    say("compiling the message catalogues")
    run(PY, "-c", COMPILE, ROOT / "resources" / "i18n")


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "demo"
    if action not in ("demo", "test", "install"):
        print(__doc__)
        return 2
    system_libraries()
    ensure_venv()
    install("test" if action == "test" else "")
    compile_catalogues()
    if action == "install":
        return 0
    if action == "test":
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run([PY, "-m", "pytest", *argv[1:]], cwd=ROOT, env=env).returncode
    si_local = BIN / ("si-local.exe" if os.name == "nt" else "si-local")
    return subprocess.run([si_local, "--demo", *argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
