"""What the crisis kit reads besides the continuity plan: the suppliers' hotlines and the
emergency numbers (CERT Santé, ARS, the regional group's support) found in the contacts.

The printed kit is :mod:`si_local.core.reports.crisis_kit`; nothing here is about paper.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACT_COLUMNS = "id, name, role, organisation, kind, phone, mobile, email, notes"


def supplier_lines(db) -> list[dict]:
    """The hotlines of the suppliers and vendors, one dict each (name, role, organisation,
    phone, mobile, email, notes), by organisation then name.

    Today: the contacts of kind « vendor ». The one place to enrich (contracts and their
    hotlines) so that the kit and whatever else prints them stay the same."""
    return list(db.query(
        f"SELECT {CONTACT_COLUMNS} FROM contact WHERE kind = 'vendor' "
        "ORDER BY coalesce(organisation, name) COLLATE FRENCH, name COLLATE FRENCH"))


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
