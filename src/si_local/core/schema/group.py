"""Schema of the group area: the core model shared by a regional group of facilities.

``core_model_pack`` records each pack taken (version, checksum, when). ``core_model_item`` holds
one item of the core model: ``standard`` is the item as the group's latest pack publishes it
(JSON), ``local`` the facility's adapted version (NULL while it follows the standard), ``base`` the
standard the local version was adapted from. Comparing the three tells apart "the facility changed
this" from "the group changed this", so a new pack never overwrites a local change.
"""

from __future__ import annotations

from ..audit import install_audit_triggers
from . import run_ddl

TABLES = ["core_model_pack", "core_model_item"]

DDL = """
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
"""


def create(db) -> None:
    run_ddl(db, DDL)
    install_audit_triggers(db, TABLES)
