"""The incident register: append-only. An entry is never changed nor deleted (the schema's
triggers refuse it, whoever asks); a correction is a new entry naming the one it corrects. The
register shows the latest entry of each incident, with the earlier ones as its history.

An incident has a number (``incident_no``, 1, 2, 3…); its entries form one chain
(``corrects_id`` is unique: an entry is corrected at most once, so two people correcting the same
version at once cannot both succeed — the second is told to start again from the new version)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field

from .. import clock
from ..audit import os_user
from ..errors import UserError, ValidationError
from ..i18n import _
from ..validation import SQLITE_MAX_INT, check_texts
from .common import DECLARATIONS, LINK_KINDS, MOMENT_FIELDS, TEXT_COLUMNS, parse_moment

ENTRY_FIELDS = ("title", "description", "started_at", "detected_at", "ended_at",
                "consequences_care", "consequences_data", "consequences_system", "causes",
                "actions", "declaration", "declared_at", "declared_to", "declared_reference",
                "declarant_name", "declarant_role", "declarant_contact", "correction_note")


@dataclass
class Link:
    kind: str
    name: str
    record_id: int | None = None
    origin: str = "picked"  # "picked" by the user, or filled from the "impact" analysis


@dataclass
class Incident:
    """The latest entry of an incident, its links and its earlier entries (newest first)."""
    entry: dict
    links: list[Link] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.entry["incident_no"]

    @property
    def id(self) -> int:
        return self.entry["id"]


def clean_entry(values: dict) -> dict:
    """The values of an entry checked: a title and a detection time, moments in order, texts
    within their limits, a known declaration choice. Raises ``ValidationError``."""
    errors: dict[str, str] = {}
    row = {name: values.get(name) for name in ENTRY_FIELDS}
    for name, value in row.items():
        if isinstance(value, str):
            row[name] = value.strip() or None
    for name in MOMENT_FIELDS:
        try:
            row[name] = parse_moment(row[name], name)
        except ValidationError as exc:
            errors.update(exc.errors)
            row[name] = None  # not compared with the others (_check_order)
    if not row["title"]:
        errors["title"] = _("The title is required.")
    if not row["detected_at"] and "detected_at" not in errors:
        errors["detected_at"] = _("The time the incident was detected is required.")
    row["declaration"] = row["declaration"] or "to_assess"
    if row["declaration"] not in DECLARATIONS:
        errors["declaration"] = _("Unknown choice « {value} ».").format(value=row["declaration"])
    _check_order(row, errors)
    check_texts(TEXT_COLUMNS["incident_entry"], row, errors)
    if errors:
        raise ValidationError(errors)
    return row


def _check_order(row: dict, errors: dict[str, str]) -> None:
    """Start before detection, end after the start, declaration after the detection."""
    start, detected, end = row["started_at"], row["detected_at"], row["ended_at"]
    if start and detected and start > detected and "started_at" not in errors:
        errors["started_at"] = _("The incident cannot start after it was detected.")
    if end and (detected or start) and end < (start or detected) and "ended_at" not in errors:
        errors["ended_at"] = _("The incident cannot end before it started.")
    if row["declared_at"] and detected and row["declared_at"] < detected and "declared_at" not in errors:
        errors["declared_at"] = _("The declaration cannot come before the detection.")


def _clean_links(links: list[Link]) -> list[Link]:
    seen, kept = set(), []
    for link in links:
        if link.kind not in LINK_KINDS:
            raise ValidationError({"links": _("Unknown kind of record « {kind} ».").format(kind=link.kind)})
        name = (link.name or "").strip()
        if not name:
            continue
        check_texts(TEXT_COLUMNS["incident_link"], {"name": name}, errors := {})
        if errors:
            raise ValidationError(errors)
        key = (link.kind, link.record_id if link.record_id is not None else name)
        if key not in seen:
            seen.add(key)
            kept.append(Link(link.kind, name, link.record_id, link.origin))
    return kept


def _insert(db, row: dict, links: list[Link], incident_no: int | None, corrects_id: int | None,
            steps_done: dict | None, recorded_at: dt.datetime | None = None) -> int:
    now = (recorded_at or clock.now()).replace(microsecond=0).isoformat(timespec="seconds")
    if incident_no is None:  # a new incident: the next number
        incident_no = db.execute("SELECT coalesce(max(incident_no), 0) + 1 FROM incident_entry").fetchone()[0]
    data = dict(row, incident_no=incident_no, corrects_id=corrects_id, recorded_at=now,
                recorded_by=os_user(), steps_done=json.dumps(steps_done or {}, sort_keys=True))
    columns = list(data)
    cursor = db.execute(
        f"INSERT INTO incident_entry ({', '.join(columns)}) VALUES ({', '.join('?' for _c in columns)})",
        [data[c] for c in columns])
    entry_id = cursor.lastrowid
    for link in links:
        db.execute("INSERT INTO incident_link (entry_id, kind, record_id, name, origin) "
                   "VALUES (?, ?, ?, ?, ?)", [entry_id, link.kind, link.record_id, link.name, link.origin])
    return entry_id


def add_incident(db, values: dict, links: list[Link] | None = None,
                 steps_done: dict | None = None, recorded_at: dt.datetime | None = None) -> int:
    """Record a new incident; returns its number.
    ``recorded_at`` (now by default) is for the demo, built on a given day."""
    row = clean_entry(values)
    kept = _clean_links(links or [])
    with db.atomic():
        entry_id = _insert(db, row, kept, None, None, _clean_steps(steps_done), recorded_at)
        return db.execute("SELECT incident_no FROM incident_entry WHERE id = ?", [entry_id]).fetchone()[0]


def correct_incident(db, entry_id: int, values: dict, links: list[Link] | None = None,
                     steps_done: dict | None = None, recorded_at: dt.datetime | None = None) -> int:
    """Record a correction of entry ``entry_id`` (the latest of its incident): a new entry with
    ``values`` and ``links`` (the whole new version); returns its id. An entry already corrected
    is refused (someone corrected it meanwhile: start from the latest version)."""
    row = clean_entry(values)
    kept = _clean_links(links or [])
    if abs(entry_id) > SQLITE_MAX_INT:  # no entry has it (SQLite could not even look it up)
        raise UserError(_("No incident entry {id}.").format(id=entry_id))
    with db.atomic():
        old = db.execute("SELECT incident_no FROM incident_entry WHERE id = ?", [entry_id]).fetchone()
        if old is None:
            raise UserError(_("No incident entry {id}.").format(id=entry_id))
        newer = db.execute("SELECT id FROM incident_entry WHERE corrects_id = ?", [entry_id]).fetchone()
        if newer is not None:
            raise UserError(_("Entry {id} has already been corrected (entry {newer}): correct the "
                              "latest version of the incident.").format(id=entry_id, newer=newer[0]))
        try:
            return _insert(db, row, kept, old[0], entry_id, _clean_steps(steps_done), recorded_at)
        except sqlite3.IntegrityError as exc:  # corrected by another program since the check
            raise UserError(_("Entry {id} has just been corrected by someone else: correct the "
                              "latest version of the incident.").format(id=entry_id)) from exc


def _clean_steps(steps: dict | None) -> dict:
    """The deadlines marked done: {deadline key: moment}."""
    out = {}
    for key, value in (steps or {}).items():
        moment = parse_moment(value, "steps_done")
        if moment:
            out[str(key)] = moment
    return out


def set_nis2_scope(db, in_scope: bool) -> None:
    with db.atomic():
        db.execute("INSERT INTO incident_setting (name, value) VALUES ('nis2_in_scope', ?) "
                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value", [int(bool(in_scope))])


def nis2_in_scope(db) -> bool:
    row = db.execute("SELECT value FROM incident_setting WHERE name = 'nis2_in_scope'").fetchone()
    return bool(row and row[0])


# --- reading -----------------------------------------------------------------------------------

_LATEST = ("SELECT e.* FROM incident_entry e WHERE NOT EXISTS "
           "(SELECT 1 FROM incident_entry c WHERE c.corrects_id = e.id)")


def links_of(db, entry_id: int) -> list[Link]:
    order = {kind: i for i, kind in enumerate(LINK_KINDS)}
    links = [Link(r["kind"], r["name"], r["record_id"], r["origin"]) for r in db.query(
        "SELECT kind, name, record_id, origin FROM incident_link WHERE entry_id = ? "
        "ORDER BY name COLLATE FRENCH", [entry_id])]
    return sorted(links, key=lambda link: order.get(link.kind, 99))


def steps_done(entry: dict) -> dict[str, str]:
    try:
        data = json.loads(entry.get("steps_done") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def incidents(db, year: int | None = None) -> list[Incident]:
    """The latest version of each incident, the most recently detected first; with ``year``,
    those detected that year."""
    sql, args = _LATEST, []
    if year is not None:
        sql += " AND substr(e.detected_at, 1, 4) = ?"
        args.append(f"{year:04d}")
    rows = list(db.query(sql + " ORDER BY e.detected_at DESC, e.incident_no DESC", args))
    return [Incident(row, links_of(db, row["id"]), history(db, row["incident_no"])[1:])
            for row in rows]


def history(db, incident_no: int) -> list[dict]:
    """Every entry of an incident, the latest first."""
    return list(db.query("SELECT * FROM incident_entry WHERE incident_no = ? ORDER BY id DESC",
                         [incident_no]))


def incident(db, number: int) -> Incident:
    """An incident by its number, at its latest version."""
    entries = history(db, number) if abs(number) <= SQLITE_MAX_INT else []  # 10**25: none
    if not entries:
        raise UserError(_("No incident number {id}.").format(id=number))
    return Incident(entries[0], links_of(db, entries[0]["id"]), entries[1:])


def duration(entry: dict) -> dt.timedelta | None:
    start = entry.get("started_at") or entry.get("detected_at")
    if not (start and entry.get("ended_at")):
        return None
    return dt.datetime.fromisoformat(entry["ended_at"]) - dt.datetime.fromisoformat(start)
