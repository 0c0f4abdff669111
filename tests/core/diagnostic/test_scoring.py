"""Scoring rules, campaigns, comparisons, registry proofs, action plan and Home alerts, on real
SQLite files. Expected values are computed by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest
from diag_support import small_questionnaire

from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic import proposals as prop
from si_local.core.diagnostic import scoring
from si_local.core.diagnostic.questionnaire import default_questionnaire
from si_local.core.errors import UserError, ValidationError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def q():
    return small_questionnaire()


def _answer(db, cid, q, qid, value, **kw):
    if value in ("dont_know", "not_applicable"):
        return camp.save_answer(db, cid, q.question(qid), status=value, **kw)
    return camp.save_answer(db, cid, q.question(qid), level=value, **kw)


def test_weighted_mean_leaves_out_dont_know_and_not_applicable(db, q):
    cid = camp.create_campaign(db, "Essai", TODAY, q, [("Anne", "Directrice")])
    _answer(db, cid, q, "1.1.1", 2)            # weight 3, core
    _answer(db, cid, q, "1.1.2", 4)            # weight 1
    _answer(db, cid, q, "1.1.3", "not_applicable")  # weight 2: left out
    _answer(db, cid, q, "1.2.1", "dont_know")  # weight 2, core: left out
    _answer(db, cid, q, "2.1.1", 1)            # weight 1
    r = scoring.campaign_results(db, cid, q)
    one, two = r.dimensions
    # (3×2 + 1×4) / (3 + 1) = 10 / 4
    assert one.score == 2.5
    assert one.core_score == 2.0            # only 1.1.1 among the core questions is answered
    assert (one.answered, one.dont_know, one.not_applicable, one.total) == (2, 1, 1, 4)
    assert one.share_answered == pytest.approx(2 / 3)  # 2 answered of 3 that apply
    assert one.target == 3 and one.gap == 0.5
    assert two.score == 1.0 and two.target == 2 and two.gap == 1.0 and two.core_score is None
    assert two.unanswered == 1
    # overall: every answered question, (3×2 + 1×4 + 1×1) / (3 + 1 + 1) = 11 / 5
    assert r.overall.score == 2.2
    assert r.previous_campaign_id is None


def test_nothing_answered_gives_no_score_not_zero(db, q):
    cid = camp.create_campaign(db, "Vide", TODAY, q)
    _answer(db, cid, q, "2.1.1", "dont_know")
    r = scoring.campaign_results(db, cid, q)
    assert r.dimensions[1].score is None and r.dimensions[1].gap is None
    assert r.overall.score is None


def test_answer_changes_are_saved_one_by_one_and_keep_comments(db, q):
    cid = camp.create_campaign(db, "Essai", TODAY, q)
    question = q.question("1.1.1")
    camp.save_answer(db, cid, question, comment="  à revoir avec la DAF ", to_review=True)
    a = camp.answers(db, cid)["1.1.1"]
    assert (a.status, a.level, a.comment, a.to_review) == (None, None, "à revoir avec la DAF", True)
    camp.save_answer(db, cid, question, level=3)
    camp.save_answer(db, cid, question, status="dont_know")
    a = camp.answers(db, cid)["1.1.1"]
    assert (a.status, a.level, a.comment) == ("dont_know", None, "à revoir avec la DAF")
    with pytest.raises(UserError):
        camp.save_answer(db, cid, question, status="not_applicable")  # not allowed for 1.1.1
    with pytest.raises(UserError):
        camp.save_answer(db, cid, question, level=5)
    assert camp.answers(db, cid)["1.1.1"].status == "dont_know"  # nothing half-written


def test_targets_gap_and_validation(db, q):
    cid = camp.create_campaign(db, "Essai", "23/11/2026", q, targets={"1": 4})
    assert camp.get_campaign(db, cid)["campaign_date"] == "2026-11-23"
    assert camp.targets(db, cid) == {"1": 4.0, "2": 2.0}
    camp.set_target(db, cid, "2", "3,5")
    _answer(db, cid, q, "2.1.1", 2)
    assert scoring.campaign_results(db, cid, q).dimensions[1].gap == 1.5
    with pytest.raises(ValidationError):
        camp.set_target(db, cid, "2", 5)
    with pytest.raises(ValidationError):
        camp.create_campaign(db, "", TODAY, q)
    with pytest.raises(ValidationError):
        camp.create_campaign(db, "Essai", "31/02/2026", q)
    with pytest.raises(ValidationError, match="Lits"):
        camp.create_campaign(db, "Essai", TODAY, q, context={"beds": "beaucoup"})


def test_comparison_with_the_previous_campaign(db, q):
    first = camp.create_campaign(db, "2025", TODAY - dt.timedelta(days=365), q)
    second = camp.create_campaign(db, "2026", TODAY, q)
    for qid, before, after in (("1.1.1", 1, 3), ("1.1.2", 2, 2), ("2.1.1", 3, 1)):
        _answer(db, first, q, qid, before)
        _answer(db, second, q, qid, after)
    _answer(db, second, q, "1.2.1", 4)
    assert camp.previous_campaign_id(db, second) == first
    assert camp.previous_campaign_id(db, first) is None
    r = scoring.campaign_results(db, second, q)
    # dimension 1 before (3×1 + 1×2)/4 = 1.25, now (3×3 + 1×2 + 2×4)/6 = 19/6 ≈ 3.17
    assert r.dimensions[0].previous == 1.25 and r.dimensions[0].score == 3.17
    assert r.dimensions[0].change == pytest.approx(1.92)
    assert r.dimensions[1].change == -2.0
    moved = [(m["question"].id, m["delta"]) for m in r.moved]
    assert moved == [("1.1.1", 2), ("2.1.1", -2), ("1.2.1", None)]


def test_action_plan_priority_from_weight_times_gap(db, q):
    cid = camp.create_campaign(db, "Essai", TODAY, q, targets={"1": 4, "2": 4})
    _answer(db, cid, q, "1.1.1", 1)  # weight 3, gap 3 -> 9
    _answer(db, cid, q, "1.1.2", 0)  # weight 1, gap 4 -> 4
    _answer(db, cid, q, "1.2.1", 2)  # weight 2, gap 2 -> 4 (core, so before 1.1.2)
    _answer(db, cid, q, "2.1.1", 3)  # above max_level 2: no recommended action
    _answer(db, cid, q, "2.1.2", 1)  # weight 3, gap 3 -> 9
    counts = act.generate_action_plan(db, cid, q)
    assert counts == {"added": 4, "updated": 0, "removed": 0}
    plan = act.actions(db, cid)
    assert [(a["question_id"], a["priority_score"]) for a in plan] == [
        ("1.1.1", 9), ("2.1.2", 9), ("1.2.1", 4), ("1.1.2", 4)]
    assert all(a["is_priority"] for a in plan)  # fewer than six: all are priority
    assert plan[0]["due_date"] == (TODAY + dt.timedelta(days=90)).isoformat()
    # the team follows an action, then improves another answer and regenerates
    act.update_action(db, plan[0]["id"], TODAY, owner="Sophie", status="done")
    _answer(db, cid, q, "1.1.2", 4)
    assert act.generate_action_plan(db, cid, q) == {"added": 0, "updated": 3, "removed": 1}
    kept = {a["question_id"]: a for a in act.actions(db, cid)}
    assert set(kept) == {"1.1.1", "2.1.2", "1.2.1"}
    assert kept["1.1.1"]["owner"] == "Sophie" and kept["1.1.1"]["done_on"] == TODAY.isoformat()
    with pytest.raises(ValidationError):
        act.update_action(db, plan[1]["id"], status="finished")
    with pytest.raises(ValidationError):
        act.update_action(db, plan[1]["id"], due_date="demain")


def test_first_six_actions_are_priority_on_the_real_questionnaire(db):
    q = default_questionnaire()
    cid = camp.create_campaign(db, "Tout à zéro", TODAY, q)
    for question in q.questions:
        camp.save_answer(db, cid, question, level=0)
    act.generate_action_plan(db, cid, q)
    plan = act.actions(db, cid)
    assert len(plan) == len(q.questions)
    assert sum(a["is_priority"] for a in plan) == 6
    priority = [a for a in plan if a["is_priority"]]
    expected = {x.id for x in q.questions if x.expected_by}  # national programmes' expectations
    assert 0 < len(expected) < 6 and expected <= {a["question_id"] for a in priority}
    others = [a for a in priority if a["question_id"] not in expected]
    assert min(a["priority_score"] for a in others) >= max(
        a["priority_score"] for a in plan if not a["is_priority"])
    assert all(a["priority_score"] == 9 for a in others)  # weight 3 × gap 3


def test_alerts_overdue_actions_and_old_or_missing_campaign(db, q):
    msgs = [a.message for a in act.alerts(db, TODAY)]
    assert len(msgs) == 1 and "autodiagnostic" in msgs[0].lower()
    cid = camp.create_campaign(db, "Ancienne", TODAY - dt.timedelta(days=400), q)
    _answer(db, cid, q, "1.1.1", 0)
    act.generate_action_plan(db, cid, q)
    found = act.alerts(db, TODAY)
    assert {a.kind for a in found} == {"diagnostic_action", "diagnostic_campaign"}
    assert any("12 mois" in a.message for a in found)
    overdue = [a for a in found if a.kind == "diagnostic_action"]
    assert overdue[0].severity == "high"  # a priority action, due 90 days after the campaign
    act.update_action(db, overdue[0].record_id, status="done")
    assert not [a for a in act.alerts(db, TODAY) if a.kind == "diagnostic_action"]


def test_registry_proofs_on_the_demo(demo_db):
    q = default_questionnaire()
    found = prop.proposals(demo_db, q, TODAY)
    # demo registry: a successful restore test 54 days ago, an approved plan 160 days ago,
    # an offline disk kept off site, SRV-HYP-01 replicated to the second site
    assert found["4.3.2"].outcome == "met" and found["4.3.2"].level == 3
    assert "Sauvegarde nocturne sur NAS" in found["4.3.2"].evidence
    assert found["4.3.1"].outcome == "met"
    assert found["5.4.1"].outcome == "met" and "Disque hebdomadaire" in found["5.4.1"].evidence
    assert found["3.1.2"].outcome == "met"
    assert found["7.2.2"].outcome in ("met", "partial")
    # eight months later the restore test is too old and the plan review is due
    later = prop.proposals(demo_db, q, TODAY + dt.timedelta(days=240))
    assert later["4.3.2"].outcome == "not_met" and later["4.3.2"].level == 1
    assert later["4.3.1"].outcome == "partial"
    cid = camp.create_campaign(demo_db, "Nouvelle", TODAY, q)
    a = prop.accept(demo_db, cid, q, found["4.3.2"])
    assert a.proposed_from_registry and a.level == 3 and a.evidence == found["4.3.2"].evidence
    a = camp.save_answer(demo_db, cid, q.question("4.3.2"), level=2)
    assert not a.proposed_from_registry and a.evidence == found["4.3.2"].evidence


def test_no_proposal_when_the_registry_does_not_know(db):
    q = default_questionnaire()
    assert prop.proposals(db, q, TODAY) == {
        "4.3.1": prop.Proposal("4.3.1", "not_met", 1, prop.continuity_plan_reviewed(db, TODAY)[1])}


def test_demo_campaigns_second_better(demo_db):
    rows = camp.campaigns(demo_db)
    assert len(rows) == 2
    newer, older = rows
    days = (dt.date.fromisoformat(newer["campaign_date"]) - dt.date.fromisoformat(older["campaign_date"])).days
    assert 330 <= days <= 400
    q = camp.questionnaire_of(demo_db, newer["id"])
    r = scoring.campaign_results(demo_db, newer["id"], q)
    assert r.previous_campaign_id == older["id"]
    assert sum(1 for s in r.dimensions if (s.change or 0) > 0) >= 3
    assert any(a.kind == "diagnostic_action" for a in act.alerts(demo_db, TODAY))


def test_csv_export(demo_db, tmp_path):
    from si_local.core.diagnostic.export import export_answers_csv

    cid = camp.latest_campaign_id(demo_db)
    path = tmp_path / "reponses.csv"
    assert export_answers_csv(demo_db, cid, path) == 67
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 68 and lines[0].startswith("Question;")
    assert any(line.startswith("4.3.2;") and "Niveau 3" in line for line in lines)
    assert not (tmp_path / "reponses.csv.part").exists()


def test_answer_label_long_and_short(q):
    level = camp.Answer(question_id="1.1.1", status="level", level=3)
    assert camp.answer_label(q, level) == f"Niveau 3 — {q.level_names[3]}"
    assert camp.answer_label(q, level, short=True) == f"3 · {q.level_names[3]}"
    for answer in (None, camp.Answer(question_id="1.1.1", status="dont_know")):
        assert camp.answer_label(q, answer, short=True) == camp.answer_label(q, answer)


def test_an_open_action_is_one_rule_for_the_list_the_counts_and_the_alerts(db, q):
    """To do and in progress are open, done and dropped are not; overdue = open and past its
    due date: the same answer from is_open / is_overdue, open_counts and overdue_actions."""
    cid = camp.create_campaign(db, "Campagne", TODAY - dt.timedelta(days=30), q)
    other = camp.create_campaign(db, "Autre", TODAY - dt.timedelta(days=20), q)
    due = (TODAY - dt.timedelta(days=1)).isoformat()
    ids = {status: act.add_action(db, cid, status, due_date=due) for status in act.STATUS_LABELS}
    for status, action_id in ids.items():
        act.update_action(db, action_id, status=status)
    act.add_action(db, cid, "plus tard", due_date=(TODAY + dt.timedelta(days=5)).isoformat())
    rows = act.actions(db, cid)
    assert sorted(a["title"] for a in rows if act.is_open(a)) == ["in_progress", "plus tard", "todo"]
    assert sorted(a["title"] for a in rows if act.is_overdue(a, TODAY)) == ["in_progress", "todo"]
    assert act.open_counts(db) == {cid: 3}  # the campaign without actions is left out
    assert other not in act.open_counts(db)
    assert sorted(a["title"] for a in act.overdue_actions(db, TODAY)) == ["in_progress", "todo"]
