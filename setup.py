"""The one build step pyproject.toml cannot say: ``resources/`` (questionnaires, templates,
translations, fonts, icons), kept at the top of the repository, goes into the wheel as
``si_local/resources``, where core/paths.resources_dir() looks in an installed copy; the message
catalogues go in compiled (Babel writes ``i18n/<lang>/<area>.mo`` from each .po: an installed copy
reads them with gettext and carries no .po). Everything else about the project is in
pyproject.toml.

The editable install (tools/bootstrap.py) copies nothing: it reads <repo>/resources. The
PyInstaller build bundles the same folder as ``resources`` (build.spec)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ROOT / "resources"
TARGET = ("si_local", "resources")
SKIPPED = {"__pycache__", ".DS_Store", "Thumbs.db"}
CATALOGUES = "i18n"  # resources/i18n/<lang>/*.po, compiled into the wheel as .mo


def _catalogue_source(relative: Path) -> bool:
    return relative.parts[0] == CATALOGUES and relative.suffix in (".po", ".mo")


def resource_files() -> list[Path]:
    """Every file of resources/, relative to it, in a stable order: the catalogues as the .mo
    files the build writes, one per .po."""
    if not RESOURCES.is_dir():
        raise SystemExit(f"resources/ not found next to setup.py ({RESOURCES}): cannot build")
    files = []
    for path in RESOURCES.rglob("*"):
        relative = path.relative_to(RESOURCES)
        if not path.is_file() or SKIPPED & set(relative.parts):
            continue
        if _catalogue_source(relative):
            if relative.suffix == ".po":
                files.append(relative.with_suffix(".mo"))
            continue
        files.append(relative)
    return sorted(files)


def compile_catalogues(target: Path) -> None:
    """resources/i18n/<lang>/*.po compiled to <target>/i18n/<lang>/*.mo (core/catalogues.py)."""
    sys.path.insert(0, str(ROOT / "src"))
    try:
        from si_local.core.catalogues import compile_folder
    finally:
        sys.path.pop(0)
    for folder in sorted((RESOURCES / CATALOGUES).iterdir()):
        if folder.is_dir():
            compile_folder(folder, target / CATALOGUES / folder.name)


class BuildPyWithResources(build_py):
    """build_py, then resources/ copied to <build>/si_local/resources."""

    def _resources_wanted(self) -> bool:
        return not getattr(self, "editable_mode", False)

    def run(self) -> None:
        super().run()
        if not self._resources_wanted():
            return
        target = Path(self.build_lib, *TARGET)
        # a build/ folder left by an earlier build may hold files since removed or renamed (an
        # older setup.py copied the .po there too: an installed copy recompiled those stale
        # catalogues at start-up): the wheel holds exactly today's resources/
        shutil.rmtree(target, ignore_errors=True)
        compile_catalogues(target)
        for relative in resource_files():
            if _catalogue_source(relative):
                continue  # written by compile_catalogues()
            destination = target / relative
            self.mkpath(str(destination.parent))
            self.copy_file(str(RESOURCES / relative), str(destination))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self._resources_wanted():
            target = Path(self.build_lib, *TARGET)
            outputs += [str(target / relative) for relative in resource_files()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithResources})
