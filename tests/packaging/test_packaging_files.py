"""The packaging files: build.spec, icons, Linux desktop entry and AppStream, Windows installer,
CI build script. PyInstaller itself is never run here (tools/ci_build.sh does that in CI)."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "fr.si_local.SILocal"
SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]
LINUX = ROOT / "packaging" / "linux"


def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


# --- build.spec, executed with stand-ins for PyInstaller's build classes ---------------------------

class _Recorder:
    calls: dict = {}

    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        _Recorder.calls.setdefault(self.name, []).append((args, kwargs))
        return types.SimpleNamespace(args=args, kwargs=kwargs, binaries=[], datas=[], pure=[],
                                     scripts=[])


SAMPLE_BINARIES = [
    ("PySide6/Qt/lib/libQt6Widgets.so.6", "x", "BINARY"),
    ("PySide6/Qt/lib/libQt6Qml.so.6", "x", "BINARY"),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "x", "BINARY"),
]
SAMPLE_DATAS = [
    ("babel/locale-data/fr.dat", "x", "DATA"),
    ("babel/locale-data/fr_FR.dat", "x", "DATA"),
    ("babel/locale-data/root.dat", "x", "DATA"),
    ("babel/locale-data/en_GB.dat", "x", "DATA"),
    ("babel/locale-data/de.dat", "x", "DATA"),
    ("babel/global.dat", "x", "DATA"),
    ("PySide6/Qt/translations/qtbase_fr.qm", "x", "DATA"),
    ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
    ("resources/continuity/templates.json", "x", "DATA"),
]


def run_spec(platform: str = "linux") -> dict:
    """build.spec run as PyInstaller would, with its build classes and hooks replaced."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"{package}.<all>"]
    hooks.collect_data_files = lambda package: [(f"/site/{package}/locale-data/fr.dat",
                                                 f"{package}/locale-data")]
    hooks.copy_metadata = lambda dist: [(f"/site/{dist}.dist-info", f"{dist}.dist-info")]
    saved = {name: sys.modules.get(name) for name in
             ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks")}
    sys.modules["PyInstaller"] = types.ModuleType("PyInstaller")
    sys.modules["PyInstaller.utils"] = types.ModuleType("PyInstaller.utils")
    sys.modules["PyInstaller.utils.hooks"] = hooks
    _Recorder.calls = {}

    def analysis(*args, **kwargs):
        result = _Recorder("Analysis")(*args, **kwargs)
        result.binaries = list(SAMPLE_BINARIES)
        result.datas = list(SAMPLE_DATAS)
        return result

    namespace = {"__name__": "__main__", "SPECPATH": str(ROOT), "Analysis": analysis,
                 "PYZ": _Recorder("PYZ"), "EXE": _Recorder("EXE"), "COLLECT": _Recorder("COLLECT")}
    real_platform = sys.platform
    sys.platform = platform
    try:
        exec(compile((ROOT / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec"),
             namespace)
    finally:
        sys.platform = real_platform
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    namespace["calls"] = dict(_Recorder.calls)
    return namespace


@pytest.fixture(scope="module")
def spec():
    return run_spec("linux")


def test_spec_reads_name_and_version_from_pyproject(spec):
    project = pyproject()
    assert spec["VERSION"] == project["version"]
    assert spec["APP_NAME"] == project["name"] == "si-local"
    assert spec["META"]["license"] == project["license"]
    # The executable and the folder carry the project's name.
    [(_args, exe)] = spec["calls"]["EXE"]  # one program off Windows
    assert exe["name"] == "si-local" and exe["console"] is True
    assert spec["calls"]["COLLECT"][0][1]["name"] == "si-local"


def test_spec_on_windows_builds_a_windowed_program_and_a_console_one():
    spec = run_spec("win32")
    exes = {kwargs["name"]: kwargs for _args, kwargs in spec["calls"]["EXE"]}
    assert exes["si-local"]["console"] is False
    assert exes["si-local-cli"]["console"] is True
    assert exes["si-local"]["icon"] == str(ROOT / "packaging" / "windows" / "si-local.ico")
    collect_args, _kwargs = spec["calls"]["COLLECT"][0]
    assert len([arg for arg in collect_args if isinstance(arg, types.SimpleNamespace)]) == 2


def test_spec_version_follows_a_changed_pyproject(spec, tmp_path):
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        re.sub(r'(?m)^version = ".*"$', 'version = "9.8.7"', text, count=1), encoding="utf-8")
    assert spec["project_metadata"](tmp_path)["version"] == "9.8.7"


def test_spec_bundles_resources_keyring_and_every_module(spec):
    [(args, kwargs)] = spec["calls"]["Analysis"]
    assert args[0] == [str(ROOT / "packaging" / "si_local_launcher.py")]
    assert (str(ROOT / "resources"), "resources") in kwargs["datas"]
    assert "si_local.<all>" in kwargs["hiddenimports"]
    assert "keyring.backends.<all>" in kwargs["hiddenimports"]
    metadata = {dest for _source, dest in kwargs["datas"]}
    assert {"keyring.dist-info", "sqlite-utils.dist-info"} <= metadata
    excludes = set(kwargs["excludes"])
    assert {"keyrings", "keyrings.alt", "PySide6.QtQml", "PySide6.QtQuick",
            "PySide6.QtWebEngineCore", "PySide6.QtMultimedia", "PySide6.Qt3DCore"} <= excludes
    # Modules the application uses are never excluded.
    for used in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPdf",
                 "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport", "PySide6.QtSvg", "PIL",
                 "keyring", "babel", "reportlab"):
        assert used not in excludes, used


def test_spec_trims_babel_qt_translations_and_unused_qt_libraries(spec):
    analysis = spec["a"]
    binaries = {dest for dest, *_ in analysis.binaries}
    datas = {dest for dest, *_ in analysis.datas}
    assert "PySide6/Qt/lib/libQt6Widgets.so.6" in binaries
    assert "PySide6/Qt/plugins/platforms/libqxcb.so" in binaries
    assert not binaries & {"PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Quick.so.6",
                           "PySide6/Qt/plugins/sqldrivers/libqsqlite.so"}
    assert {"babel/locale-data/fr.dat", "babel/locale-data/fr_FR.dat", "babel/locale-data/root.dat",
            "babel/locale-data/en_GB.dat", "babel/global.dat",
            "PySide6/Qt/translations/qtbase_fr.qm", "resources/continuity/templates.json"} <= datas
    assert "babel/locale-data/de.dat" not in datas
    assert "PySide6/Qt/translations/qtbase_de.qm" not in datas


def test_spec_bundles_the_catalogues_compiled_not_their_sources(spec):
    """Babel compiles resources/i18n/<lang>/*.po to build/catalogues/<lang>/*.mo; the bundle
    carries those .mo files as resources/i18n/<lang>/, never a .po nor a .mo of the source tree."""
    compiled = ROOT / "build" / "catalogues" / "fr"
    assert (str(compiled), "resources/i18n/fr") in spec["datas"]
    assert sorted(p.stem for p in compiled.glob("*.mo")) == sorted(
        p.stem for p in (ROOT / "resources" / "i18n" / "fr").glob("*.po"))
    unwanted = spec["_unwanted"]
    source = ROOT / "resources" / "i18n" / "fr"
    assert unwanted(("resources/i18n/fr/common.po", str(source / "common.po"), "DATA"))
    assert unwanted(("resources/i18n/fr/common.mo", str(source / "common.mo"), "DATA"))
    assert not unwanted(("resources/i18n/fr/common.mo", str(compiled / "common.mo"), "DATA"))


def test_babel_keeps_the_locales_our_formatting_uses(spec):
    from si_local.core import i18n

    kept = spec["BABEL_LOCALES"]
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        locale = i18n.locale_name()
        chain = [locale, locale.split("_")[0], "root"]
        assert all(name in kept for name in chain), locale
    i18n.set_language("fr")


def test_launcher_calls_the_command_line():
    text = (ROOT / "packaging" / "si_local_launcher.py").read_text(encoding="utf-8")
    assert "from si_local.cli import main" in text
    assert "sys.exit(main())" in text


# --- resources --------------------------------------------------------------------------------

def _leading_literals(arguments: str) -> tuple[str, ...]:
    """The string literals at the start of an argument list (stops at the first variable)."""
    parts = []
    for argument in re.split(r"\s*[,/]\s*", arguments.strip()):
        literal = re.fullmatch(r"[\"']([^\"']+)[\"']", argument.strip())
        if not literal:
            break
        parts.append(literal.group(1))
    return tuple(parts)


def referenced_resources() -> set[tuple[str, ...]]:
    """resource("a", "b", name) and resources_dir() / "a" / "b" anywhere in the code."""
    found = set()
    for source in (ROOT / "src" / "si_local").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for match in re.finditer(r"\bresource\(([^)]*)\)", text):
            found.add(_leading_literals(match.group(1)))
        for match in re.finditer(r"resources_dir\(\)\s*/((?:\s*[\"'][^\"']+[\"']\s*/?)+)", text):
            found.add(_leading_literals(match.group(1)))
    found.discard(())
    return found


def test_every_resource_folder_referenced_by_code_exists():
    found = referenced_resources()
    # The scan must see the references we know of, or it proves nothing.
    assert {("fonts",), ("continuity", "templates.json"), ("questionnaires",), ("i18n",),
            ("guide",)} <= found
    for parts in found:
        assert (ROOT / "resources").joinpath(*parts).exists(), "/".join(parts)


def test_resources_the_smoke_test_requires_are_there():
    from si_local.ui.smoke import REQUIRED_RESOURCES, check_resources

    found, missing = check_resources()
    assert missing == []
    assert set(found) == set(REQUIRED_RESOURCES)
    assert all(count >= 1 for count in found.values())
    for folder in ("i18n", "fonts", "icons", "questionnaires", "continuity", "guide", "guide/images",
                   "readiness", "incidents", "end_of_support"):
        assert (ROOT / "resources" / folder).is_dir()


@pytest.mark.parametrize("lost, said", [
    ("readiness/expectations.json", "resources/readiness/expectations.json"),
    ("incidents/deadlines.json", "resources/incidents/deadlines.json"),
    ("end_of_support/table.json", "resources/end_of_support/table.json"),
    ("end_of_support/LICENSE-endoflife-date.txt", "resources/end_of_support/LICENSE-*.txt"),
])
def test_a_build_without_a_shipped_data_file_fails_its_smoke_test(qapp, tmp_path, monkeypatch,
                                                                   lost, said):
    """A packaged folder that lost one of the data files the code reads is refused."""
    from si_local.core import paths
    from si_local.ui import smoke

    copy = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", copy)
    monkeypatch.setattr(paths, "resources_dir", lambda: copy)
    assert smoke.check_resources()[1] == []
    (copy / lost).unlink()
    assert smoke.check_resources()[1] == [said]
    report = smoke.quick_checks()
    assert report["ok"] is False and said in report["missing"]


def test_missing_resources_are_reported(tmp_path, monkeypatch):
    from si_local.core import paths
    from si_local.ui import smoke

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "DejaVuSans.ttf").write_bytes(b"x")
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    found, missing = smoke.check_resources()
    assert found["fonts"] == 1 and found["continuity"] == 0
    assert "resources/continuity/templates.json" in missing
    assert "resources/icons/si-local.svg" in missing
    assert "resources/questionnaires/*.json" in missing


