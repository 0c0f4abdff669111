"""The reads moved out of the window (issue 15): Home's summary, the facility form's record, the
number of credentials, the data version, the last pack's group. Each gives what the page showed."""

from __future__ import annotations

from si_local.core import secrets, summary, write_guard
from si_local.core.group import packs


def test_an_empty_database(db):
    assert summary.first_facility(db) is None
    assert summary.site_count(db) == 0
    assert summary.record_counts(db) == {"servers": 0, "vms": 0, "applications": 0, "backups": 0}
    assert summary.last_restore_test(db) is None
    assert secrets.ref_count(db) == 0
    assert packs.last_group_name(db) is None


def test_the_demo(demo_db):
    db = demo_db
    facility = summary.first_facility(db)
    assert facility == tuple(db.execute(
        "SELECT id, name, finess, kind FROM facility ORDER BY id LIMIT 1").fetchone())
    assert summary.site_count(db) == db.execute("SELECT count(*) FROM site").fetchone()[0] > 0
    counts = summary.record_counts(db)
    assert list(counts) == ["servers", "vms", "applications", "backups"]  # the cards' order
    assert counts["servers"] == db.execute("SELECT count(*) FROM server").fetchone()[0] > 0
    tested_on, _result = summary.last_restore_test(db)
    assert tested_on == db.execute("SELECT max(tested_on) FROM restore_test").fetchone()[0]


def test_the_data_version_moves_when_another_connection_writes(db, db_path):
    import sqlite3

    before = write_guard.data_version(db.conn)
    other = sqlite3.connect(db_path)
    try:
        other.execute("CREATE TABLE scratch (x)")
        other.commit()
    finally:
        other.close()
    assert write_guard.data_version(db.conn) != before


def test_records_by_name_are_what_a_list_to_choose_from_offers(demo_db):
    import pytest

    from si_local.core import registry as reg

    reg.save(demo_db, reg.APPLICATIONS, {"name": "aaa première", "criticality": "low"})
    names = [r["name"] for r in summary.records_by_name(demo_db, "application")]
    from si_local.core.collation import french_sorted

    assert names == french_sorted(names) and "aaa première" in names  # French order
    contacts = summary.records_by_name(demo_db, "contact", "role")
    assert contacts and set(contacts[0]) == {"id", "name", "role"}
    for bad in (("facility_secret",), ("contact", "role; DROP TABLE contact")):
        with pytest.raises(ValueError):
            summary.records_by_name(demo_db, *bad)
