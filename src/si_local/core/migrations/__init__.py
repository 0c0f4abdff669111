"""Schema migrations (sqlite-utils ``Migrations``), one function per step, applied in order.

The steps are the only thing that creates or changes the schema: a new database is made by
running them all, an older one by running those it lacks, so the two cannot differ
(``tests/core/test_migrations_frozen.py`` opens databases made by earlier versions, kept in
``tests/data/``, and compares their schema with a new one's).

Rules: a step that has landed on main is never edited again, nor anything it calls; a change is
a new step at the end. Each step carries its own SQL: m001–m006 run the statements frozen in
``_m00N_<area>.py`` (written out from the schema modules they once called), later steps hold
their SQL in their body. Each step runs in one transaction with its record in
``_sqlite_migrations``. A database holding a step this code does not know was written by a newer
SI Local and is refused.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Migrations

from . import (
    _m001_registry,
    _m002_secrets,
    _m003_continuity,
    _m004_diagnostic,
    _m005_training,
    _m006_group,
)

MIGRATION_SET = "si_local"

migrations = Migrations(MIGRATION_SET)


def run_ddl(db, script: str) -> None:
    """Run a multi-statement SQL script inside the current transaction.

    ``sqlite3.executescript`` would commit first, breaking the one-transaction-per-migration
    rule, so statements are split with ``sqlite3.complete_statement`` and run one by one.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement.rstrip(";").strip():
                db.execute(statement)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement: {buffer.strip()[:80]}")


def _json_of(prefix: str, columns: list[str]) -> str:
    pairs = ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in columns)
    return f"json_object({pairs})"


def audit_triggers(db, tables: list[str]) -> None:
    """(Re)create the three audit triggers of each table, from its current columns: for a later
    step that creates a table or changes its columns. The SQL it writes is the one m001–m006
    froze (a test compares them); once a step calling it has landed, it is frozen like that step:
    a different shape of trigger is a new function. Link tables without an integer ``id``
    record ``rowid``."""
    for table in tables:
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")').fetchall()]
        if not columns:
            raise ValueError(f"no such table: {table}")
        has_rowid = not db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ? AND sql LIKE '%WITHOUT ROWID%'", [table]
        ).fetchone()
        key = "id" if "id" in columns else ("rowid" if has_rowid else "NULL")
        for action in ("insert", "update", "delete"):
            db.execute(f'DROP TRIGGER IF EXISTS "audit_{table}_{action}"')
        new_key = f"NEW.{key}" if key != "NULL" else "NULL"
        old_key = f"OLD.{key}" if key != "NULL" else "NULL"
        db.execute(
            f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" BEGIN '
            f"INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES "
            f"(si_local_user(), '{table}', {new_key}, 'insert', NULL, {_json_of('NEW', columns)}); END"
        )
        db.execute(
            f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE ON "{table}" BEGIN '
            f"INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES "
            f"(si_local_user(), '{table}', {new_key}, 'update', {_json_of('OLD', columns)}, "
            f"{_json_of('NEW', columns)}); END"
        )
        db.execute(
            f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES "
            f"(si_local_user(), '{table}', {old_key}, 'delete', {_json_of('OLD', columns)}, NULL); END"
        )


@migrations()
def m001_registry(db):
    run_ddl(db, _m001_registry.SQL)


@migrations()
def m002_secrets(db):
    run_ddl(db, _m002_secrets.SQL)


@migrations()
def m003_continuity(db):
    run_ddl(db, _m003_continuity.SQL)


@migrations()
def m004_diagnostic(db):
    run_ddl(db, _m004_diagnostic.SQL)


@migrations()
def m005_training(db):
    run_ddl(db, _m005_training.SQL)


@migrations()
def m006_group(db):
    run_ddl(db, _m006_group.SQL)


