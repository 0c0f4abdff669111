"""What the incident register's parts share: the choice keys and their labels, the free-text
columns and their limits (``validation.MAX_LENGTHS``), moments (date and time) read and written."""

from __future__ import annotations

import datetime as dt

from .. import validation as v
from ..i18n import N_, _, format_datetime

DECLARATIONS = {"required": N_("to declare"), "not_required": N_("no declaration needed"),
                "to_assess": N_("to assess")}
# what an incident touched: registry records, then the units and activities of the plan
LINK_KINDS = {"application": N_("Application"), "server": N_("Server"), "vm": N_("Virtual machine"),
              "site": N_("Site"), "equipment": N_("Equipment"), "unit": N_("Unit"),
              "activity": N_("Critical activity")}
# the registry's tables of the kinds a user picks (units and activities are filled from them)
PICKED_TABLES = {"application": "application", "server": "server", "vm": "vm", "site": "site",
                 "equipment": "equipment"}

TEXT_COLUMNS: dict[str, dict[str, v.Text]] = {
    "incident_entry": {
        "title": v.Text(N_("Title")),
        "description": v.Text(N_("What happened"), "longtext"),
        "consequences_care": v.Text(N_("Consequences on care"), "longtext"),
        "consequences_data": v.Text(N_("Consequences on data"), "longtext"),
        "consequences_system": v.Text(N_("Consequences on the information system"), "longtext"),
        "causes": v.Text(N_("Causes"), "longtext"),
        "actions": v.Text(N_("Measures taken"), "longtext"),
        "declared_to": v.Text(N_("Declared to")),
        "declared_reference": v.Text(N_("Declaration reference")),
        "declarant_name": v.Text(N_("Declarant")),
        "declarant_role": v.Text(N_("Declarant's function")),
        "declarant_contact": v.Text(N_("Declarant's telephone or e-mail")),
        "correction_note": v.Text(N_("Why this correction"), "longtext"),
    },
    "incident_link": {"name": v.Text(N_("Name"))},
}
OTHER_TEXT_COLUMNS = {
    "incident_setting": {"name"},
    "incident_entry": {"recorded_at", "recorded_by", "started_at", "detected_at", "ended_at",
                       "declaration", "declared_at", "steps_done"},
    "incident_link": {"kind", "origin"},
}
MOMENT_FIELDS = {"started_at": N_("Started at"), "detected_at": N_("Detected at"),
                 "ended_at": N_("Ended at"), "declared_at": N_("Declared at")}


def label(table: dict[str, str], key: str | None) -> str:
    return _(table[key]) if key in table else (key or "")


def parse_moment(value, field: str) -> str | None:
    """A date and time typed as « 2026-11-23 14:05 », « 2026-11-23T14:05 », « 23/11/2026 14:05 »
    or a date alone (midnight), stored as ``YYYY-MM-DDTHH:MM``; an empty value is ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = _read_moment(value)
    if found is None:
        raise v_error(field, _("« {value} » is not a date and time (2026-11-23 14:05).").format(value=value))
    if not v.FIRST_YEAR <= found.year <= v.LAST_YEAR:  # year 1 or 5000: a slip the register keeps for ever
        raise v_error(field, _("{field}: the year {year} is not accepted (from {first} to {last}).").format(
            field=label(MOMENT_FIELDS, field), year=found.year, first=v.FIRST_YEAR, last=v.LAST_YEAR))
    return found.isoformat(timespec="minutes")


def _read_moment(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = " ".join(str(value).replace("T", " ").split())
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).replace(second=0)
        except ValueError:
            continue
    return None


def v_error(field: str, message: str):
    from ..errors import ValidationError

    return ValidationError({field: message})


def moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def show_moment(value: str | None) -> str:
    return format_datetime(value) if value else ""
