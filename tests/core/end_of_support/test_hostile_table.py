"""A hostile end-of-support table file is refused in one line, never with a Python error."""

from __future__ import annotations

import pytest

from si_local.core.end_of_support import read_table_file
from si_local.core.errors import ImportFileError


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000,
                                     '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_nested_too_deeply_is_one_line(tmp_path, content):
    path = tmp_path / "table.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_table_file(path)
    message = str(caught.value)
    assert "\n" not in message and "table.json" in message and len(message) < 300
