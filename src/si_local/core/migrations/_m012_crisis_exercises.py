"""Step m012_crisis_exercises, frozen once on main: never to be edited (a change is a new step).

Crisis exercises get what a lessons-learned report (RETEX) needs: a title, objectives and
the scenario as played on the exercise; its participants as rows (optionally the training
staff member or crisis-cell role they are); a timeline (« main courante ») of injects, events
and decisions (who decided, why); findings marked « went well » or « to improve », whose
action may be followed in a self-diagnostic action plan (``diagnostic_action_id``).
"""

from __future__ import annotations

from ._ddl import run_ddl, audit_triggers


def step(db):
    added = [("continuity_exercise", "title", "TEXT"), ("continuity_exercise", "objectives", "TEXT"),
             ("continuity_exercise", "scenario_text", "TEXT"),
             ("continuity_finding", "kind", "TEXT NOT NULL DEFAULT 'improve' "
                                            "CHECK (kind IN ('went_well', 'improve'))"),
             ("continuity_finding", "diagnostic_action_id",
              "INTEGER REFERENCES diagnostic_action(id) ON DELETE SET NULL")]
    for table, column, definition in added:  # a file whose later steps were cut keeps them
        if column not in [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    run_ddl(db, """
CREATE TABLE continuity_exercise_participant (
    id INTEGER PRIMARY KEY,
    exercise_id INTEGER NOT NULL REFERENCES continuity_exercise(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    role TEXT,
    organisation TEXT,
    staff_id INTEGER REFERENCES training_staff(id) ON DELETE SET NULL,
    crisis_role_id INTEGER REFERENCES continuity_crisis_role(id) ON DELETE SET NULL
);
CREATE INDEX continuity_exercise_participant_ex ON continuity_exercise_participant(exercise_id);
CREATE TABLE continuity_exercise_event (
    id INTEGER PRIMARY KEY,
    exercise_id INTEGER NOT NULL REFERENCES continuity_exercise(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'event' CHECK (kind IN ('inject', 'event', 'decision')),
    text TEXT NOT NULL,
    who TEXT,
    why TEXT
);
CREATE INDEX continuity_exercise_event_ex ON continuity_exercise_event(exercise_id, at);
CREATE INDEX IF NOT EXISTS continuity_finding_action ON continuity_finding(diagnostic_action_id);
""")
    audit_triggers(db, ["continuity_exercise", "continuity_finding",
                        "continuity_exercise_participant", "continuity_exercise_event"])
