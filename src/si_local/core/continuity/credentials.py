"""The critical systems and where their break-glass credentials are kept.

When every computer is down, the plan must say where the administrator accounts of the
directory, the hypervisors, the firewall and the backups are written (a sealed envelope, a
safe): the registry's credential references (account, label, « kept on paper at »), never the
secret itself, and a backup's own « credentials kept at » field.

Critical: a VM or an application of high or vital criticality, a server hosting such a VM (a
hypervisor), a firewall, router, switch or NAS, and every backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_
from .common import CRITICAL

CRITICAL_EQUIPMENT = ("firewall", "router", "switch", "nas")
# the secret_ref owner kinds, in the order the table prints them, with their label
SYSTEM_KINDS = {"servers": N_("Server"), "vms": N_("VM"), "applications": N_("Application"),
                "equipment": N_("Network device"), "backups": N_("Backup")}
# the columns of a reference that may print (never the keyring's key or service)
PRINTED_COLUMNS = ("account", "label", "location_note")


@dataclass
class CriticalSystem:
    kind: str  # a secret_ref owner kind: servers, vms, applications, equipment, backups
    id: int
    name: str
    refs: list[dict] = field(default_factory=list)  # account, label, location_note
    kept_at: str = ""  # a backup's « credentials kept at »

    @property
    def recorded(self) -> bool:
        return bool(self.refs or self.kept_at)


def _systems(db) -> list[CriticalSystem]:
    marks = ", ".join("?" for _c in CRITICAL)
    found = [CriticalSystem("servers", r["id"], r["name"]) for r in db.query(
        "SELECT DISTINCT s.id, s.name FROM server s LEFT JOIN vm ON vm.server_id = s.id "
        f"WHERE vm.criticality IN ({marks}) OR coalesce(s.hypervisor, '') <> '' ORDER BY s.name COLLATE FRENCH",
        list(CRITICAL))]
    found += [CriticalSystem("vms", r["id"], r["name"]) for r in db.query(
        f"SELECT id, name FROM vm WHERE criticality IN ({marks}) ORDER BY name COLLATE FRENCH", list(CRITICAL))]
    found += [CriticalSystem("applications", r["id"], r["name"]) for r in db.query(
        f"SELECT id, name FROM application WHERE criticality IN ({marks}) ORDER BY name COLLATE FRENCH",
        list(CRITICAL))]
    kinds = ", ".join("?" for _k in CRITICAL_EQUIPMENT)
    found += [CriticalSystem("equipment", r["id"], r["name"]) for r in db.query(
        f"SELECT id, name FROM equipment WHERE kind IN ({kinds}) ORDER BY name COLLATE FRENCH",
        list(CRITICAL_EQUIPMENT))]
    found += [CriticalSystem("backups", r["id"], r["name"], kept_at=(r["credential_location"] or "").strip())
              for r in db.query("SELECT id, name, credential_location FROM backup ORDER BY name COLLATE FRENCH")]
    return found


def critical_systems(db) -> list[CriticalSystem]:
    """The critical systems, each with the references of its credentials (without any secret)."""
    systems = _systems(db)
    by_owner = {(s.kind, s.id): s for s in systems}
    for r in db.query("SELECT owner_kind, owner_id, account, label, location_note FROM secret_ref "
                      "ORDER BY account, id"):
        system = by_owner.get((r["owner_kind"], r["owner_id"]))
        if system:
            system.refs.append({k: r[k] for k in PRINTED_COLUMNS})
    return systems
