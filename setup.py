"""The one build step pyproject.toml cannot say: ``resources/`` (questionnaires, templates,
translations, fonts, icons), kept at the top of the repository, goes into the wheel as
``si_local/resources``, where core/paths.resources_dir() looks in an installed copy. Everything
else about the project is in pyproject.toml.

The editable install (tools/bootstrap.py) copies nothing: it reads <repo>/resources. The
PyInstaller build bundles the same folder as ``resources`` (build.spec)."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ROOT / "resources"
TARGET = ("si_local", "resources")
SKIPPED = {"__pycache__", ".DS_Store", "Thumbs.db"}


def resource_files() -> list[Path]:
    """Every file of resources/, relative to it, in a stable order."""
    if not RESOURCES.is_dir():
        raise SystemExit(f"resources/ not found next to setup.py ({RESOURCES}): cannot build")
    return sorted(
        path.relative_to(RESOURCES)
        for path in RESOURCES.rglob("*")
        if path.is_file() and not SKIPPED & set(path.relative_to(RESOURCES).parts)
    )


class BuildPyWithResources(build_py):
    """build_py, then resources/ copied to <build>/si_local/resources."""

    def _resources_wanted(self) -> bool:
        return not getattr(self, "editable_mode", False)

    def run(self) -> None:
        super().run()
        if not self._resources_wanted():
            return
        target = Path(self.build_lib, *TARGET)
        for relative in resource_files():
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
