"""Step m005_training, frozen: the statements it ran when it landed, never to be edited.

Schema of the training area: units, staff, référents, modules, sessions, participants.

Session times (``starts_at``, ``ends_at``) are the facility's local wall-clock time
(Europe/Paris) as ISO text ``YYYY-MM-DDTHH:MM``: a training session is planned at "9:00 in the
meeting room", whatever the season. The iCalendar export converts them to UTC.

Written out on 2026-12-07 from what ``core/schema/training.py`` executed at commit 6cc7d75
(its DDL and seeded rows, then its triggers: every statement, in the order it ran).
A change to these tables is a new step at the end of ``core/migrations/__init__.py``.
"""

SQL = """
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
    profile TEXT NOT NULL DEFAULT 'other' CHECK (profile IN ('doctor', 'nurse', 'nursing_assistant', 'midwife', 'secretary', 'pharmacy', 'other')),
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
    profile TEXT NOT NULL CHECK (profile IN ('doctor', 'nurse', 'nursing_assistant', 'midwife', 'secretary', 'pharmacy', 'other')),
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
CREATE TRIGGER "audit_training_plan_insert" AFTER INSERT ON "training_plan" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_plan', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'go_live_date', NEW."go_live_date", 'target_percent', NEW."target_percent", 'application_id', NEW."application_id", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_plan_update" AFTER UPDATE ON "training_plan" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_plan', NEW.id, 'update', json_object('id', OLD."id", 'go_live_date', OLD."go_live_date", 'target_percent', OLD."target_percent", 'application_id', OLD."application_id", 'notes', OLD."notes"), json_object('id', NEW."id", 'go_live_date', NEW."go_live_date", 'target_percent', NEW."target_percent", 'application_id', NEW."application_id", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_plan_delete" AFTER DELETE ON "training_plan" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_plan', OLD.id, 'delete', json_object('id', OLD."id", 'go_live_date', OLD."go_live_date", 'target_percent', OLD."target_percent", 'application_id', OLD."application_id", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_training_unit_insert" AFTER INSERT ON "training_unit" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_unit', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'site_id', NEW."site_id", 'kind', NEW."kind", 'manager_name', NEW."manager_name", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_unit_update" AFTER UPDATE ON "training_unit" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_unit', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'site_id', OLD."site_id", 'kind', OLD."kind", 'manager_name', OLD."manager_name", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'site_id', NEW."site_id", 'kind', NEW."kind", 'manager_name', NEW."manager_name", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_unit_delete" AFTER DELETE ON "training_unit" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_unit', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'site_id', OLD."site_id", 'kind', OLD."kind", 'manager_name', OLD."manager_name", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_training_staff_insert" AFTER INSERT ON "training_staff" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_staff', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'last_name', NEW."last_name", 'first_name', NEW."first_name", 'profile', NEW."profile", 'unit_id', NEW."unit_id", 'shift', NEW."shift", 'status', NEW."status", 'active', NEW."active", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_staff_update" AFTER UPDATE ON "training_staff" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_staff', NEW.id, 'update', json_object('id', OLD."id", 'last_name', OLD."last_name", 'first_name', OLD."first_name", 'profile', OLD."profile", 'unit_id', OLD."unit_id", 'shift', OLD."shift", 'status', OLD."status", 'active', OLD."active", 'notes', OLD."notes"), json_object('id', NEW."id", 'last_name', NEW."last_name", 'first_name', NEW."first_name", 'profile', NEW."profile", 'unit_id', NEW."unit_id", 'shift', NEW."shift", 'status', NEW."status", 'active', NEW."active", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_staff_delete" AFTER DELETE ON "training_staff" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_staff', OLD.id, 'delete', json_object('id', OLD."id", 'last_name', OLD."last_name", 'first_name', OLD."first_name", 'profile', OLD."profile", 'unit_id', OLD."unit_id", 'shift', OLD."shift", 'status', OLD."status", 'active', OLD."active", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_training_referent_insert" AFTER INSERT ON "training_referent" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_referent', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'unit_id', NEW."unit_id", 'staff_id', NEW."staff_id", 'start_date', NEW."start_date", 'mission', NEW."mission")); END;
CREATE TRIGGER "audit_training_referent_update" AFTER UPDATE ON "training_referent" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_referent', NEW.id, 'update', json_object('id', OLD."id", 'unit_id', OLD."unit_id", 'staff_id', OLD."staff_id", 'start_date', OLD."start_date", 'mission', OLD."mission"), json_object('id', NEW."id", 'unit_id', NEW."unit_id", 'staff_id', NEW."staff_id", 'start_date', NEW."start_date", 'mission', NEW."mission")); END;
CREATE TRIGGER "audit_training_referent_delete" AFTER DELETE ON "training_referent" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_referent', OLD.id, 'delete', json_object('id', OLD."id", 'unit_id', OLD."unit_id", 'staff_id', OLD."staff_id", 'start_date', OLD."start_date", 'mission', OLD."mission"), NULL); END;
CREATE TRIGGER "audit_training_module_insert" AFTER INSERT ON "training_module" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_module', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'application_id', NEW."application_id", 'duration_minutes', NEW."duration_minutes", 'modality', NEW."modality", 'description', NEW."description")); END;
CREATE TRIGGER "audit_training_module_update" AFTER UPDATE ON "training_module" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_module', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'application_id', OLD."application_id", 'duration_minutes', OLD."duration_minutes", 'modality', OLD."modality", 'description', OLD."description"), json_object('id', NEW."id", 'name', NEW."name", 'application_id', NEW."application_id", 'duration_minutes', NEW."duration_minutes", 'modality', NEW."modality", 'description', NEW."description")); END;
CREATE TRIGGER "audit_training_module_delete" AFTER DELETE ON "training_module" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_module', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'application_id', OLD."application_id", 'duration_minutes', OLD."duration_minutes", 'modality', OLD."modality", 'description', OLD."description"), NULL); END;
CREATE TRIGGER "audit_training_module_profile_insert" AFTER INSERT ON "training_module_profile" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_module_profile', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'module_id', NEW."module_id", 'profile', NEW."profile")); END;
CREATE TRIGGER "audit_training_module_profile_update" AFTER UPDATE ON "training_module_profile" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_module_profile', NEW.id, 'update', json_object('id', OLD."id", 'module_id', OLD."module_id", 'profile', OLD."profile"), json_object('id', NEW."id", 'module_id', NEW."module_id", 'profile', NEW."profile")); END;
CREATE TRIGGER "audit_training_module_profile_delete" AFTER DELETE ON "training_module_profile" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_module_profile', OLD.id, 'delete', json_object('id', OLD."id", 'module_id', OLD."module_id", 'profile', OLD."profile"), NULL); END;
CREATE TRIGGER "audit_training_session_insert" AFTER INSERT ON "training_session" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_session', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'module_id', NEW."module_id", 'starts_at', NEW."starts_at", 'ends_at', NEW."ends_at", 'trainer_kind', NEW."trainer_kind", 'trainer_name', NEW."trainer_name", 'room', NEW."room", 'capacity', NEW."capacity", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_session_update" AFTER UPDATE ON "training_session" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_session', NEW.id, 'update', json_object('id', OLD."id", 'module_id', OLD."module_id", 'starts_at', OLD."starts_at", 'ends_at', OLD."ends_at", 'trainer_kind', OLD."trainer_kind", 'trainer_name', OLD."trainer_name", 'room', OLD."room", 'capacity', OLD."capacity", 'notes', OLD."notes"), json_object('id', NEW."id", 'module_id', NEW."module_id", 'starts_at', NEW."starts_at", 'ends_at', NEW."ends_at", 'trainer_kind', NEW."trainer_kind", 'trainer_name', NEW."trainer_name", 'room', NEW."room", 'capacity', NEW."capacity", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_training_session_delete" AFTER DELETE ON "training_session" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_session', OLD.id, 'delete', json_object('id', OLD."id", 'module_id', OLD."module_id", 'starts_at', OLD."starts_at", 'ends_at', OLD."ends_at", 'trainer_kind', OLD."trainer_kind", 'trainer_name', OLD."trainer_name", 'room', OLD."room", 'capacity', OLD."capacity", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_training_participant_insert" AFTER INSERT ON "training_participant" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_participant', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'session_id', NEW."session_id", 'staff_id', NEW."staff_id", 'attendance', NEW."attendance", 'evaluation', NEW."evaluation", 'comment', NEW."comment")); END;
CREATE TRIGGER "audit_training_participant_update" AFTER UPDATE ON "training_participant" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_participant', NEW.id, 'update', json_object('id', OLD."id", 'session_id', OLD."session_id", 'staff_id', OLD."staff_id", 'attendance', OLD."attendance", 'evaluation', OLD."evaluation", 'comment', OLD."comment"), json_object('id', NEW."id", 'session_id', NEW."session_id", 'staff_id', NEW."staff_id", 'attendance', NEW."attendance", 'evaluation', NEW."evaluation", 'comment', NEW."comment")); END;
CREATE TRIGGER "audit_training_participant_delete" AFTER DELETE ON "training_participant" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'training_participant', OLD.id, 'delete', json_object('id', OLD."id", 'session_id', OLD."session_id", 'staff_id', OLD."staff_id", 'attendance', OLD."attendance", 'evaluation', OLD."evaluation", 'comment', OLD."comment"), NULL); END;
"""
