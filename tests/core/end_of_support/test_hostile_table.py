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


@pytest.mark.parametrize("make, words", [
    (lambda p: None, "n’existe pas"),
    (lambda p: p.mkdir(), "dossier"),
    (lambda p: p.write_text('{"format": 1}', encoding="utf-16"), "UTF-8"),
])
def test_an_unreadable_file_is_said_in_french(tmp_path, make, words):
    """« illisible (FileNotFoundError) », « (IsADirectoryError) », « (UnicodeDecodeError) »: the
    name of a Python exception, where every other reader says what is wrong."""
    path = tmp_path / "table.json"
    make(path)
    with pytest.raises(ImportFileError) as caught:
        read_table_file(path)
    message = str(caught.value)
    assert "table.json" in message and words in message and "Error" not in message, message
