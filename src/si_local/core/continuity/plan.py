"""The plan itself (identity, review, approval and versions), its critical activities and the
crisis cell (the call tree)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import UserError, ValidationError
from ..i18n import _
from .common import (ACTIVITY_KINDS, PLAN_REVIEW_MAX_DAYS, _blank, _check_lengths, _opt_date,
                     _opt_number, _text)


# --- plan --------------------------------------------------------------------------------------

PLAN_FIELDS = ("title", "author", "approved_by", "approved_on", "last_review", "next_review",
               "scope", "trigger_rules", "communication", "return_to_normal", "notes")


def get_plan(db) -> dict[str, Any]:
    row = db.execute("SELECT * FROM continuity_plan WHERE id = 1").fetchone()
    if row is None:  # pragma: no cover - created by the migration
        with db.atomic():
            db.execute("INSERT INTO continuity_plan (id) VALUES (1)")
        return get_plan(db)
    columns = [d[0] for d in db.execute("SELECT * FROM continuity_plan LIMIT 0").description]
    return dict(zip(columns, row, strict=True))


def save_plan(db, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    labels = {"approved_on": _("Approved on"), "last_review": _("Last review"),
              "next_review": _("Next review")}
    for key in PLAN_FIELDS:
        if key not in values:
            continue
        if key in labels:
            clean[key] = _opt_date(values, key, labels[key], errors)
        else:
            clean[key] = _text(values[key])
    _check_lengths("continuity_plan", clean, errors)
    if not errors and clean.get("last_review") and clean.get("next_review") \
            and clean["next_review"] < clean["last_review"]:
        errors[labels["next_review"]] = _("the next review must come after the last one.")
    if errors:
        raise ValidationError(errors)
    if clean:
        with db.atomic():
            db["continuity_plan"].update(1, clean)


def approve_plan(db, approved_by: str, today: dt.date, summary: str | None = None) -> int:
    """Approve the plan: its version goes up by one, review dates move on; returns the version."""
    if _blank(approved_by):
        raise ValidationError({_("Approved by"): _("required")})
    errors: dict[str, str] = {}
    _check_lengths("continuity_plan_version", {"approved_by": approved_by, "summary": summary}, errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        plan = get_plan(db)
        version = int(plan["version"] or 0) + 1
        next_review = plan["next_review"]
        if not next_review or next_review <= today.isoformat():
            next_review = (today + dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat()
        db["continuity_plan"].update(1, {
            "version": version, "status": "approved", "approved_by": approved_by.strip(),
            "approved_on": today.isoformat(), "last_review": today.isoformat(),
            "next_review": next_review})
        db["continuity_plan_version"].insert({
            "version": version, "approved_on": today.isoformat(),
            "approved_by": approved_by.strip(), "summary": _text(summary)})
    return version


def versions(db) -> list[dict]:
    return list(db.query("SELECT * FROM continuity_plan_version ORDER BY version DESC"))


# --- critical activities -----------------------------------------------------------------------

def activities(db) -> list[dict]:
    rows = list(db.query("SELECT * FROM continuity_activity ORDER BY position, name COLLATE FRENCH"))
    links: dict[int, list[dict]] = {}
    for r in db.query(
        "SELECT l.activity_id, a.id, a.name, a.dmia_hours, a.pdma_hours, a.criticality "
        "FROM continuity_activity_application l JOIN application a ON a.id = l.application_id "
        "ORDER BY a.name COLLATE FRENCH"
    ):
        links.setdefault(r["activity_id"], []).append(r)
    for row in rows:
        row["applications"] = links.get(row["id"], [])
        row["application_ids"] = [a["id"] for a in row["applications"]]
    return rows


def save_activity(db, values: dict[str, Any], activity_id: int | None = None) -> int:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors[_("Name")] = _("required")
    kind = values.get("kind") or "other"
    if kind not in ACTIVITY_KINDS:
        errors[_("Kind")] = _("unknown value \"{value}\".").format(value=kind)
    dmia = _opt_number(values, "dmia_hours", _("DMIA (hours)"), errors)
    pdma = _opt_number(values, "pdma_hours", _("PDMA (hours)"), errors)
    _check_lengths("continuity_activity", values, errors)
    if name and not errors:
        other = db.execute("SELECT id FROM continuity_activity WHERE name = ? COLLATE NOCASE",
                           [name]).fetchone()
        if other and other[0] != activity_id:
            errors[_("Name")] = _("an activity with this name already exists.")
    if errors:
        raise ValidationError(errors)
    record = {"name": name, "kind": kind, "description": _text(values.get("description")),
              "owner_role": _text(values.get("owner_role")), "dmia_hours": dmia,
              "pdma_hours": pdma, "degraded_procedure": _text(values.get("degraded_procedure"))}
    with db.atomic():
        if activity_id is None:
            record["position"] = (db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM continuity_activity").fetchone()[0])
            activity_id = db["continuity_activity"].insert(record).last_pk
        else:
            db["continuity_activity"].update(activity_id, record)
        if "application_ids" in values:
            wanted = set(int(i) for i in values["application_ids"] or [])
            db.execute("DELETE FROM continuity_activity_application WHERE activity_id = ?", [activity_id])
            for app in sorted(wanted):
                db.execute("INSERT INTO continuity_activity_application (activity_id, application_id) "
                           "VALUES (?, ?)", [activity_id, app])
    return int(activity_id)


def delete_activity(db, activity_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_activity WHERE id = ?", [activity_id])


# --- crisis cell -------------------------------------------------------------------------------

def crisis_roles(db) -> list[dict]:
    return list(db.query(
        """SELECT r.*, c.name AS contact_name, c.role AS contact_role, c.phone, c.mobile, c.email,
                  s.name AS standin_name, s.phone AS standin_phone, s.mobile AS standin_mobile
           FROM continuity_crisis_role r
           LEFT JOIN contact c ON c.id = r.contact_id
           LEFT JOIN contact s ON s.id = r.standin_contact_id
           ORDER BY r.position, r.id"""))


def save_crisis_role(db, values: dict[str, Any], role_id: int | None = None) -> int:
    role = _text(values.get("role"))
    if not role:
        raise ValidationError({_("Role"): _("required")})
    contact_id = values.get("contact_id") or None
    standin = values.get("standin_contact_id") or None
    if contact_id is None and standin is None and not values.get("allow_empty"):
        raise ValidationError({_("Contact"): _("choose who holds this role.")})
    if contact_id is not None and contact_id == standin:
        raise ValidationError({_("Stand-in"): _("the stand-in must be another person.")})
    errors: dict[str, str] = {}
    _check_lengths("continuity_crisis_role", values, errors)
    if errors:
        raise ValidationError(errors)
    record = {"role": role, "contact_id": contact_id, "standin_contact_id": standin,
              "calls": _text(values.get("calls")), "duties": _text(values.get("duties"))}
    with db.atomic():
        if role_id is None:
            record["position"] = db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM continuity_crisis_role").fetchone()[0]
            role_id = db["continuity_crisis_role"].insert(record).last_pk
        else:
            if "position" in values:
                record["position"] = int(values["position"])
            db["continuity_crisis_role"].update(role_id, record)
    return int(role_id)


def move_crisis_role(db, role_id: int, delta: int) -> int:
    """Move a role up or down the call tree; returns its new 0-based index."""
    with db.atomic():
        ids = [r[0] for r in db.execute("SELECT id FROM continuity_crisis_role ORDER BY position, id")]
        if role_id not in ids:
            raise UserError(_("Role {id}: no such role.").format(id=role_id))
        index = ids.index(role_id)
        ids.pop(index)
        index = max(0, min(index + delta, len(ids)))
        ids.insert(index, role_id)
        for position, rid in enumerate(ids, start=1):
            db.execute("UPDATE continuity_crisis_role SET position = ? WHERE id = ?", [position, rid])
    return index


def delete_crisis_role(db, role_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM continuity_crisis_role WHERE id = ?", [role_id])
