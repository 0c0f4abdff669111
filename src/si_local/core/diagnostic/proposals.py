"""Answers the registry can prove, proposed with their evidence for the team to confirm or change.

A question opts in with an ``evidence_rule`` (see docs/diagnostic.md). Each rule looks at
the database and returns an outcome — ``met``, ``partial`` or ``not_met`` — and the evidence in
words; the questionnaire maps the outcome to a level. A rule returns nothing when the database does
not know (no backups recorded, no training units yet, no continuity tables): no proposal then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import N_, _, format_date, ngettext
from .questionnaire import Questionnaire

RESTORE_TEST_MAX_DAYS = 183  # six months
PLAN_REVIEW_MAX_DAYS = 365  # twelve months
CRITICAL = ("vital", "high")


@dataclass(frozen=True)
class Proposal:
    question_id: str
    outcome: str  # "met", "partial", "not_met"
    level: int
    evidence: str


def _has_table(db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                      [name]).fetchone() is not None


def _day(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


RESULT_LABELS = {"success": N_("success"), "partial": N_("partial"), "failure": N_("failure")}


def restore_test_recent(db, today: dt.date):
    if not _has_table(db, "restore_test") or not db.execute("SELECT 1 FROM backup LIMIT 1").fetchone():
        return None
    rows = list(db.query(
        "SELECT t.tested_on, t.result, t.target, b.name FROM restore_test t "
        "JOIN backup b ON b.id = t.backup_id ORDER BY t.tested_on DESC"))
    if not rows:
        return "not_met", _("No restore test is recorded in the registry.")
    limit = today - dt.timedelta(days=RESTORE_TEST_MAX_DAYS)
    recent = [r for r in rows if (_day(r["tested_on"]) or dt.date.min) >= limit]
    success = [r for r in recent if r["result"] == "success"]
    if success:
        r = success[0]
        return "met", _("Restore test of “{backup}” on {date} ({target}): success.").format(
            backup=r["name"], date=format_date(r["tested_on"]), target=r["target"] or "—")
    if recent:
        r = recent[0]
        return "partial", _("Restore test of “{backup}” on {date}: {result}, not a full success.").format(
            backup=r["name"], date=format_date(r["tested_on"]), result=_(RESULT_LABELS.get(r["result"], r["result"])))
    return "not_met", _("Last restore test on {date}, more than 6 months ago.").format(
        date=format_date(rows[0]["tested_on"]))


def continuity_plan_reviewed(db, today: dt.date):
    if not _has_table(db, "continuity_plan"):
        return None
    row = db.execute("SELECT status, version, approved_on, last_review FROM continuity_plan "
                     "ORDER BY id LIMIT 1").fetchone()
    if row is None or (row[0] != "approved" and not row[2]):
        return "not_met", _("The continuity plan in SI Local has never been approved.")
    dates = [d for d in (_day(row[2]), _day(row[3])) if d]
    last = max(dates) if dates else None
    if last and (today - last).days <= PLAN_REVIEW_MAX_DAYS:
        return "met", _("Continuity plan version {version} approved or reviewed on {date}.").format(
            version=row[1], date=format_date(last))
    return "partial", _("Continuity plan version {version}: last approval or review on {date}, "
                        "more than 12 months ago.").format(
        version=row[1], date=format_date(last) if last else "—")


def offline_backup(db, today: dt.date):
    rows = list(db.query("SELECT name, location, offline, immutable, frequency_hours, last_success "
                         "FROM backup ORDER BY name COLLATE FRENCH"))
    if not rows:
        return None
    protected = [r for r in rows if r["offline"] or r["immutable"]]
    if not protected:
        return "not_met", ngettext("The one backup in the registry is neither offline nor immutable.",
                                   "None of the {n} backups in the registry is offline or immutable.",
                                   len(rows)).format(n=len(rows))

    def fresh(r) -> bool:
        last = _day(r["last_success"])
        allowed = max(8, int(2 * (r["frequency_hours"] or 168) / 24) + 1)
        return last is not None and (today - last).days <= allowed

    good = [r for r in protected if r["location"] == "off_site" and fresh(r)]
    if good:
        r = good[0]
        kind = _("offline") if r["offline"] else _("immutable")
        return "met", _("“{name}”: {kind} copy kept off site, last success on {date}.").format(
            name=r["name"], kind=kind, date=format_date(r["last_success"]))
    r = protected[0]
    return "partial", _("“{name}” is offline or immutable but kept on site or not recent "
                        "(last success: {date}).").format(
        name=r["name"], date=format_date(r["last_success"]) or "—")


def critical_vms_mirrored(db, today: dt.date):
    vms = list(db.query(
        "SELECT v.id, v.name, EXISTS (SELECT 1 FROM replication r WHERE r.source_vm_id = v.id "
        "OR (v.server_id IS NOT NULL AND r.source_server_id = v.server_id)) AS mirrored "
        "FROM vm v WHERE v.criticality IN ('vital', 'high') ORDER BY v.name COLLATE FRENCH"))
    if not vms:
        return None
    done = [v["name"] for v in vms if v["mirrored"]]
    missing = [v["name"] for v in vms if not v["mirrored"]]
    if not missing:
        return "met", ngettext("The one critical VM is replicated to another server.",
                               "All {n} critical VMs are replicated to another server.",
                               len(vms)).format(n=len(vms))
    if done:
        return "partial", ngettext("{done} of {n} critical VMs is replicated; not replicated: {names}.",
                                   "{done} of {n} critical VMs are replicated; not replicated: {names}.",
                                   len(done)).format(done=len(done), n=len(vms), names=", ".join(missing))
    return "not_met", ngettext("The one critical VM is not replicated.",
                               "None of the {n} critical VMs is replicated.", len(vms)).format(n=len(vms))


def referents_every_unit(db, today: dt.date):
    if not (_has_table(db, "training_unit") and _has_table(db, "training_referent")):
        return None
    units = list(db.query(
        "SELECT u.name, EXISTS (SELECT 1 FROM training_referent r WHERE r.unit_id = u.id) AS has "
        "FROM training_unit u ORDER BY u.name COLLATE FRENCH"))
    if not units:
        return None
    without = [u["name"] for u in units if not u["has"]]
    if not without:
        return "met", ngettext("Every unit of the training plan has a référent ({n} unit).",
                               "Every unit of the training plan has a référent ({n} units).",
                               len(units)).format(n=len(units))
    if len(without) < len(units):
        return "partial", ngettext("{done} of {n} units has a référent; without one: {names}.",
                                   "{done} of {n} units have a référent; without one: {names}.",
                                   len(units) - len(without)).format(
            done=len(units) - len(without), n=len(units), names=", ".join(without))
    return "not_met", _("No unit of the training plan has a référent.")


RULE_FUNCTIONS = {
    "restore_test_recent": restore_test_recent,
    "continuity_plan_reviewed": continuity_plan_reviewed,
    "offline_backup": offline_backup,
    "critical_vms_mirrored": critical_vms_mirrored,
    "referents_every_unit": referents_every_unit,
}


def proposals(db, q: Questionnaire, today: dt.date) -> dict[str, Proposal]:
    """The proposals of every question with an evidence rule the database can answer."""
    found: dict[str, Proposal] = {}
    for question in q.questions:
        rule = question.evidence_rule
        if rule is None:
            continue
        outcome = RULE_FUNCTIONS[rule.rule](db, today)
        if outcome is None or outcome[0] not in rule.levels:
            continue
        found[question.id] = Proposal(question.id, outcome[0], rule.levels[outcome[0]], outcome[1])
    return found


def accept(db, campaign_id: int, q: Questionnaire, proposal: Proposal):
    """The team confirms a proposal: it becomes the answer, with its evidence."""
    from .campaigns import save_answer

    return save_answer(db, campaign_id, q.question(proposal.question_id), status="level",
                       level=proposal.level, evidence=proposal.evidence, proposed_from_registry=True)
