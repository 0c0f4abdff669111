"""Consolidation: the group's IT manager reads several facilities' bundles side by side.

Each bundle is loaded into its own in-memory database (the same schema, the same import code as
``si-local import bundle``), then the areas' own functions compute what the group compares:
self-diagnostic scores, backup compliance and restore-test age, continuity plan review and
exercise dates, training coverage. Facilities are never merged: each stays apart, read-only, with
the date of its bundle. Nothing is written anywhere.

If a group outgrew files, the same :class:`FacilitySummary` could be computed by a small service
next to the group's shared database (or fed from the group's GLPI); see docs/group.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..db import open_database
from ..errors import ImportFileError
from ..i18n import N_, _
from .. import clock

# Compliance rules of the continuity area, in words that compare across facilities.
RULE_LABELS = {
    "32110_copies": N_("Backups: fewer than 3 copies of a critical application's data"),
    "32110_media": N_("Backups: a single kind of medium"),
    "32110_offsite": N_("Backups: no copy off site"),
    "32110_offline": N_("Backups: no offline or immutable copy"),
    "32110_errors": N_("Backups: restore not tested or not successful"),
    "pdma": N_("Backup interval longer than the PDMA"),
    "dmia": N_("Restore time not measured or longer than the DMIA"),
    "restore_age": N_("Restore test missing or older than 6 months"),
    "exercise": N_("Continuity scenario never exercised"),
    "review": N_("Continuity plan not reviewed for 12 months"),
    "activities": N_("Critical activities missing from the plan"),
    "scenarios": N_("Required continuity scenarios missing"),
}

# One colour per facility on the self-diagnostic radar (the report and the page), "#rrggbb".
PALETTE = ("#1F4E79", "#C0504D", "#4F8A3C", "#8064A2", "#E08A1E", "#2C9DB5", "#7F6000", "#D45087",
           "#3B3B3B", "#9BBB59")


@dataclass
class DimensionScore:
    key: str
    title: str
    score: float | None
    target: float | None


@dataclass
class FacilitySummary:
    source: str  # the bundle's file name
    name: str
    finess: str | None
    bundle_date: str | None  # ISO date-time the bundle was written
    campaign_title: str | None = None
    campaign_date: str | None = None
    overall_score: float | None = None
    dimensions: list[DimensionScore] = field(default_factory=list)
    weak_questions: list[tuple[str, str]] = field(default_factory=list)  # (id, text) level <= 1
    backups: int = 0
    compliance_high: int = 0
    compliance_total: int = 0
    compliance_titles: list[str] = field(default_factory=list)
    last_restore_test: str | None = None
    restore_test_age_days: int | None = None
    plan_version: int | None = None
    plan_last_review: str | None = None
    plan_next_review: str | None = None
    last_exercise: str | None = None
    training_people: int = 0
    training_share: float | None = None
    units_without_referent: int = 0
    as_of: dt.date | None = None  # the day of the consolidation the summary was made for

    @property
    def bundle_age_days(self) -> int | None:
        """Days between the bundle and the consolidation's day (never the wall clock)."""
        if not self.bundle_date:
            return None
        day = dt.date.fromisoformat(self.bundle_date[:10])
        return ((self.as_of or clock.today()) - day).days


@dataclass
class Consolidation:
    facilities: list[FacilitySummary]
    today: dt.date

    def common_weaknesses(self, limit: int = 10) -> list[tuple[str, int]]:
        """What most facilities have in common: weak answers and compliance findings."""
        counter: Counter[str] = Counter()
        for f in self.facilities:
            for _qid, text in f.weak_questions:
                counter[text] += 1
            for title in set(f.compliance_titles):
                counter[title] += 1
        return [(text, n) for text, n in counter.most_common() if n >= 2][:limit] or \
            counter.most_common(limit)

    def dimension_titles(self) -> list[tuple[str, str]]:
        for f in self.facilities:
            if f.dimensions:
                return [(d.key, d.title) for d in f.dimensions]
        return []

    def radar_series(self) -> tuple[list[str], list[tuple[str, list[float | None], str, str]]]:
        """The radar comparing the facilities' self-diagnostic scores: the axis labels
        ("D1. Governance", one per :meth:`dimension_titles`) and, for each of the first facilities
        (one per colour of :data:`PALETTE`) that has scores, (name, scores in the order of the
        labels, colour "#rrggbb", "fill" for the first facility and "dash" for the others)."""
        dims = self.dimension_titles()
        series = []
        for index, f in enumerate(self.facilities[:len(PALETTE)]):
            if f.dimensions:
                scores = {d.key: d.score for d in f.dimensions}
                series.append((f.name, [scores.get(key) for key, _t in dims], PALETTE[index],
                               "dash" if index else "fill"))
        return [f"{key}. {title}" for key, title in dims], series


