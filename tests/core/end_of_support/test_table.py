"""The shipped table, a bad table refused in one line, a newer one loaded wins."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from si_local.core.end_of_support import (
    current_table, load_table, program_table, read_table_file,
)
from si_local.core.errors import ImportFileError
from si_local.core.paths import resource


def test_the_shipped_table_holds_the_systems_of_the_facilities():
    table = program_table()
    assert table.source == "endoflife.date" and table.licence == "MIT"
    assert table.date >= dt.date(2026, 8, 1)
    for product, cycle, end in [
        ("windows-server", "2012-r2", "2023-10-10"), ("windows-server", "2008-r2-sp1", "2020-01-14"),
        ("windows-server", "2016", "2027-01-12"), ("windows-server", "2019", "2029-01-09"),
        ("windows-server", "2022", "2031-10-14"), ("windows-server", "2025", "2034-11-14"),
        ("windows", "7-sp1", "2020-01-14"), ("windows", "8.1", "2023-01-10"),
        ("windows", "10-22h2", "2025-10-14"), ("debian", "12", "2028-06-30"),
        ("ubuntu", "22.04", "2027-04-01"), ("rhel", "8", "2029-05-31"), ("centos", "7", "2024-06-30"),
        ("rocky-linux", "9", "2032-05-31"), ("almalinux", "9", "2032-05-31"),
        ("fedora", "25", "2017-12-12"), ("vmware-esxi", "7.0", "2025-10-02"),
        ("proxmox-ve", "8", "2026-08-31"), ("mssqlserver", "15.0", "2030-01-08"),
    ]:
        assert str(table.get(product, cycle).end) == end, (product, cycle)
    assert table.get("macos", "14").end is None  # supported, no end announced
    assert table.get("windows-server", "2012-r2").extended == dt.date(2026, 10, 13)
    assert resource("end_of_support", "LICENSE-endoflife-date.txt").read_text().startswith(
        "Copyright 2020 endoflife.date contributors")


def _table(date: str, end: str = "2030-01-01") -> dict:
    return {"format": 1, "source": {"name": "endoflife.date", "url": "https://endoflife.date",
                                    "licence": "MIT", "date": date},
            "products": {"windows-server": {"label": "Windows Server", "cycles": [
                {"cycle": "2012-r2", "label": "2012 R2", "end": end, "extended": None}]}}}


@pytest.mark.parametrize("content,problem", [
    ("{", "n’est pas un fichier JSON"),
    (json.dumps({"format": 2}), "format 1 attendu"),
    (json.dumps(_table("2027-13-01")), "n’est pas une date"),
    (json.dumps(_table("2027-01-01", end="soon")), "windows-server 2012-r2"),
])
def test_a_bad_table_is_refused_in_one_line_and_nothing_is_written(db, tmp_path, content, problem):
    path = tmp_path / "table.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        load_table(db, path)
    message = str(caught.value)
    assert "\n" not in message and "table.json" in message and problem in message
    assert db["end_of_support_table"].count == 0


def test_a_newer_table_wins_an_older_one_does_not(db, tmp_path):
    older, newer = tmp_path / "older.json", tmp_path / "newer.json"
    older.write_text(json.dumps(_table("2020-01-01", end="2040-01-01")), encoding="utf-8")
    newer.write_text(json.dumps(_table("2099-01-01", end="2041-02-03")), encoding="utf-8")
    assert not load_table(db, older).in_use
    assert current_table(db).origin == "program"
    result = load_table(db, newer)
    assert result.in_use and read_table_file(newer).date == dt.date(2099, 1, 1)
    table = current_table(db)
    assert table.origin == "loaded" and table.date == dt.date(2099, 1, 1)
    assert str(table.get("windows-server", "2012-r2").end) == "2041-02-03"
    assert db["end_of_support_table"].count == 2


def test_a_core_model_pack_may_carry_a_newer_table(db):
    from si_local.core.group import packs

    packs.add_rule(db, "end_of_support_table", "endoflife", "Dates de fin de support",
                   _table("2099-02-01", end="2042-01-01"))
    table = current_table(db)
    assert table.origin == "core model" and str(table.get("windows-server", "2012-r2").end) == "2042-01-01"
    with pytest.raises(ImportFileError):
        packs.add_rule(db, "end_of_support_table", "bad", "Mauvaise table", {"format": 1})
