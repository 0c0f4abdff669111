"""What a deletion of a registry record touches: how each reference to it is told (a
:class:`Reference` per foreign key, grouped per area) and :func:`dependents`, which counts them
from the database's own foreign keys. ``registry`` gives the same names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .i18n import N_, ngettext


# How each reference to a registry record is told before a deletion, whatever area holds it.
# Which references exist and what a deletion does to them (ON DELETE CASCADE or SET NULL) is read
# from the database's own foreign keys, so nothing depends on which modules were imported.
@dataclass(frozen=True)
class Reference:
    label: str  # English, translated when shown
    # A link row (for example a continuity step naming a server): the column of the record the
    # link belongs to. That record is kept, only the link goes; it is counted once.
    kept: str | None = None
    # A row holding many things (a machine's list of installed programs): the column that says
    # how many, summed instead of counting rows.
    total: str | None = None


# One dict per area whose tables point at registry records; core/areas.py names each area's.
# They are all here, in the registry itself, so that a deletion warning never depends on which
# area modules were imported.
REGISTRY_REFERENCES: dict[tuple[str, str], Reference] = {
    ("server", "site_id"): Reference(N_("servers")),
    ("equipment", "site_id"): Reference(N_("pieces of equipment")),
    ("vm", "server_id"): Reference(N_("virtual machines (left without a host)")),
    ("replication", "source_server_id"): Reference(N_("mirrors of this server")),
    ("replication", "target_server_id"): Reference(N_("mirrors kept on this server")),
    ("replication", "source_vm_id"): Reference(N_("mirrors of this VM")),
    ("application_vm", "vm_id"): Reference(N_("links to applications")),
    ("application_vm", "application_id"): Reference(N_("links to VMs")),
    ("backup_vm", "vm_id"): Reference(N_("links to backups")),
    ("backup_vm", "backup_id"): Reference(N_("links to VMs")),
    ("backup_application", "application_id"): Reference(N_("links to backups")),
    ("backup_application", "backup_id"): Reference(N_("links to applications")),
    **{("end_of_support_measure", column): Reference(N_("compensating measures (end of support)"))
       for column in ("server_id", "vm_id")},
    ("restore_test", "backup_id"): Reference(N_("restore tests")),
    ("backup_run", "backup_id"): Reference(N_("imported backup runs")),
    ("backup_run", "vm_id"): Reference(N_("imported backup runs of this VM")),
    ("contact", "standin_for_id"): Reference(N_("contacts standing in for this one")),
    **{("software_list", column): Reference(N_("installed programs"), total="programs")
       for column in ("server_id", "vm_id", "equipment_id")},
    **{("software_tag", column): Reference(N_("alert tags"))
       for column in ("server_id", "vm_id", "equipment_id")},
    **{(table, column): Reference(N_("links to certificates"))
       for table, column in (("certificate_server", "server_id"), ("certificate_vm", "vm_id"),
                             ("certificate_application", "application_id"))},
    ("certificate_server", "certificate_id"): Reference(N_("links to servers")),
    ("certificate_vm", "certificate_id"): Reference(N_("links to VMs")),
    ("certificate_application", "certificate_id"): Reference(N_("links to applications")),
    ("certificate", "replaced_by_id"): Reference(N_("certificates it renewed")),
    **{("certificate_link_refusal", column): Reference(N_("certificate links removed by hand"))
       for column in ("server_id", "vm_id", "application_id")},
    ("certificate_link_refusal", "certificate_id"): Reference(N_("links removed by hand")),
    **{(table, column): Reference(N_("links to contracts"))
       for table, column in (("contract_application", "application_id"),
                             ("contract_server", "server_id"),
                             ("contract_equipment", "equipment_id"))},
    ("contract_application", "contract_id"): Reference(N_("links to applications")),
    ("contract_server", "contract_id"): Reference(N_("links to servers")),
    ("contract_equipment", "contract_id"): Reference(N_("links to pieces of equipment")),
    ("contract", "supplier_id"): Reference(N_("contracts with this supplier")),
}
CONTINUITY_REFERENCES: dict[tuple[str, str], Reference] = {
    **{("continuity_step_item", column): Reference(N_("continuity plan steps naming it"), "step_id")
       for column in ("server_id", "vm_id", "application_id", "backup_id", "equipment_id")},
    ("continuity_activity_application", "application_id"):
        Reference(N_("critical activities needing it"), "activity_id"),
    ("continuity_crisis_role", "contact_id"): Reference(N_("crisis cell roles")),
    ("continuity_crisis_role", "standin_contact_id"): Reference(N_("crisis cell roles (as stand-in)")),
}
TRAINING_REFERENCES: dict[tuple[str, str], Reference] = {
    ("training_plan", "application_id"): Reference(N_("training plan for this application")),
    ("training_module", "application_id"): Reference(N_("training modules about it")),
    ("training_unit", "site_id"): Reference(N_("training units on this site")),
}
REFERENCES: dict[tuple[str, str], Reference] = {
    **REGISTRY_REFERENCES, **CONTINUITY_REFERENCES, **TRAINING_REFERENCES}
UNDESCRIBED = Reference(N_("other records"))  # a reference no entry above describes yet

# The label of one record, for a count of one (« 1 réplication de ce serveur »): dependents()
# gives the labels above, counted_label() says them with their count's own plural.
SINGULAR = {
    "servers": N_("server"),
    "pieces of equipment": N_("piece of equipment"),
    "virtual machines (left without a host)": N_("virtual machine (left without a host)"),
    "mirrors of this server": N_("mirror of this server"),
    "mirrors kept on this server": N_("mirror kept on this server"),
    "mirrors of this VM": N_("mirror of this VM"),
    "links to applications": N_("link to an application"),
    "links to VMs": N_("link to a VM"),
    "links to backups": N_("link to a backup"),
    "restore tests": N_("restore test"),
    "imported backup runs": N_("imported backup run"),
    "imported backup runs of this VM": N_("imported backup run of this VM"),
    "contacts standing in for this one": N_("contact standing in for this one"),
    "links to certificates": N_("link to a certificate"),
    "links to servers": N_("link to a server"),
    "certificates it renewed": N_("certificate it renewed"),
    "certificate links removed by hand": N_("certificate link removed by hand"),
    "links removed by hand": N_("link removed by hand"),
    "links to contracts": N_("link to a contract"),
    "links to pieces of equipment": N_("link to a piece of equipment"),
    "contracts with this supplier": N_("contract with this supplier"),
    "continuity plan steps naming it": N_("continuity plan step naming it"),
    "critical activities needing it": N_("critical activity needing it"),
    "crisis cell roles": N_("crisis cell role"),
    "crisis cell roles (as stand-in)": N_("crisis cell role (as stand-in)"),
    "training modules about it": N_("training module about it"),
    "training units on this site": N_("training unit on this site"),
    "installed programs": N_("installed program"),
    "alert tags": N_("alert tag"),
    "other records": N_("other record"),
    "compensating measures (end of support)": N_("compensating measure (end of support)"),
}


def counted_label(label: str, count: int) -> str:
    """A :func:`dependents` label in the user's language, singular or plural for ``count``."""
    return ngettext(SINGULAR.get(label, label), label, count)


