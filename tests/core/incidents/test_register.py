"""The incident register is append-only, in the code and in the schema: an entry is never
changed nor deleted, whoever asks (the code, sqlite3 directly, two programs at once); a
correction is a new entry naming the one it corrects, and the register shows the latest."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from si_local.core import audit
from si_local.core import incidents as inc
from si_local.core import registry as reg
from si_local.core.db import open_database
from si_local.core.errors import UserError, ValidationError


def _values(**extra):
    values = {"title": "Panne du serveur de messagerie", "detected_at": "2026-11-20 08:30",
              "started_at": "2026-11-20 07:50", "description": "Plus de courriels depuis 7 h 50."}
    values.update(extra)
    return values


def test_an_incident_is_recorded_and_read_back(db):
    number = inc.add_incident(db, _values(), [inc.Link("server", "SRV-MAIL", 4)])
    found = inc.incident(db, number)
    assert found.number == number
    assert found.entry["detected_at"] == "2026-11-20T08:30"
    assert found.entry["declaration"] == "to_assess"
    assert [(link.kind, link.name) for link in found.links] == [("server", "SRV-MAIL")]
    assert found.history == []


def test_the_values_are_checked():
    with pytest.raises(ValidationError) as info:
        inc.clean_entry({"title": " ", "detected_at": "demain"})
    assert set(info.value.errors) == {"title", "detected_at"}
    with pytest.raises(ValidationError) as info:
        inc.clean_entry(_values(ended_at="2026-11-19 10:00"))
    assert set(info.value.errors) == {"ended_at"}
    with pytest.raises(ValidationError) as info:
        inc.clean_entry(_values(title="x" * 201))
    assert "title" in info.value.errors


def test_a_correction_is_a_new_entry_and_the_register_shows_the_latest(db):
    first = inc.add_incident(db, _values())
    second = inc.correct_incident(db, first, _values(title="Panne de la messagerie",
                                                     correction_note="titre précisé"))
    third = inc.correct_incident(db, second, _values(title="Panne de la messagerie (réseau)"))
    (shown,) = inc.incidents(db)
    assert shown.number == first and shown.id == third
    assert shown.entry["title"] == "Panne de la messagerie (réseau)"
    assert [e["id"] for e in shown.history] == [second, first]
    assert [e["title"] for e in inc.history(db, first)] == [
        "Panne de la messagerie (réseau)", "Panne de la messagerie", "Panne du serveur de messagerie"]
    # the audit trail holds every row, none changed
    actions = [r[0] for r in db.execute(
        "SELECT action FROM audit WHERE table_name = 'incident_entry' ORDER BY id")]
    assert actions == ["insert", "insert", "insert"]


def test_an_entry_already_corrected_cannot_be_corrected_again(db):
    first = inc.add_incident(db, _values())
    inc.correct_incident(db, first, _values(title="Version 2"))
    with pytest.raises(UserError, match="déjà été corrigée"):
        inc.correct_incident(db, first, _values(title="Branche"))
    assert len(inc.history(db, first)) == 2


@pytest.mark.parametrize("statement", [
    "UPDATE incident_entry SET title = 'effacé'",
    "DELETE FROM incident_entry",
    "UPDATE incident_link SET name = 'autre'",
    "DELETE FROM incident_link",
    "INSERT OR REPLACE INTO incident_entry (id, incident_no, recorded_at, title, detected_at) "
    "VALUES (1, 1, '2026-11-20T09:00', 'remplacé', '2026-11-20T08:30')",
])
def test_sqlite3_directly_cannot_change_the_register(db, statement):
    number = inc.add_incident(db, _values(), [inc.Link("server", "SRV-MAIL", 4)])
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    raw = sqlite3.connect(path)
    audit.register_functions(raw)  # the audit triggers call it; a program without it fails anyway
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only|number is taken"):
            raw.execute(statement)
        raw.rollback()
    finally:
        raw.close()
    found = inc.incident(db, number)
    assert found.entry["title"] == "Panne du serveur de messagerie"
    assert [link.name for link in found.links] == ["SRV-MAIL"]


def test_sqlite3_directly_cannot_fork_or_move_an_incident(db):
    first = inc.add_incident(db, _values())
    other = inc.add_incident(db, _values(title="Autre"))
    second = inc.correct_incident(db, first, _values(title="Version 2"))
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    raw = sqlite3.connect(path)
    audit.register_functions(raw)  # the audit triggers call it; a program without it fails anyway
    try:
        insert = ("INSERT INTO incident_entry (incident_no, corrects_id, recorded_at, title, "
                  "detected_at) VALUES (?, ?, '2026-11-20T09:00', 'x', '2026-11-20T08:30')")
        with pytest.raises(sqlite3.IntegrityError):  # a second correction of the same entry
            raw.execute(insert, [first, first])
        with pytest.raises(sqlite3.IntegrityError, match="belongs to the incident"):
            raw.execute(insert, [other, second])
        with pytest.raises(sqlite3.IntegrityError, match="number is taken"):
            raw.execute(insert, [first, None])
        raw.rollback()
    finally:
        raw.close()
    assert len(inc.history(db, first)) == 2


def test_two_programs_correcting_the_same_version_at_once_one_wins(db, tmp_path):
    first = inc.add_incident(db, _values())
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    results: list = []
    barrier = threading.Barrier(2)

    def correct(title):
        other = open_database(path)
        try:
            barrier.wait()
            results.append(inc.correct_incident(other, first, _values(title=title)))
        except UserError as exc:
            results.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=correct, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["UserError", "int"]
    assert len(inc.history(db, first)) == 2


def test_a_registry_record_deleted_later_keeps_its_name_in_the_register(db):
    server = reg.save(db, reg.SERVERS, {"name": "SRV-01"})
    number = inc.add_incident(db, _values(), [inc.Link("server", "SRV-01", server)])
    with db.atomic():
        reg.delete(db, reg.SERVERS, server)
    assert [link.name for link in inc.incident(db, number).links] == ["SRV-01"]
