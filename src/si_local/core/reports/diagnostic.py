"""The printed self-diagnostic report: context, participants, radar chart, scores and gaps per
dimension, evolution since the campaign compared with (the previous one by default), priority
actions (with why and how), other actions, every answer with its comment and evidence, then the
approval block. A campaign with unanswered questions is marked provisional (title, page header,
banner); a dimension with no level given is « not assessed », never drawn or printed as 0."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Paragraph

from ..diagnostic import actions as act
from ..diagnostic import campaigns as camp
from ..diagnostic.scoring import Results, basis_text, campaign_results, radar_runs, score_text
from ..errors import UserError
from ..i18n import _, format_date, format_number, format_percent, ngettext
from .common import (
    FONT,
    FONT_BOLD,
    GRID,
    MUTED,
    CondPageBreak,
    DocumentInfo,
    KeepTogether,
    PageBreak,
    Spacer,
    build_pdf,
    cut_to_width,
    esc,
    frame_width,
    heading,
    key_values,
    markup,
    mm,
    nobreak,
    p,
    printable,
    register_fonts,
    styles,
    table,
)
from .. import clock

SCORE_COLOUR = colors.HexColor("#1F4E79")
TARGET_COLOUR = colors.HexColor("#C0504D")
PREVIOUS_COLOUR = colors.HexColor("#8C8C8C")


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return format_number(round(value, digits))


def _fixed(value: float | None, decimals: int = 2) -> str:
    """A score with a fixed number of decimals, so that a column of scores lines up."""
    return "—" if value is None else format_number(round(value, decimals), decimals)


def _signed(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    text = format_number(round(abs(value), decimals), decimals)
    if value > 0.004:
        return "+" + text
    if value < -0.004:
        return "−" + text
    return "="


def _right(text: str) -> Paragraph:
    """A table cell aligned on the right (figures)."""
    return Paragraph(_esc(text), styles()["cell_right"])


def _wrap(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words, lines, line = printable(text).split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, FONT, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _legend_lines(series, width: float) -> list[list[tuple[float, tuple]]]:
    """The legend entries with their widths, split into lines no wider than ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[list[tuple[float, tuple]]] = [[]]
    used = 0.0
    for entry in series:
        # a name a user typed (a facility, in the group report): printable, on one line
        legend = cut_to_width(" ".join(printable(entry[0]).split()), width - 16 * mm, FONT, 8.5)
        entry = (legend, *entry[1:])
        entry_width = 10 * mm + stringWidth(legend, FONT, 8.5) + 6 * mm
        if lines[-1] and used + entry_width > width:
            lines.append([])
            used = 0.0
        lines[-1].append((entry_width, entry))
        used += entry_width
    return lines


def _label_top(ly: float, angle: float, count: int) -> float:
    """Where the first line of an axis label goes: lines centred on the side axes, above the
    point at the top, below it at the bottom."""
    top = ly + (count - 1) * 10 / 2 if abs(math.sin(angle)) < 0.7 else (
        ly + (count - 1) * 10 if math.sin(angle) < 0 else ly)
    if math.sin(angle) > 0.7:
        top = ly + (count - 1) * 10
    elif math.sin(angle) < -0.7:
        top = ly - 4
    return top