@migrations()
def m007_typographic_apostrophes(db):
    """The mandatory scenario seeded by m003 wrote « d'information » with a straight apostrophe,
    unlike every other French text (« d’information »). Changed only where the user kept it, and
    the name only if no other scenario already has the new one (names are unique: the update
    must never keep the database from opening)."""
    name_old, name_new = "Système d'information indisponible", "Système d’information indisponible"
    db.execute("UPDATE continuity_scenario SET name = ? WHERE kind = 'is_unavailable' AND name = ? "
               "AND NOT EXISTS (SELECT 1 FROM continuity_scenario WHERE name = ?)",
               [name_new, name_old, name_new])
    db.execute(
        "UPDATE continuity_scenario SET description = ? WHERE kind = 'is_unavailable' "
        "AND description = ?",
        ["Panne ou arrêt de tout ou partie du système d’information (serveurs, réseau, logiciels).",
         "Panne ou arrêt de tout ou partie du système d'information (serveurs, réseau, logiciels)."])


# Step m008's table, frozen; ``identity.rewrite_file`` runs it too, on a restored copy made
# before m008 (the same statement, so the step then keeps the row it finds).
M008_IDENTITY_TABLE = """
CREATE TABLE IF NOT EXISTS si_local_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    path TEXT,
    copied_from TEXT
)
"""


@migrations()
def m008_identity(db):
    """Every database gets its identity (see core/identity.py); the file's snapshots and keyring
    entries are filed under it. ``open_database`` may have chosen it already, to file the
    snapshot taken before this step under it."""
    from .. import identity

    db.execute(M008_IDENTITY_TABLE)
    # kept when it is already there (a file restored from a copy that had it)
    db.execute("INSERT OR IGNORE INTO si_local_identity (id, uuid) VALUES (1, ?)",
               [getattr(db, "_si_local_new_identity", None) or identity.new_uuid()])


@migrations()
def m009_equipment_workstation(db):
    """Equipment gets the type « workstation » (laptops and desktops read from agent inventories).

    Only the CHECK constraint of ``equipment.kind`` widens, so the table's stored definition is
    edited in place (SQLite's documented procedure for changing a constraint: writable_schema,
    then a new schema_version), inside this step's transaction. Rebuilding the table instead
    would need ``foreign_keys`` off, impossible inside a transaction, and dropping the old table
    with foreign keys on would delete the continuity items that point at equipment (ON DELETE
    CASCADE). Every existing row satisfies the wider constraint."""
    import re
    import sqlite3

    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'equipment'").fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None:
        raise sqlite3.DatabaseError("equipment.kind has no CHECK constraint of the expected form")
    if "'workstation'" in check.group(1):
        return
    kinds = check.group(1).replace("'other'", "'workstation', 'other'")
    if kinds == check.group(1):
        kinds = check.group(1) + ", 'workstation'"
    new_sql = sql[:check.start(1)] + kinds + sql[check.end(1):]
    (version,) = db.execute("PRAGMA schema_version").fetchone()
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'equipment'",
                   [new_sql])
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m010_staff_matricule_profiles(db):
    """The staff gets an optional staff number (« matricule »: the key that matches a person on a
    new import of the staff list), and profiles become a list the user extends: the table
    ``training_profile`` is seeded with the program's profiles (the seven of m005 and the usual
    French hospital ones, by their English keys); any other name is a profile a user added, its
key the name itself (``name``: the column bundles match rows on).

    The CHECK constraints of ``training_staff.profile`` and ``training_module_profile.profile``
    are taken out of the tables' stored definitions in place, as m009 widened one (every row
    satisfies the looser definition); the code checks a profile against the table instead."""
    import re
    import sqlite3

    (version,) = db.execute("PRAGMA schema_version").fetchone()
    changed = {}
    for table in ("training_staff", "training_module_profile"):
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                            [table]).fetchone()
        new_sql, count = re.subn(r"\s*CHECK \(profile IN \([^)]*\)\)", "", sql)
        if count != 1:
            raise sqlite3.DatabaseError(f"{table}.profile has no CHECK constraint of the expected form")
        changed[table] = new_sql
    db.execute("PRAGMA writable_schema = ON")
    try:
        for table, new_sql in changed.items():
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                       [new_sql, table])
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    db.execute("ALTER TABLE training_staff ADD COLUMN matricule TEXT")
    db.execute("CREATE UNIQUE INDEX training_staff_matricule ON training_staff(matricule) "
               "WHERE matricule IS NOT NULL")
    db.execute("""CREATE TABLE training_profile (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0
)""")
    keys = ["doctor", "nurse", "nursing_assistant", "midwife", "secretary", "pharmacy",
            "hospital_services_agent", "health_manager", "physiotherapist",
            "occupational_therapist", "psychologist", "dietitian", "medical_secretary",
            "stretcher_bearer", "other"]
    for position, key in enumerate(keys, start=1):
        db.execute("INSERT INTO training_profile (name, position) VALUES (?, ?)",
                   [key, position * 10])
    audit_triggers(db, ["training_staff", "training_profile"])


