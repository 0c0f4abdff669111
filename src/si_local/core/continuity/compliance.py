"""Compliance findings (3-2-1-1-0 rule, PDMA, DMIA, restore tests, exercises, review, the
national programme) and the Home alerts of the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..alerts import RESTORE_TEST_MAX_AGE_DAYS, Alert
from ..i18n import _, format_date, format_number, ngettext
from .common import CRITICAL, PLAN_REVIEW_MAX_DAYS, activity_kind_label
from .credentials import SYSTEM_KINDS, critical_systems
from .plan import activities, get_plan
from .scenarios import scenarios
from .units import degraded_sheets
from .retex import annual_exercise_alerts


# --- compliance --------------------------------------------------------------------------------

@dataclass
class Finding:
    severity: str  # high, medium, low
    rule: str  # stable key: 32110_copies, 32110_media, ..., pdma, dmia, restore_age, ...
    subject: str
    problem: str
    action: str


def _backups_of_applications(db) -> dict[int, list[dict]]:
    result: dict[int, dict[int, dict]] = {}
    sql = """
        SELECT ba.application_id AS app, b.* FROM backup_application ba JOIN backup b ON b.id = ba.backup_id
        UNION
        SELECT av.application_id AS app, b.* FROM application_vm av
        JOIN backup_vm bv ON bv.vm_id = av.vm_id JOIN backup b ON b.id = bv.backup_id
    """
    for r in db.query(sql):
        app = r.pop("app")
        result.setdefault(app, {})[r["id"]] = r
    return {k: list(v.values()) for k, v in result.items()}


def _last_tests(db) -> dict[int, dict]:
    last: dict[int, dict] = {}
    for t in db.query("SELECT * FROM restore_test ORDER BY tested_on, id"):
        last[t["backup_id"]] = t
    return last


@dataclass
class _Facts:
    """What the checks read, gathered once."""
    db: object
    today: dt.date
    backups_by_app: dict[int, list[dict]]
    last_test: dict[int, dict]
    vm_names_by_app: dict[int, set[str]]
    activities: list[dict]
    scenarios: list[dict]

    @classmethod
    def of(cls, db, today: dt.date) -> _Facts:
        vm_names_by_app: dict[int, set[str]] = {}
        for r in db.query("SELECT av.application_id, vm.name FROM application_vm av "
                          "JOIN vm ON vm.id = av.vm_id"):
            vm_names_by_app.setdefault(r["application_id"], set()).add(r["name"].lower())
        return cls(db, today, _backups_of_applications(db), _last_tests(db), vm_names_by_app,
                   activities(db), scenarios(db))


def _application(app: dict) -> str:
    return _("Application {name}").format(name=app["name"])


# --- one application: the 3-2-1-1-0 rule (critical ones), PDMA, DMIA ----------------------------
# Each check is fn(facts, app, backups) -> findings.

def _three_copies(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    copies = 1 + len(backups)
    if app["criticality"] not in CRITICAL or copies >= 3:
        return []
    return [Finding("high", "32110_copies", _application(app),
                    ngettext("3-2-1-1-0: {copies} copy of the data (production included), 3 expected.",
                             "3-2-1-1-0: {copies} copies of the data (production included), 3 expected.",
                             copies).format(copies=copies),
                    _("Add a backup so that the data exist in at least 3 copies."))]


def _two_media(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    if app["criticality"] not in CRITICAL:
        return []
    media = {(b["medium"] or b["method"] or b["name"]).strip().lower() for b in backups}
    if len(media) >= 2:
        return []
    return [Finding("medium", "32110_media", _application(app),
                    ngettext("3-2-1-1-0: backups on {count} kind of medium, 2 expected.",
                             "3-2-1-1-0: backups on {count} kinds of medium, 2 expected.",
                             len(media)).format(count=len(media)),
                    _("Keep one copy on another medium (for example disk and tape or removable disk)."))]


def _one_off_site(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    if app["criticality"] not in CRITICAL or any(b["location"] == "off_site" for b in backups):
        return []
    return [Finding("high", "32110_offsite", _application(app),
                    _("3-2-1-1-0: no copy is kept off site."),
                    _("Keep one copy in another building or at a trusted host."))]


def _one_offline(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    if app["criticality"] not in CRITICAL or any(b["offline"] or b["immutable"] for b in backups):
        return []
    return [Finding("high", "32110_offline", _application(app),
                    _("3-2-1-1-0: no offline or immutable copy; ransomware could reach every copy."),
                    _("Keep one copy offline (removable disk, tape) or immutable."))]


def _zero_errors(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    if app["criticality"] not in CRITICAL:
        return []
    tests = [facts.last_test[b["id"]] for b in backups if b["id"] in facts.last_test]
    latest = max(tests, key=lambda t: t["tested_on"]) if tests else None
    if latest is None:
        return [Finding("high", "32110_errors", _application(app),
                        _("3-2-1-1-0: no restore test of its backups."),
                        _("Restore its data on a test machine and record the result and the duration."))]
    if latest["result"] != "success":
        return [Finding("high", "32110_errors", _application(app),
                        _("3-2-1-1-0: the last restore test ({date}) did not succeed completely.")
                        .format(date=format_date(latest["tested_on"])),
                        _("Fix the cause and test the restore again until it succeeds without error."))]
    return []


def _pdma_of_application(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    if app["pdma_hours"] is None:
        return []
    pdma = format_number(app["pdma_hours"])
    if not backups:
        if app["criticality"] not in CRITICAL:
            return []
        return [Finding("high", "pdma", _application(app),
                        _("No backup covers it, so its PDMA of {pdma} h cannot be met.").format(pdma=pdma),
                        _("Link it (or its VMs) to a backup in the registry."))]
    freqs = [b["frequency_hours"] for b in backups if b["frequency_hours"]]
    if not freqs or min(freqs) <= app["pdma_hours"]:
        return []
    return [Finding("high", "pdma", _application(app),
                    _("Backups every {freq} h but its PDMA is {pdma} h: more data than accepted could be lost.")
                    .format(freq=format_number(min(freqs)), pdma=pdma),
                    _("Back up at least every {pdma} h (or replicate continuously), or revise the PDMA with the users.")
                    .format(pdma=pdma))]


def _timed_restores(facts: _Facts, app: dict, backups: list[dict]) -> list[dict]:
    """The restore tests of the application's backups that restored one of its machines (or the
    application itself) and were timed."""
    names = facts.vm_names_by_app.get(app["id"], set()) | {app["name"].lower()}
    found = []
    for b in backups:
        for t in facts.db.query("SELECT * FROM restore_test WHERE backup_id = ? AND duration_minutes "
                                "IS NOT NULL ORDER BY tested_on DESC", [b["id"]]):
            if (t["target"] or "").strip().lower() in names:
                found.append(t)
    return found


def _dmia_of_application(facts: _Facts, app: dict, backups: list[dict]) -> list[Finding]:
    if app["dmia_hours"] is None or not backups:
        return []
    dmia = format_number(app["dmia_hours"])
    durations = _timed_restores(facts, app, backups)
    if not durations:
        if app["criticality"] not in CRITICAL:
            return []
        return [Finding("low", "dmia", _application(app),
                        _("No measured restore time for its machines: the DMIA of {dmia} h is not checked.")
                        .format(dmia=dmia),
                        _("Time the next restore test of one of its VMs and record the duration."))]
    latest = max(durations, key=lambda t: t["tested_on"])
    hours = latest["duration_minutes"] / 60
    if hours <= app["dmia_hours"]:
        return []
    return [Finding("high", "dmia", _application(app),
                    _("Measured restore time {hours} h ({date}) exceeds its DMIA of {dmia} h.")
                    .format(hours=format_number(round(hours, 1)), date=format_date(latest["tested_on"]),
                            dmia=dmia),
                    _("Speed up the restore (mirror, faster medium, restore procedure) or revise the DMIA."))]


APPLICATION_CHECKS = [_three_copies, _two_media, _one_off_site, _one_offline, _zero_errors,
                      _pdma_of_application, _dmia_of_application]


# --- the plan as a whole -------------------------------------------------------------------------
# Each check is fn(facts) -> findings.

def _applications(facts: _Facts) -> list[Finding]:
    """Every application, by name, through :data:`APPLICATION_CHECKS` in turn."""
    out: list[Finding] = []
    for app in facts.db.query("SELECT * FROM application ORDER BY name COLLATE FRENCH"):
        backups = facts.backups_by_app.get(app["id"], [])
        for check in APPLICATION_CHECKS:
            out += check(facts, app, backups)
    return out


def _pdma_of_activities(facts: _Facts) -> list[Finding]:
    """Activities stricter than their applications' backups."""
    out: list[Finding] = []
    for ac in facts.activities:
        if ac["pdma_hours"] is None:
            continue
        freqs = [b["frequency_hours"] for a in ac["applications"]
                 for b in facts.backups_by_app.get(a["id"], []) if b["frequency_hours"]]
        if freqs and min(freqs) > ac["pdma_hours"]:
            out.append(Finding("high", "pdma", _("Activity {name}").format(name=ac["name"]),
                _("Backups every {freq} h but the activity's PDMA is {pdma} h.")
                .format(freq=format_number(min(freqs)), pdma=format_number(ac["pdma_hours"])),
                _("Back up its applications at least every {pdma} h, or revise the PDMA.")
                .format(pdma=format_number(ac["pdma_hours"]))))
    return out


