import tomllib
from pathlib import Path

import si_local


def test_version_matches_pyproject():
    data = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert si_local.__version__ == data["project"]["version"]
