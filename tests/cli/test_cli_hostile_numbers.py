"""Numbers no one means, on the new commands: one line and a non-zero exit, never the « erreur
inattendue » (exit 70) of an OverflowError."""

from __future__ import annotations

import pytest

from support import all_rows_checksum, run_cli

HUGE = "9" * 25  # more than SQLite's integers hold


@pytest.mark.parametrize("args", [
    ["print", "declaration", "--id", HUGE, "-o", "{tmp}/declaration.pdf"],
    ["incident", "correct", "--id", HUGE, "--title", "x"],
    ["print", "backup-report", "--month", "9999-12", "-o", "{tmp}/sauvegardes.pdf"],
])
def test_a_number_out_of_range_is_one_line(demo_path, tmp_path, args):
    before = all_rows_checksum(demo_path)
    result = run_cli(*[a.format(tmp=tmp_path) for a in args], "--db", str(demo_path))
    assert result.returncode in (1, 2, 3), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "inattendue" not in result.stderr
    assert all_rows_checksum(demo_path) == before
    assert not list(tmp_path.glob("*.pdf"))
