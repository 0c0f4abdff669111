"""Step m001_registry, frozen: the statements it ran when it landed, never to be edited.

Registry of the information system: facility, sites, servers, VMs, mirrors, applications,
backups, restore tests, equipment, contacts.

Conventions: every table has ``id INTEGER PRIMARY KEY``; dates are ISO text (``YYYY-MM-DD``),
date-times ISO text in UTC (``YYYY-MM-DDTHH:MM:SS``); booleans are 0/1; sizes in GB, durations
in hours (``*_hours``) or minutes (``*_minutes``), money in euros. Choice columns hold stable
English keys; their labels are translated by :mod:`si_local.core.registry`.

Written out on 2026-12-07 from what ``core/schema/registry.py`` executed at commit 6cc7d75
(its DDL and seeded rows, then its triggers: every statement, in the order it ran).
A change to these tables is a new step at the end of ``core/migrations/__init__.py``.
"""

SQL = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    os_user TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id INTEGER,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS audit_table_at ON audit(table_name, at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be modified'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be modified'); END;
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
CREATE TRIGGER "audit_facility_insert" AFTER INSERT ON "facility" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'facility', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'finess', NEW."finess", 'kind', NEW."kind", 'address', NEW."address", 'phone', NEW."phone", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_facility_update" AFTER UPDATE ON "facility" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'facility', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'finess', OLD."finess", 'kind', OLD."kind", 'address', OLD."address", 'phone', OLD."phone", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'finess', NEW."finess", 'kind', NEW."kind", 'address', NEW."address", 'phone', NEW."phone", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_facility_delete" AFTER DELETE ON "facility" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'facility', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'finess', OLD."finess", 'kind', OLD."kind", 'address', OLD."address", 'phone', OLD."phone", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_site_insert" AFTER INSERT ON "site" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'site', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'address', NEW."address", 'postcode', NEW."postcode", 'city', NEW."city", 'department', NEW."department", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_site_update" AFTER UPDATE ON "site" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'site', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'address', OLD."address", 'postcode', OLD."postcode", 'city', OLD."city", 'department', OLD."department", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'address', NEW."address", 'postcode', NEW."postcode", 'city', NEW."city", 'department', NEW."department", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_site_delete" AFTER DELETE ON "site" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'site', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'address', OLD."address", 'postcode', OLD."postcode", 'city', OLD."city", 'department', OLD."department", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_server_insert" AFTER INSERT ON "server" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'server', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'site_id', NEW."site_id", 'room', NEW."room", 'maker', NEW."maker", 'model', NEW."model", 'serial', NEW."serial", 'uuid', NEW."uuid", 'cpu', NEW."cpu", 'cpu_cores', NEW."cpu_cores", 'ram_gb', NEW."ram_gb", 'storage_gb', NEW."storage_gb", 'hypervisor', NEW."hypervisor", 'os', NEW."os", 'mgmt_address', NEW."mgmt_address", 'addresses', NEW."addresses", 'purchase_date', NEW."purchase_date", 'warranty_end', NEW."warranty_end", 'maintenance_contract', NEW."maintenance_contract", 'source', NEW."source", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_server_update" AFTER UPDATE ON "server" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'server', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'site_id', OLD."site_id", 'room', OLD."room", 'maker', OLD."maker", 'model', OLD."model", 'serial', OLD."serial", 'uuid', OLD."uuid", 'cpu', OLD."cpu", 'cpu_cores', OLD."cpu_cores", 'ram_gb', OLD."ram_gb", 'storage_gb', OLD."storage_gb", 'hypervisor', OLD."hypervisor", 'os', OLD."os", 'mgmt_address', OLD."mgmt_address", 'addresses', OLD."addresses", 'purchase_date', OLD."purchase_date", 'warranty_end', OLD."warranty_end", 'maintenance_contract', OLD."maintenance_contract", 'source', OLD."source", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'site_id', NEW."site_id", 'room', NEW."room", 'maker', NEW."maker", 'model', NEW."model", 'serial', NEW."serial", 'uuid', NEW."uuid", 'cpu', NEW."cpu", 'cpu_cores', NEW."cpu_cores", 'ram_gb', NEW."ram_gb", 'storage_gb', NEW."storage_gb", 'hypervisor', NEW."hypervisor", 'os', NEW."os", 'mgmt_address', NEW."mgmt_address", 'addresses', NEW."addresses", 'purchase_date', NEW."purchase_date", 'warranty_end', NEW."warranty_end", 'maintenance_contract', NEW."maintenance_contract", 'source', NEW."source", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_server_delete" AFTER DELETE ON "server" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'server', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'site_id', OLD."site_id", 'room', OLD."room", 'maker', OLD."maker", 'model', OLD."model", 'serial', OLD."serial", 'uuid', OLD."uuid", 'cpu', OLD."cpu", 'cpu_cores', OLD."cpu_cores", 'ram_gb', OLD."ram_gb", 'storage_gb', OLD."storage_gb", 'hypervisor', OLD."hypervisor", 'os', OLD."os", 'mgmt_address', OLD."mgmt_address", 'addresses', OLD."addresses", 'purchase_date', OLD."purchase_date", 'warranty_end', OLD."warranty_end", 'maintenance_contract', OLD."maintenance_contract", 'source', OLD."source", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_vm_insert" AFTER INSERT ON "vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'vm', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'server_id', NEW."server_id", 'uuid', NEW."uuid", 'serial', NEW."serial", 'os', NEW."os", 'role', NEW."role", 'vcpu', NEW."vcpu", 'ram_gb', NEW."ram_gb", 'disk_gb', NEW."disk_gb", 'addresses', NEW."addresses", 'criticality', NEW."criticality", 'source', NEW."source", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_vm_update" AFTER UPDATE ON "vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'vm', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'server_id', OLD."server_id", 'uuid', OLD."uuid", 'serial', OLD."serial", 'os', OLD."os", 'role', OLD."role", 'vcpu', OLD."vcpu", 'ram_gb', OLD."ram_gb", 'disk_gb', OLD."disk_gb", 'addresses', OLD."addresses", 'criticality', OLD."criticality", 'source', OLD."source", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'server_id', NEW."server_id", 'uuid', NEW."uuid", 'serial', NEW."serial", 'os', NEW."os", 'role', NEW."role", 'vcpu', NEW."vcpu", 'ram_gb', NEW."ram_gb", 'disk_gb', NEW."disk_gb", 'addresses', NEW."addresses", 'criticality', NEW."criticality", 'source', NEW."source", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_vm_delete" AFTER DELETE ON "vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'vm', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'server_id', OLD."server_id", 'uuid', OLD."uuid", 'serial', OLD."serial", 'os', OLD."os", 'role', OLD."role", 'vcpu', OLD."vcpu", 'ram_gb', OLD."ram_gb", 'disk_gb', OLD."disk_gb", 'addresses', OLD."addresses", 'criticality', OLD."criticality", 'source', OLD."source", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_replication_insert" AFTER INSERT ON "replication" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'replication', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'source_server_id', NEW."source_server_id", 'source_vm_id', NEW."source_vm_id", 'target_server_id', NEW."target_server_id", 'method', NEW."method", 'interval_minutes', NEW."interval_minutes", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_replication_update" AFTER UPDATE ON "replication" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'replication', NEW.id, 'update', json_object('id', OLD."id", 'source_server_id', OLD."source_server_id", 'source_vm_id', OLD."source_vm_id", 'target_server_id', OLD."target_server_id", 'method', OLD."method", 'interval_minutes', OLD."interval_minutes", 'notes', OLD."notes"), json_object('id', NEW."id", 'source_server_id', NEW."source_server_id", 'source_vm_id', NEW."source_vm_id", 'target_server_id', NEW."target_server_id", 'method', NEW."method", 'interval_minutes', NEW."interval_minutes", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_replication_delete" AFTER DELETE ON "replication" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'replication', OLD.id, 'delete', json_object('id', OLD."id", 'source_server_id', OLD."source_server_id", 'source_vm_id', OLD."source_vm_id", 'target_server_id', OLD."target_server_id", 'method', OLD."method", 'interval_minutes', OLD."interval_minutes", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_application_insert" AFTER INSERT ON "application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'application', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'vendor', NEW."vendor", 'module', NEW."module", 'criticality', NEW."criticality", 'dmia_hours', NEW."dmia_hours", 'pdma_hours', NEW."pdma_hours", 'licence', NEW."licence", 'yearly_cost_eur', NEW."yearly_cost_eur", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_application_update" AFTER UPDATE ON "application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'application', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'vendor', OLD."vendor", 'module', OLD."module", 'criticality', OLD."criticality", 'dmia_hours', OLD."dmia_hours", 'pdma_hours', OLD."pdma_hours", 'licence', OLD."licence", 'yearly_cost_eur', OLD."yearly_cost_eur", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'vendor', NEW."vendor", 'module', NEW."module", 'criticality', NEW."criticality", 'dmia_hours', NEW."dmia_hours", 'pdma_hours', NEW."pdma_hours", 'licence', NEW."licence", 'yearly_cost_eur', NEW."yearly_cost_eur", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_application_delete" AFTER DELETE ON "application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'application', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'vendor', OLD."vendor", 'module', OLD."module", 'criticality', OLD."criticality", 'dmia_hours', OLD."dmia_hours", 'pdma_hours', OLD."pdma_hours", 'licence', OLD."licence", 'yearly_cost_eur', OLD."yearly_cost_eur", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_application_vm_insert" AFTER INSERT ON "application_vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'application_vm', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'application_id', NEW."application_id", 'vm_id', NEW."vm_id")); END;
CREATE TRIGGER "audit_application_vm_update" AFTER UPDATE ON "application_vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'application_vm', NEW.id, 'update', json_object('id', OLD."id", 'application_id', OLD."application_id", 'vm_id', OLD."vm_id"), json_object('id', NEW."id", 'application_id', NEW."application_id", 'vm_id', NEW."vm_id")); END;
CREATE TRIGGER "audit_application_vm_delete" AFTER DELETE ON "application_vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'application_vm', OLD.id, 'delete', json_object('id', OLD."id", 'application_id', OLD."application_id", 'vm_id', OLD."vm_id"), NULL); END;
CREATE TRIGGER "audit_backup_insert" AFTER INSERT ON "backup" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'method', NEW."method", 'medium', NEW."medium", 'location', NEW."location", 'offline', NEW."offline", 'immutable', NEW."immutable", 'encrypted', NEW."encrypted", 'frequency_hours', NEW."frequency_hours", 'retention_days', NEW."retention_days", 'last_success', NEW."last_success", 'credential_location', NEW."credential_location", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_backup_update" AFTER UPDATE ON "backup" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'method', OLD."method", 'medium', OLD."medium", 'location', OLD."location", 'offline', OLD."offline", 'immutable', OLD."immutable", 'encrypted', OLD."encrypted", 'frequency_hours', OLD."frequency_hours", 'retention_days', OLD."retention_days", 'last_success', OLD."last_success", 'credential_location', OLD."credential_location", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'method', NEW."method", 'medium', NEW."medium", 'location', NEW."location", 'offline', NEW."offline", 'immutable', NEW."immutable", 'encrypted', NEW."encrypted", 'frequency_hours', NEW."frequency_hours", 'retention_days', NEW."retention_days", 'last_success', NEW."last_success", 'credential_location', NEW."credential_location", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_backup_delete" AFTER DELETE ON "backup" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'method', OLD."method", 'medium', OLD."medium", 'location', OLD."location", 'offline', OLD."offline", 'immutable', OLD."immutable", 'encrypted', OLD."encrypted", 'frequency_hours', OLD."frequency_hours", 'retention_days', OLD."retention_days", 'last_success', OLD."last_success", 'credential_location', OLD."credential_location", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_backup_vm_insert" AFTER INSERT ON "backup_vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup_vm', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'backup_id', NEW."backup_id", 'vm_id', NEW."vm_id")); END;
CREATE TRIGGER "audit_backup_vm_update" AFTER UPDATE ON "backup_vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup_vm', NEW.id, 'update', json_object('id', OLD."id", 'backup_id', OLD."backup_id", 'vm_id', OLD."vm_id"), json_object('id', NEW."id", 'backup_id', NEW."backup_id", 'vm_id', NEW."vm_id")); END;
CREATE TRIGGER "audit_backup_vm_delete" AFTER DELETE ON "backup_vm" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup_vm', OLD.id, 'delete', json_object('id', OLD."id", 'backup_id', OLD."backup_id", 'vm_id', OLD."vm_id"), NULL); END;
CREATE TRIGGER "audit_backup_application_insert" AFTER INSERT ON "backup_application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup_application', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'backup_id', NEW."backup_id", 'application_id', NEW."application_id")); END;
CREATE TRIGGER "audit_backup_application_update" AFTER UPDATE ON "backup_application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup_application', NEW.id, 'update', json_object('id', OLD."id", 'backup_id', OLD."backup_id", 'application_id', OLD."application_id"), json_object('id', NEW."id", 'backup_id', NEW."backup_id", 'application_id', NEW."application_id")); END;
CREATE TRIGGER "audit_backup_application_delete" AFTER DELETE ON "backup_application" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'backup_application', OLD.id, 'delete', json_object('id', OLD."id", 'backup_id', OLD."backup_id", 'application_id', OLD."application_id"), NULL); END;
CREATE TRIGGER "audit_restore_test_insert" AFTER INSERT ON "restore_test" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'restore_test', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'backup_id', NEW."backup_id", 'tested_on', NEW."tested_on", 'target', NEW."target", 'duration_minutes', NEW."duration_minutes", 'result', NEW."result", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_restore_test_update" AFTER UPDATE ON "restore_test" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'restore_test', NEW.id, 'update', json_object('id', OLD."id", 'backup_id', OLD."backup_id", 'tested_on', OLD."tested_on", 'target', OLD."target", 'duration_minutes', OLD."duration_minutes", 'result', OLD."result", 'notes', OLD."notes"), json_object('id', NEW."id", 'backup_id', NEW."backup_id", 'tested_on', NEW."tested_on", 'target', NEW."target", 'duration_minutes', NEW."duration_minutes", 'result', NEW."result", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_restore_test_delete" AFTER DELETE ON "restore_test" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'restore_test', OLD.id, 'delete', json_object('id', OLD."id", 'backup_id', OLD."backup_id", 'tested_on', OLD."tested_on", 'target', OLD."target", 'duration_minutes', OLD."duration_minutes", 'result', OLD."result", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_equipment_insert" AFTER INSERT ON "equipment" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'equipment', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'kind', NEW."kind", 'site_id', NEW."site_id", 'room', NEW."room", 'maker', NEW."maker", 'model', NEW."model", 'serial', NEW."serial", 'uuid', NEW."uuid", 'address', NEW."address", 'purchase_date', NEW."purchase_date", 'warranty_end', NEW."warranty_end", 'source', NEW."source", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_equipment_update" AFTER UPDATE ON "equipment" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'equipment', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'kind', OLD."kind", 'site_id', OLD."site_id", 'room', OLD."room", 'maker', OLD."maker", 'model', OLD."model", 'serial', OLD."serial", 'uuid', OLD."uuid", 'address', OLD."address", 'purchase_date', OLD."purchase_date", 'warranty_end', OLD."warranty_end", 'source', OLD."source", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'kind', NEW."kind", 'site_id', NEW."site_id", 'room', NEW."room", 'maker', NEW."maker", 'model', NEW."model", 'serial', NEW."serial", 'uuid', NEW."uuid", 'address', NEW."address", 'purchase_date', NEW."purchase_date", 'warranty_end', NEW."warranty_end", 'source', NEW."source", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_equipment_delete" AFTER DELETE ON "equipment" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'equipment', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'kind', OLD."kind", 'site_id', OLD."site_id", 'room', OLD."room", 'maker', OLD."maker", 'model', OLD."model", 'serial', OLD."serial", 'uuid', OLD."uuid", 'address', OLD."address", 'purchase_date', OLD."purchase_date", 'warranty_end', OLD."warranty_end", 'source', OLD."source", 'notes', OLD."notes"), NULL); END;
CREATE TRIGGER "audit_contact_insert" AFTER INSERT ON "contact" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'contact', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'name', NEW."name", 'role', NEW."role", 'organisation', NEW."organisation", 'kind', NEW."kind", 'phone', NEW."phone", 'mobile', NEW."mobile", 'email', NEW."email", 'standin_for_id', NEW."standin_for_id", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_contact_update" AFTER UPDATE ON "contact" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'contact', NEW.id, 'update', json_object('id', OLD."id", 'name', OLD."name", 'role', OLD."role", 'organisation', OLD."organisation", 'kind', OLD."kind", 'phone', OLD."phone", 'mobile', OLD."mobile", 'email', OLD."email", 'standin_for_id', OLD."standin_for_id", 'notes', OLD."notes"), json_object('id', NEW."id", 'name', NEW."name", 'role', NEW."role", 'organisation', NEW."organisation", 'kind', NEW."kind", 'phone', NEW."phone", 'mobile', NEW."mobile", 'email', NEW."email", 'standin_for_id', NEW."standin_for_id", 'notes', NEW."notes")); END;
CREATE TRIGGER "audit_contact_delete" AFTER DELETE ON "contact" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'contact', OLD.id, 'delete', json_object('id', OLD."id", 'name', OLD."name", 'role', OLD."role", 'organisation', OLD."organisation", 'kind', OLD."kind", 'phone', OLD."phone", 'mobile', OLD."mobile", 'email', OLD."email", 'standin_for_id', OLD."standin_for_id", 'notes', OLD."notes"), NULL); END;
"""