def _restore_tests_age(facts: _Facts) -> list[Finding]:
    """Backups never tested by a restore, or not for 6 months."""
    out: list[Finding] = []
    limit = (facts.today - dt.timedelta(days=RESTORE_TEST_MAX_AGE_DAYS)).isoformat()
    for b in facts.db.query("SELECT id, name FROM backup ORDER BY name COLLATE FRENCH"):
        t = facts.last_test.get(b["id"])
        subject = _("Backup {name}").format(name=b["name"])
        if t is None:
            out.append(Finding("high", "restore_age", subject, _("Never tested by a restore."),
                               _("Plan a restore test and record it in the registry.")))
        elif t["tested_on"][:10] < limit:
            out.append(Finding("medium", "restore_age", subject,
                _("Last restore test on {date}, more than 6 months ago.").format(date=format_date(t["tested_on"])),
                _("Test a restore again (at least every 6 months).")))
    return out


def _exercises(facts: _Facts) -> list[Finding]:
    """Scenarios never exercised."""
    return [Finding("high" if s["is_mandatory"] else "medium", "exercise",
                    _("Scenario {name}").format(name=s["name"]), _("Never exercised."),
                    _("Schedule an exercise (a tabletop exercise is a good start) and record it."))
            for s in facts.scenarios if not s["last_exercise"]]


