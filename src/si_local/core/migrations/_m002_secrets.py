"""Step m002_secrets, frozen: the statements it ran when it landed, never to be edited.

Schema of the secrets area: references to credentials, never their values.

``secret_ref`` says whose credential it is (a server, a VM, an application, a backup, a piece of
equipment), the account, a label and *where it is kept on paper*; the secret itself lives only in
the operating system's keyring, under the service ``si-local`` and the reference's random ``key``.
There is deliberately no column able to hold a secret value.

Written out on 2026-12-07 from what ``core/schema/secrets.py`` executed at commit 6cc7d75
(its DDL and seeded rows, then its triggers: every statement, in the order it ran).
A change to these tables is a new step at the end of ``core/migrations/__init__.py``.
"""

SQL = """
CREATE TABLE secret_ref (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('servers', 'vms', 'applications', 'backups', 'equipment')),
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
CREATE TRIGGER "secret_ref_owner_server_deleted" AFTER DELETE ON "server" BEGIN DELETE FROM secret_ref WHERE owner_kind = 'servers' AND owner_id = OLD.id; END;
CREATE TRIGGER "secret_ref_owner_vm_deleted" AFTER DELETE ON "vm" BEGIN DELETE FROM secret_ref WHERE owner_kind = 'vms' AND owner_id = OLD.id; END;
CREATE TRIGGER "secret_ref_owner_application_deleted" AFTER DELETE ON "application" BEGIN DELETE FROM secret_ref WHERE owner_kind = 'applications' AND owner_id = OLD.id; END;
CREATE TRIGGER "secret_ref_owner_backup_deleted" AFTER DELETE ON "backup" BEGIN DELETE FROM secret_ref WHERE owner_kind = 'backups' AND owner_id = OLD.id; END;
CREATE TRIGGER "secret_ref_owner_equipment_deleted" AFTER DELETE ON "equipment" BEGIN DELETE FROM secret_ref WHERE owner_kind = 'equipment' AND owner_id = OLD.id; END;
CREATE TRIGGER "audit_secret_ref_insert" AFTER INSERT ON "secret_ref" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'secret_ref', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'owner_kind', NEW."owner_kind", 'owner_id', NEW."owner_id", 'account', NEW."account", 'label', NEW."label", 'location_note', NEW."location_note", 'service', NEW."service", 'key', NEW."key", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at")); END;
CREATE TRIGGER "audit_secret_ref_update" AFTER UPDATE ON "secret_ref" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'secret_ref', NEW.id, 'update', json_object('id', OLD."id", 'owner_kind', OLD."owner_kind", 'owner_id', OLD."owner_id", 'account', OLD."account", 'label', OLD."label", 'location_note', OLD."location_note", 'service', OLD."service", 'key', OLD."key", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at"), json_object('id', NEW."id", 'owner_kind', NEW."owner_kind", 'owner_id', NEW."owner_id", 'account', NEW."account", 'label', NEW."label", 'location_note', NEW."location_note", 'service', NEW."service", 'key', NEW."key", 'created_at', NEW."created_at", 'updated_at', NEW."updated_at")); END;
CREATE TRIGGER "audit_secret_ref_delete" AFTER DELETE ON "secret_ref" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'secret_ref', OLD.id, 'delete', json_object('id', OLD."id", 'owner_kind', OLD."owner_kind", 'owner_id', OLD."owner_id", 'account', OLD."account", 'label', OLD."label", 'location_note', OLD."location_note", 'service', OLD."service", 'key', OLD."key", 'created_at', OLD."created_at", 'updated_at', OLD."updated_at"), NULL); END;
"""
