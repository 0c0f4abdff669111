"""``pip install .``: the wheel, installed in a fresh virtual environment outside the source tree,
finds its resources (translations, questionnaires, fonts) and works; with its resources folder
gone it still ends in one line, never a traceback.

The wheel is built from a copy of the project (so that nothing is written into the source tree)
and installed with this interpreter's pip into a venv made with ``--without-pip``. The venv sees
the dependencies (PySide6, reportlab, ...) through a .pth line naming this interpreter's
site-packages: a plain path line, so the editable install's own .pth there is not read and the
source tree stays out of reach. Every command runs from another folder, without PYTHONPATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from print_checks import pdf_pages, pdf_text

ROOT = Path(__file__).resolve().parents[2]
EXIT_UNEXPECTED = 70

pytestmark = pytest.mark.slow  # builds a wheel and a venv: ~10 s the first time

# What a build of the project reads; the rest of the tree (tests, docs, the venv) stays out.
PROJECT = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "resources"]
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


def _setuptools_is_recent() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel-build")
    source = work / "si-local"
    source.mkdir()
    for name in PROJECT:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=JUNK)
        elif origin.exists():
            shutil.copy2(origin, source / name)
    # a build/ folder left by an earlier build of an older version: a catalogue source and a
    # resource since removed must not reach the wheel (an installed .po beside its .mo was
    # compiled again at start-up, and the stale translations won)
    stale = source / "build" / "lib" / "si_local" / "resources"
    (stale / "i18n" / "fr").mkdir(parents=True)
    (stale / "i18n" / "fr" / "common.po").write_text('msgid "Home"\nmsgstr "Maison"\n')
    (stale / "removed-long-ago.txt").write_text("stale")
    out = work / "dist"
    # pyproject.toml asks for setuptools>=77: without build isolation only if it is here already.
    isolation = ["--no-build-isolation"] if _setuptools_is_recent() else []
    result = _pip("wheel", "--no-deps", *isolation, "-w", str(out), str(source), cwd=work)
    output = result.stdout + result.stderr
    if result.returncode and "No matching distribution found for setuptools" in output:
        pytest.skip("no setuptools>=77 to build with (offline, empty pip cache)")
    assert result.returncode == 0, output
    (built,) = out.glob("si_local-*.whl")
    return built


def _make_venv(folder: Path, wheel: Path) -> Path:
    """A fresh venv at ``folder`` holding the wheel; the dependencies come from this interpreter."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True,
                   timeout=120)
    python = _python(folder)
    result = _pip("--python", python, "install", "--no-deps", "--no-index", str(wheel),
                  cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(_run([python, "-c", purelib], cwd=folder).stdout.strip())
    dependencies = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "si-local-test-dependencies.pth").write_text("\n".join(dependencies) + "\n")
    return folder


def _script(venv: Path) -> str:
    return str(venv / ("Scripts/si-local.exe" if os.name == "nt" else "bin/si-local"))


def _python(venv: Path) -> str:
    return str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))


def _run(command: list[str], cwd: Path, data: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if data is not None:
        env["SI_LOCAL_DATA_DIR"] = str(data)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _package_dir(venv: Path, cwd: Path) -> Path:
    result = _run([_python(venv), "-c", "import si_local; print(si_local.__file__)"], cwd=cwd)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip()).parent


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    return _make_venv(tmp_path_factory.mktemp("installed") / "venv", wheel)


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_wheel_holds_every_resource_inside_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    files = [path.relative_to(ROOT / "resources") for path in (ROOT / "resources").rglob("*")
             if path.is_file() and path.suffix != ".mo"]
    # the catalogues go in compiled by Babel (one .mo per .po), read by gettext; no .po
    expected = {"si_local/resources/" + (path.with_suffix(".mo") if path.suffix == ".po" else path)
                .as_posix() for path in files}
    assert expected, "resources/ is empty"
    assert "si_local/resources/i18n/fr/common.mo" in expected
    assert expected <= names, sorted(expected - names)
    assert not [name for name in names if name.endswith(".po")]
    assert "si_local/resources/removed-long-ago.txt" not in names  # a stale build/ left out
    # Nothing outside the package (no top-level resources/, no data-files).
    assert [name for name in names if not name.startswith("si_local/")
            and not (name.startswith("si_local-") and ".dist-info/" in name)] == []


def test_the_installed_copy_is_imported_not_the_source_tree(installed, elsewhere):
    package = _package_dir(installed, elsewhere)
    assert package.is_relative_to(installed.resolve()) or package.is_relative_to(installed)
    assert not package.is_relative_to(ROOT)
    result = _run([_python(installed), "-c",
                   "from si_local.core.paths import resources_dir; print(resources_dir())"],
                  cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == package / "resources"


def test_version_demo_and_print_pca_from_another_folder(installed, elsewhere, tmp_path):
    data = tmp_path / "data"
    version = _run([_script(installed), "--version"], cwd=elsewhere, data=data)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip().startswith("si-local ")

    helped = _run([_script(installed), "--help"], cwd=elsewhere, data=data)
    assert helped.returncode == 0, helped.stderr
    assert "utilisation" in helped.stdout  # the French catalogue was found
    assert "Traceback" not in helped.stderr

    demo = _run([_script(installed), "demo", "demo.sqlite"], cwd=elsewhere, data=data)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert (elsewhere / "demo.sqlite").is_file()

    printed = _run([_script(installed), "print", "pca", "--db", "demo.sqlite", "-o", "pca.pdf"],
                   cwd=elsewhere, data=data)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    pdf = elsewhere / "pca.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(pdf_pages(pdf)) > 1
    assert "continuité" in pdf_text(pdf).lower()  # French, in the bundled DejaVu font

    guide = _run([_script(installed), "print", "guide", "-o", "guide.pdf"], cwd=elsewhere, data=data)
    assert guide.returncode == 0, guide.stdout + guide.stderr  # resources/guide inside the package
    assert len(pdf_pages(elsewhere / "guide.pdf")) > 5


def test_without_its_resources_the_installed_program_says_one_line(wheel, tmp_path, elsewhere):
    venv = _make_venv(tmp_path / "broken", wheel)
    package = _package_dir(venv, elsewhere)
    shutil.rmtree(package / "resources")
    data = tmp_path / "data"

    helped = _run([_script(venv), "--help"], cwd=elsewhere, data=data)
    assert helped.returncode == 0, helped.stderr
    assert "usage:" in helped.stdout  # no catalogue: the English source strings
    assert "Traceback" not in helped.stderr

    demo = _run([_script(venv), "demo", "demo.sqlite"], cwd=elsewhere, data=data)
    printed = _run([_script(venv), "print", "pca", "--db", "demo.sqlite", "-o", "pca.pdf"],
                   cwd=elsewhere, data=data)
    for result in (demo, printed):
        if result.returncode == 0:
            continue
        assert result.returncode == EXIT_UNEXPECTED, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("si-local: ")
        assert "resources" in lines[0]
    assert printed.returncode == EXIT_UNEXPECTED  # no fonts, no questionnaire: no PDF
    assert not (elsewhere / "pca.pdf").exists()
