"""Scores of a campaign, per dimension and overall, and what moved since the previous campaign.

Rules (documented in docs/diagnostic.md):

- a score is the weighted mean, on 0–4, of the questions answered with a level:
  ``sum(weight × level) / sum(weight)``; "don't know", "not applicable" and unanswered questions
  are left out (they do not count as zero);
- the core score applies the same rule to the core questions only;
- the overall score applies it to every question of the questionnaire (so a dimension with more
  questions, or heavier ones, weighs more), not to the mean of the dimension scores;
- the gap is ``target − score`` (positive: below target);
- the share answered is the questions answered with a level over the questions that apply
  (all questions minus "not applicable");
- the progress of a campaign (:attr:`Score.progress`, the one figure the list of campaigns,
  the Results tab and the report show) is the questions with any answer (a level, "don't know"
  or "not applicable") over all the questions;
- a dimension with no level given is "not assessed" (no score, never drawn at 0); the results
  are provisional while a question is left unanswered, and the overall score says how many
  questions it rests on (:func:`basis_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_, _, format_number, ngettext
from .campaigns import Answer, answers, comparison_id, targets
from .questionnaire import Question, Questionnaire

NOT_ASSESSED = N_("not assessed")


@dataclass
class Score:
    key: str  # dimension id, or "" for the overall score
    title: str
    short_title: str
    score: float | None
    core_score: float | None
    target: float | None
    total: int
    answered: int
    dont_know: int
    not_applicable: int
    to_review: int = 0
    previous: float | None = None

    @property
    def unanswered(self) -> int:
        return self.total - self.answered - self.dont_know - self.not_applicable

    @property
    def gap(self) -> float | None:
        if self.score is None or self.target is None:
            return None
        return round(self.target - self.score, 2)

    @property
    def share_answered(self) -> float:
        applicable = self.total - self.not_applicable
        return self.answered / applicable if applicable else 0.0

    @property
    def progress(self) -> float:
        """Share of questions with any answer (a level, don't know or not applicable)."""
        return (self.total - self.unanswered) / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        """Every question has an answer (a level, don't know or not applicable)."""
        return self.unanswered == 0

    @property
    def assessed(self) -> bool:
        """At least one question answered with a level: there is a score."""
        return self.score is not None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return round(self.score - self.previous, 2)


@dataclass
class Results:
    dimensions: list[Score]
    overall: Score
    previous_campaign_id: int | None = None
    moved: list[dict] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        """Some questions are still unanswered: the scores may still move."""
        return not self.overall.complete


def score_text(value: float | None, decimals: int = 2) -> str:
    """A score (« 2,67 »), or « not assessed » when nothing was answered with a level."""
    if value is None:
        return _(NOT_ASSESSED)
    return format_number(round(value, decimals), decimals)


def basis_text(score: Score) -> str:
    """What a score rests on: « based on 3 questions out of 60 » (the questions answered with a
    level, out of those that apply)."""
    applicable = score.total - score.not_applicable
    return ngettext("based on {count} question out of {total}",
                    "based on {count} questions out of {total}", score.answered).format(
        count=score.answered, total=applicable)


def weighted_mean(pairs: list[tuple[int, int]]) -> float | None:
    """``pairs`` of (weight, level); None when nothing was answered with a level."""
    total_weight = sum(w for w, _level in pairs)
    if not total_weight:
        return None
    return round(sum(w * level for w, level in pairs) / total_weight, 2)


def _score(key, title, short, questions: list[Question], given: dict[str, Answer],
           target: float | None) -> Score:
    pairs, core_pairs = [], []
    dont_know = not_applicable = to_review = 0
    for q in questions:
        a = given.get(q.id)
        if a is None:
            continue
        to_review += int(a.to_review)
        if a.status == "level" and a.level is not None:
            pairs.append((q.weight, a.level))
            if q.core:
                core_pairs.append((q.weight, a.level))
        elif a.status == "dont_know":
            dont_know += 1
        elif a.status == "not_applicable":
            not_applicable += 1
    return Score(key, title, short, weighted_mean(pairs), weighted_mean(core_pairs), target,
                 len(questions), len(pairs), dont_know, not_applicable, to_review)


def compute(q: Questionnaire, given: dict[str, Answer], goal: dict[str, float]) -> Results:
    """Scores from answers and targets (pure: no database)."""
    dims = [_score(d.id, d.title, d.short_title, d.questions, given, goal.get(d.id, d.default_target))
            for d in q.dimensions]
    overall = _score("", "", "", q.questions, given, None)
    return Results(dims, overall)


def campaign_results(db, campaign_id: int, q: Questionnaire, compare: bool = True,
                     compare_with: int | None = None) -> Results:
    """Scores of a campaign, with the scores of the campaign compared with (``compare_with``, by
    default the previous one) and what moved."""
    given = answers(db, campaign_id)
    results = compute(q, given, targets(db, campaign_id, q))
    if compare:
        prev_id = comparison_id(db, campaign_id, compare_with)
        if prev_id is not None:
            before = answers(db, prev_id)
            prev = compute(q, before, targets(db, prev_id, q))
            for now, then in zip(results.dimensions, prev.dimensions, strict=True):
                now.previous = then.score
            results.overall.previous = prev.overall.score
            results.previous_campaign_id = prev_id
            results.moved = moved(q, before, given)
    return results


def moved(q: Questionnaire, before: dict[str, Answer], after: dict[str, Answer]) -> list[dict]:
    """Questions whose answer changed between two campaigns, biggest level change first."""
    changes = []
    for question in q.questions:
        a, b = before.get(question.id), after.get(question.id)
        sa = (a.status, a.level) if a else (None, None)
        sb = (b.status, b.level) if b else (None, None)
        if sa == sb or sb == (None, None):
            continue
        delta = (b.level - a.level) if (a and b and a.level is not None and b.level is not None) else None
        changes.append({"question": question, "before": a, "after": b, "delta": delta})
    changes.sort(key=lambda c: (-(abs(c["delta"]) if c["delta"] is not None else -1),
                                q.order(c["question"].id)))
    return changes


def radar_runs(values) -> list[list[int]]:
    """The runs of neighbouring radar axes that have a value, going round: an axis without one
    (a dimension not assessed) is a gap in the line, never a point at 0 (one run of every axis
    when none is missing). The screen's radar and the report's draw the same runs."""
    n = len(values)
    start = next((i for i in range(n) if values[i] is None), None)
    if start is None:
        return [list(range(n))]
    runs: list[list[int]] = []
    for step in range(1, n + 1):
        i = (start + step) % n
        if values[i] is None:
            continue
        if runs and (i - 1) % n == runs[-1][-1]:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
