"""The printed continuity plan (PCA / PCRA), in the user's language (French by default).

Made to be used on paper when every computer is down: identity, crisis cell and call tree,
critical activities, each scenario as a checklist with boxes and blank fields for the time,
degraded-mode sheets, IT restart order, backups and where their credentials are kept (never a
secret), contacts, compliance findings, the last exercise, annexes of the inventory.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import clock
from .. import continuity as c
from .. import contracts, end_of_support
from ..i18n import (_, format_date, format_datetime, format_duration, format_hours, format_minutes,
                    ngettext)
from . import continuity_parts as parts
from .common import (
    CELL_PADDING,
    FONT_ITALIC,
    CheckBox,
    CondPageBreak,
    ContinuedHeading,
    DocumentInfo,
    KeepTogether,
    PageBreak,
    Spacer,
    WriteLine,
    clip,
    esc,
    frame_top,
    frame_width,
    heading,
    key_values,
    markup,
    mm,
    nobreak,
    p,
    printable,
    with_annex,
)
from .continuity_parts import hours as _hours, on_site as _on_site
from .one_pass import build_with_contents, contents_table, table


def _minutes(value) -> str:
    """A step's time: « 45 min », « 4 h » (see :func:`format_duration`)."""
    return format_duration(value) or "—"


def _phones(*values) -> str:
    return "\n".join(nobreak(v) for v in values if v) or "—"


def _call_line(index: int, role: dict) -> str:
    """One line of the call tree: who, how to reach them, whom they call (the field holds only
    the names: it is labelled « Appelle » on screen, and the word is printed here)."""
    line = f"{index}. {role['role']} — {role['contact_name'] or '—'}"
    phones = [nobreak(x) for x in (role["phone"], role["mobile"]) if x]
    if phones:
        line += " (" + ", ".join(phones) + ")"
    calls = (role["calls"] or "").strip()
    if calls:
        line += " — " + _("calls: {who}").format(who=calls)
    return line


@dataclass
class PlanData:
    facility: dict
    plan: dict
    roles: list
    activities: list
    deps: dict  # application id -> (vm names, server names)
    scenarios: list  # (scenario, steps)
    restart: list
    host_of_vm: dict
    mirror_of_server: dict
    backups: list
    backup_targets: dict
    last_tests: dict
    contacts: list
    findings: list
    exercise: dict | None
    exercise_steps: list
    exercise_findings: list
    servers: list
    vms: list
    applications: list
    equipment: list
    sheets: list  # continuity.DegradedSheet: a unit or activity each
    systems: list  # continuity.CriticalSystem
    out_of_support: list = field(default_factory=list)  # end_of_support.Machine, ended or soon
    hotlines: list = field(default_factory=list)  # contracts.supplier_hotlines