@migrations()
def m011_readiness(db):
    """Readiness (« Conformité »): the declarations a user makes for an expectation of the
    regulator that the database cannot show (who, on which day, a note, the path and SHA-256 of
    an attached document, never its content). A withdrawal is a new row (``action``
    'withdraw'), never an edit: the last row of an expectation says where it stands.

    A core-model pack may carry a newer expectations file: ``core_model_item.kind`` gets
    'readiness_expectations', its CHECK widened in place as m009 widened one (every row
    satisfies the looser definition)."""
    import re
    import sqlite3

    db.execute("""CREATE TABLE readiness_declaration (
    id INTEGER PRIMARY KEY,
    expectation_id TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT 'declare' CHECK (action IN ('declare', 'withdraw')),
    declared_by TEXT NOT NULL,
    declared_on TEXT NOT NULL,
    note TEXT,
    document_path TEXT,
    document_sha256 TEXT,
    recorded_at TEXT NOT NULL
)""")
    db.execute("CREATE INDEX readiness_declaration_expectation "
               "ON readiness_declaration(expectation_id, id)")
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'core_model_item'").fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None:
        raise sqlite3.DatabaseError("core_model_item.kind has no CHECK constraint of the expected form")
    if "'readiness_expectations'" not in check.group(1):
        kinds = check.group(1).rstrip() + ", 'readiness_expectations'"
        new_sql = sql[:check.start(1)] + kinds + sql[check.end(1):]
        (version,) = db.execute("PRAGMA schema_version").fetchone()
        db.execute("PRAGMA writable_schema = ON")
        try:
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                       "AND name = 'core_model_item'", [new_sql])
            db.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            db.execute("PRAGMA writable_schema = OFF")
    audit_triggers(db, ["readiness_declaration"])


@migrations()
def m012_crisis_exercises(db):
    """Crisis exercises get what a lessons-learned report (RETEX) needs: a title, objectives and
    the scenario as played on the exercise; its participants as rows (optionally the training
    staff member or crisis-cell role they are); a timeline (« main courante ») of injects, events
    and decisions (who decided, why); findings marked « went well » or « to improve », whose
    action may be followed in a self-diagnostic action plan (``diagnostic_action_id``)."""
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


@migrations()
def m013_incidents(db):
    """The incident register (core/incidents/). It is append-only: an entry is never changed nor
    deleted; a correction is a new entry naming the one it corrects (``corrects_id``, at most one
    correction of an entry, of the same incident). Triggers refuse an UPDATE or a DELETE of the
    entries and of their links, whoever runs it. The links keep the name of the record they point
    at (no foreign key: deleting a server from the registry must not touch the register).
    ``incident_setting`` holds the register's settings by name: ``nis2_in_scope`` (0 or 1, no
    row: 0) says whether the facility is in the scope of NIS2."""
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


