"""The units the plan covers and the degraded-mode procedure of each (its sheet on paper).

A unit is a record of the facility's units (care units, services, night team: the table the
training plan fills); its degraded-mode procedure is written on the critical activity named
after it (the activity's name is the unit's, or holds it: « Pharmacie à usage intérieur et
résultats de laboratoire » covers the unit « Pharmacie à usage intérieur »). A unit without one
still gets a sheet, blank, to fill by hand; a critical activity that names no unit keeps its own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .plan import activities

# the kinds of unit the plan covers (not « other »: a unit not working with patients)
UNIT_KINDS_IN_SCOPE = ("care_unit", "service", "night_team")


@dataclass
class DegradedSheet:
    """One degraded-mode sheet: a unit and the activity that holds its procedure (either may be
    missing, not both)."""
    unit: dict | None
    activity: dict | None

    @property
    def name(self) -> str:
        return (self.unit or self.activity or {}).get("name", "")

    @property
    def procedure(self) -> str:
        return ((self.activity or {}).get("degraded_procedure") or "").strip()


def _fold(text: str | None) -> str:
    """A name compared without case, accents, typographic apostrophes or double spaces."""
    text = unicodedata.normalize("NFKD", (text or "").replace("\u2019", "'")).casefold()
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def covers(activity: dict, unit: dict) -> bool:
    """Whether a critical activity is the one of a unit: same name, or one name holds the other."""
    a, u = _fold(activity["name"]), _fold(unit["name"])
    return bool(a and u) and (a == u or u in a or a in u)


def units_in_scope(db) -> list[dict]:
    """The facility's units the plan covers, by name (with their site's name)."""
    if not db["training_unit"].exists():
        return []
    marks = ", ".join("?" for _k in UNIT_KINDS_IN_SCOPE)
    return list(db.query(
        "SELECT u.*, site.name AS site FROM training_unit u LEFT JOIN site ON site.id = u.site_id "
        f"WHERE u.kind IN ({marks}) ORDER BY u.name COLLATE FRENCH", list(UNIT_KINDS_IN_SCOPE)))


def degraded_sheets(db, plan_activities: list[dict] | None = None) -> list[DegradedSheet]:
    """A sheet per unit in scope (its activity, the one with a written procedure first), then
    one per critical activity that names no unit."""
    acts = activities(db) if plan_activities is None else plan_activities
    used: set[int] = set()
    sheets: list[DegradedSheet] = []
    for unit in units_in_scope(db):
        matching = [a for a in acts if covers(a, unit)]
        matching.sort(key=lambda a: not (a["degraded_procedure"] or "").strip())
        activity = matching[0] if matching else None
        if activity:
            used.add(activity["id"])
        sheets.append(DegradedSheet(unit, activity))
    sheets += [DegradedSheet(None, a) for a in acts if a["id"] not in used]
    return sheets
