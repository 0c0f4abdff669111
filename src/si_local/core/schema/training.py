"""Schema of the training area: units, staff, référents, modules, sessions, participants.

Session times (``starts_at``, ``ends_at``) are the facility's local wall-clock time
(Europe/Paris) as ISO text ``YYYY-MM-DDTHH:MM``: a training session is planned at "9:00 in the
meeting room", whatever the season. The iCalendar export converts them to UTC.
"""

from __future__ import annotations

from ..audit import install_audit_triggers
from . import run_ddl

TABLES = [
    "training_plan", "training_unit", "training_staff", "training_referent", "training_module",
    "training_module_profile", "training_session", "training_participant",
]

PROFILES = ("doctor", "nurse", "nursing_assistant", "midwife", "secretary", "pharmacy", "other")

_PROFILE_CHECK = ", ".join(f"'{p}'" for p in PROFILES)

DDL = f"""
CREATE TABLE training_plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    go_live_date TEXT,
    target_percent INTEGER NOT NULL DEFAULT 80 CHECK (target_percent BETWEEN 1 AND 100),
    application_id INTEGER REFERENCES application(id) ON DELETE SET NULL,
    notes TEXT
);
CREATE TABLE training_unit (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    site_id INTEGER REFERENCES site(id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'care_unit'
        CHECK (kind IN ('care_unit', 'service', 'night_team', 'other')),
    manager_name TEXT,
    notes TEXT
);
CREATE TABLE training_staff (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    profile TEXT NOT NULL DEFAULT 'other' CHECK (profile IN ({_PROFILE_CHECK})),
    unit_id INTEGER REFERENCES training_unit(id) ON DELETE SET NULL,
    shift TEXT NOT NULL DEFAULT 'day' CHECK (shift IN ('day', 'night')),
    status TEXT NOT NULL DEFAULT 'permanent'
        CHECK (status IN ('permanent', 'temporary', 'newcomer')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    notes TEXT
);
CREATE INDEX training_staff_unit ON training_staff(unit_id);
CREATE TABLE training_referent (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES training_unit(id) ON DELETE CASCADE,
    staff_id INTEGER NOT NULL REFERENCES training_staff(id) ON DELETE CASCADE,
    start_date TEXT,
    mission TEXT,
    UNIQUE (unit_id, staff_id)
);
CREATE INDEX training_referent_staff ON training_referent(staff_id);
CREATE TABLE training_module (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    application_id INTEGER REFERENCES application(id) ON DELETE SET NULL,
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes > 0),
    modality TEXT NOT NULL DEFAULT 'classroom'
        CHECK (modality IN ('classroom', 'e_learning', 'tutoring', 'quick_card')),
    description TEXT
);
CREATE TABLE training_module_profile (
    id INTEGER PRIMARY KEY,
    module_id INTEGER NOT NULL REFERENCES training_module(id) ON DELETE CASCADE,
    profile TEXT NOT NULL CHECK (profile IN ({_PROFILE_CHECK})),
    UNIQUE (module_id, profile)
);
CREATE TABLE training_session (
    id INTEGER PRIMARY KEY,
    module_id INTEGER NOT NULL REFERENCES training_module(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    trainer_kind TEXT NOT NULL DEFAULT 'internal'
        CHECK (trainer_kind IN ('vendor', 'internal', 'referent')),
    trainer_name TEXT,
    room TEXT,
    capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
    notes TEXT,
    CHECK (ends_at > starts_at)
);
CREATE INDEX training_session_module ON training_session(module_id);
CREATE INDEX training_session_start ON training_session(starts_at);
CREATE TABLE training_participant (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_session(id) ON DELETE CASCADE,
    staff_id INTEGER NOT NULL REFERENCES training_staff(id) ON DELETE CASCADE,
    attendance TEXT NOT NULL DEFAULT 'pending'
        CHECK (attendance IN ('pending', 'present', 'absent', 'excused')),
    evaluation INTEGER CHECK (evaluation IS NULL OR evaluation BETWEEN 1 AND 5),
    comment TEXT,
    UNIQUE (session_id, staff_id)
);
CREATE INDEX training_participant_staff ON training_participant(staff_id);
"""


def create(db) -> None:
    """Create the training tables and their audit triggers."""
    run_ddl(db, DDL)
    install_audit_triggers(db, TABLES)
