"""The readiness evidence pack (« Dossier de preuves »): what an inspector or the regional agency
asks to see, built on :func:`readiness.evaluate`.

A cover (facility, date, the list in force, the disclaimer), an index of every expectation by
programme (its status, what to do when missing, and the page of its evidence), then the evidence
itself: one section per kind of proof, each starting with a heading the index points at.

The sections are :data:`SECTIONS`, in the order they print; each says which evidence kinds it
covers (a check or record name of ``readiness.checks``, or "declared" / "missing"): a new kind of
evidence is one more entry there. The page numbers are found by laying the document out again
until they settle (reportlab's ``multiBuild``, as the continuity plan's contents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Paragraph
from reportlab.platypus.doctemplate import IndexingFlowable

from .. import clock
from .. import continuity as c
from .. import readiness as r
from ..i18n import N_, _, format_date, ngettext
from ..output_file import part_file
from . import evidence_sections as s
from .common import (CondPageBreak, DocumentInfo, PageBreak, Spacer, esc, frame_width, key_values,
                     mm, p, styles, table, with_annex)
from .evidence_sections import MISSING_COLOUR, Pack, evidence_kind, state_cell
from .one_pass import _ContentsDocument, _DeferredTotalCanvas


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # N_(): translated when printed
    covers: tuple[str, ...]  # evidence kinds: check / record names, "declared", "missing"
    build: Callable[[Pack], list]


PLAN_KINDS = ("approved_plan_version", "plan_reviewed", "crisis_cell", "business_impact_analysis",
              "activity_kinds_covered", "is_unavailable_scenario")

# The evidence, section after section (the index points at each one's heading).
SECTIONS: tuple[Section, ...] = (
    Section("plan", N_("Approved continuity plan"), PLAN_KINDS, s.plan_evidence),
    Section("exercise", N_("Last exercise and its findings"), ("recent_exercise", "exercise_lessons"),
            s.exercise_evidence),
    Section("restore_tests", N_("Restore tests"), ("critical_restore_test",), s.restore_tests),
    Section("backups", N_("Backups"), ("backups_recently_successful", "backups_supervised",
                                       "offline_or_immutable_backup", "off_site_backup"), s.backups),
    Section("incidents", N_("Incident register"), ("incidents_declared",), s.incidents),
    Section("compliance", N_("Compliance findings"), (), s.compliance),
    Section("declarations", N_("Declarations by hand"), (r.DECLARED,), s.declarations),
    Section("missing", N_("Missing expectations"), (r.MISSING,), s.missing),
)

NOTIFY_KIND = "EvidenceSection"


def section_of(status: r.Status) -> Section | None:
    """The section that holds an expectation's evidence (its declaration, or what to do)."""
    kind = evidence_kind(status)
    return next((x for x in SECTIONS if kind in x.covers), None)


def section_title(number: int, section: Section) -> str:
    return f"{number}. {_(section.title)}"


# --- the index ---------------------------------------------------------------------------------

class EvidenceIndex(IndexingFlowable):
    """The index table: every expectation by programme with the page of its section's heading,
    known from the previous layout (``multiBuild`` lays out again until the pages settle)."""

    def __init__(self, pack: Pack):
        super().__init__()
        self.pack = pack
        self._pages: dict[str, int] = {}
        self._last: dict[str, int] = {}
        self._table = None

    def beforeBuild(self):  # noqa: N802 (reportlab naming)
        self._last, self._pages = dict(self._pages), {}

    def isSatisfied(self):  # noqa: N802
        return self._pages == self._last

    def notify(self, kind, stuff):
        if kind == NOTIFY_KIND:
            key, page = stuff
            self._pages.setdefault(key, page)

    def page_of(self, status: r.Status) -> str:
        section = section_of(status)
        page = self._last.get(section.key) if section else None
        return str(page) if page else "—"

    def rows(self) -> tuple[list[list], list]:
        st = styles()
        rows: list[list] = [[_("Id"), _("Expectation"), _("Status"), _("Page")]]
        extra: list = []
        for programme in self.pack.expectations.programmes:
            extra += [("SPAN", (0, len(rows)), (-1, len(rows))),
                      ("NOSPLIT", (0, len(rows)), (-1, len(rows) + 1)),  # kept with its first line
                      ("BACKGROUND", (0, len(rows)), (-1, len(rows)), "#E8EEF5")]
            rows.append([Paragraph(f"<b>{esc(programme.title)}</b>", st["cell"])])
            for status in (x for x in self.pack.statuses if x.programme.id == programme.id):
                text = esc(status.expectation.wording)
                if status.state == r.MISSING:
                    text += (f'<br/><font color="{MISSING_COLOUR}">'
                             + esc(_("To do: {todo}").format(todo=status.todo)) + "</font>")
                rows.append([Paragraph(esc(status.id), st["small"]), Paragraph(text, st["cell"]),
                             state_cell(status), Paragraph(esc(self.page_of(status)), st["cell_right"])])
        return rows, extra

    def wrap(self, avail_width, avail_height):
        rows, extra = self.rows()
        self._table = table(rows, [1.5, 4, 0.9, 0.5], total_width=avail_width, zebra=False,
                            style_extra=extra)
        self.width, self.height = self._table.wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return self._table.splitOn(self.canv, avail_width, avail_height)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803
        self._table.drawOn(canvas, x, y, _sW)