def collect(db, today: dt.date) -> PlanData:
    facility = next(db.query("SELECT * FROM facility ORDER BY id LIMIT 1"), {}) or {}
    deps: dict[int, tuple[list[str], list[str]]] = {}
    for r in db.query("SELECT av.application_id, vm.name AS vm, s.name AS server FROM application_vm av "
                      "JOIN vm ON vm.id = av.vm_id LEFT JOIN server s ON s.id = vm.server_id ORDER BY vm.name COLLATE FRENCH"):
        vms, servers = deps.setdefault(r["application_id"], ([], []))
        vms.append(r["vm"])
        if r["server"] and r["server"] not in servers:
            servers.append(r["server"])
    all_items = c.step_items(db)
    scen = []
    for s in c.scenarios(db):
        rows = list(db.query("SELECT * FROM continuity_step WHERE scenario_id = ? ORDER BY position, id",
                             [s["id"]]))
        for row in rows:
            row["items"] = all_items.get(row["id"], [])
        scen.append((s, rows))
    host = {r["id"]: r["server"] for r in db.query(
        "SELECT vm.id, s.name AS server FROM vm LEFT JOIN server s ON s.id = vm.server_id")}
    mirror: dict[str, list[str]] = {}
    for r in db.query("SELECT coalesce(s.name, v.name) AS source, t.name AS target FROM replication r "
                      "JOIN server t ON t.id = r.target_server_id LEFT JOIN server s ON s.id = r.source_server_id "
                      "LEFT JOIN vm v ON v.id = r.source_vm_id"):
        mirror.setdefault(r["source"], []).append(r["target"])
    targets: dict[int, list[str]] = {}
    for r in db.query("SELECT bv.backup_id, vm.name FROM backup_vm bv JOIN vm ON vm.id = bv.vm_id "
                      "UNION ALL SELECT ba.backup_id, a.name FROM backup_application ba "
                      "JOIN application a ON a.id = ba.application_id"):
        targets.setdefault(r["backup_id"], []).append(r["name"])
    exercises = c.exercises(db)
    last = exercises[0] if exercises else None
    activities = c.activities(db)
    return PlanData(
        facility=facility, plan=c.get_plan(db), roles=c.crisis_roles(db), activities=activities,
        deps=deps, scenarios=scen, restart=c.restart_order(db), host_of_vm=host, mirror_of_server=mirror,
        backups=list(db.query("SELECT * FROM backup ORDER BY name COLLATE FRENCH")), backup_targets=targets,
        last_tests=c._last_tests(db),
        contacts=list(db.query("SELECT * FROM contact ORDER BY kind, name COLLATE FRENCH")),
        findings=c.compliance(db, today), out_of_support=end_of_support.to_report(db, today),
        exercise=last,
        exercise_steps=c.exercise_steps(db, last["id"]) if last else [],
        exercise_findings=[f for f in c.findings(db, last["id"])  # what to improve, with actions
                           if f["kind"] == "improve"] if last else [],
        servers=list(db.query("SELECT s.*, site.name AS site FROM server s "
                              "LEFT JOIN site ON site.id = s.site_id ORDER BY s.name COLLATE FRENCH")),
        vms=list(db.query("SELECT vm.*, s.name AS server FROM vm LEFT JOIN server s ON s.id = vm.server_id "
                          "ORDER BY vm.name COLLATE FRENCH")),
        applications=list(db.query("SELECT * FROM application ORDER BY name COLLATE FRENCH")),
        equipment=list(db.query("SELECT e.*, site.name AS site FROM equipment e "
                                "LEFT JOIN site ON site.id = e.site_id ORDER BY e.name COLLATE FRENCH")),
        sheets=c.degraded_sheets(db, activities), systems=c.critical_systems(db),
        hotlines=contracts.supplier_hotlines(db),
    )


# --- the story: a table of sections, in the order they print ----------------------------------
# Each section is ``fn(data, today, width) -> list of flowables``; :func:`story` chains them.

def _optional_date(value) -> str:
    return format_date(value) if value else "—"


def _identity_values(data: PlanData, today: dt.date) -> list[tuple[str, str]]:
    plan = data.plan
    facility = data.facility.get("name") or ""
    finess = data.facility.get("finess") and _("FINESS {number}").format(number=data.facility["finess"])
    status = _("approved") if plan["status"] == "approved" else _("draft")
    return [
        (_("Facility"), " — ".join(x for x in (facility, finess) if x)),
        (_("Address"), data.facility.get("address") or "—"),
        (_("Version"), _("{version} ({status})").format(version=plan["version"], status=status)),
        (_("Printed on"), format_date(today)),
        (_("Author"), plan["author"] or "—"),
        (_("Approved by"), plan["approved_by"] or "—"),
        (_("Approved on"), _optional_date(plan["approved_on"])),
        (_("Last review"), _optional_date(plan["last_review"])),
        (_("Next review"), _optional_date(plan["next_review"])),
    ]


def _identity(data: PlanData, today: dt.date, width: float) -> list:
    plan = data.plan
    out: list = [Spacer(1, 18 * mm),
                 p(plan["title"] or _("Business continuity and recovery plan"), "title"),
                 p(data.facility.get("name") or "", "subtitle"),
                 key_values(_identity_values(data, today), width),
                 Spacer(1, 6 * mm)]
    if plan["scope"]:
        out += [heading(_("Scope"), 3), p(plan["scope"])]
    if plan["trigger_rules"]:
        out += [heading(_("Who triggers the plan, and when"), 3), p(plan["trigger_rules"])]
    return out + parts.approval(data, today, width)


def _contents(data: PlanData, today: dt.date, width: float) -> list:
    """The contents with the page of each section (known once the plan is laid out), then who
    holds the printed copies."""
    return [PageBreak(), heading(_("Contents"), 3), contents_table(),
            p(_("Keep a printed copy in each unit and at the director's office; when the computers "
                "are down, this paper is the plan."), "muted")] + parts.distribution(data, today, width) + [
            PageBreak()]


