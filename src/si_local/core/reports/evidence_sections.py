"""The sections of the readiness evidence pack (``reports/evidence.py``): one function per kind
of proof, each ``fn(pack) -> list of flowables`` (the body under the section's heading).

A section reads what it needs from the database (``pack.db``) on the pack's day; the document
lists the sections, and which evidence kinds each covers, in :data:`evidence.SECTIONS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import Paragraph, Spacer

from .. import continuity as c
from .. import readiness as r
from ..i18n import _, format_date, format_datetime, format_duration, format_frequency

from .common import esc, key_values, mm, p, styles, table
from .continuity_parts import hours, on_site

MET_COLOUR = "#2E7D32"
DECLARED_COLOUR = "#1F4E79"
MISSING_COLOUR = "#B03A2E"
STATE_COLOURS = {r.MET: MET_COLOUR, r.DECLARED: DECLARED_COLOUR, r.MISSING: MISSING_COLOUR}


@dataclass
class Pack:
    """What every section reads: the database, the day, the list in force and its statuses,
    the width of the page's frame."""
    db: object
    today: dt.date
    expectations: r.Expectations
    statuses: list[r.Status]
    width: float

    def in_state(self, state: str) -> list[r.Status]:
        return [s for s in self.statuses if s.state == state]


def evidence_kind(status: r.Status) -> str:
    """The kind of proof an expectation's evidence is: the check or record that met it, or
    "declared" / "missing"."""
    if status.state == r.MET:
        return status.expectation.name or r.MET
    return status.state


def state_cell(status: r.Status, style: str = "cell_bold") -> Paragraph:
    return Paragraph(f'<font color="{STATE_COLOURS[status.state]}">{esc(status.state_label)}</font>',
                     styles()[style])


def _optional_date(value) -> str:
    return format_date(value[:10]) if value else "—"


def _mark(on) -> str:
    return _("yes") if on else _("no")


# --- the approved plan -------------------------------------------------------------------------

def plan_evidence(pack: Pack) -> list:
    """Who approved which version of the plan and when, its review, the crisis cell, the
    critical activities and the scenarios."""
    db, width = pack.db, pack.width
    plan = c.get_plan(db)
    out: list = [key_values([
        (_("Status"), _("approved") if plan["status"] == "approved" else _("draft")),
        (_("Version"), plan["version"]),
        (_("Approved by"), plan["approved_by"] or "—"),
        (_("Approved on"), _optional_date(plan["approved_on"])),
        (_("Last review"), _optional_date(plan["last_review"])),
        (_("Next review"), _optional_date(plan["next_review"]))], width)]
    rows = [[_("Version"), _("Approved on"), _("Approved by"), _("Summary")]]
    rows += [[str(v["version"]), _optional_date(v["approved_on"]), v["approved_by"] or "—",
              v["summary"] or ""] for v in c.versions(db)]
    out += [p(_("Approved versions"), "h3"),
            table(rows, [0.6, 1, 1.6, 3.4], total_width=width, empty=_("The plan has never been approved."))]
    roles = [[_("Role"), _("Holder"), _("Stand-in")]]
    roles += [[x["role"], x["contact_name"] or "—", x["standin_name"] or "—"] for x in c.crisis_roles(db)]
    out += [p(_("Crisis cell"), "h3"),
            table(roles, [2, 2, 2], total_width=width, empty=_("No crisis cell role yet."))]
    acts = [[_("Activity"), _("Kind"), _("DMIA"), _("PDMA"), _("Degraded procedure")]]
    acts += [[a["name"], c.activity_kind_label(a["kind"]), hours(a["dmia_hours"]), hours(a["pdma_hours"]),
              _("written") if (a["degraded_procedure"] or "").strip() else _("not written")]
             for a in c.activities(db)]
    out += [p(_("Critical activities"), "h3"),
            table(acts, [2.4, 1.4, 0.7, 0.7, 1.2], total_width=width,
                  empty=_("No critical activity yet."))]
    scen = [[_("Scenario"), _("Kind"), _("Steps"), _("Mandatory")]]
    scen += [[s["name"], c.scenario_kind_label(s["kind"]), str(len(c.steps(db, s["id"]))),
              _mark(s["is_mandatory"])] for s in c.scenarios(db)]
    return out + [p(_("Scenarios"), "h3"),
                  table(scen, [2.6, 2, 0.7, 0.9], total_width=width, empty=_("No scenario yet."))]


# --- the last exercise -------------------------------------------------------------------------

def exercise_evidence(pack: Pack) -> list:
    """The last exercise held, as its lessons-learned report (RETEX) prints it: objectives,
    scenario, participants, timeline and decisions, times against targets, findings and actions."""
    from .exercise import retex_flowables

    exercises = c.exercises(pack.db)
    if not exercises:
        return [p(_("No exercise recorded yet."), "warn")]
    return retex_flowables(pack.db, exercises[0], pack.width, with_title=False)


