"""What the crisis kit reads besides the continuity plan: the suppliers' hotlines and the
emergency numbers (CERT Santé, ARS, the regional group's support) found in the contacts.

The printed kit is :mod:`si_local.core.reports.crisis_kit`; nothing here is about paper.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACT_COLUMNS = "id, name, role, organisation, kind, phone, mobile, email, notes"


def supplier_lines(db) -> list[dict]:
    """The hotlines of the suppliers and vendors, one dict each (name, role, organisation,
    phone, mobile, hotline, support_hours, email, notes, and ``contracts``: each contract they
    hold — name, reference, service level, the applications, servers and equipment it covers),
    by organisation then name: the contacts of kind « vendor » and their contracts."""
    lines = [dict(r) for r in db.query(
        f"SELECT {CONTACT_COLUMNS}, hotline, support_hours FROM contact WHERE kind = 'vendor' "
        "ORDER BY coalesce(organisation, name) COLLATE FRENCH, name COLLATE FRENCH")]
    covered: dict[int, list[str]] = {}
    for table, ref, column in (("application", "contract_application", "application_id"),
                               ("server", "contract_server", "server_id"),
                               ("equipment", "contract_equipment", "equipment_id")):
        for r in db.query(f"SELECT l.contract_id, t.name FROM {ref} l "
                          f"JOIN {table} t ON t.id = l.{column} ORDER BY t.name COLLATE FRENCH"):
            covered.setdefault(r["contract_id"], []).append(r["name"])
    contracts: dict[int, list[dict]] = {}
    for r in db.query("SELECT id, supplier_id, name, reference, service_level FROM contract "
                      "WHERE supplier_id IS NOT NULL ORDER BY name COLLATE FRENCH"):
        contracts.setdefault(r["supplier_id"], []).append(
            {**dict(r), "covers": covered.get(r["id"], [])})
    for line in lines:
        line["contracts"] = contracts.get(line["id"], [])
    return lines


@dataclass(frozen=True)
class EmergencyNumber:
    """One number the crisis cell must have on paper; ``contact`` is None when the registry
    holds none (the kit then prints a blank line to fill in)."""
    key: str  # cert, ars, group
    contact: dict | None


def _words(contact: dict) -> str:
    return " ".join(str(contact.get(k) or "") for k in ("name", "organisation", "role")).casefold()


def _is_cert(contact: dict) -> bool:
    return "cert" in _words(contact).replace("-", " ").split() or "cert santé" in _words(contact)


def _is_ars(contact: dict) -> bool:
    words = _words(contact)
    return contact["kind"] == "authority" and ("ars" in words.replace(",", " ").split()
                                               or "agence régionale" in words)


EMERGENCY_KEYS = ("cert", "ars", "group")


def emergency_numbers(db) -> list[EmergencyNumber]:
    """CERT Santé (a contact naming « CERT »), the ARS (an authority naming « ARS » or
    « agence régionale ») and the regional group's support (the first contact of kind
    « group »), in that order; each with its contact or None."""
    contacts = list(db.query(f"SELECT {CONTACT_COLUMNS} FROM contact ORDER BY name COLLATE FRENCH"))
    found = {
        "cert": next((x for x in contacts if _is_cert(x)), None),
        "ars": next((x for x in contacts if _is_ars(x)), None),
        "group": next((x for x in contacts if x["kind"] == "group"), None),
    }
    return [EmergencyNumber(key, found[key]) for key in EMERGENCY_KEYS]


__all__ = ["EMERGENCY_KEYS", "EmergencyNumber", "emergency_numbers", "supplier_lines"]
