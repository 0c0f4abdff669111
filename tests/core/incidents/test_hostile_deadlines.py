"""A deadlines file with values of the wrong type: one line naming the file and the deadline,
never a Python error (« unhashable type: 'list' »)."""

from __future__ import annotations

import json

import pytest

from si_local.core.errors import ImportFileError
from si_local.core.incidents.deadlines import deadlines_path, load_deadlines


@pytest.mark.parametrize("field, value", [("done_field", ["declared_at"]), ("done_field", {}),
                                          ("from", ["detected_at"]), ("scope", {"a": 1}),
                                          ("hours", 10**30), ("hours", -1), ("months", 1.5)])
def test_wrong_types_are_one_line(tmp_path, field, value):
    doc = json.loads(deadlines_path().read_text(encoding="utf-8"))
    doc["deadlines"][0][field] = value
    path = tmp_path / "delais.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        load_deadlines(path)
    assert "delais.json" in str(caught.value) and "\n" not in str(caught.value)