def _crisis_cell(data: PlanData, today: dt.date, width: float) -> list:
    rows = [[_("Role"), _("Holder"), _("Phones"), _("Stand-in"), _("Stand-in phones"), _("Duties")]]
    for r in data.roles:
        rows.append([r["role"], r["contact_name"] or "—", _phones(r["phone"], r["mobile"]),
                     r["standin_name"] or "—", _phones(r["standin_phone"], r["standin_mobile"]),
                     r["duties"] or ""])
    tree = call_tree(data.roles)
    if not data.roles:
        tree.append(p(_("No crisis cell role yet."), "warn"))
    return [heading(_("1. Crisis cell and call tree")),
            table(rows, [1.2, 1.1, 1.25, 1.1, 1.25, 1.9], total_width=width,
                  empty=_("No crisis cell role yet.")),
            heading(_("Call tree"), 2),
            KeepTogether(tree)]


def call_tree(roles: list) -> list:
    """Who calls whom, one numbered line per role (the plan and the crisis kit print it)."""
    tree = [p(_("Whoever notices the problem calls the IT manager (or the stand-in), who calls the "
                "crisis director. Each person then calls the people listed for their role:"))]
    return tree + [p(_call_line(i, r)) for i, r in enumerate(roles, start=1)]


def _activity_machines(data: PlanData, activity: dict) -> str:
    """The VMs then the servers an activity's applications run on, each once."""
    vms, servers = [], []
    for app in activity["applications"]:
        v, s = data.deps.get(app["id"], ([], []))
        vms += [x for x in v if x not in vms]
        servers += [x for x in s if x not in servers]
    return ", ".join(vms + servers) or "—"


def _activity_applications(activity: dict) -> str:
    return "\n".join(f"{x['name']} ({_('DMIA')} {_hours(x['dmia_hours'])}, "
                     f"{_('PDMA')} {_hours(x['pdma_hours'])})" for x in activity["applications"]) or "—"


def _critical_activities(data: PlanData, today: dt.date, width: float) -> list:
    rows = [[_("Activity"), _("Kind"), _("DMIA"), _("PDMA"), _("Applications"), _("VMs and servers")]]
    for a in data.activities:
        rows.append([a["name"], c.activity_kind_label(a["kind"]), _hours(a["dmia_hours"]),
                     _hours(a["pdma_hours"]), _activity_applications(a), _activity_machines(data, a)])
    return [CondPageBreak(60 * mm),
            heading(_("2. Critical activities")),
            table(rows, [1.6, 1.1, 0.6, 0.6, 2.2, 1.7], total_width=width,
                  empty=_("No critical activity yet.")),
            p(_("DMIA: maximum tolerable downtime. PDMA: maximum tolerable data loss."), "muted")]


STEP_COLUMNS = [0.35, 0.35, 3.5, 1.6, 0.8, 1.0]


@dataclass
class _StepLayout:
    """The sizes a scenario's checklist needs, computed once for all scenarios."""
    width: float
    time_width: float
    step_width: float
    top: float

    @classmethod
    def of(cls, width: float) -> _StepLayout:
        scale = width / sum(STEP_COLUMNS)
        return cls(width=width, time_width=STEP_COLUMNS[5] * scale - 8,
                   # about: a wide word widens it
                   step_width=STEP_COLUMNS[2] * scale - 2 * CELL_PADDING - 1,
                   top=frame_top(DocumentInfo(title="")))


def _concerns(step: dict) -> str:
    return _("Concerns: {items}").format(items=", ".join(n for _c, _i, n in step["items"]))


def _step_cell(step: dict, layout: _StepLayout) -> object:
    """The step's title, the registry items it concerns and its note (in italics, cut to the
    annex when long)."""
    if step["note"]:
        text = esc(step["title"])
        if step["items"]:
            text += "<br/><font size=7.5>" + esc(_concerns(step)) + "</font>"
        label = _("Note of step {number}: {title}").format(number=step["position"], title=step["title"])
        note = clip(step["note"], layout.step_width, " ".join(printable(label).split()),
                    FONT_ITALIC, 7.5)
        text += "<br/><i><font size=7.5>" + esc(note, italic=True) + "</font></i>"
        return markup(text, "cell")
    if step["items"]:
        return step["title"] + "\n" + _concerns(step)
    return step["title"]


