"""Step m006_group, frozen: the statements it ran when it landed, never to be edited.

Schema of the group area: the core model shared by a regional group of facilities.

``core_model_pack`` records each pack taken (version, checksum, when). ``core_model_item`` holds
one item of the core model: ``standard`` is the item as the group's latest pack publishes it
(JSON), ``local`` the facility's adapted version (NULL while it follows the standard), ``base`` the
standard the local version was adapted from. Comparing the three tells apart "the facility changed
this" from "the group changed this", so a new pack never overwrites a local change.

Written out on 2026-12-07 from what ``core/schema/group.py`` executed at commit 6cc7d75
(its DDL and seeded rows, then its triggers: every statement, in the order it ran).
A change to these tables is a new step at the end of ``core/migrations/__init__.py``.
"""

SQL = """
CREATE TABLE core_model_pack (
    id INTEGER PRIMARY KEY,
    group_name TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    checksum TEXT NOT NULL,
    created_at TEXT,
    taken_at TEXT NOT NULL,
    items INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE core_model_item (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (
        'questionnaire', 'scenario_template', 'training_module', 'naming_rule', 'required_field')),
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    standard TEXT NOT NULL,
    base TEXT NOT NULL,
    local TEXT,
    pack_version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, key)
);
CREATE TRIGGER "audit_core_model_pack_insert" AFTER INSERT ON "core_model_pack" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'core_model_pack', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'group_name', NEW."group_name", 'version', NEW."version", 'checksum', NEW."checksum", 'created_at', NEW."created_at", 'taken_at', NEW."taken_at", 'items', NEW."items")); END;
CREATE TRIGGER "audit_core_model_pack_update" AFTER UPDATE ON "core_model_pack" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'core_model_pack', NEW.id, 'update', json_object('id', OLD."id", 'group_name', OLD."group_name", 'version', OLD."version", 'checksum', OLD."checksum", 'created_at', OLD."created_at", 'taken_at', OLD."taken_at", 'items', OLD."items"), json_object('id', NEW."id", 'group_name', NEW."group_name", 'version', NEW."version", 'checksum', NEW."checksum", 'created_at', NEW."created_at", 'taken_at', NEW."taken_at", 'items', NEW."items")); END;
CREATE TRIGGER "audit_core_model_pack_delete" AFTER DELETE ON "core_model_pack" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'core_model_pack', OLD.id, 'delete', json_object('id', OLD."id", 'group_name', OLD."group_name", 'version', OLD."version", 'checksum', OLD."checksum", 'created_at', OLD."created_at", 'taken_at', OLD."taken_at", 'items', OLD."items"), NULL); END;
CREATE TRIGGER "audit_core_model_item_insert" AFTER INSERT ON "core_model_item" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'core_model_item', NEW.id, 'insert', NULL, json_object('id', NEW."id", 'kind', NEW."kind", 'key', NEW."key", 'title', NEW."title", 'standard', NEW."standard", 'base', NEW."base", 'local', NEW."local", 'pack_version', NEW."pack_version", 'updated_at', NEW."updated_at")); END;
CREATE TRIGGER "audit_core_model_item_update" AFTER UPDATE ON "core_model_item" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'core_model_item', NEW.id, 'update', json_object('id', OLD."id", 'kind', OLD."kind", 'key', OLD."key", 'title', OLD."title", 'standard', OLD."standard", 'base', OLD."base", 'local', OLD."local", 'pack_version', OLD."pack_version", 'updated_at', OLD."updated_at"), json_object('id', NEW."id", 'kind', NEW."kind", 'key', NEW."key", 'title', NEW."title", 'standard', NEW."standard", 'base', NEW."base", 'local', NEW."local", 'pack_version', NEW."pack_version", 'updated_at', NEW."updated_at")); END;
CREATE TRIGGER "audit_core_model_item_delete" AFTER DELETE ON "core_model_item" BEGIN INSERT INTO audit (os_user, table_name, row_id, action, before, after) VALUES (si_local_user(), 'core_model_item', OLD.id, 'delete', json_object('id', OLD."id", 'kind', OLD."kind", 'key', OLD."key", 'title', OLD."title", 'standard', OLD."standard", 'base', OLD."base", 'local', OLD."local", 'pack_version', OLD."pack_version", 'updated_at', OLD."updated_at"), NULL); END;
"""
