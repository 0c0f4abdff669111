"""A core-model pack whose naming rule or required field names its kind or field with a list or
an object: one line naming the file, never « unhashable type » (the command line's « erreur
inattendue », exit 70)."""

from __future__ import annotations

import json

import pytest

from si_local.core.errors import ImportFileError
from si_local.core.group import packs


@pytest.mark.parametrize("kind, data", [
    ("naming_rule", {"pattern": "SRV-[0-9]+", "registry_kind": ["servers"]}),
    ("required_field", {"registry_kind": ["servers"], "field": "name"}),
    ("required_field", {"registry_kind": "servers", "field": {"name": 1}}),
])
def test_a_list_where_a_name_is_expected_is_one_line(tmp_path, kind, data):
    items = [{"kind": kind, "key": "regle", "title": "Règle", "data": data}]
    pack = {"format": packs.FORMAT, "format_version": packs.FORMAT_VERSION, "group": "GHT Test",
            "version": 1, "items": items, "checksum": packs.checksum(items)}
    path = tmp_path / "paquet.json"
    path.write_text(json.dumps(pack), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        packs.read_pack(path)
    assert "paquet.json" in str(caught.value) and "\n" not in str(caught.value)