# --- restore tests and backups -----------------------------------------------------------------

def _result(value: str) -> str:
    return {"success": _("success"), "partial": _("partial"), "failure": _("failure")}.get(value, value)


def restore_test_rows(db) -> list[dict]:
    return list(db.query(
        "SELECT t.*, b.name AS backup FROM restore_test t JOIN backup b ON b.id = t.backup_id "
        "ORDER BY t.tested_on DESC, t.id DESC"))


def restore_tests(pack: Pack) -> list:
    rows = [[_("Backup"), _("What was restored"), _("Date"), _("Duration"), _("Result"), _("Notes")]]
    rows += [[t["backup"], t["target"] or _("the whole backup"), format_date(t["tested_on"][:10]),
              format_duration(t["duration_minutes"]) or "—", _result(t["result"]), t["notes"] or ""]
             for t in restore_test_rows(pack.db)]
    return [table(rows, [1.5, 1.5, 0.9, 0.7, 0.7, 2], total_width=pack.width,
                  empty=_("No restore test recorded."))]


def backups(pack: Pack) -> list:
    rows = [[_("Backup"), _("Method"), _("Location"), _("Offline"), _("Immutable"), _("Frequency"),
             _("Last success")]]
    rows += [[b["name"], b["method"] or "—", f"{on_site(b)}\n{b['medium'] or ''}".strip(),
              _mark(b["offline"]), _mark(b["immutable"]), format_frequency(b["frequency_hours"]) or "—",
              format_datetime(b["last_success"], date_at_midnight=True) or _("never")]
             for b in pack.db.query("SELECT * FROM backup ORDER BY name COLLATE FRENCH")]
    return [table(rows, [1.6, 1.2, 1.4, 0.7, 0.8, 1, 1.1], total_width=pack.width,
                  empty=_("No backup in the registry."))]


# --- the incident register --------------------------------------------------------------------

def incidents(pack: Pack) -> list:
    """Each incident at its latest entry: when detected, whether it is to declare, when declared."""
    from .. import incidents as inc

    rows = [[_("No."), _("Incident"), _("Detected at"), _("Declaration"), _("Declared at")]]
    rows += [[str(i.number), i.entry["title"], _optional_date(i.entry["detected_at"]),
              inc.label(inc.DECLARATIONS, i.entry["declaration"]),
              _optional_date(i.entry["declared_at"])] for i in inc.incidents(pack.db)]
    return [table(rows, [0.5, 2.6, 1, 1.2, 1], total_width=pack.width,
                  empty=_("No incident recorded."))]


# --- compliance, declarations, what is missing -------------------------------------------------

def compliance(pack: Pack) -> list:
    found = c.compliance(pack.db, pack.today)
    if not found:
        return [p(_("No finding: backups, restore tests, exercises and reviews are in order."))]
    rows = [[_("Severity"), _("About"), _("What is wrong"), _("What to do")]]
    rows += [[c.severity_label(f.severity), f.subject, f.problem, f.action] for f in found]
    return [table(rows, [0.7, 1.5, 2.6, 2.6], total_width=pack.width)]


def _sha(value: str | None) -> object:
    if not value:
        return "—"
    return Paragraph(esc(value), styles()["small"])  # 64 characters: smaller, on one line


def declarations(pack: Pack) -> list:
    declared = pack.in_state(r.DECLARED)
    if not declared:
        return [p(_("No expectation rests on a declaration."), "muted")]
    st = styles()
    out: list = []
    for s in declared:
        d = s.declaration
        rows = [[Paragraph(esc(label), st["cell_bold"]), value] for label, value in (
            (_("Expectation"), f"{s.id} — {s.expectation.wording}"),
            (_("Declared by"), d.declared_by),
            (_("Declared on"), format_date(d.declared_on)),
            (_("Note"), d.note or "—"),
            (_("Document"), d.document_path or "—"),
            (_("SHA-256"), _sha(d.document_sha256)))]
        out += [table(rows, [1, 3.4], total_width=pack.width, header=False, zebra=False),
                Spacer(1, 4 * mm)]
    return out


def missing(pack: Pack) -> list:
    lacking = pack.in_state(r.MISSING)
    if not lacking:
        return [p(_("Every expectation is met or declared."))]
    st = styles()
    rows = [[_("Expectation"), _("What the database lacks"), _("What to do")]]
    for s in lacking:
        rows.append([Paragraph(f"<b>{esc(s.id)}</b><br/>{esc(s.expectation.wording)}", st["cell"]),
                     s.detail or "—",
                     Paragraph(f'<font color="{MISSING_COLOUR}">{esc(s.todo)}</font>', st["cell"])])
    return [table(rows, [2.4, 1.8, 2.4], total_width=pack.width)]