def _has(db, table: str) -> bool:
    return db[table].exists()


def summarise(db, source: str, bundle: dict, today: dt.date) -> FacilitySummary:
    facility = db.execute("SELECT name, finess FROM facility ORDER BY id LIMIT 1").fetchone()
    summary = FacilitySummary(
        source=source, name=facility[0] if facility else source,
        finess=facility[1] if facility else None, bundle_date=bundle.get("created_at"),
        as_of=today)
    _diagnostic(db, summary)
    _continuity(db, summary, today)
    _training(db, summary)
    return summary


def _diagnostic(db, summary: FacilitySummary) -> None:
    from ..diagnostic import campaigns as dc
    from ..diagnostic.scoring import campaign_results

    campaign_id = dc.latest_campaign_id(db)
    if campaign_id is None:
        return
    campaign = dc.get_campaign(db, campaign_id)
    try:
        questionnaire = dc.questionnaire_of(db, campaign_id)
    except Exception:  # a questionnaire this SI Local does not have: scores cannot be computed
        summary.campaign_title = campaign.get("title")
        return
    results = campaign_results(db, campaign_id, questionnaire, compare=False)
    summary.campaign_title = campaign.get("title")
    summary.campaign_date = campaign.get("campaign_date")
    summary.overall_score = results.overall.score
    summary.dimensions = [DimensionScore(s.key, s.short_title or s.title, s.score, s.target)
                          for s in results.dimensions]
    given = dc.answers(db, campaign_id)
    for question in questionnaire.questions:
        answer = given.get(question.id)
        if answer is not None and answer.status == "level" and answer.level is not None \
                and answer.level <= 1:
            summary.weak_questions.append((question.id, question.text))


def _continuity(db, summary: FacilitySummary, today: dt.date) -> None:
    from .. import continuity

    summary.backups = db.execute("SELECT count(*) FROM backup").fetchone()[0]
    last = db.execute("SELECT max(tested_on) FROM restore_test").fetchone()[0]
    summary.last_restore_test = last
    if last:
        summary.restore_test_age_days = (today - dt.date.fromisoformat(last[:10])).days
    findings = continuity.compliance(db, today)
    summary.compliance_total = len(findings)
    summary.compliance_high = sum(1 for f in findings if f.severity == "high")
    summary.compliance_titles = [_(RULE_LABELS[f.rule]) if f.rule in RULE_LABELS else f.problem
                                 for f in findings]
    plan = continuity.get_plan(db)
    summary.plan_version = plan.get("version")
    summary.plan_last_review = plan.get("last_review")
    summary.plan_next_review = plan.get("next_review")
    exercises = continuity.exercises(db)
    dates = [e["held_on"] for e in exercises if e.get("held_on")]
    summary.last_exercise = max(dates) if dates else None


def _training(db, summary: FacilitySummary) -> None:
    from .. import training

    cov = training.coverage(db)
    total = cov.overall
    summary.training_people = sum(r.people for r in cov.readiness)
    summary.training_share = (total.trained / total.needed) if total.needed else None
    summary.units_without_referent = len(training.units_without_referent(db))


def _private_database():
    """A new in-memory database with the current schema, for one bundle.

    A copy of :func:`~si_local.core.interop.bundle.fresh_schema`, built once per process
    (migrations run once, not once per bundle). The copy has no audit triggers: it is private,
    read-only for the user and thrown away, so recording every row loaded into it would only cost
    time."""
    from ..interop.bundle import fresh_schema

    db = open_database(":memory:", migrate=False)
    db.conn.deserialize(fresh_schema())
    return db


def load_bundle(path: Path | str, today: dt.date | None = None) -> FacilitySummary:
    """Read one bundle into a private in-memory database and summarise it."""
    from ..interop.bundle import apply_bundle, plan_bundle, read_bundle

    today = today or clock.today()
    path = Path(path)
    bundle = read_bundle(path)
    db = _private_database()
    try:
        plan = plan_bundle(db, bundle, path)
        apply_bundle(db, plan, snapshot=False)
        return summarise(db, path.name, bundle, today)
    finally:
        db.close()


def consolidate(paths: list[Path | str], today: dt.date | None = None) -> Consolidation:
    if not paths:
        raise ImportFileError(_("Give at least one facility bundle."))
    today = today or clock.today()
    facilities = [load_bundle(p, today) for p in paths]
    return Consolidation(facilities, today)
