"""Step m004_diagnostic, frozen: the statements it ran when it landed, never to be edited.

Schema of the self-diagnostic: campaigns, participants, answers, targets and actions.

A campaign names the questionnaire it uses (``questionnaire_key`` + ``questionnaire_version``,
see :mod:`si_local.core.diagnostic.questionnaire`); answers and actions refer to questions by
their number (``question_id``, e.g. ``"4.3.2"``), dimensions by theirs (``"4"``). The context
answers (type of facility, beds, staff …) are a JSON object in ``context_json``: they are not
scored and their fields come from the questionnaire.

Written out on 2026-12-07 from what ``core/schema/diagnostic.py`` executed at commit 6cc7d75
(its DDL and seeded rows, then its triggers: every statement, in the order it ran).
A change to these tables is a new step at the end of ``core/migrations/__init__.py``.
"""

SQL = """
CREATE TABLE diagnostic_campaign (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    campaign_date TEXT NOT NULL,
    questionnaire_key TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'closed')),
    context_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(context_json)),
    notes TEXT,
    closed_on TEXT
);
CREATE INDEX diagnostic_campaign_date ON diagnostic_campaign(campaign_date);
CREATE TABLE diagnostic_participant (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES diagnostic_campaign(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT
);
CREATE INDEX diagnostic_participant_campaign ON diagnostic_participant(campaign_id);
CREATE TABLE diagnostic_answer (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES diagnostic_campaign(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    status TEXT CHECK (status IS NULL OR status IN ('level', 'dont_know', 'not_applicable')),
    level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 4),
    comment TEXT,
    evidence TEXT,
    to_review INTEGER NOT NULL DEFAULT 0 CHECK (to_review IN (0, 1)),
    proposed_from_registry INTEGER NOT NULL DEFAULT 0 CHECK (proposed_from_registry IN (0, 1)),
    answered_at TEXT,
    UNIQUE (campaign_id, question_id),
    CHECK ((status IS 'level') = (level IS NOT NULL))
);
CREATE TABLE diagnostic_target (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES diagnostic_campaign(id) ON DELETE CASCADE,
    dimension_id TEXT NOT NULL,
    target REAL NOT NULL CHECK (target BETWEEN 0 AND 4),
    UNIQUE (campaign_id, dimension_id)
);
CREATE TABLE diagnostic_action (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES diagnostic_campaign(id) ON DELETE CASCADE,
    question_id TEXT,
    title TEXT NOT NULL,
    why TEXT,
    how TEXT,
    owner TEXT,
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'todo'
        CHECK (status IN ('todo', 'in_progress', 'done', 'dropped')),
    priority_score REAL NOT NULL DEFAULT 0 CHECK (priority_score >= 0),
    is_priority INTEGER NOT NULL DEFAULT 0 CHECK (is_priority IN (0, 1)),
    rank INTEGER,
    done_on TEXT,
    notes TEXT
);
CREATE INDEX diagnostic_action_campaign ON diagnostic_action(campaign_id);
CREATE INDEX diagnostic_action_due ON diagnostic_action(status, due_date);
CREATE TRIGGER "audit_diagnostic_campaign_insert" AFTER INSERT ON "diagnostic_campaign" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_campaign', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'title', NEW."title", 'campaign_date', NEW."campaign_date", 'questionnaire_key', NEW."questionnaire_key", 'questionnaire_version', NEW."questionnaire_version", 'status', NEW."status", 'context_json', NEW."context_json", 'notes', NEW."notes", 'closed_on', NEW."closed_on")); END;
CREATE TRIGGER "audit_diagnostic_campaign_update" AFTER UPDATE ON "diagnostic_campaign" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_campaign', NEW.id, 'update', json_object('id', OLD."id", 'title', OLD."title", 'campaign_date', OLD."campaign_date", 'questionnaire_key', OLD."questionnaire_key", 'questionnaire_version', OLD."questionnaire_version", 'status', OLD."status", 'context_json', OLD."context_json", 'notes', OLD."notes", 'closed_on', OLD."closed_on"), json_object('id', NEW."id", 'title', NEW."title", 'campaign_date', NEW."campaign_date", 'questionnaire_key', NEW."questionnaire_key", 'questionnaire_version', NEW."questionnaire_version", 'status', NEW."status", 'context_json', NEW."context_json", 'notes', NEW."notes", 'closed_on', NEW."closed_on")); END;
CREATE TRIGGER "audit_diagnostic_campaign_delete" AFTER DELETE ON "diagnostic_campaign" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_campaign', OLD.id, 'delete', json_object('id', OLD."id", 'title', OLD."title", 'campaign_date', OLD."campaign_date", 'questionnaire_key', OLD."questionnaire_key", 'questionnaire_version', OLD."questionnaire_version", 'status', OLD."status", 'context_json', OLD."context_json", 'notes', OLD."notes", 'closed_on', OLD."closed_on"), NULL); END;
CREATE TRIGGER "audit_diagnostic_participant_insert" AFTER INSERT ON "diagnostic_participant" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_participant', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'name', NEW."name", 'role', NEW."role")); END;
CREATE TRIGGER "audit_diagnostic_participant_update" AFTER UPDATE ON "diagnostic_participant" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_participant', NEW.id, 'update', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'name', OLD."name", 'role', OLD."role"), json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'name', NEW."name", 'role', NEW."role")); END;
CREATE TRIGGER "audit_diagnostic_participant_delete" AFTER DELETE ON "diagnostic_participant" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_participant', OLD.id, 'delete', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'name', OLD."name", 'role', OLD."role"), NULL); END;
CREATE TRIGGER "audit_diagnostic_answer_insert" AFTER INSERT ON "diagnostic_answer" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_answer', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'question_id', NEW."question_id", 'status', NEW."status", 'level', NEW."level", 'comment', NEW."comment", 'evidence', NEW."evidence", 'to_review', NEW."to_review", 'proposed_from_registry', NEW."proposed_from_registry", 'answered_at', NEW."answered_at")); END;
CREATE TRIGGER "audit_diagnostic_answer_update" AFTER UPDATE ON "diagnostic_answer" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_answer', NEW.id, 'update', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'question_id', OLD."question_id", 'status', OLD."status", 'level', OLD."level", 'comment', OLD."comment", 'evidence', OLD."evidence", 'to_review', OLD."to_review", 'proposed_from_registry', OLD."proposed_from_registry", 'answered_at', OLD."answered_at"), json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'question_id', NEW."question_id", 'status', NEW."status", 'level', NEW."level", 'comment', NEW."comment", 'evidence', NEW."evidence", 'to_review', NEW."to_review", 'proposed_from_registry', NEW."proposed_from_registry", 'answered_at', NEW."answered_at")); END;
CREATE TRIGGER "audit_diagnostic_answer_delete" AFTER DELETE ON "diagnostic_answer" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_answer', OLD.id, 'delete', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'question_id', OLD."question_id", 'status', OLD."status", 'level', OLD."level", 'comment', OLD."comment", 'evidence', OLD."evidence", 'to_review', OLD."to_review", 'proposed_from_registry', OLD."proposed_from_registry", 'answered_at', OLD."answered_at"), NULL); END;
CREATE TRIGGER "audit_diagnostic_target_insert" AFTER INSERT ON "diagnostic_target" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_target', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'dimension_id', NEW."dimension_id", 'target', NEW."target")); END;
CREATE TRIGGER "audit_diagnostic_target_update" AFTER UPDATE ON "diagnostic_target" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_target', NEW.id, 'update', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'dimension_id', OLD."dimension_id", 'target', OLD."target"), json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'dimension_id', NEW."dimension_id", 'target', NEW."target")); END;
CREATE TRIGGER "audit_diagnostic_target_delete" AFTER DELETE ON "diagnostic_target" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_target', OLD.id, 'delete', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'dimension_id', OLD."dimension_id", 'target', OLD."target"), NULL); END;
CREATE TRIGGER "audit_diagnostic_action_insert" AFTER INSERT ON "diagnostic_action" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_action', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'question_id', NEW."question_id", 'title', NEW."title", 'why', NEW."why", 'how', NEW."how", 'owner', NEW."owner", 'due_date', NEW."due_date", 'status', NEW."status", 'priority_score', NEW."priority_score", 'is_priority', NEW."is_priority", 'rank', NEW."rank", 'done_on', NEW."done_on", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_diagnostic_action_update" AFTER UPDATE ON "diagnostic_action" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_action', NEW.id, 'update', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'question_id', OLD."question_id", 'title', OLD."title", 'why', OLD."why", 'how', OLD."how", 'owner', OLD."owner", 'due_date', OLD."due_date", 'status', OLD."status", 'priority_score', OLD."priority_score", 'is_priority', OLD."is_priority", 'rank', OLD."rank", 'done_on', OLD."done_on", 'notes', OLD."notes"), json_object('id', NEW."id", 'campaign_id', NEW."campaign_id", 'question_id', NEW."question_id", 'title', NEW."title", 'why', NEW."why", 'how', NEW."how", 'owner', NEW."owner", 'due_date', NEW."due_date", 'status', NEW."status", 'priority_score', NEW."priority_score", 'is_priority', NEW."is_priority", 'rank', NEW."rank", 'done_on', NEW."done_on", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_diagnostic_action_delete" AFTER DELETE ON "diagnostic_action" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'diagnostic_action', OLD.id, 'delete', json_object('id', OLD."id", 'campaign_id', OLD."campaign_id", 'question_id', OLD."question_id", 'title', OLD."title", 'why', OLD."why", 'how', OLD."how", 'owner', OLD."owner", 'due_date', OLD."due_date", 'status', OLD."status", 'priority_score', OLD."priority_score", 'is_priority', OLD."is_priority", 'rank', OLD."rank", 'done_on', OLD."done_on", 'notes', OLD."notes"), NULL); END;
"""