@migrations()
def m014_end_of_support(db):
    """End of support of the machines' systems: the compensating measure a person records for a
    server or a VM whose system is out of support (or soon), and the tables of end-of-support
    dates loaded by hand or from a core-model pack (the newest by its data's date wins over the
    one shipped with the program). A core-model pack may carry such a table: the CHECK of
    ``core_model_item.kind`` widens to 'end_of_support_table', in place as m009 widened one."""
    import re
    import sqlite3

    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'core_model_item'").fetchone()
    check = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", sql)
    if check is None:
        raise sqlite3.DatabaseError("core_model_item.kind has no CHECK constraint of the expected form")
    if "'end_of_support_table'" not in check.group(1):
        new_sql = sql[:check.end(1)] + ", 'end_of_support_table'" + sql[check.end(1):]
        (version,) = db.execute("PRAGMA schema_version").fetchone()
        db.execute("PRAGMA writable_schema = ON")
        try:
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                       "AND name = 'core_model_item'", [new_sql])
            db.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            db.execute("PRAGMA writable_schema = OFF")
    run_ddl(db, """
CREATE TABLE end_of_support_measure (
    id INTEGER PRIMARY KEY,
    server_id INTEGER UNIQUE REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER UNIQUE REFERENCES vm(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('isolated', 'extended_support', 'replacement', 'other')),
    replacement_on TEXT,
    note TEXT,
    set_by TEXT,
    set_at TEXT NOT NULL,
    CHECK ((server_id IS NULL) <> (vm_id IS NULL))
);
CREATE TABLE end_of_support_table (
    id INTEGER PRIMARY KEY,
    data_date TEXT NOT NULL,
    origin TEXT NOT NULL,
    content TEXT NOT NULL,
    loaded_by TEXT,
    loaded_at TEXT NOT NULL
);
""")
    audit_triggers(db, ["end_of_support_measure", "end_of_support_table"])


@migrations()
def m015_software(db):
    """The programs an agent inventory lists per machine (server, VM or equipment, one of the
    three), their names kept once in ``software_name`` with a folded key (case and accents out)
    that the « am I affected? » search reads; and the machines tagged with an alert's name.

    ``software_installed`` and ``software_name`` have no audit triggers: an import writes
    thousands of rows a machine; it records ONE audit entry per machine instead, listing what
    was added and removed (``core/software.py``). The tags are audited like any record."""
    run_ddl(db, """
CREATE TABLE software_name (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    name_key TEXT NOT NULL
);
CREATE INDEX software_name_key ON software_name(name_key);
CREATE TABLE software_installed (
    id INTEGER PRIMARY KEY,
    name_id INTEGER NOT NULL REFERENCES software_name(id),
    version TEXT NOT NULL DEFAULT '',
    publisher TEXT,
    install_date TEXT,
    server_id INTEGER REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE CASCADE,
    equipment_id INTEGER REFERENCES equipment(id) ON DELETE CASCADE,
    CHECK ((server_id IS NOT NULL) + (vm_id IS NOT NULL) + (equipment_id IS NOT NULL) = 1)
);
CREATE INDEX software_installed_name ON software_installed(name_id);
CREATE INDEX software_installed_server ON software_installed(server_id) WHERE server_id IS NOT NULL;
CREATE INDEX software_installed_vm ON software_installed(vm_id) WHERE vm_id IS NOT NULL;
CREATE INDEX software_installed_equipment ON software_installed(equipment_id)
    WHERE equipment_id IS NOT NULL;
CREATE TABLE software_tag (
    id INTEGER PRIMARY KEY,
    alert TEXT NOT NULL,
    query TEXT,
    tagged_on TEXT NOT NULL,
    server_id INTEGER REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE CASCADE,
    equipment_id INTEGER REFERENCES equipment(id) ON DELETE CASCADE,
    CHECK ((server_id IS NOT NULL) + (vm_id IS NOT NULL) + (equipment_id IS NOT NULL) = 1)
);
CREATE INDEX software_tag_alert ON software_tag(alert);
CREATE INDEX software_tag_server ON software_tag(server_id) WHERE server_id IS NOT NULL;
CREATE INDEX software_tag_vm ON software_tag(vm_id) WHERE vm_id IS NOT NULL;
CREATE INDEX software_tag_equipment ON software_tag(equipment_id) WHERE equipment_id IS NOT NULL;
""")
    audit_triggers(db, ["software_tag"])


