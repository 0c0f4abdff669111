"""The training plan's vocabulary and the small helpers every part of it uses: the choice keys
(profiles, unit kinds, shifts, statuses, modalities, trainers, attendance), the text columns and
their limits, and the functions that read, clean and name what people type."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from .. import validation as v
from ..errors import UserError
from ..i18n import N_, _

# --- choices ---------------------------------------------------------------------------------

PROFILES = {
    "doctor": N_("Doctor"),
    "nurse": N_("Nurse"),
    "nursing_assistant": N_("Nursing assistant"),
    "midwife": N_("Midwife"),
    "secretary": N_("Secretary / admissions"),
    "pharmacy": N_("Pharmacy"),
    "hospital_services_agent": N_("Hospital services agent (ASH)"),
    "health_manager": N_("Health manager (cadre de santé)"),
    "physiotherapist": N_("Physiotherapist"),
    "occupational_therapist": N_("Occupational therapist"),
    "psychologist": N_("Psychologist"),
    "dietitian": N_("Dietitian"),
    "medical_secretary": N_("Medical secretary"),
    "stretcher_bearer": N_("Stretcher-bearer"),
    "other": N_("Other"),
}
# The profiles above are the program's own (seeded in ``training_profile`` by step m010, their
# label translated); a profile a user adds is a row of that table whose key is its name.
UNIT_KINDS = {
    "care_unit": N_("Care unit"),
    "service": N_("Service"),
    "night_team": N_("Night team"),
    "other": N_("Other"),
}
SHIFTS = {"day": N_("Day"), "night": N_("Night")}
STATUSES = {"permanent": N_("Permanent"), "temporary": N_("Temporary"), "newcomer": N_("Newcomer")}
MODALITIES = {
    "classroom": N_("Classroom"),
    "e_learning": N_("E-learning"),
    "tutoring": N_("Tutoring by the référent"),
    "quick_card": N_("Quick-reference card"),
}
TRAINER_KINDS = {"vendor": N_("Vendor"), "internal": N_("Internal trainer"), "referent": N_("Référent")}
ATTENDANCE = {
    "pending": N_("Not recorded"),
    "present": N_("Present"),
    "absent": N_("Absent"),
    "excused": N_("Excused"),
}

# The longest text each free-text column holds (validation.MAX_LENGTHS by type: one line 200,
# "longtext" 10,000): read by the save functions below, the staff CSV import, the windows' line
# edits and bundle imports.
TEXT_COLUMNS: dict[str, dict[str, v.Text]] = {
    "training_plan": {"notes": v.Text(N_("Notes"), "longtext")},
    "training_unit": {"name": v.Text(N_("Name")), "manager_name": v.Text(N_("Manager (cadre)")),
                      "notes": v.Text(N_("Notes"), "longtext")},
    "training_staff": {"last_name": v.Text(N_("Last name")), "first_name": v.Text(N_("First name")),
                       "matricule": v.Text(N_("Staff number")),
                       "notes": v.Text(N_("Notes"), "longtext")},
    "training_profile": {"name": v.Text(N_("Profile"))},
    "training_referent": {"mission": v.Text(N_("Mission"), "longtext")},
    "training_module": {"name": v.Text(N_("Name")), "description": v.Text(N_("Content"), "longtext")},
    "training_session": {"trainer_name": v.Text(N_("Trainer's name")), "room": v.Text(N_("Room")),
                         "notes": v.Text(N_("Notes"), "longtext")},
    "training_participant": {"comment": v.Text(N_("Comment"), "longtext")},
}
# TEXT columns that hold no free text: dates and times (ISO) and choice keys.
OTHER_TEXT_COLUMNS = {
    "training_plan": {"go_live_date"},
    "training_unit": {"kind"},
    "training_staff": {"profile", "shift", "status"},
    "training_referent": {"start_date"},
    "training_module": {"modality"},
    "training_module_profile": {"profile"},
    "training_session": {"starts_at", "ends_at", "trainer_kind"},
    "training_participant": {"attendance"},
}

DEFAULT_TARGET_PERCENT = 80
GO_LIVE_NOTICE_DAYS = 30
DAY_START = dt.time(7, 0)
DAY_END = dt.time(20, 30)


def label(mapping: dict[str, str], key: str | None) -> str:
    """The translated label of a choice key ("nurse" -> "Infirmier ou infirmière")."""
    if key is None:
        return ""
    return _(mapping[key]) if key in mapping else str(key)


def person_name(row: dict) -> str:
    first = (row.get("first_name") or "").strip()
    last = (row.get("last_name") or "").strip()
    return f"{last.upper()} {first}".strip()


def fold(text: str | None) -> str:
    """Lower case without accents nor extra spaces, to compare what people type."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'").replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"\s+", " ", text).strip()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _rows(db, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in db.query(sql, list(params))]


def _exists(db, table: str, record_id: Any) -> bool:
    return record_id is not None and db.execute(
        f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is not None


def _need(db, table: str, record_id: int) -> None:
    if not _exists(db, table, record_id):
        raise UserError(_("This record no longer exists."))


def _choice(errors: dict, name: str, value: Any, mapping: dict, default: str | None = None) -> str | None:
    value = _text(value) or default
    if value not in mapping:
        errors[name] = _("Choose one of the proposed values.")
        return None
    return value


def _int(errors: dict, name: str, value: Any, minimum: int, maximum: int | None = None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return v.check_int(value, minimum=minimum, maximum=maximum)
    except ValueError as exc:
        errors[name] = str(exc)
        return None


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))



def facility_name(db) -> str:
    row = db.execute("SELECT name FROM facility ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else ""
