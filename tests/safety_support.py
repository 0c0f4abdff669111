"""Helpers of the safety tests (not a conftest.py: a second conftest module would shadow
tests/conftest.py for `from conftest import ...`). Fixtures are imported by the test modules:
a real plain-text keyring in a temporary folder, no keyring, read-only places, a tiny disk."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture
def keyring_env(tmp_path, monkeypatch) -> dict:
    """keyrings.alt's plain-text backend, chosen through keyring's own environment variable, with
    its file in a temporary folder (XDG_DATA_HOME). For tests only: SI Local refuses this backend
    unless it is chosen explicitly."""
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    env = {"PYTHON_KEYRING_BACKEND": PLAINTEXT, "XDG_DATA_HOME": str(xdg)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    import keyring

    keyring.set_keyring(keyring.core.load_env())  # same backend in this process
    yield env
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def no_keyring(monkeypatch) -> dict:
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())
    return {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _try_ro_bind(folder: Path) -> bool:
    try:
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True,
                       capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True,
                       capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        subprocess.run(["umount", str(folder)], capture_output=True, timeout=10)
        return False
    return True


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """Make ``folder`` really read-only: chmod for a normal user; for root (whom chmod does not
    stop) a read-only bind mount. Skips, saying why, only when neither is possible."""
    if os.name == "nt":
        pytest.skip("read-only folders are not enforced by chmod on Windows")
    if os.geteuid() != 0:
        files = [p for p in folder.iterdir() if p.is_file()]
        for p in files:
            os.chmod(p, 0o400)
        os.chmod(folder, 0o500)
        try:
            yield "chmod"
        finally:
            os.chmod(folder, 0o700)
            for p in files:
                os.chmod(p, 0o600)
        return
    if not _try_ro_bind(folder):
        pytest.skip("running as root without the right to mount: no way to make a folder "
                    "read-only for this process")
    try:
        yield "read-only mount"
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, timeout=10)


@contextlib.contextmanager
def tiny_filesystem(folder: Path, size_kb: int):
    """A real small tmpfs mounted on ``folder`` (root only); skips when mounting is impossible."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "nt" or os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                            capture_output=True, timeout=10)
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + result.stderr.decode(errors="replace").strip())
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=10)
