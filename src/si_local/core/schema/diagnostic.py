"""Schema of the self-diagnostic: campaigns, participants, answers, targets and actions.

A campaign names the questionnaire it uses (``questionnaire_key`` + ``questionnaire_version``,
see :mod:`si_local.core.diagnostic.questionnaire`); answers and actions refer to questions by
their number (``question_id``, e.g. ``"4.3.2"``), dimensions by theirs (``"4"``). The context
answers (type of facility, beds, staff …) are a JSON object in ``context_json``: they are not
scored and their fields come from the questionnaire.
"""

from __future__ import annotations

from ..audit import install_audit_triggers
from . import run_ddl

TABLES = [
    "diagnostic_campaign", "diagnostic_participant", "diagnostic_answer", "diagnostic_target",
    "diagnostic_action",
]

ANSWER_STATUSES = ("level", "dont_know", "not_applicable")
ACTION_STATUSES = ("todo", "in_progress", "done", "dropped")

DDL = """
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
"""


def create(db) -> None:
    """Create the diagnostic tables and their audit triggers."""
    run_ddl(db, DDL)
    install_audit_triggers(db, TABLES)
