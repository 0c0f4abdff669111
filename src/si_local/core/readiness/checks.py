"""How the database meets an expectation: one function per check or record, listed in ONE
explicit dict each (:data:`CHECKS`, :data:`RECORDS`); the expectations file names them, and a
name that is in neither refuses the file (nothing is imported by a name in a string).

Each function is ``fn(db, today, params) -> Finding``: the evidence found (empty when the
expectation is not met) and, when not met, a short detail saying what is lacking. A "check"
takes parameters from the file (``max_age_days`` …); a "record" is a record that must exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import _, format_date, ngettext

from ..continuity.common import ACTIVITY_KIND_LABELS, CRITICAL


@dataclass(frozen=True)
class Evidence:
    """What proves an expectation: a record the window can open as Home opens an alert's
    (``area``, ``kind``: a registry kind key or an area's target kind, ``record_id``)."""
    label: str  # already translated
    area: str  # "registry", "continuity" or "readiness"
    kind: str | None = None
    record_id: int | None = None
    date: str | None = None  # ISO date of the record (a test, an approval, an exercise…)


@dataclass(frozen=True)
class Finding:
    evidence: tuple[Evidence, ...] = ()
    detail: str = ""  # what is lacking, when there is no evidence

    @property
    def met(self) -> bool:
        return bool(self.evidence)


def _since(today: dt.date, params: dict, default: int = 365) -> str:
    return (today - dt.timedelta(days=int(params.get("max_age_days", default)))).isoformat()


# --- continuity plan ---------------------------------------------------------------------------

def approved_plan_version(db, today: dt.date, params: dict) -> Finding:
    row = db.execute("SELECT id, version, approved_on, approved_by FROM continuity_plan_version "
                     "ORDER BY version DESC LIMIT 1").fetchone()
    if row is None:
        return Finding(detail=_("The plan has never been approved."))
    return Finding((Evidence(_("Continuity plan, version {version} approved by {who}").format(
        version=row[1], who=row[3] or "?"), "continuity", "continuity_plan", row[0], row[2]),))


def plan_reviewed(db, today: dt.date, params: dict) -> Finding:
    row = db.execute("SELECT status, version, coalesce(last_review, approved_on) FROM "
                     "continuity_plan WHERE id = 1").fetchone()
    if row is None or row[0] != "approved":
        return Finding(detail=_("The plan is not approved."))
    if not row[2] or row[2][:10] < _since(today, params):
        return Finding(detail=_("The plan has not been reviewed since {date}.").format(
            date=format_date(row[2]) if row[2] else "?"))
    return Finding((Evidence(_("Continuity plan version {version}, reviewed on {date}").format(
        version=row[1], date=format_date(row[2])), "continuity", "continuity_plan", 1, row[2][:10]),))


def crisis_cell(db, today: dt.date, params: dict) -> Finding:
    rows = db.execute("SELECT count(*), count(contact_id) FROM continuity_crisis_role").fetchone()
    if not rows[1]:
        return Finding(detail=_("No role of the crisis cell names a person."))
    return Finding((Evidence(ngettext(
        "Crisis cell: {count} role, {named} with a person",
        "Crisis cell: {count} roles, {named} with a person", rows[0]).format(
            count=rows[0], named=rows[1]), "continuity", "continuity_crisis_role"),))


def business_impact_analysis(db, today: dt.date, params: dict) -> Finding:
    rows = list(db.query("SELECT id, name, dmia_hours, pdma_hours FROM continuity_activity "
                         "ORDER BY position, name COLLATE FRENCH"))
    if not rows:
        return Finding(detail=_("No critical activity is listed."))
    lacking = [r["name"] for r in rows if r["dmia_hours"] is None or r["pdma_hours"] is None]
    if lacking:
        return Finding(detail=ngettext(
            "{count} activity has no DMIA or no PDMA: {names}.",
            "{count} activities have no DMIA or no PDMA: {names}.", len(lacking)).format(
                count=len(lacking), names=", ".join(lacking[:5]) + ("…" if len(lacking) > 5 else "")))
    return Finding((Evidence(ngettext(
        "{count} critical activity with its DMIA and PDMA",
        "{count} critical activities, each with its DMIA and PDMA", len(rows)).format(
            count=len(rows)), "continuity", "continuity_activity", rows[0]["id"]),))


def activity_kinds_covered(db, today: dt.date, params: dict) -> Finding:
    found: list[Evidence] = []
    lacking: list[str] = []
    for kind in params.get("kinds", []):
        row = db.execute(
            "SELECT id, name FROM continuity_activity WHERE kind = ? AND trim(coalesce("
            "degraded_procedure, '')) != '' ORDER BY position, name COLLATE FRENCH LIMIT 1",
            [kind]).fetchone()
        label = _(ACTIVITY_KIND_LABELS[kind]) if kind in ACTIVITY_KIND_LABELS else kind
        if row is None:
            lacking.append(label)
        else:
            found.append(Evidence(_("{kind}: {name}, degraded procedure written").format(
                kind=label, name=row[1]), "continuity",
                "continuity_activity", row[0]))
    if lacking:
        return Finding(detail=_("No degraded procedure for: {kinds}.").format(
            kinds=", ".join(k.lower() for k in lacking)))
    return Finding(tuple(found))


def is_unavailable_scenario(db, today: dt.date, params: dict) -> Finding:
    row = db.execute(
        "SELECT s.id, s.name, count(st.id) FROM continuity_scenario s LEFT JOIN continuity_step st "
        "ON st.scenario_id = s.id WHERE s.kind = 'is_unavailable' GROUP BY s.id "
        "ORDER BY count(st.id) DESC LIMIT 1").fetchone()
    if row is None or not row[2]:
        return Finding(detail=_("The scenario has no step."))
    return Finding((Evidence(ngettext("Scenario “{name}”: {count} step",
                                      "Scenario “{name}”: {count} steps", row[2]).format(
        name=row[1], count=row[2]), "continuity", "continuity_scenario", row[0]),))


# --- exercises ---------------------------------------------------------------------------------

def recent_exercise(db, today: dt.date, params: dict) -> Finding:
    kinds = params.get("scenario_kinds")
    for row in db.query(
            "SELECT e.id, e.held_on, s.name, s.kind FROM continuity_exercise e LEFT JOIN "
            "continuity_scenario s ON s.id = e.scenario_id WHERE e.held_on >= ? "
            "ORDER BY e.held_on DESC, e.id DESC", [_since(today, params)]):
        if kinds and row["kind"] not in kinds:
            continue
        return Finding((Evidence(_("Exercise of {date}: {scenario}").format(
            date=format_date(row["held_on"]), scenario=row["name"] or _("no scenario")),
            "continuity", "continuity_exercise", row["id"], row["held_on"]),))
    return Finding(detail=_("No exercise recorded since {date}.").format(
        date=format_date(_since(today, params))))


def exercise_lessons(db, today: dt.date, params: dict) -> Finding:
    row = db.execute(
        "SELECT e.id, e.held_on, count(f.id) FROM continuity_exercise e JOIN continuity_finding f "
        "ON f.exercise_id = e.id WHERE e.held_on >= ? GROUP BY e.id "
        "ORDER BY e.held_on DESC, e.id DESC LIMIT 1", [_since(today, params)]).fetchone()
    if row is None:
        return Finding(detail=_("No exercise since {date} has its findings written.").format(
            date=format_date(_since(today, params))))
    return Finding((Evidence(ngettext(
        "Exercise of {date}: {count} finding written", "Exercise of {date}: {count} findings written",
        row[2]).format(date=format_date(row[1]), count=row[2]), "continuity", "continuity_finding",
        row[0], row[1]),))


# --- backups and restore tests -----------------------------------------------------------------

def _backups(db, where: str, label: str) -> Finding:
    found = tuple(Evidence(label.format(name=r["name"]), "registry", "backups", r["id"],
                           (r["last_success"] or "")[:10] or None)
                  for r in db.query(f"SELECT id, name, last_success FROM backup WHERE {where} "
                                    "ORDER BY name COLLATE FRENCH"))
    return Finding(found, "" if found else _("No backup is recorded as such."))


def offline_or_immutable_backup(db, today: dt.date, params: dict) -> Finding:
    return _backups(db, "offline = 1 OR immutable = 1", _("{name} (offline or immutable copy)"))


def off_site_backup(db, today: dt.date, params: dict) -> Finding:
    return _backups(db, "location = 'off_site'", _("{name} (kept off site)"))


def backups_recently_successful(db, today: dt.date, params: dict) -> Finding:
    rows = list(db.query("SELECT id, name, last_success FROM backup ORDER BY name COLLATE FRENCH"))
    if not rows:
        return Finding(detail=_("No backup is recorded."))
    since = _since(today, params, 7)
    stale = [r["name"] for r in rows if not r["last_success"] or r["last_success"][:10] < since]
    if stale:
        return Finding(detail=ngettext(
            "No success since {date} for {count} backup: {names}.",
            "No success since {date} for {count} backups: {names}.", len(stale)).format(
                date=format_date(since), count=len(stale), names=", ".join(stale)))
    return Finding(tuple(Evidence(_("{name}: last success on {date}").format(
        name=r["name"], date=format_date(r["last_success"][:10])), "registry", "backups", r["id"],
        r["last_success"][:10]) for r in rows))


def _applications_of(db, backup_id: int, target: str | None) -> list[dict]:
    """The applications a restore test brought back: those on the VM (or the application) its
    target names, else every application its backup covers."""
    rows = list(db.query(
        "SELECT a.id, a.name, a.criticality, NULL AS vm FROM backup_application ba "
        "JOIN application a ON a.id = ba.application_id WHERE ba.backup_id = ? UNION ALL "
        "SELECT a.id, a.name, a.criticality, v.name FROM backup_vm bv JOIN vm v ON v.id = bv.vm_id "
        "JOIN application_vm av ON av.vm_id = v.id JOIN application a ON a.id = av.application_id "
        "WHERE bv.backup_id = ?", [backup_id, backup_id]))
    wanted = (target or "").strip().casefold()
    named = [r for r in rows if wanted and wanted in ((r["vm"] or "").casefold(), r["name"].casefold())]
    return named or rows


def critical_restore_test(db, today: dt.date, params: dict) -> Finding:
    levels = params.get("criticality") or list(CRITICAL)
    for test in db.query(
            "SELECT t.id, t.backup_id, t.tested_on, t.target FROM restore_test t "
            "WHERE t.result = 'success' AND t.tested_on >= ? ORDER BY t.tested_on DESC, t.id DESC",
            [_since(today, params)]):
        apps = [a for a in _applications_of(db, test["backup_id"], test["target"])
                if a["criticality"] in levels]
        if apps:
            names = ", ".join(sorted({a["name"] for a in apps}))
            return Finding((Evidence(_("Restore test of {date}: {names}").format(
                date=format_date(test["tested_on"][:10]), names=names), "registry",
                "restore-tests", test["id"], test["tested_on"][:10]),))
    return Finding(detail=_("No successful restore test of a critical application since {date}.")
                   .format(date=format_date(_since(today, params))))


Check = Callable[[object, dt.date, dict], Finding]

# The checks an expectations file may name in "met_by": {"check": name, "params": {…}}.
CHECKS: dict[str, Check] = {
    "critical_restore_test": critical_restore_test,
    "recent_exercise": recent_exercise,
    "backups_recently_successful": backups_recently_successful,
    "activity_kinds_covered": activity_kinds_covered,
    "plan_reviewed": plan_reviewed,
}

# The records an expectations file may name in "met_by": {"record": name}.
RECORDS: dict[str, Check] = {
    "approved_plan_version": approved_plan_version,
    "crisis_cell": crisis_cell,
    "business_impact_analysis": business_impact_analysis,
    "offline_or_immutable_backup": offline_or_immutable_backup,
    "off_site_backup": off_site_backup,
    "is_unavailable_scenario": is_unavailable_scenario,
    "exercise_lessons": exercise_lessons,
}