def references_to(db, table: str) -> list[tuple[str, str, str]]:
    """Every foreign key of the database pointing at ``table``: (table, column, ON DELETE action),
    in the order of :data:`REFERENCES` (undescribed ones last)."""
    found = []
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall():
        for fk in db.execute(f'PRAGMA foreign_key_list("{name}")').fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if fk[2] == table:
                found.append((name, fk[3], str(fk[6]).upper()))
    order = {key: i for i, key in enumerate(REFERENCES)}
    return sorted(found, key=lambda r: (order.get((r[0], r[1]), len(order)), r[0], r[1]))


def dependents(db, k: Any, record_id: int) -> list[tuple[str, int, str]]:
    """What deleting a record touches: (English label, count, 'delete' or 'detach').

    'delete': those records go with it (ON DELETE CASCADE); 'detach': they are kept and only
    their link to it is removed (SET NULL, or a link row whose owner stays)."""
    found = []
    for table, column, action in references_to(db, k.table):
        ref = REFERENCES.get((table, column), UNDESCRIBED)
        counted = (f'coalesce(sum("{ref.total}"), 0)' if ref.total else
                   f"count(DISTINCT {ref.kept})" if ref.kept else "count(*)")
        count = db.execute(f'SELECT {counted} FROM "{table}" WHERE "{column}" = ?',
                           [record_id]).fetchone()[0]
        if not count:
            continue
        effect = "delete" if action == "CASCADE" and ref.kept is None else "detach"
        found.append((ref.label, count, effect))
    return found
