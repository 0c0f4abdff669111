"""The machines of the registry (servers, VMs) and the end of support of their systems: status,
days left, the compensating measure a person recorded, and Home's alerts.

A server's system is its « Operating system », else its « Hypervisor » (an ESXi or Proxmox host
often has only the latter). Status by days left: ``ended`` (past), ``soon_high`` (90 days or
less), ``soon_medium`` (180 days or less), ``supported``, ``unknown`` (not recognised).
A measure quiets the alert; a planned replacement whose day has passed no longer does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock
from ..alerts import Alert
from ..audit import os_user
from ..errors import ValidationError
from ..i18n import N_, _, format_date
from .matcher import match
from .table import Cycle, Table, current_table

NOTICE_DAYS = 180
URGENT_DAYS = 90

MEASURE_KINDS = {
    "isolated": N_("Isolated network"),
    "extended_support": N_("Extended support bought"),
    "replacement": N_("Replacement planned"),
    "other": N_("Other"),
}
STATUSES = {
    "ended": N_("Out of support"),
    "soon_high": N_("Ends within 90 days"),
    "soon_medium": N_("Ends within 180 days"),
    "supported": N_("Supported"),
    "unknown": N_("Unknown system"),
}
_TABLES = {"servers": "server", "vms": "vm"}
_COLUMNS = {"servers": "server_id", "vms": "vm_id"}


@dataclass(frozen=True)
class Measure:
    id: int
    kind: str
    replacement_on: str | None
    note: str | None
    set_by: str | None
    set_at: str

    def text(self) -> str:
        """« Isolated network », « Replacement planned on 30/06/2027 », « Other: note »."""
        if self.kind == "replacement" and self.replacement_on:
            text = _("Replacement planned on {date}").format(date=format_date(self.replacement_on))
        else:
            text = _(MEASURE_KINDS[self.kind])
        return _("{measure}: {note}").format(measure=text, note=self.note) if self.note else text

    def lapsed(self, today: dt.date) -> bool:
        return bool(self.kind == "replacement" and self.replacement_on
                    and self.replacement_on < today.isoformat())


@dataclass(frozen=True)
class Machine:
    kind: str  # "servers" or "vms"
    id: int
    name: str
    system: str | None  # the OS string as recorded
    cycle: Cycle | None
    product_label: str
    days_left: int | None
    status: str
    measure: Measure | None

    @property
    def system_label(self) -> str:
        return f"{self.product_label} {self.cycle.label}" if self.cycle else ""

    def quiet(self, today: dt.date) -> bool:
        return self.measure is not None and not self.measure.lapsed(today)


def _status(cycle: Cycle | None, today: dt.date) -> tuple[str, int | None]:
    if cycle is None:
        return "unknown", None
    if cycle.end is None:
        return "supported", None
    days = (cycle.end - today).days
    if days < 0:
        return "ended", days
    if days <= URGENT_DAYS:
        return "soon_high", days
    if days <= NOTICE_DAYS:
        return "soon_medium", days
    return "supported", days


def _measures(db) -> dict[tuple[str, int], Measure]:
    found = {}
    for row in db.query("SELECT * FROM end_of_support_measure"):
        kind = "servers" if row["server_id"] is not None else "vms"
        found[(kind, row["server_id"] or row["vm_id"])] = Measure(
            row["id"], row["kind"], row["replacement_on"], row["note"], row["set_by"], row["set_at"])
    return found


def machines(db, today: dt.date | None = None, table: Table | None = None) -> list[Machine]:
    """Every server and VM, in name order (servers first), with its system's status."""
    today = today or clock.today()
    table = table or current_table(db)
    measures = _measures(db)
    found: list[Machine] = []
    rows = [("servers", r) for r in db.query(
        "SELECT id, name, os, hypervisor FROM server ORDER BY name COLLATE FRENCH")]
    rows += [("vms", r) for r in db.query("SELECT id, name, os, NULL AS hypervisor FROM vm "
                                          "ORDER BY name COLLATE FRENCH")]
    for kind, row in rows:
        system, cycle = row["os"] or row["hypervisor"], None
        for text in (row["os"], row["hypervisor"]):
            cycle = match(text, table)
            if cycle is not None:
                system = text
                break
        status, days = _status(cycle, today)
        found.append(Machine(kind, row["id"], row["name"], system, cycle,
                             table.products.get(cycle.product, "") if cycle else "", days, status,
                             measures.get((kind, row["id"]))))
    return found


