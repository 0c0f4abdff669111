"""Schema of the secrets area: references to credentials, never their values.

``secret_ref`` says whose credential it is (a server, a VM, an application, a backup, a piece of
equipment), the account, a label and *where it is kept on paper*; the secret itself lives only in
the operating system's keyring, under the service ``si-local`` and the reference's random ``key``.
There is deliberately no column able to hold a secret value.
"""

from __future__ import annotations

from ..audit import install_audit_triggers
from . import run_ddl

TABLES = ["secret_ref"]

# registry kind key -> registry table (the owners a credential can belong to)
OWNER_TABLES = {
    "servers": "server", "vms": "vm", "applications": "application", "backups": "backup",
    "equipment": "equipment",
}

_KINDS = ", ".join(f"'{k}'" for k in OWNER_TABLES)

DDL = f"""
CREATE TABLE secret_ref (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ({_KINDS})),
    owner_id INTEGER NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    location_note TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL DEFAULT 'si-local',
    key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    UNIQUE (owner_kind, owner_id, account)
);
CREATE INDEX secret_ref_owner ON secret_ref(owner_kind, owner_id);
"""


def create(db) -> None:
    """Create the secrets tables and their audit triggers."""
    run_ddl(db, DDL)
    for kind, table in OWNER_TABLES.items():
        # a deleted record takes its credential references with it (the audit trail keeps them)
        db.execute(
            f'CREATE TRIGGER "secret_ref_owner_{table}_deleted" AFTER DELETE ON "{table}" BEGIN '
            f"DELETE FROM secret_ref WHERE owner_kind = '{kind}' AND owner_id = OLD.id; END"
        )
    install_audit_triggers(db, TABLES)
