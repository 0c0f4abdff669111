"""Hostile backup report files: one short line naming the file, never the file's content."""

from __future__ import annotations

import pytest

from si_local.core.errors import ImportFileError
from si_local.core.interop.backup_reports import read_report


@pytest.mark.parametrize("fmt", ["csv", "veeam-csv"])
def test_a_huge_header_line_is_not_echoed_whole(tmp_path, fmt):
    """A 5 MB line without any known column: the message listed every « column » found, so the
    « one line » was 5 MB long."""
    path = tmp_path / "rapport.csv"
    path.write_text("x" * 5_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_report(path, fmt)
    message = str(caught.value)
    assert "\n" not in message and "rapport.csv" in message and "ligne 1" in message
    assert len(message) < 500, len(message)
