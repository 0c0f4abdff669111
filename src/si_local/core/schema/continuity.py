"""Schema of the continuity area: the plan, critical activities, scenarios and their ordered
steps, the crisis cell, exercises with measured times, findings and actions.

The plan is a single row (``id = 1``). The scenario "information system unavailable"
(``kind = 'is_unavailable'``, ``is_mandatory = 1``) is created here and a trigger refuses its
deletion. Step positions are 1-based and kept dense by :mod:`si_local.core.continuity`.
Each registry item a step concerns is one row of ``continuity_step_item`` with exactly one of its
reference columns set, so deleting a server warns about (and removes) the links.
"""

from __future__ import annotations

from ..audit import install_audit_triggers
from . import run_ddl

TABLES = [
    "continuity_plan", "continuity_plan_version", "continuity_activity",
    "continuity_activity_application", "continuity_scenario", "continuity_step",
    "continuity_step_item", "continuity_crisis_role", "continuity_exercise",
    "continuity_exercise_step", "continuity_finding",
]

SCENARIO_KINDS = ("is_unavailable", "site", "staff", "supplier", "power", "network", "ransomware",
                  "vendor", "other")
PHASES = ("alert", "degraded", "recovery", "return")
ACTIVITY_KINDS = ("care_unit", "administrative", "medico_technical", "other")
ITEM_COLUMNS = ("server_id", "vm_id", "application_id", "backup_id", "equipment_id")


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


DDL = f"""
CREATE TABLE continuity_plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    title TEXT,
    author TEXT,
    approved_by TEXT,
    approved_on TEXT,
    last_review TEXT,
    next_review TEXT,
    scope TEXT,
    trigger_rules TEXT,
    communication TEXT,
    return_to_normal TEXT,
    notes TEXT
);
INSERT INTO continuity_plan (id, version, status) VALUES (1, 0, 'draft');
CREATE TABLE continuity_plan_version (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL UNIQUE,
    approved_on TEXT NOT NULL,
    approved_by TEXT,
    summary TEXT
);
CREATE TABLE continuity_activity (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ({_in(ACTIVITY_KINDS)})),
    description TEXT,
    owner_role TEXT,
    dmia_hours REAL CHECK (dmia_hours IS NULL OR dmia_hours >= 0),
    pdma_hours REAL CHECK (pdma_hours IS NULL OR pdma_hours >= 0),
    degraded_procedure TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE continuity_activity_application (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES continuity_activity(id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    UNIQUE (activity_id, application_id)
);
CREATE INDEX continuity_activity_application_app ON continuity_activity_application(application_id);
CREATE TABLE continuity_scenario (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ({_in(SCENARIO_KINDS)})),
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT,
    is_mandatory INTEGER NOT NULL DEFAULT 0 CHECK (is_mandatory IN (0, 1)),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER continuity_scenario_keep_mandatory BEFORE DELETE ON continuity_scenario
WHEN OLD.is_mandatory = 1
BEGIN SELECT RAISE(ABORT, 'the mandatory scenario cannot be deleted'); END;
INSERT INTO continuity_scenario (kind, name, description, is_mandatory, position)
VALUES ('is_unavailable', 'Système d''information indisponible',
        'Panne ou arrêt de tout ou partie du système d''information (serveurs, réseau, logiciels).',
        1, 0);
CREATE TABLE continuity_step (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES continuity_scenario(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    phase TEXT NOT NULL DEFAULT 'alert' CHECK (phase IN ({_in(PHASES)})),
    title TEXT NOT NULL,
    owner_role TEXT,
    standin_role TEXT,
    expected_minutes INTEGER CHECK (expected_minutes IS NULL OR expected_minutes >= 0),
    note TEXT
);
CREATE INDEX continuity_step_scenario ON continuity_step(scenario_id, position);
CREATE TABLE continuity_step_item (
    id INTEGER PRIMARY KEY,
    step_id INTEGER NOT NULL REFERENCES continuity_step(id) ON DELETE CASCADE,
    server_id INTEGER REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES application(id) ON DELETE CASCADE,
    backup_id INTEGER REFERENCES backup(id) ON DELETE CASCADE,
    equipment_id INTEGER REFERENCES equipment(id) ON DELETE CASCADE,
    CHECK ((server_id IS NOT NULL) + (vm_id IS NOT NULL) + (application_id IS NOT NULL)
           + (backup_id IS NOT NULL) + (equipment_id IS NOT NULL) = 1)
);
CREATE INDEX continuity_step_item_step ON continuity_step_item(step_id);
CREATE INDEX continuity_step_item_server ON continuity_step_item(server_id);
CREATE INDEX continuity_step_item_vm ON continuity_step_item(vm_id);
CREATE TABLE continuity_crisis_role (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL,
    contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    standin_contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    calls TEXT,
    duties TEXT
);
CREATE TABLE continuity_exercise (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    scenario_id INTEGER REFERENCES continuity_scenario(id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'tabletop' CHECK (kind IN ('tabletop', 'partial', 'full')),
    participants TEXT,
    notes TEXT
);
CREATE TABLE continuity_exercise_step (
    id INTEGER PRIMARY KEY,
    exercise_id INTEGER NOT NULL REFERENCES continuity_exercise(id) ON DELETE CASCADE,
    step_id INTEGER REFERENCES continuity_step(id) ON DELETE SET NULL,
    step_title TEXT NOT NULL,
    measured_minutes REAL CHECK (measured_minutes IS NULL OR measured_minutes >= 0),
    note TEXT
);
CREATE INDEX continuity_exercise_step_ex ON continuity_exercise_step(exercise_id);
CREATE TABLE continuity_finding (
    id INTEGER PRIMARY KEY,
    exercise_id INTEGER REFERENCES continuity_exercise(id) ON DELETE CASCADE,
    finding TEXT NOT NULL,
    action TEXT,
    owner TEXT,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done'))
);
"""


def create(db) -> None:
    """Create the continuity tables, the mandatory scenario and the audit triggers."""
    run_ddl(db, DDL)
    install_audit_triggers(db, TABLES)
