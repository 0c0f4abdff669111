"""An expectations file (or a core-model pack carrying one) with values of the wrong type: one
line naming the file, never a Python error (« 'int' object is not iterable », « unhashable type »
were the « erreur inattendue » of the command line)."""

from __future__ import annotations

import json

import pytest

from si_local.core import readiness as r
from si_local.core.errors import ImportFileError
from si_local.core.group import packs


def _doc() -> dict:
    return json.loads(r.expectations.resource(*r.expectations.SHIPPED).read_text(encoding="utf-8"))


def _check(doc, where):
    doc["expectations"][0]["met_by"] = {"check": ["restore_test"]}


def _record(doc, where):
    doc["expectations"][0]["met_by"] = {"record": {"a": 1}}


CHANGES = [lambda d, w: d.update(programmes=1), lambda d, w: d.update(programmes=True),
           lambda d, w: d.update(expectations=7), _check, _record]


@pytest.mark.parametrize("change", CHANGES)
def test_wrong_types_are_one_line(tmp_path, change):
    doc = _doc()
    change(doc, None)
    path = tmp_path / "attentes.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        r.read_file(path)
    assert "attentes.json" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("change", CHANGES)
def test_a_pack_carrying_wrong_types_is_refused_when_read(tmp_path, change):
    doc = _doc()
    change(doc, None)
    items = [{"kind": r.PACK_KIND, "key": "expectations", "title": "Attentes", "data": doc}]
    pack = {"format": packs.FORMAT, "format_version": packs.FORMAT_VERSION, "group": "GHT Test",
            "version": 1, "items": items, "checksum": packs.checksum(items)}
    path = tmp_path / "paquet.json"
    path.write_text(json.dumps(pack), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        packs.read_pack(path)
    assert "paquet.json" in str(caught.value) and "\n" not in str(caught.value)