class _Radar:
    """The geometry of one radar chart and the steps that draw it on ``d``."""

    def __init__(self, d: Drawing, n: int, cx: float, cy: float, radius: float, maximum: float):
        self.d, self.n, self.cx, self.cy, self.radius, self.maximum = d, n, cx, cy, radius, maximum

    def angle(self, i: int) -> float:
        return math.pi / 2 - 2 * math.pi * i / self.n

    def point(self, i: int, value: float) -> tuple[float, float]:
        angle = self.angle(i)
        r = self.radius * max(0.0, min(value, self.maximum)) / self.maximum
        return self.cx + r * math.cos(angle), self.cy + r * math.sin(angle)

    def rings(self) -> None:
        point, n, maximum = self.point, self.n, self.maximum
        for ring in range(1, int(maximum) + 1):
            pts = [c for i in range(n) for c in point(i, ring)]
            self.d.add(Polygon(pts, fillColor=None, strokeColor=GRID,
                               strokeWidth=0.5 if ring < maximum else 0.9))
            # ring numbers sit in the middle of the edge between the last axis and the first one
            (x1, y1), (x2, y2) = point(n - 1, ring), point(0, ring)
            self.d.add(String((x1 + x2) / 2 - 2, (y1 + y2) / 2 - 3, str(ring), fontName=FONT,
                              fontSize=7, textAnchor="end", fillColor=MUTED))

    def axes(self, labels: list[str], sublabels: list[str] | None) -> None:
        cx, cy, d = self.cx, self.cy, self.d
        for i, label in enumerate(labels):
            x, y = self.point(i, self.maximum)
            d.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5))
            angle = self.angle(i)
            lx = cx + (self.radius + 6 * mm) * math.cos(angle)
            ly = cy + (self.radius + 6 * mm) * math.sin(angle)
            anchor = "middle" if abs(math.cos(angle)) < 0.2 else (
                "start" if math.cos(angle) > 0 else "end")
            lines = _wrap(label, 42 * mm, 8.5) + ([sublabels[i]] if sublabels else [])
            top = _label_top(ly, angle, len(lines))
            for k, text in enumerate(lines):
                sub = sublabels is not None and k == len(lines) - 1
                d.add(String(lx, top - k * 10, text, fontName=FONT if sub else FONT_BOLD,
                             fontSize=8 if sub else 8.5, textAnchor=anchor,
                             fillColor=MUTED if sub else colors.black))

    def segments(self, values) -> list[list[int]]:
        return radar_runs(values)

    def partial(self, values, colour, style: str) -> None:
        """A series with missing values: lines between neighbouring axes that have one, a dot on
        each (a lone value is a dot), no filled area."""
        dash = None if style == "fill" else ([4, 2] if style == "dash" else [1, 2])
        for run in self.segments(values):
            pts = [c for i in run for c in self.point(i, values[i])]
            if len(run) > 1:
                self.d.add(PolyLine(pts, strokeColor=colour, strokeWidth=1.8 if dash is None else 1.4,
                                    strokeDashArray=dash))
            for i in run:
                x, y = self.point(i, values[i])
                self.d.add(Circle(x, y, 1.8, fillColor=colour, strokeColor=colour))

    def polygons(self, series) -> None:
        for _legend, values, colour, style in series:
            if any(v is None for v in values):
                self.partial(values, colour, style)
                continue
            pts = [c for i, v in enumerate(values) for c in self.point(i, v)]
            if style == "fill":
                fill = colors.Color(colour.red, colour.green, colour.blue, alpha=0.22)
                self.d.add(Polygon(pts, fillColor=fill, strokeColor=colour, strokeWidth=1.8))
                for i, v in enumerate(values):
                    x, y = self.point(i, v)
                    self.d.add(Circle(x, y, 1.8, fillColor=colour, strokeColor=colour))
            else:
                dash = [4, 2] if style == "dash" else [1, 2]
                self.d.add(PolyLine(pts + pts[:2], strokeColor=colour, strokeWidth=1.4,
                                    strokeDashArray=dash))


def _draw_legend(d: Drawing, legend_lines, width: float, line_h: float) -> None:
    """Legend entries spaced by their real text width (facility names can be long), centred,
    on as many lines as needed (the bottom line first, the first entries on top)."""
    for row, entries in enumerate(legend_lines):
        base = 4 * mm + (len(legend_lines) - 1 - row) * line_h
        x = max(0, (width - sum(w for w, _e in entries)) / 2)
        for entry_width, (legend, _values, colour, style) in entries:
            if style == "fill":
                d.add(Rect(x, base, 8 * mm, 3 * mm, fillColor=colors.Color(
                    colour.red, colour.green, colour.blue, alpha=0.3), strokeColor=colour))
            else:
                d.add(Line(x, base + 1.5 * mm, x + 8 * mm, base + 1.5 * mm, strokeColor=colour,
                           strokeWidth=1.4, strokeDashArray=[4, 2] if style == "dash" else [1, 2]))
            d.add(String(x + 10 * mm, base + 0.3 * mm, legend, fontName=FONT, fontSize=8.5))
            x += entry_width


def radar_drawing(labels: list[str], series: list[tuple[str, list[float | None], object, str]],
                  width: float, height: float, maximum: float = 4,
                  sublabels: list[str] | None = None) -> Drawing:
    """A radar chart: one axis per label, rings 0–``maximum``, one polygon per series.

    ``series`` holds (legend, values, colour, style) with style "fill", "dash" or "dot"; a value
    of None (not assessed) leaves a gap in its series: no point at 0.
    """
    register_fonts()
    d = Drawing(width, height)
    legend_lines = _legend_lines(series, width)
    line_h = 5.5 * mm
    legend_h = 6.5 * mm + line_h * len(legend_lines)
    cx, cy = width / 2, legend_h + (height - legend_h) / 2
    radius = min(width * 0.27, (height - legend_h) / 2 - 14 * mm)
    radar = _Radar(d, len(labels), cx, cy, radius, maximum)
    radar.rings()
    radar.axes(labels, sublabels)
    radar.polygons(series)
    _draw_legend(d, legend_lines, width, line_h)
    return d


