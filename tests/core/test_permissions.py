"""Files created by the app are readable by the OS user only (0600) where the OS supports it."""

from __future__ import annotations

import os
import stat

import pytest

from support import run_cli

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_snapshots_exports_logs_settings_are_0600(tmp_path, _data_dir):
    db = tmp_path / "demo.sqlite"
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ("demo", str(db)),
        ("backup", "--db", str(db)),
        ("backup", "--db", str(db), "-o", str(out / "copie.sqlite")),
        ("export", "csv", "--db", str(db), "--table", "servers", "-o", str(out / "servers.csv")),
        ("export", "bundle", "--db", str(db), "-o", str(out / "bundle.json")),
        ("print", "pca", "--db", str(db), "-o", str(out / "pca.pdf")),
        ("audit", "--db", str(db), "-o", str(out / "audit.csv")),
    ]
    for command in commands:
        result = run_cli(*command)
        assert result.returncode == 0, (command, result.stderr)
    from si_local.core import settings

    settings.save({"language": "fr"})
    files = [db, *out.iterdir(), *(_data_dir / "snapshots").rglob("*.sqlite"),
             *(_data_dir / "logs").iterdir(), _data_dir / "settings.json"]
    assert len(files) >= 9
    loose = {str(p): oct(mode(p)) for p in files if mode(p) & 0o077}
    assert loose == {}
    from si_local.core.snapshots import folder_for

    assert folder_for(db).parent == _data_dir / "snapshots"  # filed under the identity
    for folder in (folder_for(db), _data_dir / "logs"):
        assert mode(folder) & 0o077 == 0, folder
