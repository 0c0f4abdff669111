"""Compliance findings (3-2-1-1-0 rule, PDMA, DMIA, restore tests, exercises, review, the
national programme) and the Home alerts of the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..alerts import RESTORE_TEST_MAX_AGE_DAYS, Alert
from ..i18n import _, format_date, format_number
from .common import CRITICAL, PLAN_REVIEW_MAX_DAYS, activity_kind_label
from .plan import activities, get_plan
from .scenarios import scenarios


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


def compliance(db, today: dt.date) -> list[Finding]:
    """Compliance findings from the registry and the plan; each says what to do."""
    out: list[Finding] = []
    backups_by_app = _backups_of_applications(db)
    last_test = _last_tests(db)
    vm_names_by_app: dict[int, set[str]] = {}
    for r in db.query("SELECT av.application_id, vm.name FROM application_vm av JOIN vm ON vm.id = av.vm_id"):
        vm_names_by_app.setdefault(r["application_id"], set()).add(r["name"].lower())
    apps = list(db.query("SELECT * FROM application ORDER BY name"))
    for app in apps:
        name = app["name"]
        backups = backups_by_app.get(app["id"], [])
        if app["criticality"] in CRITICAL:
            subject = _("Application {name}").format(name=name)
            copies = 1 + len(backups)
            if copies < 3:
                out.append(Finding("high", "32110_copies", subject,
                    _("3-2-1-1-0: {copies} copies of the data (production included), 3 expected.")
                    .format(copies=copies),
                    _("Add a backup so that the data exist in at least 3 copies.")))
            media = {(b["medium"] or b["method"] or b["name"]).strip().lower() for b in backups}
            if len(media) < 2:
                out.append(Finding("medium", "32110_media", subject,
                    _("3-2-1-1-0: backups on {count} kind(s) of medium, 2 expected.").format(count=len(media)),
                    _("Keep one copy on another medium (for example disk and tape or removable disk).")))
            if not any(b["location"] == "off_site" for b in backups):
                out.append(Finding("high", "32110_offsite", subject,
                    _("3-2-1-1-0: no copy is kept off site."),
                    _("Keep one copy in another building or at a trusted host.")))
            if not any(b["offline"] or b["immutable"] for b in backups):
                out.append(Finding("high", "32110_offline", subject,
                    _("3-2-1-1-0: no offline or immutable copy; ransomware could reach every copy."),
                    _("Keep one copy offline (removable disk, tape) or immutable.")))
            tests = [last_test[b["id"]] for b in backups if b["id"] in last_test]
            latest = max(tests, key=lambda t: t["tested_on"]) if tests else None
            if latest is None:
                out.append(Finding("high", "32110_errors", subject,
                    _("3-2-1-1-0: no restore test of its backups."),
                    _("Restore its data on a test machine and record the result and the duration.")))
            elif latest["result"] != "success":
                out.append(Finding("high", "32110_errors", subject,
                    _("3-2-1-1-0: the last restore test ({date}) did not succeed completely.")
                    .format(date=format_date(latest["tested_on"])),
                    _("Fix the cause and test the restore again until it succeeds without error.")))
        if app["pdma_hours"] is not None and backups:
            freqs = [b["frequency_hours"] for b in backups if b["frequency_hours"]]
            if freqs and min(freqs) > app["pdma_hours"]:
                out.append(Finding("high", "pdma", _("Application {name}").format(name=name),
                    _("Backups every {freq} h but its PDMA is {pdma} h: more data than accepted could be lost.")
                    .format(freq=format_number(min(freqs)), pdma=format_number(app["pdma_hours"])),
                    _("Back up at least every {pdma} h (or replicate continuously), or revise the PDMA with the users.")
                    .format(pdma=format_number(app["pdma_hours"]))))
        elif app["pdma_hours"] is not None and app["criticality"] in CRITICAL and not backups:
            out.append(Finding("high", "pdma", _("Application {name}").format(name=name),
                _("No backup covers it, so its PDMA of {pdma} h cannot be met.")
                .format(pdma=format_number(app["pdma_hours"])),
                _("Link it (or its VMs) to a backup in the registry.")))
        if app["dmia_hours"] is not None and backups:
            durations = []
            names = vm_names_by_app.get(app["id"], set()) | {name.lower()}
            for b in backups:
                for t in db.query("SELECT * FROM restore_test WHERE backup_id = ? AND duration_minutes "
                                  "IS NOT NULL ORDER BY tested_on DESC", [b["id"]]):
                    if (t["target"] or "").strip().lower() in names:
                        durations.append(t)
            if durations:
                latest = max(durations, key=lambda t: t["tested_on"])
                hours = latest["duration_minutes"] / 60
                if hours > app["dmia_hours"]:
                    out.append(Finding("high", "dmia", _("Application {name}").format(name=name),
                        _("Measured restore time {hours} h ({date}) exceeds its DMIA of {dmia} h.")
                        .format(hours=format_number(round(hours, 1)), date=format_date(latest["tested_on"]),
                                dmia=format_number(app["dmia_hours"])),
                        _("Speed up the restore (mirror, faster medium, restore procedure) or revise the DMIA.")))
            elif app["criticality"] in CRITICAL:
                out.append(Finding("low", "dmia", _("Application {name}").format(name=name),
                    _("No measured restore time for its machines: the DMIA of {dmia} h is not checked.")
                    .format(dmia=format_number(app["dmia_hours"])),
                    _("Time the next restore test of one of its VMs and record the duration.")))
    # activities stricter than their applications' backups
    for ac in activities(db):
        if ac["pdma_hours"] is None:
            continue
        freqs = [b["frequency_hours"] for a in ac["applications"] for b in backups_by_app.get(a["id"], [])
                 if b["frequency_hours"]]
        if freqs and min(freqs) > ac["pdma_hours"]:
            out.append(Finding("high", "pdma", _("Activity {name}").format(name=ac["name"]),
                _("Backups every {freq} h but the activity's PDMA is {pdma} h.")
                .format(freq=format_number(min(freqs)), pdma=format_number(ac["pdma_hours"])),
                _("Back up its applications at least every {pdma} h, or revise the PDMA.")
                .format(pdma=format_number(ac["pdma_hours"]))))
    # restore tests older than 6 months
    limit = (today - dt.timedelta(days=RESTORE_TEST_MAX_AGE_DAYS)).isoformat()
    for b in db.query("SELECT id, name FROM backup ORDER BY name"):
        t = last_test.get(b["id"])
        subject = _("Backup {name}").format(name=b["name"])
        if t is None:
            out.append(Finding("high", "restore_age", subject, _("Never tested by a restore."),
                               _("Plan a restore test and record it in the registry.")))
        elif t["tested_on"][:10] < limit:
            out.append(Finding("medium", "restore_age", subject,
                _("Last restore test on {date}, more than 6 months ago.").format(date=format_date(t["tested_on"])),
                _("Test a restore again (at least every 6 months).")))
    # scenarios never exercised
    for s in scenarios(db):
        if not s["last_exercise"]:
            out.append(Finding("high" if s["is_mandatory"] else "medium", "exercise",
                _("Scenario {name}").format(name=s["name"]), _("Never exercised."),
                _("Schedule an exercise (a tabletop exercise is a good start) and record it.")))
    # plan review
    plan = get_plan(db)
    review_limit = (today - dt.timedelta(days=PLAN_REVIEW_MAX_DAYS)).isoformat()
    if not plan["last_review"]:
        out.append(Finding("high", "review", _("Continuity plan"), _("The plan has never been reviewed."),
                           _("Review the plan with the crisis cell and approve it.")))
    elif plan["last_review"] < review_limit:
        out.append(Finding("high", "review", _("Continuity plan"),
            _("Last review on {date}, more than 12 months ago.").format(date=format_date(plan["last_review"])),
            _("Review the plan with the crisis cell and approve it.")))
    # national programme: three kinds of activity and one more scenario
    kinds = {a["kind"] for a in activities(db)}
    for key in ("care_unit", "administrative", "medico_technical"):
        if key not in kinds:
            out.append(Finding("medium", "activities", _("Critical activities"),
                _("No critical activity of the kind \"{kind}\".").format(kind=activity_kind_label(key)),
                _("Describe it with its DMIA, PDMA, applications and degraded mode.")))
    skinds = {s["kind"] for s in scenarios(db)}
    if not skinds & {"site", "staff", "supplier"}:
        out.append(Finding("medium", "scenarios", _("Scenarios"),
            _("Besides \"information system unavailable\", no scenario for a site, staff or critical supplier loss."),
            _("Add at least one of them from the templates.")))
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(out, key=lambda f: order.get(f.severity, 9))


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
