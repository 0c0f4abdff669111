"""Issue 16 (core): one progress figure, « non évalué » dimensions, what the overall score rests
on, targets and open actions carried over, a closed campaign locked, the campaign compared with,
and national programmes' expectations ranked first whatever their weight. Real SQLite files."""

from __future__ import annotations

import datetime as dt

import pytest
from diag_support import _q, small_dict, small_questionnaire

from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic import scoring
from si_local.core.diagnostic.questionnaire import parse_questionnaire
from si_local.core.errors import UserError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def q():
    return small_questionnaire()


def test_few_answers_are_provisional_with_one_progress_figure_and_not_assessed(db, q):
    cid = camp.create_campaign(db, "Début", TODAY, q)
    camp.save_answer(db, cid, q.question("1.1.1"), level=2)  # weight 3
    camp.save_answer(db, cid, q.question("1.1.3"), status="not_applicable")
    r = scoring.campaign_results(db, cid, q)
    o = r.overall
    assert r.provisional and not o.complete
    # one figure: questions with an answer (level, don't know, n/a) over all 6 questions
    assert o.progress == pytest.approx(2 / 6)
    one, two = r.dimensions
    assert one.assessed and one.score == 2.0
    assert not two.assessed and two.score is None
    assert scoring.score_text(two.score) == "non évalué"
    assert scoring.score_text(one.score) == "2,00"
    # the score rests on 1 question of the 5 that apply (French singular, then plural)
    assert scoring.basis_text(o) == "sur 1 question sur 5"
    camp.save_answer(db, cid, q.question("2.1.1"), level=1)
    assert scoring.basis_text(scoring.campaign_results(db, cid, q).overall) == "sur 2 questions sur 5"
    for qid in ("1.1.2", "1.2.1", "2.1.2"):
        camp.save_answer(db, cid, q.question(qid), status="dont_know")
    assert not scoring.campaign_results(db, cid, q).provisional


def test_targets_and_open_actions_carry_over_to_the_next_campaign(db, q):
    first = camp.create_campaign(db, "2025", TODAY - dt.timedelta(days=365), q)
    camp.set_target(db, first, "1", 3.5)
    camp.set_target(db, first, "2", 1.5)
    for qid in ("1.1.1", "1.1.2", "1.2.1"):
        camp.save_answer(db, first, q.question(qid), level=0)
    act.generate_action_plan(db, first, q)
    plan = {a["question_id"]: a for a in act.actions(db, first)}
    act.update_action(db, plan["1.1.1"]["id"], owner="Anne", status="in_progress")
    act.update_action(db, plan["1.1.2"]["id"], status="done", today=TODAY)
    camp.set_status(db, first, "closed", TODAY - dt.timedelta(days=300))

    second = camp.create_campaign(db, "2026", TODAY, q)
    assert camp.targets(db, second, q) == {"1": 3.5, "2": 1.5}  # not the default 3 and 2
    carried = {a["question_id"]: a for a in act.actions(db, second)}
    assert set(carried) == {"1.1.1", "1.2.1"}  # open ones only, the done one stays behind
    assert carried["1.1.1"]["owner"] == "Anne" and carried["1.1.1"]["status"] == "in_progress"
    assert "Reprise de « 2025 »" in carried["1.1.1"]["notes"]
    # given targets win over the carried ones
    third = camp.create_campaign(db, "2027", TODAY + dt.timedelta(days=1), q, targets={"1": 2})
    assert camp.targets(db, third, q)["1"] == 2.0


def test_a_closed_campaign_refuses_answers_and_targets(db, q):
    cid = camp.create_campaign(db, "Close", TODAY, q)
    camp.save_answer(db, cid, q.question("1.1.1"), level=2)
    camp.set_status(db, cid, "closed", TODAY)
    with pytest.raises(UserError, match="clôturée.*Rouvrez-la"):
        camp.save_answer(db, cid, q.question("1.1.1"), level=4)
    with pytest.raises(UserError, match="clôturée"):
        camp.set_target(db, cid, "1", 4)
    assert camp.answers_one(db, cid, "1.1.1").level == 2
    assert camp.targets(db, cid, q)["1"] == 3.0
    camp.set_status(db, cid, "in_progress")
    camp.save_answer(db, cid, q.question("1.1.1"), level=4)
    assert camp.answers_one(db, cid, "1.1.1").level == 4


def test_the_campaign_compared_with_is_chosen(db, q):
    a = camp.create_campaign(db, "A", TODAY - dt.timedelta(days=700), q)
    b = camp.create_campaign(db, "B", TODAY - dt.timedelta(days=350), q)
    c = camp.create_campaign(db, "C", TODAY, q)
    camp.save_answer(db, a, q.question("1.1.1"), level=1)
    camp.save_answer(db, b, q.question("1.1.1"), level=3)
    camp.save_answer(db, c, q.question("1.1.1"), level=2)
    assert scoring.campaign_results(db, c, q).previous_campaign_id == b  # the default
    r = scoring.campaign_results(db, c, q, compare_with=a)
    assert r.previous_campaign_id == a and r.dimensions[0].previous == 1.0
    assert [x["id"] for x in camp.comparable_campaigns(db, c)] == [b, a]
    with pytest.raises(UserError, match="ne peut pas être comparée"):
        scoring.campaign_results(db, c, q, compare_with=c)


def test_a_programme_expectation_at_level_0_is_never_ranked_below_heavier_items(db):
    data = small_dict()
    questions = [_q(f"1.3.{i}", 3, max_level=3) for i in range(1, 9)]  # heavy, low stakes
    exercise = _q("2.2.1", 1, max_level=3)  # light, but a national programme expects it
    exercise["expected_by"] = "Instruction du 22 janvier 2025 : un exercice de crise cyber par an"
    data["dimensions"][0]["themes"].append({"id": "1.3", "title": "Lourd", "questions": questions})
    data["dimensions"][1]["default_target"] = 3
    data["dimensions"][1]["themes"].append({"id": "2.2", "title": "Crise", "questions": [exercise]})
    q = parse_questionnaire(data, "petit.json")
    assert q.question("2.2.1").expected_by.startswith("Instruction")
    cid = camp.create_campaign(db, "Priorités", TODAY, q)
    for i in range(1, 9):
        camp.save_answer(db, cid, q.question(f"1.3.{i}"), level=1)  # 3 × 2 = 6 each
    camp.save_answer(db, cid, q.question("2.2.1"), level=0)  # 1 × 3 = 3
    act.generate_action_plan(db, cid, q)
    plan = act.actions(db, cid)
    first = plan[0]
    assert first["question_id"] == "2.2.1" and first["is_priority"] and first["rank"] == 1
    assert first["priority_score"] == 3.0  # below every other score, still first
    assert sum(a["is_priority"] for a in plan) == act.PRIORITY_COUNT
    # due 90 days after the campaign, as a priority action
    assert first["due_date"] == (TODAY + dt.timedelta(days=act.PRIORITY_DUE_DAYS)).isoformat()