def _step_row(step: dict, layout: _StepLayout) -> list:
    owner = step["owner_role"] or "—"
    if step["standin_role"]:
        owner += "\n" + _("stand-in: {role}").format(role=step["standin_role"])
    return [CheckBox(), str(step["position"]), _step_cell(step, layout), owner,
            _minutes(step["expected_minutes"]), WriteLine(layout.time_width, 9 * mm)]


def _scenario_head(scenario: dict, steps: list) -> list:
    title = scenario["name"] + (" — " + _("mandatory") if scenario["is_mandatory"] else "")
    head = [heading(title, 2)]
    kind = c.scenario_kind_label(scenario["kind"])
    if kind.casefold() != scenario["name"].casefold():  # « Site indisponible » is not said twice
        head.append(p(kind, "muted"))
    if scenario["description"]:
        head.append(p(scenario["description"]))
    if steps:
        head.append(p(ngettext("{count} step, expected total: {duration}",
                               "{count} steps, expected total: {duration}", len(steps)).format(
            count=len(steps), duration=format_duration(sum(st["expected_minutes"] or 0 for st in steps))),
            "muted"))
    return head


def _scenario(scenario: dict, steps: list, layout: _StepLayout) -> list:
    """One scenario: its head, then a checklist per phase; the first phase keeps with the head,
    the next ones say, at the top of a page, which scenario they continue."""
    head = _scenario_head(scenario, steps)
    if not steps:
        return head + [p(_("No step yet."), "warn")]
    out: list = []
    for phase in c.PHASES:
        ph = [st for st in steps if st["phase"] == phase]
        if not ph:
            continue
        rows = [["", "#", _("Step"), _("Owner / stand-in"), _("Expected"), _("Time done")]]
        rows += [_step_row(st, layout) for st in ph]
        block = table(rows, STEP_COLUMNS, total_width=layout.width)
        if not out:
            out.append(KeepTogether(head + [heading(c.phase_label(phase), 3)]))
        else:
            out.append(ContinuedHeading(
                c.phase_label(phase), _("{phase} — {scenario} (continued)").format(
                    phase=c.phase_label(phase), scenario=scenario["name"]), "h3", layout.top))
        out.append(block)
    return out


def _scenarios(data: PlanData, today: dt.date, width: float) -> list:
    return [CondPageBreak(120 * mm), heading(_("3. Scenarios and checklists"))] + checklists(data, width)


def checklists(data: PlanData, width: float) -> list:
    """Each scenario as a checklist per phase, with owners (the plan and the crisis kit)."""
    out: list = [p(_("Tick each step when it is done and write the time. Steps are in order; the "
                     "stand-in acts when the owner cannot be reached."))]
    layout = _StepLayout.of(width)
    for index, (scenario, steps) in enumerate(data.scenarios):
        if index:
            out.append(CondPageBreak(110 * mm))  # a new scenario on the same page when it has room
        out += _scenario(scenario, steps, layout)
    return out


def _restart_row(data: PlanData, rank: int, item) -> list:
    host = data.host_of_vm.get(item.vm_id) or "—"
    mirrors = data.mirror_of_server.get(host, []) + data.mirror_of_server.get(item.name, [])
    where = host + ("\n" + _("mirror: {names}").format(names=", ".join(mirrors)) if mirrors else "")
    return [CheckBox(), str(rank), item.name, where, item.reason, ", ".join(item.applications) or "—",
            WriteLine(14 * mm, 9 * mm)]


def _restart_order(data: PlanData, today: dt.date, width: float) -> list:
    return [CondPageBreak(80 * mm), heading(_("5. IT restart order"))] + restart_order(data, width)


def restart_order(data: PlanData, width: float) -> list:
    """The machines in the order they restart, with a box and the time (the plan and the kit)."""
    rows = [["", "#", _("VM"), _("Host / mirror"), _("Why this rank"), _("Applications"), _("Restarted at")]]
    rows += [_restart_row(data, i, item) for i, item in enumerate(data.restart, start=1)]
    return [restart_intro(),
            table(rows, [0.35, 0.3, 1.2, 1.4, 1.9, 2.1, 0.8], total_width=width,
                  empty=_("No VM in the registry."))]


