"""Step m017_certificates, frozen once on main: never to be edited (a change is a new step).

The registry's certificates (``certificate``): what an imported X.509 file says (subject,
issuer, serial, validity, the names it covers, its SHA-256 fingerprint, self-signed or not),
the certificate that renewed it, and the servers, VMs and applications that use it. Never a
private key.
"""

from __future__ import annotations

from ._ddl import audit_triggers


def step(db):
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