def radar_for(q, results: Results, width: float, height: float) -> Drawing:
    labels = [f"{d.id}. {d.short_title}" for d in q.dimensions]
    series = [(_("Target"), [s.target for s in results.dimensions], TARGET_COLOUR, "dash")]
    if results.previous_campaign_id is not None:
        series.append((_("Previous campaign"), [s.previous for s in results.dimensions],
                       PREVIOUS_COLOUR, "dot"))
    series.append((_("Score"), [s.score for s in results.dimensions], SCORE_COLOUR, "fill"))
    subs = [_("{score} (target {target})").format(score=score_text(s.score, 1),
                                                  target=_fixed(s.target, 1))
            for s in results.dimensions]
    return radar_drawing(labels, series, width, height, sublabels=subs)


@dataclass
class _Data:
    """What the sections of the report read, gathered once."""
    db: object
    campaign_id: int
    width: float
    campaign: dict
    q: object
    results: Results
    given: dict
    plan: list
    today: dt.date


def _provisional_banner(r: _Data) -> list:
    o = r.results.overall
    text = _("<b>Provisional results.</b> {share} of the questions answered ({left} not "
             "answered yet): the scores may still change until the campaign is complete.").format(
        share=format_percent(o.progress), left=o.unanswered)
    box = table([[markup(text)]], [1], total_width=r.width, header=False, zebra=False,
                style_extra=[("BOX", (0, 0), (-1, -1), 1.2, TARGET_COLOUR),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FBEAEA"))])
    return [Spacer(1, 2 * mm), box, Spacer(1, 2 * mm)]


def _title(r: _Data) -> list:
    c, q = r.campaign, r.q
    heading_text = _("Self-diagnostic of the information system")
    if r.results.provisional:
        heading_text = _("{title} — provisional").format(title=heading_text)
    story: list = [
        p(heading_text, "title"),
        p(f"{c['title']} — {format_date(c['campaign_date'])}", "subtitle"),
        p(_("Questionnaire: {label}.").format(label=q.label), "muted"),
    ]
    if q.description:
        story.append(p(q.description, "muted"))
    if r.results.provisional:
        story += _provisional_banner(r)
    return story


def _context(r: _Data) -> list:
    from ..continuity import facility_name

    c, q = r.campaign, r.q
    # the facility in full (the page header may have to cut a long name)
    pairs = [(_("Facility"), facility_name(r.db) or "—")]
    pairs += [(f.label, f.display(c["context"].get(f.key))) for f in q.context]
    pairs.append((_("Status"), _(camp.STATUS_LABELS[c["status"]])))
    return [heading(_("Context"), 1), key_values(pairs, r.width)]


def _participants(r: _Data) -> list:
    story: list = [heading(_("Participants"), 2)]
    people = camp.participants(r.db, r.campaign_id)
    if people:
        story.append(table([[_("Name"), _("Role")]] + [[x["name"], x["role"] or ""] for x in people],
                           [1, 1.4], total_width=r.width))
    else:
        story.append(p(_("No participant recorded."), "muted"))
    return story


def _results(r: _Data) -> list:
    o = r.results.overall
    story: list = [PageBreak(), heading(_("Results"), 1)]
    if r.results.provisional:
        story += _provisional_banner(r)
    summary = _("Overall score: <b>{score}</b> / 4 — {basis} — core questions: <b>{core}</b> / 4 "
                "— answered: {share} ({dont_know} “don't know”, {na} not applicable, {left} not "
                "answered).").format(
        score=score_text(o.score), basis=basis_text(o), core=score_text(o.core_score),
        share=format_percent(o.progress), dont_know=o.dont_know, na=o.not_applicable,
        left=o.unanswered)
    if o.previous is not None:
        summary += " " + _("Campaign compared with: {score} / 4.").format(score=_num(o.previous, 2))
    story.append(markup(summary))
    story.append(radar_for(r.q, r.results, r.width, 118 * mm))
    story.append(Spacer(1, 3 * mm))
    return story


def _scores(r: _Data) -> list:
    o = r.results.overall
    rows = [[_("Dimension"), _("Score"), _("Target"), _("Gap"), _("Answered"), _("Core score"),
             _("Previous"), _("Change")]]
    for s in r.results.dimensions:
        rows.append([f"{s.key}. {s.title}"] + [_right(t) for t in (
            nobreak(score_text(s.score)), _fixed(s.target, 1), _fixed(s.gap), format_percent(s.progress),
            _fixed(s.core_score), _fixed(s.previous), _signed(s.change, 2))])
    rows.append([Paragraph(_esc(_("All dimensions")), styles()["cell_bold"])] + [_right(t) for t in (
        score_text(o.score), "", "", format_percent(o.progress), _fixed(o.core_score),
        _fixed(o.previous), _signed(o.change, 2))])
    last = len(rows) - 1
    return [KeepTogether([heading(_("Scores and gaps per dimension"), 2),
                          table(rows, [4.1, 1.1, 0.75, 0.8, 1.05, 0.85, 1.05, 1], total_width=r.width,
                                style_extra=[("LINEABOVE", (0, last), (-1, last), 1, GRID)])]),
            p(_("Scores are weighted means on 0–4 of the questions answered with a level; "
                "“don't know” and “not applicable” are left out. Gap = target − score. A dimension "
                "with no level given is not assessed. Answered: questions with an answer, out of "
                "all the questions."), "muted")]


def _evolution(r: _Data) -> list:
    results, q = r.results, r.q
    story: list = [CondPageBreak(40 * mm), heading(_("Evolution since the previous campaign"), 1)]
    if results.previous_campaign_id is None:
        story.append(p(_("This is the first campaign: nothing to compare yet."), "muted"))
        return story
    prev = camp.get_campaign(r.db, results.previous_campaign_id)
    ups = [s for s in results.dimensions if (s.change or 0) > 0.04]
    downs = [s for s in results.dimensions if (s.change or 0) < -0.04]
    story.append(p(_("Compared with “{title}” of {date}: {up}, {down}.").format(
        title=prev["title"], date=format_date(prev["campaign_date"]),
        up=ngettext("{count} dimension improved", "{count} dimensions improved",
                    len(ups)).format(count=len(ups)),
        down=_("{count} went down").format(count=len(downs)))))
    if results.moved:
        mrows = [[_("Question"), _("Before"), _("Now"), _("Change")]]
        for m in results.moved:
            question = m["question"]
            mrows.append([f"{question.id} {question.text}", camp.answer_label(q, m["before"]),
                          camp.answer_label(q, m["after"]), _right(_signed(m["delta"], 0))])
        story.append(table(mrows, [4, 1.6, 1.6, 0.7], total_width=r.width))
    return story


def _due(a, today: dt.date) -> str:
    """The due date, with « late » when the action is overdue (as on screen)."""
    date = format_date(a["due_date"]) or "—"
    late = act.overdue_mark(a, today)
    return _("{date} — {late}").format(date=date, late=late) if late else date


def _priority_block(q, index: int, a, today: dt.date) -> KeepTogether:
    question = q.question(a["question_id"] or "")
    meta = [_("Question {id}").format(id=a["question_id"]) if a["question_id"] else _("Added by the team"),
            _("owner: {owner}").format(owner=a["owner"] or "—"),
            _("due: {date}").format(date=_due(a, today)),
            _("status: {status}").format(status=act.status_label(a["status"]))]
    block = [heading(f"{index}. {a['title']}", 3), p(" · ".join(meta), "muted")]
    if question is not None and question.expected_by:
        block.append(p(_("Expected by: {text}").format(text=question.expected_by), "small"))
    if question is not None:
        block.append(p(question.text, "small"))
        block.append(Spacer(1, 1.2 * mm))
    if a["why"]:
        block.append(markup(_("<b>Why:</b> {text}").format(text=_esc(a["why"]))))
    if a["how"]:
        block.append(markup(_("<b>How:</b> {text}").format(text=_esc(a["how"]))))
    return KeepTogether(block)


def _priority_actions(r: _Data) -> list:
    priority = [a for a in r.plan if a["is_priority"]]
    story: list = [CondPageBreak(55 * mm),  # a heading never alone at the foot of a page
                   heading(_("Priority actions"), 1)]
    if not priority:
        story.append(p(_("No action yet: generate the action plan once the answers are given."), "muted"))
    story += [_priority_block(r.q, index, a, r.today) for index, a in enumerate(priority, start=1)]
    return story


def _other_actions(r: _Data) -> list:
    others = [a for a in r.plan if not a["is_priority"]]
    story: list = [CondPageBreak(35 * mm), heading(_("Other actions"), 1)]
    if others:
        arows = [[_("Question"), _("Action"), _("Owner"), _("Due date"), _("Status")]]
        for a in others:
            arows.append([a["question_id"] or "—", a["title"], a["owner"] or "—",
                          _due(a, r.today), act.status_label(a["status"])])
        story.append(table(arows, [0.7, 3.6, 1.4, 1, 1], total_width=r.width))
    else:
        story.append(p(_("None."), "muted"))
    return story


def _answer_notes(a) -> str:
    notes = []
    if a and a.comment:
        notes.append(a.comment)
    if a and a.evidence:
        notes.append(_("Evidence: {text}").format(text=a.evidence))
    if a and a.proposed_from_registry:
        notes.append(_("(proposed from the registry, confirmed)"))
    if a and a.to_review:
        notes.append(_("To review"))
    return "\n".join(notes)


def _every_answer(r: _Data) -> list:
    q, given = r.q, r.given
    story: list = [CondPageBreak(60 * mm), heading(_("Every answer"), 1)]
    for index, d in enumerate(q.dimensions):
        if index:  # the first one follows the heading above, already kept with it
            story.append(CondPageBreak(35 * mm))
        story.append(heading(f"{d.id}. {d.title}", 2))
        rows = [[_("No."), _("Question"), _("Answer"), _("Comment and evidence")]]
        for t in d.themes:
            for question in t.questions:
                a = given.get(question.id)
                text = question.text + (" " + _("[core]") if question.core else "")
                rows.append([question.id, text, camp.answer_label(q, a), _answer_notes(a)])
        story.append(table(rows, [0.6, 3.6, 1.6, 2.4], total_width=r.width))
    return story


def _approval(r: _Data) -> list:
    """The approval block: name, function, date and signature of those who approve the report."""
    st = styles()
    head = [Paragraph(_esc(t), st["cell_bold"]) for t in (
        _("Name"), _("Function"), _("Date"), _("Signature"))]
    rows = [head] + [["", "", "", Spacer(1, 16 * mm)] for _i in range(3)]
    return [CondPageBreak(80 * mm), heading(_("Approval"), 1),
            p(_("Read and approved by the management of the facility."), "muted"),
            table(rows, [1.6, 1.6, 1, 1.8], total_width=r.width, zebra=False)]


SECTIONS = [
    _title,              # title, campaign, questionnaire
    _context,            # the facility and the campaign's context
    _participants,
    _results,            # page 2: overall score and the radar
    _scores,             # scores and gaps per dimension
    _evolution,          # since the previous campaign
    _priority_actions,   # each with why and how
    _other_actions,
    _every_answer,       # every question with its answer, comment and evidence
    _approval,           # name, function, date, signature
]


def _story(db, campaign_id: int, width: float, today: dt.date | None = None,
           compare_with: int | None = None):
    q = camp.questionnaire_of(db, campaign_id)
    data = _Data(db=db, campaign_id=campaign_id, width=width,
                 campaign=camp.get_campaign(db, campaign_id), q=q,
                 results=campaign_results(db, campaign_id, q, compare_with=compare_with),
                 given=camp.answers(db, campaign_id), plan=act.actions(db, campaign_id),
                 today=today or clock.today())
    story: list = []
    for section in SECTIONS:
        story += section(data)
    return story


def _esc(text: str) -> str:
    return esc(text or "")


def print_campaign(db, path: Path | str, campaign_id: int | None = None,
                   today: dt.date | None = None, compare_with: int | None = None) -> int:
    """Write the report of a campaign (the latest by default) to ``path``, compared with
    ``compare_with`` (the previous campaign by default); returns the page count."""
    if campaign_id is None:
        campaign_id = camp.latest_campaign_id(db)
        if campaign_id is None:
            raise UserError(_("There is no self-diagnostic campaign in this database yet."))
    c = camp.get_campaign(db, campaign_id)
    camp.comparison_id(db, campaign_id, compare_with)  # refused before anything is written
    from ..continuity import facility_name

    day = today or clock.today()
    title = _("Self-diagnostic — {title}").format(title=c["title"])
    q = camp.questionnaire_of(db, campaign_id)
    if campaign_results(db, campaign_id, q, compare=False).provisional:
        title = _("{title} — provisional").format(title=title)
    info = DocumentInfo(title=title, facility=facility_name(db), date=day,
                        subject=_("Self-diagnostic"))
    width = frame_width(info)
    return build_pdf(path, info, lambda: _story(db, campaign_id, width, day, compare_with))
