"""The lessons-learned report (RETEX) of a crisis exercise, and its participants' sign-in sheet
(the training sheet's layout, reports/sign_in.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock
from .. import continuity as c
from ..errors import UserError
from ..i18n import _, format_date, format_datetime, format_minutes
from .common import (
    WARN,
    DocumentInfo,
    Spacer,
    build_pdf,
    esc,
    frame_width,
    heading,
    key_values,
    markup,
    mm,
    p,
    table,
)
from .sign_in import sign_in_sheet

WALK_IN_LINES = 4


def chosen_exercise(db, exercise_id: int | None) -> dict:
    """The exercise asked for, or the last one held; none is one clear line."""
    rows = c.exercises(db)
    if exercise_id is None:
        if not rows:
            raise UserError(_("No crisis exercise recorded: nothing to print."))
        return rows[0]
    for row in rows:
        if row["id"] == exercise_id:
            return row
    raise UserError(_("Exercise {id}: no such exercise.").format(id=exercise_id))


def _title(ex: dict) -> str:
    return ex["title"] or _("Crisis exercise of {date}").format(date=format_date(ex["held_on"]))


def _info(db, title: str, today: dt.date) -> DocumentInfo:
    return DocumentInfo(title=title, facility=c.facility_name(db), date=today,
                        subject=_("Continuity plan"))


def _red(text: str):
    return markup(f'<font color="#{WARN.hexval()[2:]}"><b>{esc(text)}</b></font>', "cell")


def _identity(db, ex: dict, width: float, with_title: bool = True) -> list:
    title = [p(_title(ex), "title")] if with_title else [heading(_title(ex), 2)]
    return title + [key_values([
        (_("Date"), format_date(ex["held_on"], "EEEE d MMMM yyyy")),
        (_("Kind"), _(c.EXERCISE_KIND_LABELS.get(ex["kind"], ex["kind"]))),
        (_("Scenario"), ex["scenario_name"] or "—"),
    ], width), heading(_("Objectives"), 2), p(ex["objectives"] or "—"),
        heading(_("Scenario as played"), 2), p(ex["scenario_text"] or "—")]


def _participants(db, ex: dict, width: float) -> list:
    rows = [[_("Name"), _("Role"), _("Unit or organisation"), _("Crisis cell role")]]
    rows += [[r["name"], r["role"] or "", r["organisation"] or "", r["crisis_role"] or ""]
             for r in c.participants(db, ex["id"])]
    return [heading(_("Participants"), 1),
            table(rows, [2, 1.6, 1.8, 1.6], total_width=width, empty=_("No participant recorded."))]


def _timeline(db, ex: dict, width: float) -> list:
    rows = [[_("Time"), _("Kind"), _("Text"), _("Who")]]
    for e in c.timeline(db, ex["id"]):
        rows.append([format_datetime(e["at"])[-5:], _(c.EVENT_KIND_LABELS[e["kind"]]), e["text"],
                     e["who"] or ""])
    decisions = [[_("Time"), _("Decision"), _("Who"), _("Why")]]
    decisions += [[format_datetime(e["at"])[-5:], e["text"], e["who"] or "", e["why"] or ""]
                  for e in c.timeline(db, ex["id"], "decision")]
    return [heading(_("Timeline"), 1),
            table(rows, [0.7, 0.9, 4, 1.4], total_width=width, empty=_("No line recorded.")),
            heading(_("Decisions"), 1),
            table(decisions, [0.7, 2.6, 1.4, 2.6], total_width=width, empty=_("No decision recorded."))]


def _times(db, ex: dict, width: float) -> list:
    rows: list[list[object]] = [[_("Step"), _("Target"), _("Measured"), _("Gap")]]
    for t in c.timings(db, ex["id"]):
        gap = ("" if t.target_minutes is None or t.measured_minutes is None
               else format_minutes(t.measured_minutes - t.target_minutes))
        rows.append([t.label, format_minutes(t.target_minutes), format_minutes(t.measured_minutes),
                     _red(_("+{gap} over").format(gap=gap)) if t.over else gap])
    return [heading(_("Measured times against the targets"), 1),
            p(_("A time over its target is in red. An application's time runs from the start of "
                "the exercise to the end of the last step it appears in; its target is its DMIA."),
              "muted"),
            table(rows, [3.4, 1, 1, 1.2], total_width=width, empty=_("No time measured."))]


def _findings(db, ex: dict, width: float) -> list:
    found = c.findings(db, ex["id"])
    out: list = []
    for kind, label in ((("went_well", _("What went well")), ("improve", _("What to improve")))):
        out.append(heading(label, 1))
        texts = [f["finding"] for f in found if f["kind"] == kind]
        out += [p("• " + text) for text in texts] or [p(_("Nothing recorded."), "muted")]
    rows = [[_("Action"), _("Owner"), _("Due"), _("Status")]]
    rows += [[f["action"], f["owner"] or "", format_date(f["due_on"]) if f["due_on"] else "",
              _("done") if f["status"] == "done" else _("open")] for f in found if f["action"]]
    out += [heading(_("Actions"), 1),
            table(rows, [3.6, 1.6, 1, 0.8], total_width=width, empty=_("No action recorded."))]
    return out


SECTIONS = [_identity, _participants, _timeline, _times, _findings]


def retex_flowables(db, ex: dict, width: float, with_title: bool = True) -> list:
    """The RETEX's content: printed alone by ``print_exercise``, and inside the evidence pack
    (``evidence_sections.exercise_evidence``, without the document title)."""
    out: list = _identity(db, ex, width, with_title)
    for section in SECTIONS[1:]:
        out += section(db, ex, width)
        out.append(Spacer(1, 3 * mm))
    return out


def print_exercise(db, path: Path | str, exercise_id: int | None = None,
                   today: dt.date | None = None) -> int:
    """The RETEX of one exercise (the last one held by default); returns the page count."""
    today = today or clock.today()
    ex = chosen_exercise(db, exercise_id)
    info = _info(db, _("Lessons learned (RETEX)"), today)
    width = frame_width(info)

    def story():
        return retex_flowables(db, ex, width)

    return build_pdf(path, info, story)


def print_exercise_sheet(db, path: Path | str, exercise_id: int | None = None,
                         today: dt.date | None = None) -> int:
    """The participants' sign-in sheet of an exercise, pre-filled with its participants."""
    today = today or clock.today()
    ex = chosen_exercise(db, exercise_id)
    info = _info(db, _("Sign-in sheet"), today)
    width = frame_width(info)
    people = c.participants(db, ex["id"])
    details = [(_("Facility"), c.facility_name(db)), (_("Exercise"), _title(ex)),
               (_("Date"), format_date(ex["held_on"], "EEEE d MMMM yyyy")),
               (_("Scenario"), ex["scenario_name"] or "—")]
    rows = [[r["name"], r["role"] or r["crisis_role"] or "", r["organisation"] or ""] for r in people]

    def story():
        return sign_in_sheet(
            details, [_("Name"), _("Role"), _("Unit or organisation")], rows, WALK_IN_LINES,
            [2.3, 1.7, 1.7], width,
            _("The last lines are for people who take part without being listed: name, role, "
              "unit and signature."), (_("Exercise leader's signature"), _("Number of people present")))

    return build_pdf(path, info, story)
