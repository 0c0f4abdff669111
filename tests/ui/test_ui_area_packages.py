"""Issue 15: an area of the window is a package, ``ui/<area>/`` (its page, one module per tab, its
models and dialogs), and no file of it is over 600 lines."""

from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "src" / "si_local" / "ui"
MAX_LINES = 600


@pytest.mark.parametrize("area", ["continuity", "training"])
def test_every_file_of_the_area_package_is_at_most_600_lines(area):
    files = sorted((UI / area).rglob("*.py"))
    assert UI / area / "page.py" in files  # the package exists: the test cannot pass empty
    too_long = {f.relative_to(UI).as_posix(): n for f in files
                if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert too_long == {}


@pytest.mark.parametrize("area", ["continuity", "training"])
def test_the_old_modules_of_the_area_are_gone(area):
    # one place per area: no module left at the old paths for an import to reach by mistake
    assert not (UI / "pages" / f"{area}.py").exists()
    assert not (UI / f"{area}_models.py").exists()
    assert not (UI / f"{area}_dialogs.py").exists()
