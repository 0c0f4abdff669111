"""Step m016_contracts, frozen once on main: never to be edited (a change is a new step).

Contracts and licences (registry kind « contracts »): the contract, its supplier (a
contact), dates, notice, tacit renewal, yearly cost, and what it covers (applications,
servers, equipment, link tables). Contacts get a support hotline and its hours.
"""

from __future__ import annotations

from ._ddl import run_ddl, audit_triggers


def step(db):
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
