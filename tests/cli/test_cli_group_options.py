"""Options of the group commands reach the command (the program's own --version must not win)."""

import json

from support import run_cli


def test_export_pack_takes_the_pack_version_option(demo_path, tmp_path):
    out = tmp_path / "pack.json"
    result = run_cli("group", "export-pack", "--db", str(demo_path), "-o", str(out),
                     "--group", "GHT Test", "--pack-version", "7")
    assert result.returncode == 0, result.stderr
    pack = json.loads(out.read_text(encoding="utf-8"))
    assert (pack["group"], pack["version"]) == ("GHT Test", 7)
