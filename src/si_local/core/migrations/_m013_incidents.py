"""Step m013_incidents, frozen once on main: never to be edited (a change is a new step).

The incident register (core/incidents/). It is append-only: an entry is never changed nor
deleted; a correction is a new entry naming the one it corrects (``corrects_id``, at most one
correction of an entry, of the same incident). Triggers refuse an UPDATE or a DELETE of the
entries and of their links, whoever runs it. The links keep the name of the record they point
at (no foreign key: deleting a server from the registry must not touch the register).
``incident_setting`` holds the register's settings by name: ``nis2_in_scope`` (0 or 1, no
row: 0) says whether the facility is in the scope of NIS2.
"""

from __future__ import annotations

from ._ddl import run_ddl, audit_triggers


def step(db):
    run_ddl(db, """
CREATE TABLE incident_setting (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name IN ('nis2_in_scope')),
    value INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE incident_entry (
    id INTEGER PRIMARY KEY,
    incident_no INTEGER NOT NULL,
    corrects_id INTEGER UNIQUE REFERENCES incident_entry(id),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT,
    title TEXT NOT NULL,
    description TEXT,
    started_at TEXT,
    detected_at TEXT NOT NULL,
    ended_at TEXT,
    consequences_care TEXT,
    consequences_data TEXT,
    consequences_system TEXT,
    causes TEXT,
    actions TEXT,
    declaration TEXT NOT NULL DEFAULT 'to_assess'
        CHECK (declaration IN ('required', 'not_required', 'to_assess')),
    declared_at TEXT,
    declared_to TEXT,
    declared_reference TEXT,
    declarant_name TEXT,
    declarant_role TEXT,
    declarant_contact TEXT,
    steps_done TEXT NOT NULL DEFAULT '{}',
    correction_note TEXT
);
CREATE INDEX incident_entry_no ON incident_entry(incident_no);
CREATE TABLE incident_link (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES incident_entry(id),
    kind TEXT NOT NULL
        CHECK (kind IN ('application', 'server', 'vm', 'site', 'equipment', 'unit', 'activity')),
    record_id INTEGER,
    name TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'picked' CHECK (origin IN ('picked', 'impact'))
);
CREATE INDEX incident_link_entry ON incident_link(entry_id);
CREATE TRIGGER incident_entry_no_update BEFORE UPDATE ON incident_entry
BEGIN SELECT RAISE(ABORT, 'the incident register is append-only: record a correction'); END;
CREATE TRIGGER incident_entry_no_delete BEFORE DELETE ON incident_entry
BEGIN SELECT RAISE(ABORT, 'the incident register is append-only: record a correction'); END;
CREATE TRIGGER incident_link_no_update BEFORE UPDATE ON incident_link
BEGIN SELECT RAISE(ABORT, 'the incident register is append-only: record a correction'); END;
CREATE TRIGGER incident_link_no_delete BEFORE DELETE ON incident_link
BEGIN SELECT RAISE(ABORT, 'the incident register is append-only: record a correction'); END;
CREATE TRIGGER incident_entry_first BEFORE INSERT ON incident_entry
WHEN NEW.corrects_id IS NULL
    AND EXISTS (SELECT 1 FROM incident_entry WHERE incident_no = NEW.incident_no)
BEGIN SELECT RAISE(ABORT, 'this incident number is taken'); END;
CREATE TRIGGER incident_entry_correction BEFORE INSERT ON incident_entry
WHEN NEW.corrects_id IS NOT NULL AND NEW.incident_no IS NOT
    (SELECT incident_no FROM incident_entry WHERE id = NEW.corrects_id)
BEGIN SELECT RAISE(ABORT, 'a correction belongs to the incident of the entry it corrects'); END;
""")
    audit_triggers(db, ["incident_setting", "incident_entry", "incident_link"])
