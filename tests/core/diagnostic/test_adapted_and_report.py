"""A facility's own questionnaire (an adapted copy in the data folder) is offered and compared
with the shipped one; the printed report of the demo campaign reads back in French."""

from __future__ import annotations

import datetime as dt
import json
import re

from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic import questionnaire as qn
from si_local.core.diagnostic.scoring import campaign_results

TODAY = dt.date(2026, 11, 23)


def _adapted_copy(folder, version="1-local"):
    data = json.loads((qn.questionnaires_dir() / "maturite-sms-v1.json").read_text(encoding="utf-8"))
    data["version"] = version
    data["title"] = "Autodiagnostic adapté au centre hospitalier"
    # a question that does not apply to this facility is removed, a level sentence is reworded
    themes = data["dimensions"][1]["themes"]
    themes[0]["questions"] = [x for x in themes[0]["questions"] if x["id"] != "2.1.3"]
    data["dimensions"][0]["themes"][0]["questions"][0]["levels"][3] = "Feuille de route validée en directoire."
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"maturite-sms-v{version}.json").write_text(json.dumps(data, ensure_ascii=False),
                                                           encoding="utf-8")


def test_own_questionnaire_in_the_data_folder_is_offered_and_compared(db, _data_dir):
    _adapted_copy(_data_dir / "questionnaires")
    found, problems = qn.available()
    assert problems == []
    assert [(q.key, q.version) for q in found] == [("maturite-sms", "1"), ("maturite-sms", "1-local")]
    assert qn.default_questionnaire().version == "1-local"  # the facility's version comes first
    shipped = qn.get_questionnaire("maturite-sms", "1")
    local = qn.get_questionnaire("maturite-sms", "1-local")
    assert len(local.questions) == len(shipped.questions) - 1

    before = camp.create_campaign(db, "Avant", TODAY - dt.timedelta(days=365), shipped)
    camp.save_answer(db, before, shipped.question("1.1.1"), level=1)
    now = camp.create_campaign(db, "Après", TODAY, local)
    camp.save_answer(db, now, local.question("1.1.1"), level=3)
    assert camp.questionnaire_of(db, now).version == "1-local"
    r = campaign_results(db, now, local)
    assert r.previous_campaign_id == before  # same key: the campaigns are compared
    assert [(m["question"].id, m["delta"]) for m in r.moved] == [("1.1.1", 2)]


def test_a_copy_with_the_same_key_and_version_is_left_out(_data_dir):
    _adapted_copy(_data_dir / "questionnaires", version="1")
    found, problems = qn.available()
    assert [(q.key, q.version) for q in found] == [("maturite-sms", "1")]
    assert found[0].path.parent == qn.questionnaires_dir()  # the shipped one is kept
    assert len(problems) == 1
    assert re.match(r"maturite-sms-v1\.json ?: le questionnaire « maturite-sms » version 1 est déjà",
                    problems[0]), problems[0]


def test_printed_report_of_the_demo_campaign(demo_db, tmp_path):
    from pypdf import PdfReader

    from si_local.core.reports.diagnostic import print_campaign

    path = tmp_path / "autodiagnostic.pdf"
    pages = print_campaign(demo_db, path, None, TODAY)
    reader = PdfReader(str(path))
    assert pages == len(reader.pages) >= 4
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("Autodiagnostic du système", "Contexte", "Résultats", "Scores et écarts par dimension",
                    "Évolution depuis la campagne précédente", "Actions prioritaires", "Autres actions",
                    "Toutes les réponses"):
        assert heading in text, heading
    assert "Niveau 3 — Maîtrisé" in text and "Pourquoi :" in text and "[socle]" in text
    for english in ("Priority actions", "Every answer", "Overall score", "don't know", "Level "):
        assert english not in text, english
    # the score table prints every score with two decimals (a column that lines up)
    cid = camp.latest_campaign_id(demo_db)
    overall = campaign_results(demo_db, cid, camp.questionnaire_of(demo_db, cid)).overall.score
    assert f"{overall:.2f}".replace(".", ",") in text


def test_no_word_of_the_demo_report_is_cut_and_no_table_sticks_out(demo_db):
    from print_checks import cut_cells, too_wide
    from si_local.core.reports import diagnostic as report
    from si_local.core.reports.common import DocumentInfo, frame_width

    width = frame_width(DocumentInfo(title=""))
    for cid in [c["id"] for c in camp.campaigns(demo_db)]:
        story = report._story(demo_db, cid, width)
        assert cut_cells(story) == [], cid
        assert too_wide(story, width) == [], cid
