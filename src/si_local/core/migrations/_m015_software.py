"""Step m015_software, frozen once on main: never to be edited (a change is a new step).

The programs an agent inventory lists per machine (server, VM or equipment, one of the
three), their names kept once in ``software_name`` with a folded key (case and accents out)
that the « am I affected? » search reads; and the machines tagged with an alert's name.

``software_installed`` and ``software_name`` have no audit triggers: an import writes
thousands of rows a machine; it records ONE audit entry per machine instead, listing what
was added and removed (``core/software.py``). The tags are audited like any record.
"""

from __future__ import annotations

from ._ddl import run_ddl, audit_triggers


def step(db):
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