def restart_intro() -> object:
    return p(_("Restart in this order: directory and authentication first, then the backup "
                "server, then the other machines from the most critical; an application is "
                "available once all its machines run."))


def _backup_medium(backup: dict) -> str:
    b = backup
    flags = [x for x, on in ((_("offline"), b["offline"]), (_("immutable"), b["immutable"]),
                             (_("encrypted"), b["encrypted"])) if on]
    return f"{b['medium'] or '—'}\n{_on_site(b)}" + (f" ({', '.join(flags)})" if flags else "")


def _restore_test(test: dict | None) -> str:
    if not test:
        return _("never")
    result = {"success": _("success"), "partial": _("partial"), "failure": _("failure")}[test["result"]]
    return _("{date}: {result}").format(date=format_date(test["tested_on"]), result=result)


def _backups(data: PlanData, today: dt.date, width: float) -> list:
    rows = [[_("Backup"), _("Medium and location"), _("Covers"), _("Last success"),
             _("Last restore test"), _("Credentials kept at")]]
    for b in data.backups:
        rows.append([b["name"], _backup_medium(b), ", ".join(data.backup_targets.get(b["id"], [])) or "—",
                     format_datetime(b["last_success"], date_at_midnight=True) or "—",
                     _restore_test(data.last_tests.get(b["id"])),
                     b["credential_location"] or _("not recorded")])
    return [CondPageBreak(70 * mm),
            heading(_("6. Backups to use")),
            p(_("Where the credentials are kept is written here; the secrets themselves never are.")),
            table(rows, [1.5, 1.5, 1.9, 0.9, 1.0, 1.6], total_width=width,
                  empty=_("No backup in the registry."))]


def _return_to_normal(data: PlanData, today: dt.date, width: float) -> list:
    plan = data.plan
    return [CondPageBreak(50 * mm),
            heading(_("8. Return to normal and communication")),
            heading(_("Return to normal"), 3),
            p(plan["return_to_normal"] or _("Re-enter the data written on paper, check them, "
                                            "end the degraded mode, hold a lessons-learned meeting.")),
            heading(_("Communication"), 3),
            p(plan["communication"] or _("Staff, regional health agency (ARS), the health-sector "
                                         "CERT, families and residents."))]


def _contacts(data: PlanData, today: dt.date, width: float) -> list:
    # phone and mobile in one column, one a line, as in the crisis cell: room for the e-mail
    rows = [[_("Name"), _("Role"), _("Organisation"), _("Phones"), _("E-mail")]]
    for ct in data.contacts:
        rows.append([ct["name"], ct["role"] or "", ct["organisation"] or "",
                     _phones(ct["phone"], ct["mobile"]), ct["email"] or ""])
    return [CondPageBreak(60 * mm),
            heading(_("9. Contacts")),
            table(rows, [1.3, 1.6, 1.4, 1.2, 1.9], total_width=width,
                  empty=_("No contact yet: write here the numbers of the vendors, the "
                          "on-call service and the authorities."))] + _hotlines(data, width)


def _units_kept(text: str | None) -> str:
    """« 8 h–18 h », « 24 h/24 »: a number stays on the line of its unit."""
    return re.sub(r"(\d) (h|min)\b", "\\1\u00a0\\2", text or "") or "—"


def _hotlines(data: PlanData, width: float) -> list:
    """The suppliers' hotlines of the critical applications (high or vital), from the contracts."""
    rows = [[_("Supplier"), _("Hotline"), _("Hours"), _("Contract reference"), _("Service level"),
             _("Critical applications")]]
    for h in data.hotlines:
        rows.append([h["supplier"], _phones(h["hotline"] or h["phone"]), _units_kept(h["support_hours"]),
                     h["reference"] or h["contract"], _units_kept(h["service_level"]),
                     ", ".join(h["applications"])])
    return [heading(_("Suppliers' hotlines of the critical applications"), 3),
            table(rows, [1.2, 1.0, 1.5, 1.1, 1.6, 1.5], total_width=width,
                  empty=_("No contract covers a critical application: record the maintenance "
                          "contracts in the registry (Contracts)."))]


