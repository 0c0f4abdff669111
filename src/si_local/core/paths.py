"""Where SI Local keeps its files.

The data folder comes from platformdirs; ``SI_LOCAL_DATA_DIR`` overrides it (tests, the smoke test
of the packaged program, portable installs). Resources (questionnaires, templates, translations,
icons) are always found relative to the package, never the current directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_DATA_DIR = "SI_LOCAL_DATA_DIR"
ENV_SNAPSHOTS_DIR = "SI_LOCAL_SNAPSHOTS_DIR"
DB_FILENAME = "si-local.sqlite"
PORTABLE_MARKER = "si-local-portable"


def _program_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[3]


def portable_data_dir() -> Path | None:
    """The data folder next to the program when a marker file or folder asks for it."""
    base = _program_dir()
    marker = base / PORTABLE_MARKER
    if marker.exists():
        return base / "si-local-data"
    return None


def data_dir() -> Path:
    """The folder holding the database, snapshots, settings and logs (created on demand)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        path = Path(override).expanduser()
    else:
        path = portable_data_dir()
        if path is None:
            import platformdirs  # imported on first use: a faster start

            path = Path(platformdirs.user_data_dir("si-local", appauthor=False, roaming=True))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def snapshots_root() -> Path:
    """The folder of every database's snapshots (``<data folder>/snapshots``, or
    ``SI_LOCAL_SNAPSHOTS_DIR``: the demo keeps its own). Not created here."""
    override = os.environ.get(ENV_SNAPSHOTS_DIR)
    if override:
        return Path(override).expanduser()
    return data_dir() / "snapshots"


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The ``resources/`` folder: in a PyInstaller build, an installed wheel, or the source tree."""
    candidates = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / "resources")
    here = Path(__file__).resolve()
    candidates.append(here.parents[1] / "resources")  # wheel: si_local/resources (setup.py)
    candidates.append(here.parents[3] / "resources")  # source tree: <repo>/resources
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("SI Local resources folder not found; the installation is incomplete.")


def resource(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Missing resource: {'/'.join(parts)}")
    return path