@migrations()
def m016_contracts(db):
    """Contracts and licences (registry kind « contracts »): the contract, its supplier (a
    contact), dates, notice, tacit renewal, yearly cost, and what it covers (applications,
    servers, equipment, link tables). Contacts get a support hotline and its hours."""
    present = {row[1] for row in db.execute('PRAGMA table_info("contact")').fetchall()}
    for column in ("hotline", "support_hours"):  # (a step re-applied keeps what is there)
        if column not in present:
            db.execute(f"ALTER TABLE contact ADD COLUMN {column} TEXT")
    run_ddl(db, """
CREATE TABLE contract (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'maintenance'
        CHECK (kind IN ('maintenance', 'support', 'licence', 'rental', 'purchase', 'hosting')),
    reference TEXT,
    supplier_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    service_level TEXT,
    start_date TEXT,
    end_date TEXT,
    notice_period INTEGER CHECK (notice_period IS NULL OR notice_period >= 0),
    notice_unit TEXT NOT NULL DEFAULT 'months' CHECK (notice_unit IN ('months', 'days')),
    tacit_renewal INTEGER NOT NULL DEFAULT 0 CHECK (tacit_renewal IN (0, 1)),
    renewal_months INTEGER CHECK (renewal_months IS NULL OR renewal_months >= 0),
    yearly_cost_eur REAL CHECK (yearly_cost_eur IS NULL OR yearly_cost_eur >= 0),
    notes TEXT
);
CREATE INDEX contract_supplier ON contract(supplier_id);
CREATE TABLE contract_application (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    UNIQUE (contract_id, application_id)
);
CREATE INDEX contract_application_app ON contract_application(application_id);
CREATE TABLE contract_server (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    server_id INTEGER NOT NULL REFERENCES server(id) ON DELETE CASCADE,
    UNIQUE (contract_id, server_id)
);
CREATE INDEX contract_server_server ON contract_server(server_id);
CREATE TABLE contract_equipment (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
    UNIQUE (contract_id, equipment_id)
);
CREATE INDEX contract_equipment_equipment ON contract_equipment(equipment_id);
""")
    audit_triggers(db, ["contact", "contract", "contract_application", "contract_server",
                        "contract_equipment"])


@migrations()
def m017_certificates(db):
    """The registry's certificates (``certificate``): what an imported X.509 file says (subject,
    issuer, serial, validity, the names it covers, its SHA-256 fingerprint, self-signed or not),
    the certificate that renewed it, and the servers, VMs and applications that use it. Never a
    private key."""
    sql = """
CREATE TABLE certificate (
    id INTEGER PRIMARY KEY,
    common_name TEXT,
    not_after TEXT,
    names TEXT,
    issuer TEXT,
    subject TEXT,
    serial TEXT,
    not_before TEXT,
    fingerprint TEXT UNIQUE,
    self_signed INTEGER NOT NULL DEFAULT 0 CHECK (self_signed IN (0, 1)),
    replaced_by_id INTEGER REFERENCES certificate(id) ON DELETE SET NULL,
    notes TEXT
);
CREATE INDEX certificate_not_after ON certificate(not_after);
CREATE TABLE certificate_server (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate(id) ON DELETE CASCADE,
    server_id INTEGER NOT NULL REFERENCES server(id) ON DELETE CASCADE,
    UNIQUE (certificate_id, server_id)
);
CREATE INDEX certificate_server_server ON certificate_server(server_id);
CREATE TABLE certificate_vm (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate(id) ON DELETE CASCADE,
    vm_id INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    UNIQUE (certificate_id, vm_id)
);
CREATE INDEX certificate_vm_vm ON certificate_vm(vm_id);
CREATE TABLE certificate_application (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate(id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    UNIQUE (certificate_id, application_id)
);
CREATE INDEX certificate_application_application ON certificate_application(application_id)
"""
    for statement in sql.split(";"):
        db.execute(statement)
    audit_triggers(db, ["certificate", "certificate_server", "certificate_vm",
                        "certificate_application"])


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_version(db) -> int:
    """The number of applied steps of our set (0 for an empty file)."""
    return len(migrations.applied(db))


def unknown_applied(db) -> list[str]:
    known = set(known_names())
    return [m.name for m in migrations.applied(db) if m.name not in known]
