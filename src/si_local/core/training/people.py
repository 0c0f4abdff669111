"""People: units, staff and référents (who is trained, where, on which shift)."""

from __future__ import annotations

from collections import defaultdict

from .. import validation as v
from ..errors import UserError, ValidationError
from ..i18n import _
from .common import (PROFILES, SHIFTS, STATUSES, TEXT_COLUMNS, UNIT_KINDS, _choice, _exists, _need,
                     _rows, _text, fold, label, person_name)


# --- profiles --------------------------------------------------------------------------------

def profile_keys(db) -> list[str]:
    """Every profile's key in the order of the lists: the program's own, then those added by
    users, « Other » last."""
    return [r[0] for r in db.execute(
        "SELECT name FROM training_profile ORDER BY name = 'other', position, id")]


def profiles(db) -> dict[str, str]:
    """{key: label} of every profile (a profile a user added is named by its key)."""
    return {key: label(PROFILES, key) for key in profile_keys(db)}


def find_profile(db, name: str | None) -> str | None:
    """The key of the profile named ``name`` (its key or its label, whatever the case and
    accents), None when there is none."""
    wanted = fold(name)
    if not wanted:
        return None
    for key, text in profiles(db).items():
        if wanted in (fold(key), fold(text)):
            return key
    return None


def add_profile(db, name: str) -> str:
    """Add a profile to the list and return its key (the key of the one already named so)."""
    text = _text(name)
    if not text:
        raise ValidationError({"name": _("Enter a name.")})
    errors: dict[str, str] = {}
    v.check_texts(TEXT_COLUMNS["training_profile"], {"name": text}, errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        found = find_profile(db, text)
        if found is not None:
            return found
        (position,) = db.execute("SELECT coalesce(max(position), 0) + 10 FROM training_profile"
                                 ).fetchone()
        db["training_profile"].insert({"name": text, "position": position})
    return text


# --- units -----------------------------------------------------------------------------------

def units(db) -> list[dict]:
    """Every unit with its site's name, its active head count and its référents' names."""
    found = _rows(db, """
        SELECT u.*, s.name AS site_name,
               (SELECT count(*) FROM training_staff st WHERE st.unit_id = u.id AND st.active = 1)
                   AS staff_count
        FROM training_unit u LEFT JOIN site s ON s.id = u.site_id
        ORDER BY u.name COLLATE FRENCH""")
    refs = defaultdict(list)
    for r in _rows(db, """SELECT r.unit_id, st.last_name, st.first_name FROM training_referent r
                          JOIN training_staff st ON st.id = r.staff_id ORDER BY st.last_name COLLATE FRENCH"""):
        refs[r["unit_id"]].append(person_name(r))
    for u in found:
        u["referents"] = refs.get(u["id"], [])
    return found


def save_unit(db, values: dict, unit_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = _("Enter a name.")
    elif db.execute("SELECT 1 FROM training_unit WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                    [name, unit_id]).fetchone():
        errors["name"] = _("Another unit already has this name.")
    site_id = values.get("site_id") or None
    if site_id is not None and not _exists(db, "site", site_id):
        errors["site_id"] = _("Choose an existing site.")
    kind = _choice(errors, "kind", values.get("kind"), UNIT_KINDS, "care_unit")
    v.check_texts(TEXT_COLUMNS["training_unit"], values, errors)
    if errors:
        raise ValidationError(errors)
    row = {"name": name, "site_id": site_id, "kind": kind,
           "manager_name": _text(values.get("manager_name")), "notes": _text(values.get("notes"))}
    with db.atomic():
        if unit_id is None:
            return int(db["training_unit"].insert(row).last_pk)
        _need(db, "training_unit", unit_id)
        db["training_unit"].update(unit_id, row)
    return int(unit_id)


def delete_unit(db, unit_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_unit WHERE id = ?", [unit_id])


# --- staff -----------------------------------------------------------------------------------

def staff(db, active_only: bool = False) -> list[dict]:
    where = "WHERE st.active = 1" if active_only else ""
    return _rows(db, f"""
        SELECT st.*, u.name AS unit_name,
               EXISTS (SELECT 1 FROM training_referent r WHERE r.staff_id = st.id) AS is_referent
        FROM training_staff st LEFT JOIN training_unit u ON u.id = st.unit_id {where}
        ORDER BY st.last_name COLLATE FRENCH, st.first_name COLLATE FRENCH""")


def get_staff(db, staff_id: int) -> dict:
    rows = _rows(db, "SELECT * FROM training_staff WHERE id = ?", [staff_id])
    if not rows:
        raise UserError(_("This record no longer exists."))
    return rows[0]


def clean_staff(db, values: dict) -> dict:
    """A person's record ready to write, or :class:`ValidationError` naming every bad field."""
    errors: dict[str, str] = {}
    last = _text(values.get("last_name"))
    if not last:
        errors["last_name"] = _("Enter the last name.")
    profile = _choice(errors, "profile", values.get("profile"), profile_keys(db), "other")
    matricule = _text(values.get("matricule"))
    if matricule and db.execute("SELECT 1 FROM training_staff WHERE matricule = ? AND id IS NOT ?",
                                [matricule, values.get("id")]).fetchone():
        errors["matricule"] = _("Another person already has this staff number.")
    unit_id = values.get("unit_id") or None
    if unit_id is not None and not _exists(db, "training_unit", unit_id):
        errors["unit_id"] = _("Choose an existing unit.")
    shift = _choice(errors, "shift", values.get("shift"), SHIFTS, "day")
    status = _choice(errors, "status", values.get("status"), STATUSES, "permanent")
    active = values.get("active", 1)
    v.check_texts(TEXT_COLUMNS["training_staff"], values, errors)
    if errors:
        raise ValidationError(errors)
    return {"last_name": last, "first_name": _text(values.get("first_name")) or "", "profile": profile,
            "unit_id": unit_id, "shift": shift, "status": status, "active": 1 if active else 0,
            "notes": _text(values.get("notes")), "matricule": matricule}


def save_staff(db, values: dict, staff_id: int | None = None) -> int:
    if staff_id is not None and "matricule" not in values:  # a form without the field keeps it
        values = {**values, "matricule": get_staff(db, staff_id).get("matricule")}
    row = clean_staff(db, {**values, "id": staff_id})
    with db.atomic():
        if staff_id is None:
            return int(db["training_staff"].insert(row).last_pk)
        _need(db, "training_staff", staff_id)
        db["training_staff"].update(staff_id, row)
    return int(staff_id)


def delete_staff(db, staff_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_staff WHERE id = ?", [staff_id])


# --- référents -------------------------------------------------------------------------------

def referents(db) -> list[dict]:
    return _rows(db, """
        SELECT r.*, u.name AS unit_name, st.last_name, st.first_name, st.profile, st.shift
        FROM training_referent r JOIN training_unit u ON u.id = r.unit_id
        JOIN training_staff st ON st.id = r.staff_id
        ORDER BY u.name COLLATE FRENCH, st.last_name COLLATE FRENCH""")


def _referent_start(start_date: str | None, errors: dict[str, str]) -> str | None:
    """The référent's start date checked (optional); a bad one is added to ``errors``."""
    start = _text(start_date)
    if start:
        try:
            start = v.check_date(start)
        except ValueError as exc:
            errors["start_date"] = str(exc)
    return start


def add_referent(db, unit_id: int, staff_id: int, start_date: str | None = None,
                 mission: str | None = None) -> int:
    errors: dict[str, str] = {}
    if not _exists(db, "training_unit", unit_id):
        errors["unit_id"] = _("Choose an existing unit.")
    if not _exists(db, "training_staff", staff_id):
        errors["staff_id"] = _("Choose a person from the staff list.")
    start = _referent_start(start_date, errors)
    v.check_texts(TEXT_COLUMNS["training_referent"], {"mission": mission}, errors)
    if not errors and db.execute("SELECT 1 FROM training_referent WHERE unit_id = ? AND staff_id = ?",
                                 [unit_id, staff_id]).fetchone():
        errors["staff_id"] = _("This person is already a référent of this unit.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        return int(db["training_referent"].insert(
            {"unit_id": unit_id, "staff_id": staff_id, "start_date": start,
             "mission": _text(mission)}).last_pk)


def update_referent(db, referent_id: int, start_date: str | None = None,
                    mission: str | None = None) -> None:
    """Change the start date and the mission of a référent (the person and unit stay)."""
    if not _exists(db, "training_referent", referent_id):
        raise UserError(_("This référent no longer exists; refresh the list."))
    errors: dict[str, str] = {}
    start = _referent_start(start_date, errors)
    v.check_texts(TEXT_COLUMNS["training_referent"], {"mission": mission}, errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        db.execute("UPDATE training_referent SET start_date = ?, mission = ? WHERE id = ?",
                   [start, _text(mission), referent_id])


def remove_referent(db, referent_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_referent WHERE id = ?", [referent_id])


def units_without_referent(db) -> list[dict]:
    return _rows(db, """
        SELECT u.id, u.name, (SELECT count(*) FROM training_staff st
                              WHERE st.unit_id = u.id AND st.active = 1) AS staff_count
        FROM training_unit u
        WHERE NOT EXISTS (SELECT 1 FROM training_referent r JOIN training_staff st
                          ON st.id = r.staff_id WHERE r.unit_id = u.id AND st.active = 1)
        ORDER BY u.name COLLATE FRENCH""")
