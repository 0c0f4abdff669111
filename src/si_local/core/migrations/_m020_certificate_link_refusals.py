"""Step m020_certificate_link_refusals, frozen once on main: never to be edited (a change is a
new step).

The links a user removed by hand from a certificate (``certificate_link_refusal``): a server,
VM or application the import had proposed from the certificate's names and that the user took
away. A later import of the same certificate, or of its renewal, does not propose it again (the
preview says why); ticking it again by hand takes the refusal away. One row is one refused
link: exactly one of ``server_id``, ``vm_id``, ``application_id``; every key goes with what it
names (ON DELETE CASCADE).
"""

from __future__ import annotations

from ._ddl import audit_triggers, run_ddl


def step(db):
    run_ddl(db, """
CREATE TABLE certificate_link_refusal (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate(id) ON DELETE CASCADE,
    server_id INTEGER REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES application(id) ON DELETE CASCADE,
    CHECK ((server_id IS NOT NULL) + (vm_id IS NOT NULL) + (application_id IS NOT NULL) = 1)
);
CREATE UNIQUE INDEX certificate_link_refusal_unique ON certificate_link_refusal(
    certificate_id, ifnull(server_id, 0), ifnull(vm_id, 0), ifnull(application_id, 0));
CREATE INDEX certificate_link_refusal_server ON certificate_link_refusal(server_id);
CREATE INDEX certificate_link_refusal_vm ON certificate_link_refusal(vm_id);
CREATE INDEX certificate_link_refusal_application ON certificate_link_refusal(application_id);
""")
    audit_triggers(db, ["certificate_link_refusal"])
