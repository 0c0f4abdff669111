"""The group's consolidated report: several facilities side by side, each kept apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import KeepTogether

from ..group.consolidation import Consolidation
from ..i18n import _, format_date, format_number, format_percent, get_language
from .common import (
    DocumentInfo, Spacer, build_pdf, frame_width, heading, key_values, mm, p, table,
)
from .diagnostic import radar_drawing

PALETTE = [colors.HexColor(c) for c in (
    "#1F4E79", "#C0504D", "#4F8A3C", "#8064A2", "#E08A1E", "#2C9DB5", "#7F6000", "#D45087",
    "#3B3B3B", "#9BBB59")]


def _num(value, digits: int = 1) -> str:
    return "—" if value is None else format_number(value, digits)


def _date(value) -> str:
    return format_date(value) if value else "—"


def _days(count: int) -> str:
    """« 1 jour », « 0 jour », « 54 jours » (in French 0 is singular; in English it is not)."""
    singular = count == 1 or (count == 0 and get_language() == "fr")
    return (_("{days} day") if singular else _("{days} days")).format(days=count)


def _story(c: Consolidation, width: float):
    story = [p(_("Consolidation of the group"), "title"),
             p(_("{count} facilities, bundles read on {date}. Each facility is shown apart, as "
                 "its own bundle says; nothing is merged.").format(
                     count=len(c.facilities), date=format_date(c.today)), "subtitle")]

    story.append(heading(_("Facilities and bundle dates")))
    rows = [[_("Facility"), _("FINESS"), _("Bundle of"), _("Age"), _("File")]]
    for f in c.facilities:
        age = f.bundle_age_days
        rows.append([f.name, f.finess or "—", _date(f.bundle_date),
                     _days(age) if age is not None else "—", f.source])
    story.append(table(rows, [3, 1.3, 1.3, 1, 2], total_width=width))

    story.append(heading(_("Backups and restore tests")))
    rows = [[_("Facility"), _("Backups"), _("Compliance findings"), _("Of which high"),
             _("Last restore test"), _("Age")]]
    for f in c.facilities:
        rows.append([f.name, str(f.backups), str(f.compliance_total), str(f.compliance_high),
                     _date(f.last_restore_test),
                     _days(f.restore_test_age_days)
                     if f.restore_test_age_days is not None else _("never")])
    story.append(table(rows, [3, 1, 1.4, 1.2, 1.5, 1.2], total_width=width))

    story.append(heading(_("Continuity plans")))
    rows = [[_("Facility"), _("Version"), _("Last review"), _("Next review"), _("Last exercise")]]
    for f in c.facilities:
        rows.append([f.name, str(f.plan_version or "—"), _date(f.plan_last_review),
                     _date(f.plan_next_review), _date(f.last_exercise)])
    story.append(table(rows, [3, 1, 1.5, 1.5, 1.5], total_width=width))

    story.append(heading(_("Training coverage")))
    rows = [[_("Facility"), _("People to train"), _("Coverage"), _("Units without référent")]]
    for f in c.facilities:
        rows.append([f.name, str(f.training_people),
                     format_percent(f.training_share) if f.training_share is not None else "—",
                     str(f.units_without_referent)])
    story.append(table(rows, [3, 1.4, 1.2, 1.6], total_width=width))

    # The scores and their radar come after the short tables and stay on one page together
    # (the radar alone does not fit under the tables of page 1).
    section = [heading(_("Self-diagnostic"))]
    dims = c.dimension_titles()
    if dims:
        header = [_("Facility"), _("Campaign")] + [key for key, _t in dims] + [_("Overall")]
        rows = [header]
        for f in c.facilities:
            scores = {d.key: d.score for d in f.dimensions}
            rows.append([f.name, f"{f.campaign_title or '—'} ({_date(f.campaign_date)})"]
                        + [_num(scores.get(key)) for key, _t in dims] + [_num(f.overall_score)])
        section.append(table(rows, [3, 3] + [1] * len(dims) + [1.2], total_width=width))
        section.append(p(_("Scores on 0–4. Dimensions: {list}.").format(
            list="; ".join(f"{key}. {title}" for key, title in dims)), "small"))
        series = []
        for index, f in enumerate(c.facilities[:len(PALETTE)]):
            if f.dimensions:
                scores = {d.key: d.score for d in f.dimensions}
                series.append((f.name, [scores.get(key) for key, _t in dims],
                               PALETTE[index], "dash" if index else "fill"))
        if series:
            section.append(radar_drawing([f"{key}. {title}" for key, title in dims], series,
                                         width, 115 * mm))
    else:
        section.append(p(_("No facility has a self-diagnostic campaign yet.")))

    story.append(KeepTogether(section))

    story.append(heading(_("Most common weaknesses across the group")))
    common = c.common_weaknesses()
    if common:
        rows = [[_("Weakness"), _("Facilities")]]
        rows += [[text, str(n)] for text, n in common]
        story.append(table(rows, [6, 1], total_width=width))
    else:
        story.append(p(_("No weakness shared by several facilities.")))
    story.append(Spacer(1, 4 * mm))
    story.append(key_values([(_("Generated by"), "SI Local"), (_("Date"), format_date(c.today))],
                            width / 2))
    return story


def print_group(c: Consolidation, path: Path | str, today: dt.date | None = None) -> int:
    info = DocumentInfo(title=_("Group consolidation"), facility="",
                        date=today or c.today, subject=_("Group consolidation"), landscape=True)
    width = frame_width(info)
    return build_pdf(path, info, lambda: _story(c, width))
