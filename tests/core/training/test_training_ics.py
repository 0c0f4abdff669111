"""The training calendar (.ics) read back with the icalendar library: one event per session,
the count reported is the count of events, stable UIDs from the database identity, Europe/Paris
times with their VTIMEZONE, all-day sessions, text that round-trips exactly."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from zoneinfo import ZoneInfo

import icalendar
import pytest
from support import run_cli

from si_local.core import clock, identity
from si_local.core import training as t
from si_local.core.db import open_database

PARIS = ZoneInfo("Europe/Paris")
NASTY = "Gestes; d'urgence, « AFGSU »\nniveau 2 🚑"


def read_calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def vevents(calendar) -> list:
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def session_count(path) -> int:
    db = open_database(path, read_only=True)
    try:
        return db.execute("SELECT count(*) FROM training_session").fetchone()[0]
    finally:
        db.close()


def reported(result) -> int:
    assert result.returncode == 0, result.stderr
    found = re.search(r"(\d+) session", result.stdout)
    assert found, result.stdout
    return int(found.group(1))


def test_demo_export_reports_the_events_it_wrote(demo_path, tmp_path):
    # a note holding a pasted invitation: the text of the file then says BEGIN:VEVENT more often
    # than there are events (the old export counted that text)
    db = open_database(demo_path)
    module = db.execute("SELECT id FROM training_module ORDER BY id LIMIT 1").fetchone()[0]
    t.save_session(db, {"module_id": module, "starts_at": "2026-12-14 09:00",
                        "ends_at": "2026-12-14 11:00",
                        "notes": "Invitation reçue de l’éditeur :\nBEGIN:VEVENT\n"
                                 "SUMMARY:Formation\nEND:VEVENT"})
    db.close()
    ics = tmp_path / "sessions.ics"
    count = reported(run_cli("export", "ics", "--db", str(demo_path), "-o", str(ics)))
    events = vevents(read_calendar(ics))
    assert len(events) == session_count(demo_path) == count == 23
    assert not ics.with_name(ics.name + ".part").exists()


def test_uids_unique_stable_and_the_database_s_own(demo_path, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    reported(run_cli("export", "ics", "--db", str(demo_path), "-o", str(first)))
    reported(run_cli("export", "ics", "--db", str(demo_path), "-o", str(second),
                     env={"SI_LOCAL_TODAY": "2027-01-15"}))
    uids = [str(e["UID"]) for e in vevents(read_calendar(first))]
    assert len(uids) == len(set(uids)) == session_count(demo_path)
    assert [str(e["UID"]) for e in vevents(read_calendar(second))] == uids
    own = identity.identity_of_file(demo_path).uuid
    assert all(own in uid for uid in uids)
    # a copy of the database is another database: its events are not the original's
    copy = tmp_path / "copy" / "demo.sqlite"
    copy.parent.mkdir()
    shutil.copy(demo_path, copy)
    identity.claim_file(copy)
    third = tmp_path / "c.ics"
    reported(run_cli("export", "ics", "--db", str(copy), "-o", str(third)))
    assert not {str(e["UID"]) for e in vevents(read_calendar(third))} & set(uids)


def test_nasty_text_round_trips(db, tmp_path):
    db["facility"].insert({"name": "Hôpital local", "finess": "030000012"})
    module = t.save_module(db, {"name": NASTY, "profiles": ["nurse"]})
    room = ("Salle de formation; bâtiment A, 2e étage \\ aile nord — accès par l’ascenseur des "
            "visiteurs, côté « urgences » 🚑🚑🚑 " + "é" * 80)
    notes = "Apporter sa carte CPS,\nvenir 10 min avant; tenue: blouse\n\n🩺 niveau 2"
    sid = t.save_session(db, {"module_id": module, "starts_at": "2026-07-01 09:00",
                              "ends_at": "2026-07-01 11:30", "room": room, "notes": notes,
                              "trainer_kind": "vendor", "trainer_name": "Mme Aubert, éditeur"})
    path = tmp_path / "plan.ics"
    assert t.export_ics(db, path) == 1
    data = path.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    for raw in data.split(b"\r\n"):
        assert len(raw) <= 75  # folded at 75 octets
        raw.decode("utf-8")  # never inside a character
    (event,) = vevents(read_calendar(path))
    assert str(event["SUMMARY"]) == NASTY
    assert str(event["LOCATION"]) == room
    description = str(event["DESCRIPTION"])
    assert description.endswith("\n" + notes)
    assert "Mme Aubert, éditeur" in description
    assert str(event["UID"]) == t.session_uid(db, sid)


def test_times_in_paris_with_their_time_zone_and_dtstamp_from_the_clock(db, tmp_path):
    module = t.save_module(db, {"name": "Plan de soins", "profiles": ["nurse"]})
    unit = t.save_unit(db, {"name": "Médecine"})
    staff = t.save_staff(db, {"last_name": "Martin", "first_name": "Claire", "profile": "nurse",
                              "unit_id": unit})
    summer = t.save_session(db, {"module_id": module, "starts_at": "2026-07-01 09:00",
                                 "ends_at": "2026-07-01 11:30", "capacity": 8})
    t.save_session(db, {"module_id": module, "starts_at": "2026-12-01 14:00",
                        "ends_at": "2026-12-01 16:00"})
    t.book(db, summer, [staff])
    previous = clock.set_clock(clock.FixedClock(dt.datetime(2026, 6, 15, 10, 30)))
    try:
        path = tmp_path / "plan.ics"
        assert t.export_ics(db, path) == 2
        stamp = clock.utcnow()
    finally:
        clock.set_clock(previous)
    calendar = read_calendar(path)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    first, second = vevents(calendar)
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first.decoded("DTSTART") == dt.datetime(2026, 7, 1, 9, 0, tzinfo=PARIS)
    assert first.decoded("DTSTART").astimezone(dt.UTC).hour == 7  # summer: UTC+2
    assert first.decoded("DTEND") == dt.datetime(2026, 7, 1, 11, 30, tzinfo=PARIS)
    assert second.decoded("DTSTART").astimezone(dt.UTC).hour == 13  # winter: UTC+1
    assert first.decoded("DTSTAMP") == stamp
    assert str(first["SUMMARY"]) == "Plan de soins"
    assert "Médecine" in str(first["DESCRIPTION"]) and "1 / 8" in str(first["DESCRIPTION"])


def test_a_session_without_times_is_an_all_day_event(db, tmp_path):
    module = t.save_module(db, {"name": "Journée de bascule", "profiles": ["nurse"]})
    t.save_session(db, {"module_id": module, "starts_at": "2026-07-01", "ends_at": "2026-07-02"})
    t.save_session(db, {"module_id": module, "starts_at": "2026-07-06", "ends_at": "2026-07-08"})
    path = tmp_path / "plan.ics"
    assert t.export_ics(db, path) == 2
    one, two = vevents(read_calendar(path))
    assert one.decoded("DTSTART") == dt.date(2026, 7, 1)
    assert not isinstance(one.decoded("DTSTART"), dt.datetime)
    assert one.decoded("DTEND") == dt.date(2026, 7, 2)  # the day after (exclusive)
    assert (two.decoded("DTSTART"), two.decoded("DTEND")) == (dt.date(2026, 7, 6), dt.date(2026, 7, 8))
    assert b"DTSTART;VALUE=DATE:20260701" in path.read_bytes()


@pytest.mark.parametrize("wanted", [[1, 3], [2]])
def test_a_chosen_set_of_sessions_counts_what_it_wrote(db, tmp_path, wanted):
    module = t.save_module(db, {"name": "Plan de soins", "profiles": ["nurse"]})
    for day in (1, 2, 3):
        t.save_session(db, {"module_id": module, "starts_at": f"2026-07-0{day} 09:00",
                            "ends_at": f"2026-07-0{day} 10:00",
                            "notes": "BEGIN:VEVENT est dans le texte"})
    path = tmp_path / "some.ics"
    assert t.export_ics(db, path, wanted) == len(vevents(read_calendar(path))) == len(wanted)
