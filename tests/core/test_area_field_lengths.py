"""Maximum lengths of the text fields of the continuity plan, the training plan, the
self-diagnostic and the core model: one table per area (``TEXT_COLUMNS``) from the one table of
limits by field type (``validation.MAX_LENGTHS``), enforced by every save function on a real
SQLite file: a longer value is refused naming the field, nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from si_local.core import continuity as c
from si_local.core import incidents as inc
from si_local.core import registry as reg
from si_local.core import secrets as sec
from si_local.core import training as t
from si_local.core import validation as v
from si_local.core.db import open_database
from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic.questionnaire import default_questionnaire
from si_local.core.errors import ImportFileError, ValidationError
from si_local.core.i18n import format_number
from si_local.core.group import packs
from si_local.core.readiness import declarations as readiness_declarations

# each area's tables are those of the database whose name starts so (a new one is walked too)
AREAS = [("continuity_", c), ("training_", t), ("diagnostic_", camp), ("core_model_", packs),
         ("secret_ref", sec), ("readiness_", readiness_declarations), ("incident_", inc)]


def _tables(db, prefix: str) -> list[str]:
    found = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ? "
        "ORDER BY rowid", [len(prefix), prefix])]
    assert found, prefix
    return found


def _text_columns(db, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[2].upper() == "TEXT"}


@pytest.mark.parametrize("prefix, area", AREAS,
                         ids=lambda x: x.rstrip("_") if isinstance(x, str) else "")
def test_every_text_column_of_these_areas_has_a_limit_or_is_said_not_free_text(db, prefix, area):
    """A new TEXT column cannot forget its limit: it is free text with a limit from the one table
    of MAX_LENGTHS, or listed as a date, a choice key, a JSON document…"""
    for table in _tables(db, prefix):
        columns = _text_columns(db, table)
        limited = set(area.TEXT_COLUMNS.get(table, {}))
        other = set(area.OTHER_TEXT_COLUMNS.get(table, set()))
        assert not limited & other, f"{table}: {limited & other} both limited and not free text"
        assert columns == limited | other, (
            f"{table}: without a limit {sorted(columns - limited - other)}, "
            f"unknown {sorted((limited | other) - columns)}")
        for name, column in area.TEXT_COLUMNS.get(table, {}).items():
            assert column.type in v.MAX_LENGTHS, f"{table}.{name}"
            assert column.limit == (column.max_length or v.MAX_LENGTHS[column.type]) > 0


def test_the_limits_short_text_and_notes():
    assert c.TEXT_COLUMNS["continuity_scenario"]["name"].limit == 200
    assert c.TEXT_COLUMNS["continuity_step"]["note"].limit == 10_000
    assert t.TEXT_COLUMNS["training_staff"]["last_name"].limit == 200
    assert t.TEXT_COLUMNS["training_module"]["description"].limit == 10_000
    assert camp.TEXT_COLUMNS["diagnostic_action"]["owner"].limit == 200
    assert camp.TEXT_COLUMNS["diagnostic_answer"]["comment"].limit == 10_000


# --- every column, through the function that saves it ----------------------------------------

def _ids(db):
    """A scenario, a step, an exercise, a unit, a person, a module, a session and a campaign to
    attach the records under test to."""
    found = {"scenario": c.save_scenario(db, {"name": "Panne réseau", "kind": "network"})}
    found["step"] = c.save_step(db, {"scenario_id": found["scenario"], "title": "Prévenir"})
    found["exercise"] = c.save_exercise(db, {"held_on": "2026-03-02",
                                             "scenario_id": found["scenario"]})
    found["unit"] = t.save_unit(db, {"name": "Médecine"})
    found["staff"] = t.save_staff(db, {"last_name": "Martin", "first_name": "Claire"})
    found["module"] = t.save_module(db, {"name": "Dossier patient"})
    found["session"] = t.save_session(db, {"module_id": found["module"],
                                           "starts_at": "2026-01-05T09:00",
                                           "ends_at": "2026-01-05T11:00"})
    t.book(db, found["session"], [found["staff"]])
    found["referent"] = t.add_referent(db, found["unit"], found["staff"])
    q = default_questionnaire()
    found["q"] = q
    found["campaign"] = camp.create_campaign(db, "Autodiagnostic", dt.date(2026, 2, 1), q)
    found["action"] = act.add_action(db, found["campaign"], "Sauvegardes")
    found["server"] = reg.save(db, reg.SERVERS, {"name": "SRV-1"})
    return found


def _save(db, ids, table: str, column: str, value: str) -> None:
    """Write ``value`` into ``table.column`` the way the window does."""
    if table == "continuity_plan":
        c.save_plan(db, {column: value})
    elif table == "continuity_plan_version":
        c.approve_plan(db, value if column == "approved_by" else "Direction",
                       dt.date(2026, 3, 1), value if column == "summary" else None)
    elif table == "continuity_activity":
        c.save_activity(db, {"name": "Admissions", column: value})
    elif table == "continuity_scenario":
        c.save_scenario(db, {"name": "Incendie", column: value}, ids["scenario"])
    elif table == "continuity_step":
        c.save_step(db, {"title": "Prévenir", column: value}, ids["step"])
    elif table == "continuity_crisis_role":
        c.save_crisis_role(db, {"role": "Directeur", "allow_empty": True, column: value})
    elif table == "continuity_exercise":
        c.save_exercise(db, {"held_on": "2026-03-02", column: value}, ids["exercise"])
    elif table == "continuity_exercise_step":
        if column == "step_title":
            c.save_step(db, {"title": value}, ids["step"])
        c.record_step_time(db, ids["exercise"], ids["step"], 12,
                           value if column == "note" else None)
    elif table == "continuity_finding":
        c.save_finding(db, {"finding": "Trop lent", "owner": "DSI", column: value})
    elif table == "continuity_exercise_participant":
        c.save_participant(db, ids["exercise"], {"name": "Anne MARTIN", column: value})
    elif table == "continuity_exercise_event":
        c.save_event(db, ids["exercise"], {"text": "Appel", column: value})
    elif table == "training_plan":
        t.save_plan(db, {column: value})
    elif table == "training_unit":
        t.save_unit(db, {"name": "Médecine", column: value}, ids["unit"])
    elif table == "training_staff":
        t.save_staff(db, {"last_name": "Martin", column: value}, ids["staff"])
    elif table == "training_profile":
        t.add_profile(db, value)
    elif table == "training_referent":
        t.update_referent(db, ids["referent"], None, value)
    elif table == "training_module":
        t.save_module(db, {"name": "Dossier patient", column: value}, ids["module"])
    elif table == "training_session":
        t.save_session(db, {**t.get_session(db, ids["session"]), column: value}, ids["session"])
    elif table == "training_participant":
        t.record_attendance(db, ids["session"], {ids["staff"]: "present"},
                            {ids["staff"]: (4, value)}, today=dt.date(2026, 1, 6))
    elif table == "diagnostic_campaign":
        camp.create_campaign(db, value, dt.date(2026, 3, 1), ids["q"])
    elif table == "diagnostic_participant":
        camp.set_participants(db, ids["campaign"], [("Claire Martin", "cadre"), (
            value if column == "name" else "Paul Durand", value if column == "role" else "DSI")])
    elif table == "diagnostic_answer":
        camp.save_answer(db, ids["campaign"], ids["q"].questions[0], level=2, **{column: value})
    elif table == "diagnostic_action":
        act.update_action(db, ids["action"], **{column: value})
    elif table == "core_model_item":
        packs.add_rule(db, "naming_rule", value if column == "key" else "vm-names",
                       value if column == "title" else "Noms des VM",
                       {"registry_kind": "vms", "pattern": "^VM-"})
    elif table == "secret_ref":
        values = {"account": "admin", "label": "", "location_note": "", column: value}
        sec.save_ref(db, "servers", ids["server"], **values)
    elif table == "core_model_pack":
        raise AssertionError("written only from a pack file: see test_a_pack_…")
    elif table == "readiness_declaration":
        from si_local.core import readiness

        readiness.declare(db, readiness.load(db), "care-d2-backup-segmentation",
                          value if column == "declared_by" else "Marie Durand",
                          dt.date(2026, 3, 1), note=value if column == "note" else None,
                          document=value if column == "document_path" else None)
    elif table == "incident_entry":
        inc.add_incident(db, {"title": "Panne", "detected_at": "2026-11-20 08:00", column: value})
    elif table == "incident_link":
        inc.add_incident(db, {"title": "Panne", "detected_at": "2026-11-20 08:00"},
                         [inc.Link("site", value)])
    else:  # pragma: no cover - a new table must say how it is saved
        raise AssertionError(f"no saver for {table}")


def _all_rows(db) -> list:
    return [(table, list(db.execute(f"SELECT * FROM {table} ORDER BY id")))
            for prefix, _area in AREAS for table in _tables(db, prefix)]


# written only from a file: a pack (test_a_pack_…), a bundle (interop/test_area_lengths_import.py)
FROM_A_FILE_ONLY = {("core_model_pack", column) for column in packs.TEXT_COLUMNS["core_model_pack"]} \
    | {("diagnostic_campaign", "notes")} \
    | {("readiness_declaration", "document_path")}  # an existing file's path: tests/core/readiness
CASES = [(table, column, text.limit)
         for _prefix, area in AREAS for table, columns in area.TEXT_COLUMNS.items()
         for column, text in columns.items() if (table, column) not in FROM_A_FILE_ONLY]


@pytest.mark.parametrize("table, column, limit", CASES, ids=[f"{a}.{b}" for a, b, _l in CASES])
def test_every_save_function_refuses_a_value_too_long_and_writes_nothing(db_path, table, column,
                                                                         limit):
    db = open_database(db_path)
    ids = _ids(db)
    before = _all_rows(db)
    # a ValidationError naming the field; an item authored here is checked as a pack's would be
    expected = ImportFileError if table == "core_model_item" else ValidationError
    with pytest.raises(expected) as caught:
        _save(db, ids, table, column, "x" * (limit + 1))
    message = str(caught.value)
    wanted = f"{format_number(limit + 1)} caractères, au plus {format_number(limit)}."
    assert wanted in message, message
    db.close()
    db = open_database(db_path)
    assert _all_rows(db) == before
    # exactly at the limit, spaces around not counted: stored
    _save(db, ids, table, column, "  " + "y" * limit + " ")
    stored = [(r[0] or "").strip() for r in db.execute(f"SELECT {column} FROM {table}")]
    assert "y" * limit in stored, f"{table}.{column}"
    db.close()


# --- the messages ----------------------------------------------------------------------------

def test_continuity_names_the_field_by_its_label(db):
    with pytest.raises(ValidationError) as caught:
        c.save_scenario(db, {"name": "s" * 5000, "kind": "other"})
    assert caught.value.errors == {"Nom": "5\u202f000 caractères, au plus 200."}
    assert db.execute("SELECT count(*) FROM continuity_scenario").fetchone()[0] == 1  # mandatory
    with pytest.raises(ValidationError) as caught:
        c.save_plan(db, {"title": "PCA", "scope": "p" * 10_001})
    assert caught.value.errors == {"Périmètre": "10\u202f001 caractères, au plus 10\u202f000."}
    assert c.get_plan(db)["title"] is None


def test_training_names_the_field_like_the_registry(db):
    with pytest.raises(ValidationError) as caught:
        t.save_unit(db, {"name": "u" * 5000})
    assert caught.value.errors == {"name": "Nom : 5\u202f000 caractères, au plus 200."}
    with pytest.raises(ValidationError) as caught:
        t.save_staff(db, {"last_name": "Martin", "first_name": "C" * 201, "notes": "n" * 10_001})
    assert caught.value.errors == {
        "first_name": "Prénom : 201 caractères, au plus 200.",
        "notes": "Notes : 10\u202f001 caractères, au plus 10\u202f000."}
    assert db.execute("SELECT count(*) FROM training_unit").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM training_staff").fetchone()[0] == 0


def test_diagnostic_names_the_field(db):
    q = default_questionnaire()
    with pytest.raises(ValidationError) as caught:
        camp.create_campaign(db, "T" * 300, dt.date(2026, 2, 1), q)
    assert caught.value.errors == {"Intitulé": "300 caractères, au plus 200."}
    with pytest.raises(ValidationError) as caught:
        camp.create_campaign(db, "Autodiagnostic", dt.date(2026, 2, 1), q,
                             participants=[("P" * 201, "cadre")])
    assert caught.value.errors == {"Participant": "201 caractères, au plus 200."}
    assert db.execute("SELECT count(*) FROM diagnostic_campaign").fetchone()[0] == 0


def test_the_message_in_english(db, english):
    with pytest.raises(ValidationError) as caught:
        c.save_step(db, {"scenario_id": c.ensure_mandatory(db), "title": "y" * 1234})
    assert caught.value.errors == {"Title": "1,234 characters, at most 200."}
    with pytest.raises(ValidationError) as caught:
        t.save_module(db, {"name": "y" * 1234})
    assert caught.value.errors == {"name": "Name: 1,234 characters, at most 200."}
