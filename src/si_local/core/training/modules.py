"""Training modules: what is taught, how long, how, and to which profiles."""

from __future__ import annotations

from collections import defaultdict

from .. import validation as v
from ..errors import ValidationError
from ..i18n import _
from .common import MODALITIES, TEXT_COLUMNS, _choice, _exists, _int, _need, _rows, _text
from .people import profile_keys


# --- modules ---------------------------------------------------------------------------------

def modules(db) -> list[dict]:
    found = _rows(db, """SELECT m.*, a.name AS application_name FROM training_module m
                         LEFT JOIN application a ON a.id = m.application_id
                         ORDER BY m.name COLLATE FRENCH""")
    profiles = defaultdict(list)
    for r in _rows(db, "SELECT module_id, profile FROM training_module_profile"):
        profiles[r["module_id"]].append(r["profile"])
    order = profile_keys(db)
    for m in found:
        m["profiles"] = sorted(profiles.get(m["id"], []), key=lambda p: order.index(p) if p in order else len(order))
    return found


def save_module(db, values: dict, module_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = _("Enter a name.")
    elif db.execute("SELECT 1 FROM training_module WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                    [name, module_id]).fetchone():
        errors["name"] = _("Another module already has this name.")
    app_id = values.get("application_id") or None
    if app_id is not None and not _exists(db, "application", app_id):
        errors["application_id"] = _("Choose an existing application.")
    duration = _int(errors, "duration_minutes", values.get("duration_minutes"), 1, 24 * 60)
    modality = _choice(errors, "modality", values.get("modality"), MODALITIES, "classroom")
    profiles = list(dict.fromkeys(values.get("profiles") or []))
    known = set(profile_keys(db))
    if any(p not in known for p in profiles):
        errors["profiles"] = _("Choose one of the proposed values.")
    v.check_texts(TEXT_COLUMNS["training_module"], values, errors)
    if errors:
        raise ValidationError(errors)
    row = {"name": name, "application_id": app_id, "duration_minutes": duration,
           "modality": modality, "description": _text(values.get("description"))}
    with db.atomic():
        if module_id is None:
            module_id = int(db["training_module"].insert(row).last_pk)
        else:
            _need(db, "training_module", module_id)
            db["training_module"].update(module_id, row)
        if "profiles" in values:
            current = {r[0] for r in db.execute(
                "SELECT profile FROM training_module_profile WHERE module_id = ?", [module_id])}
            for gone in current - set(profiles):
                db.execute("DELETE FROM training_module_profile WHERE module_id = ? AND profile = ?",
                           [module_id, gone])
            for new in [p for p in profiles if p not in current]:
                db.execute("INSERT INTO training_module_profile (module_id, profile) VALUES (?, ?)",
                           [module_id, new])
    return int(module_id)


def delete_module(db, module_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM training_module WHERE id = ?", [module_id])
