"""Step m003_continuity, frozen: the statements it ran when it landed, never to be edited.

Schema of the continuity area: the plan, critical activities, scenarios and their ordered
steps, the crisis cell, exercises with measured times, findings and actions.

The plan is a single row (``id = 1``). The scenario "information system unavailable"
(``kind = 'is_unavailable'``, ``is_mandatory = 1``) is created here and a trigger refuses its
deletion. Step positions are 1-based and kept dense by :mod:`si_local.core.continuity`.
Each registry item a step concerns is one row of ``continuity_step_item`` with exactly one of its
reference columns set, so deleting a server warns about (and removes) the links.

Written out on 2026-12-07 from what ``core/schema/continuity.py`` executed at commit 6cc7d75
(its DDL and seeded rows, then its triggers: every statement, in the order it ran).
A change to these tables is a new step at the end of ``core/migrations/__init__.py``.
"""

SQL = """
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
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('care_unit', 'administrative', 'medico_technical', 'other')),
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
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('is_unavailable', 'site', 'staff', 'supplier', 'power', 'network', 'ransomware', 'vendor', 'other')),
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
    phase TEXT NOT NULL DEFAULT 'alert' CHECK (phase IN ('alert', 'degraded', 'recovery', 'return')),
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
CREATE TRIGGER "audit_continuity_plan_insert" AFTER INSERT ON "continuity_plan" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_plan', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'version', NEW."version", 'status', NEW."status", 'title', NEW."title", 'author', NEW."author", 'approved_by', NEW."approved_by", 'approved_on', NEW."approved_on", 'last_review', NEW."last_review", 'next_review', NEW."next_review", 'scope', NEW."scope", 'trigger_rules', NEW."trigger_rules", 'communication', NEW."communication", 'return_to_normal', NEW."return_to_normal", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_continuity_plan_update" AFTER UPDATE ON "continuity_plan" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_plan', NEW.id, 'update', json_object('id', OLD."id", 'version', OLD."version", 'status', OLD."status", 'title', OLD."title", 'author', OLD."author", 'approved_by', OLD."approved_by", 'approved_on', OLD."approved_on", 'last_review', OLD."last_review", 'next_review', OLD."next_review", 'scope', OLD."scope", 'trigger_rules', OLD."trigger_rules", 'communication', OLD."communication", 'return_to_normal', OLD."return_to_normal", 'notes', OLD."notes"), json_object('id', NEW."id", 'version', NEW."version", 'status', NEW."status", 'title', NEW."title", 'author', NEW."author", 'approved_by', NEW."approved_by", 'approved_on', NEW."approved_on", 'last_review', NEW."last_review", 'next_review', NEW."next_review", 'scope', NEW."scope", 'trigger_rules', NEW."trigger_rules", 'communication', NEW."communication", 'return_to_normal', NEW."return_to_normal", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_continuity_plan_delete" AFTER DELETE ON "continuity_plan" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_plan', OLD.id, 'delete', json_object('id', OLD."id", 'version', OLD."version", 'status', OLD."status", 'title', OLD."title", 'author', OLD."author", 'approved_by', OLD."approved_by", 'approved_on', OLD."approved_on", 'last_review', OLD."last_review", 'next_review', OLD."next_review", 'scope', OLD."scope", 'trigger_rules', OLD."trigger_rules", 'communication', OLD."communication", 'return_to_normal', OLD."return_to_normal", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_continuity_plan_version_insert" AFTER INSERT ON "continuity_plan_version" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_plan_version', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'version', NEW."version", 'approved_on', NEW."approved_on", 'approved_by', NEW."approved_by", 'summary', NEW."summary")); END;
CREATE TRIGGER "audit_continuity_plan_version_update" AFTER UPDATE ON "continuity_plan_version" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_plan_version', NEW.id, 'update', json_object('id', OLD."id", 'version', OLD."version", 'approved_on', OLD."approved_on", 'approved_by', OLD."approved_by", 'summary', OLD."summary"), json_object('id', NEW."id", 'version', NEW."version", 'approved_on', NEW."approved_on", 'approved_by', NEW."approved_by", 'summary', NEW."summary")); END;
CREATE TRIGGER "audit_continuity_plan_version_delete" AFTER DELETE ON "continuity_plan_version" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_plan_version', OLD.id, 'delete', json_object('id', OLD."id", 'version', OLD."version", 'approved_on', OLD."approved_on", 'approved_by', OLD."approved_by", 'summary', OLD."summary"), NULL); END;
CREATE TRIGGER "audit_continuity_activity_insert" AFTER INSERT ON "continuity_activity" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_activity', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'kind', NEW."kind", 'description', NEW."description", 'owner_role', NEW."owner_role", 'dmia_hours', NEW."dmia_hours", 'pdma_hours', NEW."pdma_hours", 'degraded_procedure', NEW."degraded_procedure", 'position', NEW."position")); END;
CREATE TRIGGER "audit_continuity_activity_update" AFTER UPDATE ON "continuity_activity" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_activity', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'kind', OLD."kind", 'description', OLD."description", 'owner_role', OLD."owner_role", 'dmia_hours', OLD."dmia_hours", 'pdma_hours', OLD."pdma_hours", 'degraded_procedure', OLD."degraded_procedure", 'position', OLD."position"), json_object('id', NEW."id", 'name', NEW."name", 'kind', NEW."kind", 'description', NEW."description", 'owner_role', NEW."owner_role", 'dmia_hours', NEW."dmia_hours", 'pdma_hours', NEW."pdma_hours", 'degraded_procedure', NEW."degraded_procedure", 'position', NEW."position")); END;
CREATE TRIGGER "audit_continuity_activity_delete" AFTER DELETE ON "continuity_activity" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_activity', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'kind', OLD."kind", 'description', OLD."description", 'owner_role', OLD."owner_role", 'dmia_hours', OLD."dmia_hours", 'pdma_hours', OLD."pdma_hours", 'degraded_procedure', OLD."degraded_procedure", 'position', OLD."position"), NULL); END;
CREATE TRIGGER "audit_continuity_activity_application_insert" AFTER INSERT ON "continuity_activity_application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_activity_application', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'activity_id', NEW."activity_id", 'application_id', NEW."application_id")); END;
CREATE TRIGGER "audit_continuity_activity_application_update" AFTER UPDATE ON "continuity_activity_application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_activity_application', NEW.id, 'update', json_object('id', OLD."id", 'activity_id', OLD."activity_id", 'application_id', OLD."application_id"), json_object('id', NEW."id", 'activity_id', NEW."activity_id", 'application_id', NEW."application_id")); END;
CREATE TRIGGER "audit_continuity_activity_application_delete" AFTER DELETE ON "continuity_activity_application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_activity_application', OLD.id, 'delete', json_object('id', OLD."id", 'activity_id', OLD."activity_id", 'application_id', OLD."application_id"), NULL); END;
CREATE TRIGGER "audit_continuity_scenario_insert" AFTER INSERT ON "continuity_scenario" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_scenario', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'kind', NEW."kind", 'name', NEW."name", 'description', NEW."description", 'is_mandatory', NEW."is_mandatory", 'position', NEW."position")); END;
CREATE TRIGGER "audit_continuity_scenario_update" AFTER UPDATE ON "continuity_scenario" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_scenario', NEW.id, 'update', json_object('id', OLD."id", 'kind', OLD."kind", 'name', OLD."name", 'description', OLD."description", 'is_mandatory', OLD."is_mandatory", 'position', OLD."position"), json_object('id', NEW."id", 'kind', NEW."kind", 'name', NEW."name", 'description', NEW."description", 'is_mandatory', NEW."is_mandatory", 'position', NEW."position")); END;
CREATE TRIGGER "audit_continuity_scenario_delete" AFTER DELETE ON "continuity_scenario" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_scenario', OLD.id, 'delete', json_object('id', OLD."id", 'kind', OLD."kind", 'name', OLD."name", 'description', OLD."description", 'is_mandatory', OLD."is_mandatory", 'position', OLD."position"), NULL); END;
CREATE TRIGGER "audit_continuity_step_insert" AFTER INSERT ON "continuity_step" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_step', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'scenario_id', NEW."scenario_id", 'position', NEW."position", 'phase', NEW."phase", 'title', NEW."title", 'owner_role', NEW."owner_role", 'standin_role', NEW."standin_role", 'expected_minutes', NEW."expected_minutes", 'note', NEW."note")); END;
CREATE TRIGGER "audit_continuity_step_update" AFTER UPDATE ON "continuity_step" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_step', NEW.id, 'update', json_object('id', OLD."id", 'scenario_id', OLD."scenario_id", 'position', OLD."position", 'phase', OLD."phase", 'title', OLD."title", 'owner_role', OLD."owner_role", 'standin_role', OLD."standin_role", 'expected_minutes', OLD."expected_minutes", 'note', OLD."note"), json_object('id', NEW."id", 'scenario_id', NEW."scenario_id", 'position', NEW."position", 'phase', NEW."phase", 'title', NEW."title", 'owner_role', NEW."owner_role", 'standin_role', NEW."standin_role", 'expected_minutes', NEW."expected_minutes", 'note', NEW."note")); END;
CREATE TRIGGER "audit_continuity_step_delete" AFTER DELETE ON "continuity_step" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_step', OLD.id, 'delete', json_object('id', OLD."id", 'scenario_id', OLD."scenario_id", 'position', OLD."position", 'phase', OLD."phase", 'title', OLD."title", 'owner_role', OLD."owner_role", 'standin_role', OLD."standin_role", 'expected_minutes', OLD."expected_minutes", 'note', OLD."note"), NULL); END;
CREATE TRIGGER "audit_continuity_step_item_insert" AFTER INSERT ON "continuity_step_item" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_step_item', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'step_id', NEW."step_id", 'server_id', NEW."server_id", 'vm_id', NEW."vm_id", 'application_id', NEW."application_id", 'backup_id', NEW."backup_id", 'equipment_id', NEW."equipment_id")); END;
CREATE TRIGGER "audit_continuity_step_item_update" AFTER UPDATE ON "continuity_step_item" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_step_item', NEW.id, 'update', json_object('id', OLD."id", 'step_id', OLD."step_id", 'server_id', OLD."server_id", 'vm_id', OLD."vm_id", 'application_id', OLD."application_id", 'backup_id', OLD."backup_id", 'equipment_id', OLD."equipment_id"), json_object('id', NEW."id", 'step_id', NEW."step_id", 'server_id', NEW."server_id", 'vm_id', NEW."vm_id", 'application_id', NEW."application_id", 'backup_id', NEW."backup_id", 'equipment_id', NEW."equipment_id")); END;
CREATE TRIGGER "audit_continuity_step_item_delete" AFTER DELETE ON "continuity_step_item" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_step_item', OLD.id, 'delete', json_object('id', OLD."id", 'step_id', OLD."step_id", 'server_id', OLD."server_id", 'vm_id', OLD."vm_id", 'application_id', OLD."application_id", 'backup_id', OLD."backup_id", 'equipment_id', OLD."equipment_id"), NULL); END;
CREATE TRIGGER "audit_continuity_crisis_role_insert" AFTER INSERT ON "continuity_crisis_role" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_crisis_role', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'role', NEW."role", 'contact_id', NEW."contact_id", 'standin_contact_id', NEW."standin_contact_id", 'position', NEW."position", 'calls', NEW."calls", 'duties', NEW."duties")); END;
CREATE TRIGGER "audit_continuity_crisis_role_update" AFTER UPDATE ON "continuity_crisis_role" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_crisis_role', NEW.id, 'update', json_object('id', OLD."id", 'role', OLD."role", 'contact_id', OLD."contact_id", 'standin_contact_id', OLD."standin_contact_id", 'position', OLD."position", 'calls', OLD."calls", 'duties', OLD."duties"), json_object('id', NEW."id", 'role', NEW."role", 'contact_id', NEW."contact_id", 'standin_contact_id', NEW."standin_contact_id", 'position', NEW."position", 'calls', NEW."calls", 'duties', NEW."duties")); END;
CREATE TRIGGER "audit_continuity_crisis_role_delete" AFTER DELETE ON "continuity_crisis_role" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_crisis_role', OLD.id, 'delete', json_object('id', OLD."id", 'role', OLD."role", 'contact_id', OLD."contact_id", 'standin_contact_id', OLD."standin_contact_id", 'position', OLD."position", 'calls', OLD."calls", 'duties', OLD."duties"), NULL); END;
CREATE TRIGGER "audit_continuity_exercise_insert" AFTER INSERT ON "continuity_exercise" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_exercise', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'held_on', NEW."held_on", 'scenario_id', NEW."scenario_id", 'kind', NEW."kind", 'participants', NEW."participants", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_continuity_exercise_update" AFTER UPDATE ON "continuity_exercise" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_exercise', NEW.id, 'update', json_object('id', OLD."id", 'held_on', OLD."held_on", 'scenario_id', OLD."scenario_id", 'kind', OLD."kind", 'participants', OLD."participants", 'notes', OLD."notes"), json_object('id', NEW."id", 'held_on', NEW."held_on", 'scenario_id', NEW."scenario_id", 'kind', NEW."kind", 'participants', NEW."participants", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_continuity_exercise_delete" AFTER DELETE ON "continuity_exercise" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_exercise', OLD.id, 'delete', json_object('id', OLD."id", 'held_on', OLD."held_on", 'scenario_id', OLD."scenario_id", 'kind', OLD."kind", 'participants', OLD."participants", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_continuity_exercise_step_insert" AFTER INSERT ON "continuity_exercise_step" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_exercise_step', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'exercise_id', NEW."exercise_id", 'step_id', NEW."step_id", 'step_title', NEW."step_title", 'measured_minutes', NEW."measured_minutes", 'note', NEW."note")); END;
CREATE TRIGGER "audit_continuity_exercise_step_update" AFTER UPDATE ON "continuity_exercise_step" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_exercise_step', NEW.id, 'update', json_object('id', OLD."id", 'exercise_id', OLD."exercise_id", 'step_id', OLD."step_id", 'step_title', OLD."step_title", 'measured_minutes', OLD."measured_minutes", 'note', OLD."note"), json_object('id', NEW."id", 'exercise_id', NEW."exercise_id", 'step_id', NEW."step_id", 'step_title', NEW."step_title", 'measured_minutes', NEW."measured_minutes", 'note', NEW."note")); END;
CREATE TRIGGER "audit_continuity_exercise_step_delete" AFTER DELETE ON "continuity_exercise_step" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_exercise_step', OLD.id, 'delete', json_object('id', OLD."id", 'exercise_id', OLD."exercise_id", 'step_id', OLD."step_id", 'step_title', OLD."step_title", 'measured_minutes', OLD."measured_minutes", 'note', OLD."note"), NULL); END;
CREATE TRIGGER "audit_continuity_finding_insert" AFTER INSERT ON "continuity_finding" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_finding', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'exercise_id', NEW."exercise_id", 'finding', NEW."finding", 'action', NEW."action", 'owner', NEW."owner", 'due_on', NEW."due_on", 'status', NEW."status")); END;
CREATE TRIGGER "audit_continuity_finding_update" AFTER UPDATE ON "continuity_finding" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_finding', NEW.id, 'update', json_object('id', OLD."id", 'exercise_id', OLD."exercise_id", 'finding', OLD."finding", 'action', OLD."action", 'owner', OLD."owner", 'due_on', OLD."due_on", 'status', OLD."status"), json_object('id', NEW."id", 'exercise_id', NEW."exercise_id", 'finding', NEW."finding", 'action', NEW."action", 'owner', NEW."owner", 'due_on', NEW."due_on", 'status', NEW."status")); END;
CREATE TRIGGER "audit_continuity_finding_delete" AFTER DELETE ON "continuity_finding" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'continuity_finding', OLD.id, 'delete', json_object('id', OLD."id", 'exercise_id', OLD."exercise_id", 'finding', OLD."finding", 'action', OLD."action", 'owner', OLD."owner", 'due_on', OLD."due_on", 'status', OLD."status"), NULL); END;
"""