def _review(facts: _Facts) -> list[Finding]:
    """The plan reviewed within 12 months."""
    plan = get_plan(facts.db)
    review_limit = (facts.today - dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat()
    if not plan["last_review"]:
        return [Finding("high", "review", _("Continuity plan"), _("The plan has never been reviewed."),
                        _("Review the plan with the crisis cell and approve it."))]
    if plan["last_review"] < review_limit:
        return [Finding("high", "review", _("Continuity plan"),
                        _("Last review on {date}, more than 12 months ago.")
                        .format(date=format_date(plan["last_review"])),
                        _("Review the plan with the crisis cell and approve it."))]
    return []


def _activity_kinds(facts: _Facts) -> list[Finding]:
    """National programme: a critical activity of each of three kinds."""
    kinds = {a["kind"] for a in facts.activities}
    return [Finding("medium", "activities", _("Critical activities"),
                    _("No critical activity of the kind \"{kind}\".").format(kind=activity_kind_label(key)),
                    _("Describe it with its DMIA, PDMA, applications and degraded mode."))
            for key in ("care_unit", "administrative", "medico_technical") if key not in kinds]


def _scenario_kinds(facts: _Facts) -> list[Finding]:
    """National programme: one more scenario than the information system's."""
    if {s["kind"] for s in facts.scenarios} & {"site", "staff", "supplier"}:
        return []
    return [Finding("medium", "scenarios", _("Scenarios"),
                    _("Besides \"information system unavailable\", no scenario for a site, staff or critical supplier loss."),
                    _("Add at least one of them from the templates."))]


def _degraded_procedures(facts: _Facts) -> list[Finding]:
    """Each unit in the plan's scope has a written degraded-mode procedure."""
    return [Finding("high" if sheet.unit["kind"] == "care_unit" else "medium", "degraded_mode",
                    _("Unit {name}").format(name=sheet.unit["name"]),
                    _("No written degraded-mode procedure: its sheet in the printed plan is blank."),
                    _("Write with the unit how it works on paper (who decides, which forms, where "
                      "they are kept) in a critical activity named after it."))
            for sheet in degraded_sheets(facts.db, facts.activities)
            if sheet.unit and not sheet.procedure]


def _break_glass(facts: _Facts) -> list[Finding]:
    """Each critical system says where its emergency credentials are kept."""
    return [Finding("high", "credentials",
                    _("{kind} {name}").format(kind=_(SYSTEM_KINDS[s.kind]), name=s.name),
                    _("No record of where its administrator credentials are kept."),
                    _("Record the account and where its password is kept on paper (sealed "
                      "envelope, safe) in the registry's credentials; never the password itself."))
            for s in critical_systems(facts.db) if not s.recorded]


# The checks, in the order their findings are listed within one severity.
CHECKS = [_applications, _pdma_of_activities, _restore_tests_age, _exercises, _review,
          _activity_kinds, _scenario_kinds, _degraded_procedures, _break_glass]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def compliance(db, today: dt.date) -> list[Finding]:
    """Compliance findings from the registry and the plan; each says what to do."""
    facts = _Facts.of(db, today)
    out: list[Finding] = []
    for check in CHECKS:
        out += check(facts)
    return sorted(out, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


# --- alerts for Home ---------------------------------------------------------------------------

def alerts(db, today: dt.date) -> list[Alert]:
    if not db["continuity_plan"].exists():
        return []
    found: list[Alert] = []
    plan = get_plan(db)
    if plan["next_review"] and plan["next_review"] < today.isoformat():
        found.append(Alert("high", "continuity", _("Continuity plan: review overdue since {date}.")
                           .format(date=format_date(plan["next_review"])), "continuity_plan", 1))
    elif not plan["last_review"]:
        found.append(Alert("high", "continuity",
                           _("Continuity plan: never reviewed nor approved; write it with the team "
                             "and record its approval."), "continuity_plan", 1))
    elif plan["last_review"] < (today - dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat():
        found.append(Alert("high", "continuity", _("Continuity plan: not reviewed for 12 months."),
                           "continuity_plan", 1))
    found += annual_exercise_alerts(db, today)
    for s in scenarios(db):
        if not s["last_exercise"]:
            found.append(Alert("medium", "continuity", _("Scenario {name}: never exercised.")
                               .format(name=s["name"]), "continuity_scenario", s["id"]))
    for f in db.query("SELECT id, finding, action, owner, due_on FROM continuity_finding "
                      "WHERE status = 'open' AND due_on IS NOT NULL AND due_on < ? ORDER BY due_on",
                      [today.isoformat()]):
        found.append(Alert("medium", "continuity", _("Exercise action overdue since {date}: {action} ({owner}).")
                           .format(date=format_date(f["due_on"]), action=f["action"] or f["finding"],
                                   owner=f["owner"] or "—"), "continuity_finding", f["id"]))
    return found