def _alert_text(m: Machine) -> str:
    end = format_date(m.cycle.end) if m.cycle and m.cycle.end else ""
    if m.status == "ended":
        text = _("{name}: {system} out of support since {date}.")
    else:
        text = _("{name}: {system} reaches its end of support on {date}.")
    return text.format(name=m.name, system=m.system_label, date=end)


ALERT_KINDS = {"end_of_support_servers": "servers", "end_of_support_vms": "vms"}


def alert_kind(kind: str) -> str:
    """An alert's kind: Home gives it to the Registry page, which opens the end-of-support
    list on that machine (``ALERT_KINDS`` maps it back to the registry kind)."""
    return f"end_of_support_{kind}"


def alerts(db, today: dt.date) -> list[Alert]:
    """Home: 180 days ahead (medium), 90 days ahead and past (high); a measure turns the alert
    into a low line naming it."""
    found: list[Alert] = []
    if not db["end_of_support_measure"].exists():
        return found
    for m in machines(db, today):
        if m.status not in ("ended", "soon_high", "soon_medium"):
            continue
        text = _alert_text(m)
        if m.quiet(today):
            found.append(Alert("low", "registry", _("{alert} Compensating measure: {measure}.")
                               .format(alert=text, measure=m.measure.text().rstrip(".")), alert_kind(m.kind), m.id))
            continue
        if m.measure is not None:  # a replacement whose planned day has passed
            text = _("{alert} The replacement planned on {date} has not been done.").format(
                alert=text, date=format_date(m.measure.replacement_on))
        severity = "medium" if m.status == "soon_medium" else "high"
        found.append(Alert(severity, "registry", text, alert_kind(m.kind), m.id))
    return found


def _checked(kind: str, measure_kind: str, replacement_on: str | None, note: str | None) -> dict:
    errors: dict[str, str] = {}
    if kind not in _TABLES:
        errors["machine"] = _("Not a server or a virtual machine.")
    if measure_kind not in MEASURE_KINDS:
        errors["kind"] = _("Choose a measure.")
    if measure_kind == "replacement":
        try:
            dt.date.fromisoformat(replacement_on or "")
        except ValueError:
            errors["replacement_on"] = _("Give the day the replacement is planned.")
    if measure_kind == "other" and not (note or "").strip():
        errors["note"] = _("Say what the measure is.")
    if note and len(note) > 2000:
        errors["note"] = _("At most {count} characters.").format(count=2000)
    if errors:
        raise ValidationError(errors)
    return {"kind": measure_kind, "note": (note or "").strip() or None,
            "replacement_on": replacement_on if measure_kind == "replacement" else None}


def save_measure(db, kind: str, record_id: int, measure_kind: str,
                 replacement_on: str | None = None, note: str | None = None) -> int:
    """Record (or replace) the compensating measure of one machine, with who and when."""
    values = _checked(kind, measure_kind, replacement_on, note)
    column = _COLUMNS[kind]
    if db.execute(f"SELECT 1 FROM {_TABLES[kind]} WHERE id = ?", [record_id]).fetchone() is None:
        raise ValidationError({"machine": _("No such machine.")})
    values.update({"set_by": os_user(), "set_at": clock.now().isoformat(timespec="seconds")})
    with db.atomic():
        row = db.execute(f"SELECT id FROM end_of_support_measure WHERE {column} = ?",
                         [record_id]).fetchone()
        if row:
            db["end_of_support_measure"].update(row[0], values)
            return row[0]
        return db["end_of_support_measure"].insert({column: record_id, **values}).last_pk


def delete_measure(db, kind: str, record_id: int) -> bool:
    with db.atomic():
        cursor = db.execute(f"DELETE FROM end_of_support_measure WHERE {_COLUMNS[kind]} = ?",
                            [record_id])
    return cursor.rowcount > 0


def machine_by_name(db, name: str, today: dt.date | None = None) -> Machine | None:
    folded = name.strip().casefold()
    return next((m for m in machines(db, today) if m.name.casefold() == folded), None)


def to_report(db, today: dt.date) -> list[Machine]:
    """The machines out of support or within 180 days of it, for the continuity plan's findings:
    the ended first, then by end date."""
    if not db["end_of_support_measure"].exists():
        return []
    found = [m for m in machines(db, today) if m.status in ("ended", "soon_high", "soon_medium")]
    return sorted(found, key=lambda m: (m.cycle.end, m.name.casefold()))
