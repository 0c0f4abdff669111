"""The system names of inventories and of people's typing -> (product, cycle) of the shipped
table; an unrecognised name is unknown, never another system's dates."""

from __future__ import annotations

import csv
import glob
from pathlib import Path

import pytest

from si_local.core.end_of_support import match, program_table
from si_local.core.interop.inventory import read_inventory

DATA = Path(__file__).resolve().parents[2] / "data"
CORPUS = DATA / "end_of_support" / "os_strings.csv"


def _corpus() -> list[tuple[str, str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [(r["string"], r["product"], r["cycle"]) for r in csv.DictReader(handle)]


def _found(text: str) -> tuple[str, str]:
    cycle = match(text, program_table())
    return (cycle.product, cycle.cycle) if cycle else ("unknown", "")


@pytest.mark.parametrize("text,product,cycle", _corpus(), ids=lambda v: str(v)[:40])
def test_corpus(text, product, cycle):
    assert _found(text) == (product, cycle)


def test_corpus_is_large_and_has_negative_cases():
    rows = _corpus()
    assert len(rows) >= 60
    assert sum(1 for _t, product, _c in rows if product == "unknown") >= 15
    for _text, product, cycle in rows:  # every expected cycle exists in the table
        if product != "unknown":
            assert program_table().get(product, cycle) is not None, (product, cycle)


def _inventory_systems() -> set[str]:
    found = set()
    files = glob.glob(str(DATA / "inventories" / "*")) + glob.glob(str(DATA / "interop" / "*"))
    for path in files:
        if path.endswith((".xml", ".json")):
            for device in read_inventory(path):
                for values in (device.values, *device.elsewhere.values()):
                    if values.get("os"):
                        found.add(values["os"])
    return found


def test_every_system_of_the_test_inventories_is_in_the_corpus():
    systems = _inventory_systems()
    assert {"Microsoft Windows 8.1 Professionnel", "Fedora release 25 (Twenty Five)"} <= systems
    assert systems <= {text for text, _p, _c in _corpus()}


def test_every_system_of_the_demo_is_recognised(demo_db):
    rows = demo_db.query("SELECT os FROM vm UNION SELECT os FROM server "
                         "UNION SELECT hypervisor FROM server")
    systems = {r["os"] for r in rows if r["os"]}
    assert systems
    for text in systems:
        assert match(text, program_table()) is not None, text
    assert systems - {"Windows Server 2012 R2 Standard"} <= {t for t, _p, _c in _corpus()} | {
        t for t in systems if match(t, program_table())}
