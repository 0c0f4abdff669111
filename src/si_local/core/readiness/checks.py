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
    area: str  # "registry", "continuity", "incidents" or "readiness"
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
    """The lessons-learned report (RETEX) written: an exercise of the last ``max_age_days`` with
    its objectives, its participants (rows, as the RETEX prints them) and at least one finding."""
    since = _since(today, params)
    rows = list(db.query(
        "SELECT e.id, e.held_on, trim(coalesce(e.objectives, '')) != '' AS objectives, "
        "(SELECT count(*) FROM continuity_exercise_participant p WHERE p.exercise_id = e.id) "
        "AS people, (SELECT count(*) FROM continuity_finding f WHERE f.exercise_id = e.id) "
        "AS findings FROM continuity_exercise e WHERE e.held_on >= ? "
        "ORDER BY e.held_on DESC, e.id DESC", [since]))
    for row in rows:
        if row["objectives"] and row["people"] and row["findings"]:
            return Finding((Evidence(ngettext(
                "Exercise of {date}: objectives, participants and {count} finding written",
                "Exercise of {date}: objectives, participants and {count} findings written",
                row["findings"]).format(date=format_date(row["held_on"]), count=row["findings"]),
                "continuity", "continuity_exercise", row["id"], row["held_on"]),))
    if not rows:
        return Finding(detail=_("No exercise recorded since {date}.").format(
            date=format_date(since)))
    latest = rows[0]
    lacking = [text for text, has in ((_("the objectives"), latest["objectives"]),
                                      (_("the participants"), latest["people"]),
                                      (_("the findings"), latest["findings"])) if not has]
    return Finding(detail=_("Exercise of {date}, still missing: {what}.").format(
        date=format_date(latest["held_on"]), what=", ".join(lacking)))


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


def _critical_backups(db, levels: list[str]) -> list[dict]:
    """The backups that cover an application of ``levels``, directly or through its VMs."""
    marks = ",".join("?" * len(levels))
    return list(db.query(
        f"SELECT id, name FROM backup WHERE id IN (SELECT ba.backup_id FROM backup_application ba "
        f"JOIN application a ON a.id = ba.application_id WHERE a.criticality IN ({marks}) UNION "
        f"SELECT bv.backup_id FROM backup_vm bv JOIN application_vm av ON av.vm_id = bv.vm_id "
        f"JOIN application a ON a.id = av.application_id WHERE a.criticality IN ({marks})) "
        "ORDER BY name COLLATE FRENCH", [*levels, *levels]))


def backups_supervised(db, today: dt.date, params: dict) -> Finding:
    """Each backup of a critical application has a run of the last ``max_age_days`` imported
    from its tool's report (table ``backup_run``), whatever the run's result: the failures are
    Home's alerts, this says the results are being read."""
    backups = _critical_backups(db, params.get("criticality") or list(CRITICAL))
    if not backups:
        return Finding(detail=_("No backup covers a critical application."))
    since = _since(today, params, 7)
    found: list[Evidence] = []
    lacking: list[str] = []
    for b in backups:
        count, latest = db.execute("SELECT count(*), max(started) FROM backup_run "
                                   "WHERE backup_id = ? AND started >= ?", [b["id"], since]).fetchone()
        if not count:
            lacking.append(b["name"])
            continue
        (source,) = db.execute("SELECT source_file FROM backup_run WHERE backup_id = ? AND "
                               "started = ? ORDER BY id DESC LIMIT 1", [b["id"], latest]).fetchone()
        found.append(Evidence(ngettext(
            "{name}: {count} run since {date}, from the report {file}",
            "{name}: {count} runs since {date}, the latest from the report {file}", count).format(
                name=b["name"], count=count, date=format_date(since), file=source),
            "registry", "backups", b["id"], latest[:10]))
    if lacking:
        return Finding(detail=ngettext(
            "No backup report imported since {date} for {count} backup of a critical "
            "application: {names}.",
            "No backup report imported since {date} for {count} backups of a critical "
            "application: {names}.", len(lacking)).format(
                date=format_date(since), count=len(lacking), names=", ".join(lacking)))
    return Finding(tuple(found))


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


# --- incidents ---------------------------------------------------------------------------------

def incidents_declared(db, today: dt.date, params: dict) -> Finding:
    """The register is kept (at least one incident) and each incident not marked « no
    declaration needed » has its declaration date (its latest entry: the register is append-only)."""
    rows = list(db.query(
        "SELECT e.incident_no, e.title, e.detected_at, e.declaration, e.declared_at "
        "FROM incident_entry e WHERE NOT EXISTS (SELECT 1 FROM incident_entry c "
        "WHERE c.corrects_id = e.id) ORDER BY e.detected_at DESC, e.incident_no DESC"))
    if not rows:
        return Finding(detail=_("No incident is recorded in the register."))
    lacking = [r["title"] for r in rows if r["declaration"] != "not_required" and not r["declared_at"]]
    if lacking:
        return Finding(detail=ngettext(
            "{count} incident has no declaration date: {names}.",
            "{count} incidents have no declaration date: {names}.", len(lacking)).format(
                count=len(lacking), names=", ".join(lacking[:5]) + ("…" if len(lacking) > 5 else "")))
    return Finding(tuple(Evidence(_incident_line(r), "incidents", "incident", r["incident_no"],
                                  r["detected_at"][:10]) for r in rows[:5]))


def _incident_line(row: dict) -> str:
    if row["declared_at"]:
        return _("Incident {number} “{title}”: declared on {date}").format(
            number=row["incident_no"], title=row["title"], date=format_date(row["declared_at"][:10]))
    return _("Incident {number} “{title}”: no declaration needed").format(
        number=row["incident_no"], title=row["title"])


Check = Callable[[object, dt.date, dict], Finding]

# The checks an expectations file may name in "met_by": {"check": name, "params": {…}}.
CHECKS: dict[str, Check] = {
    "critical_restore_test": critical_restore_test,
    "recent_exercise": recent_exercise,
    "backups_recently_successful": backups_recently_successful,
    "backups_supervised": backups_supervised,
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
    "incidents_declared": incidents_declared,
}