# --- cover, sections, document -----------------------------------------------------------------

def _counts_line(statuses: list[r.Status]) -> str:
    counts = {k: sum(1 for x in statuses if x.state == k) for k in (r.MET, r.DECLARED, r.MISSING)}
    return ngettext("{count} expectation — met: {met}, declared: {declared}, missing: {missing}.",
                    "{count} expectations — met: {met}, declared: {declared}, missing: {missing}.",
                    len(statuses)).format(count=len(statuses), met=counts[r.MET],
                                          declared=counts[r.DECLARED], missing=counts[r.MISSING])


def cover(pack: Pack, facility: str) -> list:
    e = pack.expectations
    return [Spacer(1, 2 * mm), p(_("Readiness evidence pack"), "title"),
            p(facility or _("Facility not named"), "subtitle"),
            key_values([(_("Facility"), facility or "—"), (_("Date"), format_date(pack.today)),
                        (_("List in force"), e.title), (_("Version"), r.version_line(e)),
                        (_("Where the facility stands"), _counts_line(pack.statuses))], pack.width),
            Spacer(1, 4 * mm), p(e.disclaimer, "warn"),
            p(_("Index"), "h1"),
            p(_("Each expectation, its status and the page where its evidence is; what to do is "
                "written under each missing one."), "muted"),
            EvidenceIndex(pack), PageBreak()]


def _anchor(number: int, section: Section) -> Paragraph:
    heading = p(section_title(number, section), "h1")
    heading.evidence_key = section.key  # the document tells the index its page
    return heading


def _proved_here(pack: Pack, section: Section) -> list:
    """The expectations this section proves, with the evidence the database gave."""
    proved = [x for x in pack.statuses if x.state == r.MET and section_of(x) is section]
    if not proved:
        return []
    rows = [[_("Expectation"), _("Evidence")]]
    rows += [[Paragraph(f"<b>{esc(x.id)}</b><br/>{esc(x.expectation.wording)}", styles()["cell"]),
              "\n".join(e.label + (f" ({format_date(e.date)})" if e.date else "") for e in x.evidence)]
             for x in proved]
    return [table(rows, [3, 3], total_width=pack.width), Spacer(1, 4 * mm)]


def story(pack: Pack, facility: str) -> list:
    out = cover(pack, facility)
    for number, section in enumerate(SECTIONS, start=1):
        out += [CondPageBreak(50 * mm), _anchor(number, section)]
        out += _proved_here(pack, section) + section.build(pack)
    return out


class _PackDocument(_ContentsDocument):
    def afterFlowable(self, flowable):  # noqa: N802 (reportlab naming)
        super().afterFlowable(flowable)
        key = getattr(flowable, "evidence_key", None)
        if key:
            self.notify(NOTIFY_KIND, (key, self.page))


def print_evidence(db, path: Path | str, today: dt.date | None = None) -> int:
    """Write the evidence pack to ``path`` (PDF); returns the number of pages."""
    today = today or clock.today()
    expectations = r.load(db)
    facility = c.facility_name(db)
    info = DocumentInfo(title=_("Readiness evidence pack"), facility=facility, date=today,
                        subject=expectations.title)
    pack = Pack(db, today, expectations, r.evaluate(db, today, expectations), frame_width(info))
    with part_file(path) as tmp:
        doc = _PackDocument(tmp, info)
        doc.multiBuild(with_annex(lambda: story(pack, facility)), canvasmaker=_DeferredTotalCanvas)
    return doc._pages_seen


__all__ = ["SECTIONS", "Section", "print_evidence", "section_of"]