# --- icons ------------------------------------------------------------------------------------

def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icon_svg_is_ours_and_square():
    svg = ROOT / "resources" / "icons" / "si-local.svg"
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_in_every_size(size):
    png = ROOT / "resources" / "icons" / f"si-local-{size}.png"
    assert png_size(png) == (size, size)
    hicolor = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png_size(hicolor) == (size, size)
    assert hicolor.read_bytes() == png.read_bytes()


def test_scalable_icon_and_windows_ico():
    assert (LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == \
        (ROOT / "resources" / "icons" / "si-local.svg").read_bytes()
    ico = (ROOT / "packaging" / "windows" / "si-local.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, height, *_rest, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index: 22 + 16 * index])
        assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes


# --- Linux desktop entry and AppStream ----------------------------------------------------------

def test_desktop_entry():
    path = LINUX / f"{APP_ID}.desktop"
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "SI Local"
    assert entry["Exec"].split()[0] == "si-local"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"]
    assert "Comment[fr]" in entry and "GenericName[fr]" in entry
    assert parser["Desktop Action demo"]["Exec"] == "si-local --demo"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_file_name_is_the_application_id():
    text = (ROOT / "src" / "si_local" / "ui" / "app.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in text


def test_appstream_metainfo():
    path = LINUX / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    project = pyproject()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == project["license"]
    assert root.find("releases/release").get("version") == project["version"]
    langs = {p.get("{http://www.w3.org/XML/1998/namespace}lang") for p in root.iter("summary")}
    assert langs == {None, "fr"}
    if shutil.which("appstreamcli"):
        result = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_linux_install_script_for_one_user(tmp_path):
    """install.sh --user on a stand-in built folder: program, menu entry, hicolor icons; then
    --uninstall removes them and keeps the user's data."""
    script = LINUX / "install.sh"
    assert script.stat().st_mode & 0o111
    built = tmp_path / "dist" / "si-local"
    (built / "_internal").mkdir(parents=True)
    (built / "si-local").write_text("#!/bin/sh\necho si-local 0.1.0\n")
    (built / "si-local").chmod(0o755)
    (built / "si-local-portable").write_text("")
    home = tmp_path / "home"
    data = home / ".local" / "share" / "si-local"
    data.mkdir(parents=True)
    (data / "si-local.sqlite").write_bytes(b"data")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["sh", str(script), "--user", str(built)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    share = home / ".local" / "share"
    target = home / ".local" / "opt" / "si-local"
    assert (target / "si-local").is_file() and not (target / "si-local-portable").exists()
    assert (home / ".local" / "bin" / "si-local").resolve() == (target / "si-local").resolve()
    desktop = (share / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={target}/si-local\n" in desktop and f"Exec={target}/si-local --demo" in desktop
    for size in SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    result = subprocess.run(["sh", str(script), "--user", "--uninstall"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not target.exists() and not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))
    assert (data / "si-local.sqlite").read_bytes() == b"data"


# --- Windows installer ----------------------------------------------------------------------------

def test_inno_setup_script():
    text = (ROOT / "packaging" / "windows" / "si-local.iss").read_text(encoding="utf-8")
    assert re.search(r'#define AppVersion "([^"]+)"', text).group(1) == pyproject()["version"]
    assert 'MessagesFile: "compiler:Languages\\French.isl"' in text
    assert 'MessagesFile: "compiler:Default.isl"' in text
    assert "SetupIconFile=si-local.ico" in text
    assert "{autoprograms}\\{#AppName}" in text  # start-menu entry
    assert '#define AppExe "si-local.exe"' in text
    # The uninstaller never deletes the data folder (%APPDATA%\si-local).
    uninstall = text.split("[UninstallDelete]", 1)[1].split("[Code]", 1)[0]
    assert "userappdata" not in uninstall and "localappdata" not in uninstall
    assert 'Excludes: "si-local-portable,si-local-data"' in text


# --- CI -----------------------------------------------------------------------------------------

def test_ci_build_script_is_wired():
    script = ROOT / "tools" / "ci_build.sh"
    assert script.stat().st_mode & 0o111, "tools/ci_build.sh must be executable (.ci/run checks -x)"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    text = script.read_text(encoding="utf-8")
    assert "--smoke-test" in text and "QT_QPA_PLATFORM=offscreen" in text
    assert "SI_LOCAL_DATA_DIR=" in text and "build.spec" in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tools/ci_build.sh" in ci


def test_about_licence_matches_pyproject():
    from si_local.ui.about import LICENCE

    assert LICENCE == pyproject()["license"]