def _compliance(data: PlanData, today: dt.date, width: float) -> list:
    out: list = [CondPageBreak(60 * mm), heading(_("10. Compliance findings"))]
    if not data.findings:
        out.append(p(_("No finding: backups, restore tests, exercises and reviews are in order.")))
    else:
        rows = [[_("Severity"), _("About"), _("What is wrong"), _("What to do")]]
        rows += [[c.severity_label(f.severity), f.subject, f.problem, f.action] for f in data.findings]
        out.append(table(rows, [0.7, 1.5, 2.6, 2.6], total_width=width))
    return out + _out_of_support(data, width)


def _out_of_support(data: PlanData, width: float) -> list:
    if not data.out_of_support:
        return []
    rows = [[_("Machine"), _("System"), _("End of support"), _("Compensating measure")]]
    rows += [[m.name, m.system_label, format_date(m.cycle.end),
              m.measure.text() if m.measure else _("no measure")] for m in data.out_of_support]
    return [heading(_("Systems out of support or near their end"), 3),
            table(rows, [1.3, 1.8, 1.0, 2.8], total_width=width)]


def _measured_times(data: PlanData, width: float) -> list:
    measured = [s for s in data.exercise_steps if s["measured_minutes"] is not None]
    if not measured:
        return []
    rows = [["#", _("Step"), _("Expected"), _("Measured")]]
    rows += [[str(s["position"] or "—"), s["title"], _minutes(s["expected_minutes"]),
              _minutes(s["measured_minutes"])] for s in measured]
    return [heading(_("Measured times"), 3), table(rows, [0.3, 4, 0.8, 0.8], total_width=width)]


def _exercise_findings(data: PlanData, width: float) -> list:
    rows = [[_("Finding"), _("Action"), _("Owner"), _("Due"), _("Status")]]
    for f in data.exercise_findings:
        rows.append([f["finding"], f["action"] or "—", f["owner"] or "—", _optional_date(f["due_on"]),
                     _("done") if f["status"] == "done" else _("open")])
    return [heading(_("Findings and actions"), 3),
            table(rows, [2.4, 2.4, 1.1, 0.8, 0.6], total_width=width, empty=_("No finding recorded."))]


def _last_exercise(data: PlanData, today: dt.date, width: float) -> list:
    out: list = [CondPageBreak(60 * mm), heading(_("11. Last exercise and lessons"))]
    ex = data.exercise
    if not ex:
        return out + [p(_("No exercise recorded yet."), "warn")]
    out.append(key_values([
        (_("Date"), format_date(ex["held_on"])),
        (_("Scenario"), ex["scenario_name"] or "—"),
        (_("Kind"), _(c.EXERCISE_KIND_LABELS.get(ex["kind"], ex["kind"]))),
        (_("Participants"), ex["participants"] or "—"),
        (_("Notes"), ex["notes"] or "—")], width))
    return out + _measured_times(data, width) + _exercise_findings(data, width)


# The printed plan, section after section (the contents page lists the numbered headings).
SECTIONS = [
    _identity,             # title page: identity, scope, trigger, approval and signatures
    _contents,             # contents with page numbers, distribution of the paper copies
    _crisis_cell,          # 1. crisis cell and call tree
    _critical_activities,  # 2.
    _scenarios,            # 3. each scenario as a checklist
    parts.degraded_mode,   # 4. a degraded-mode sheet per unit, then per other activity
    _restart_order,        # 5. IT restart order
    _backups,              # 6. backups to use
    parts.credentials,     # 7. where the break-glass credentials of the critical systems are
    _return_to_normal,     # 8. return to normal and communication
    _contacts,             # 9.
    _compliance,           # 10. compliance findings
    _last_exercise,        # 11. last exercise and lessons
    parts.annexes,         # 12. annexes: inventory
]


def story(data: PlanData, today: dt.date, width: float) -> list:
    out: list = []
    for section in SECTIONS:
        out += section(data, today, width)
    return out


def print_plan(db, path: Path | str, today: dt.date | None = None) -> int:
    """Write the continuity plan to ``path`` (PDF); returns the number of pages."""
    today = today or clock.today()
    data = collect(db, today)
    info = DocumentInfo(
        title=_("Continuity plan"), facility=data.facility.get("name") or "",
        version=str(data.plan["version"]), date=today, author=data.plan["author"] or "",
        subject=_("Business continuity and recovery plan"))
    width = frame_width(info)
    return build_with_contents(path, info, with_annex(lambda: story(data, today, width)))
