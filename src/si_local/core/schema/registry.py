"""Registry of the information system: facility, sites, servers, VMs, mirrors, applications,
backups, restore tests, equipment, contacts.

Conventions: every table has ``id INTEGER PRIMARY KEY``; dates are ISO text (``YYYY-MM-DD``),
date-times ISO text in UTC (``YYYY-MM-DDTHH:MM:SS``); booleans are 0/1; sizes in GB, durations
in hours (``*_hours``) or minutes (``*_minutes``), money in euros. Choice columns hold stable
English keys; their labels are translated by :mod:`si_local.core.registry`.
"""

from __future__ import annotations

from ..audit import AUDIT_DDL, install_audit_triggers
from . import run_ddl

TABLES = [
    "facility", "site", "server", "vm", "replication", "application", "application_vm",
    "backup", "backup_vm", "backup_application", "restore_test", "equipment", "contact",
]

DDL = """
CREATE TABLE facility (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    finess TEXT,
    kind TEXT NOT NULL DEFAULT 'hospital'
        CHECK (kind IN ('hospital', 'nursing_home', 'home_care', 'disability', 'other')),
    address TEXT,
    phone TEXT,
    notes TEXT
);
CREATE TABLE site (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    address TEXT,
    postcode TEXT,
    city TEXT,
    department TEXT,
    notes TEXT
);
CREATE TABLE server (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    site_id INTEGER REFERENCES site(id) ON DELETE SET NULL,
    room TEXT,
    maker TEXT,
    model TEXT,
    serial TEXT,
    uuid TEXT,
    cpu TEXT,
    cpu_cores INTEGER CHECK (cpu_cores IS NULL OR cpu_cores >= 0),
    ram_gb REAL CHECK (ram_gb IS NULL OR ram_gb >= 0),
    storage_gb REAL CHECK (storage_gb IS NULL OR storage_gb >= 0),
    hypervisor TEXT,
    os TEXT,
    mgmt_address TEXT,
    addresses TEXT,
    purchase_date TEXT,
    warranty_end TEXT,
    maintenance_contract TEXT,
    source TEXT NOT NULL DEFAULT 'manual',
    notes TEXT
);
CREATE INDEX server_site ON server(site_id);
CREATE TABLE vm (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    server_id INTEGER REFERENCES server(id) ON DELETE SET NULL,
    uuid TEXT,
    serial TEXT,
    os TEXT,
    role TEXT,
    vcpu INTEGER CHECK (vcpu IS NULL OR vcpu >= 0),
    ram_gb REAL CHECK (ram_gb IS NULL OR ram_gb >= 0),
    disk_gb REAL CHECK (disk_gb IS NULL OR disk_gb >= 0),
    addresses TEXT,
    criticality TEXT NOT NULL DEFAULT 'medium'
        CHECK (criticality IN ('low', 'medium', 'high', 'vital')),
    source TEXT NOT NULL DEFAULT 'manual',
    notes TEXT
);
CREATE INDEX vm_server ON vm(server_id);
CREATE TABLE replication (
    id INTEGER PRIMARY KEY,
    source_server_id INTEGER REFERENCES server(id) ON DELETE CASCADE,
    source_vm_id INTEGER REFERENCES vm(id) ON DELETE CASCADE,
    target_server_id INTEGER NOT NULL REFERENCES server(id) ON DELETE CASCADE,
    method TEXT,
    interval_minutes INTEGER CHECK (interval_minutes IS NULL OR interval_minutes >= 0),
    notes TEXT,
    CHECK ((source_server_id IS NULL) <> (source_vm_id IS NULL)),
    CHECK (source_server_id IS NULL OR source_server_id <> target_server_id)
);
CREATE TABLE application (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    vendor TEXT,
    module TEXT,
    criticality TEXT NOT NULL DEFAULT 'medium'
        CHECK (criticality IN ('low', 'medium', 'high', 'vital')),
    dmia_hours REAL CHECK (dmia_hours IS NULL OR dmia_hours >= 0),
    pdma_hours REAL CHECK (pdma_hours IS NULL OR pdma_hours >= 0),
    licence TEXT CHECK (licence IS NULL OR licence IN ('bought', 'rented', 'free')),
    yearly_cost_eur REAL CHECK (yearly_cost_eur IS NULL OR yearly_cost_eur >= 0),
    notes TEXT
);
CREATE TABLE application_vm (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    vm_id INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    UNIQUE (application_id, vm_id)
);
CREATE INDEX application_vm_vm ON application_vm(vm_id);
CREATE TABLE backup (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    method TEXT,
    medium TEXT,
    location TEXT NOT NULL DEFAULT 'on_site' CHECK (location IN ('on_site', 'off_site')),
    offline INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
    immutable INTEGER NOT NULL DEFAULT 0 CHECK (immutable IN (0, 1)),
    encrypted INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
    frequency_hours REAL CHECK (frequency_hours IS NULL OR frequency_hours > 0),
    retention_days INTEGER CHECK (retention_days IS NULL OR retention_days >= 0),
    last_success TEXT,
    credential_location TEXT,
    notes TEXT
);
CREATE TABLE backup_vm (
    id INTEGER PRIMARY KEY,
    backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
    vm_id INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    UNIQUE (backup_id, vm_id)
);
CREATE INDEX backup_vm_vm ON backup_vm(vm_id);
CREATE TABLE backup_application (
    id INTEGER PRIMARY KEY,
    backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    UNIQUE (backup_id, application_id)
);
CREATE INDEX backup_application_app ON backup_application(application_id);
CREATE TABLE restore_test (
    id INTEGER PRIMARY KEY,
    backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
    tested_on TEXT NOT NULL,
    target TEXT,
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes >= 0),
    result TEXT NOT NULL DEFAULT 'success' CHECK (result IN ('success', 'partial', 'failure')),
    notes TEXT
);
CREATE INDEX restore_test_backup ON restore_test(backup_id, tested_on);
CREATE TABLE equipment (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'other'
        CHECK (kind IN ('ups', 'nas', 'switch', 'firewall', 'router', 'printer', 'other')),
    site_id INTEGER REFERENCES site(id) ON DELETE SET NULL,
    room TEXT,
    maker TEXT,
    model TEXT,
    serial TEXT,
    uuid TEXT,
    address TEXT,
    purchase_date TEXT,
    warranty_end TEXT,
    source TEXT NOT NULL DEFAULT 'manual',
    notes TEXT
);
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT,
    organisation TEXT,
    kind TEXT NOT NULL DEFAULT 'internal'
        CHECK (kind IN ('internal', 'vendor', 'group', 'authority', 'other')),
    phone TEXT,
    mobile TEXT,
    email TEXT,
    standin_for_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    notes TEXT
);
"""


def create(db) -> None:
    run_ddl(db, AUDIT_DDL)
    run_ddl(db, DDL)
    install_audit_triggers(db, TABLES)
