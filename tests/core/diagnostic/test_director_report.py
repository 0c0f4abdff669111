"""Issue 16 (paper): the report of a campaign with few answers says « provisoire », prints
« non évalué » for a dimension with no level, marks an overdue action « en retard », gives the
same progress figure as the campaign list, and ends with an approval block. Real PDFs read back
with pypdf."""

from __future__ import annotations

import datetime as dt

from diag_support import small_questionnaire

from si_local.core.diagnostic import actions as act
from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic import scoring
from si_local.core.i18n import format_percent

TODAY = dt.date(2026, 11, 23)


def _text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _print(db, path, cid, **kw):
    from si_local.core.reports.diagnostic import print_campaign

    print_campaign(db, path, cid, TODAY, **kw)
    return " ".join(_text(path).split())  # one line: words wrapped in cells join again


def test_provisional_report_not_assessed_late_and_approval(db, tmp_path, monkeypatch):
    q = small_questionnaire()
    monkeypatch.setattr(camp, "questionnaire_of", lambda _db, _cid: q)
    cid = camp.create_campaign(db, "Début", TODAY - dt.timedelta(days=200), q)
    camp.save_answer(db, cid, q.question("1.1.1"), level=0)
    camp.save_answer(db, cid, q.question("1.1.3"), status="not_applicable")
    act.generate_action_plan(db, cid, q)  # due 90 days after the campaign: now overdue
    text = _print(db, tmp_path / "provisoire.pdf", cid)
    assert "provisoire" in text.lower()
    assert "Résultats provisoires" in text
    assert "non évalué" in text  # dimension 2: nothing answered with a level
    assert "sur 1 question sur 5" in text
    assert "en retard" in text
    for word in ("Validation", "Nom", "Fonction", "Date", "Signature"):
        assert word in text
    # the same progress figure as the list of campaigns (2 answers of 6 questions)
    progress = scoring.campaign_results(db, cid, q, compare=False).overall.progress
    assert f"réponses : {format_percent(progress)}" in text

    for qid in ("1.1.2", "1.2.1", "2.1.1", "2.1.2"):
        camp.save_answer(db, cid, q.question(qid), level=3)
    text = _print(db, tmp_path / "complet.pdf", cid)
    assert "provisoire" not in text.lower() and "non évalué" not in text


def test_report_compared_with_a_chosen_campaign(db, tmp_path, monkeypatch):
    q = small_questionnaire()
    monkeypatch.setattr(camp, "questionnaire_of", lambda _db, _cid: q)
    a = camp.create_campaign(db, "Campagne A", TODAY - dt.timedelta(days=700), q)
    camp.create_campaign(db, "Campagne B", TODAY - dt.timedelta(days=350), q)
    c = camp.create_campaign(db, "Campagne C", TODAY, q)
    assert "« Campagne B »" in _print(db, tmp_path / "b.pdf", c)
    text = _print(db, tmp_path / "a.pdf", c, compare_with=a)
    assert "« Campagne A »" in text and "« Campagne B »" not in text
