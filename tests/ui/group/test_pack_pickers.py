"""Questionnaires and scenario templates received in a core-model pack are offered by the
self-diagnostic's New campaign dialog and by the continuity plan's "Add from a template"; a
campaign on a pack questionnaire reopens later, read-only included."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from si_local.core import continuity as c
from si_local.core.db import open_database
from si_local.core.diagnostic import campaigns as camp
from si_local.core.diagnostic import questionnaire as qn
from si_local.core.errors import ImportFileError
from si_local.core.group import packs

TODAY = dt.date(2026, 11, 23)
GHT_TEMPLATE = {
    "key": "ght-messagerie", "kind": "supplier", "name": "Messagerie sécurisée du GHT indisponible",
    "description": "La messagerie mutualisée du groupement ne répond plus.",
    "steps": [{"phase": "alert", "title": "Prévenir la DSI du GHT", "owner_role": "Cadre de garde",
               "standin_role": None, "minutes": 5},
              {"phase": "degraded", "title": "Envoyer les comptes rendus par fax",
               "owner_role": "Secrétariat médical", "minutes": 30}],
}


def _ght_pack(demo_db, tmp_path, change=None):
    """A pack exported from the demo, whose questionnaire is the group's own version."""
    path = tmp_path / "ght.json"
    packs.export_pack(demo_db, path, "GHT", version=1)
    pack = json.loads(path.read_text(encoding="utf-8"))
    for entry in pack["items"]:
        if entry["kind"] == "questionnaire":
            entry["data"]["version"] = "1-ght"
            entry["data"]["title"] = "Autodiagnostic commun du GHT"
            entry["key"] = "maturite-sms-v1-ght"
        if entry["kind"] == "scenario_template" and entry["key"] == "ransomware":
            entry["data"]["name"] = entry["title"] = "Rançongiciel (procédure GHT)"
    pack["items"].append({"kind": "scenario_template", "key": GHT_TEMPLATE["key"],
                          "title": GHT_TEMPLATE["name"], "data": GHT_TEMPLATE})
    if change:
        change(pack)
    pack["checksum"] = packs.checksum(pack["items"])
    path.write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")
    return packs.read_pack(path)


def test_pack_questionnaire_is_offered_and_its_campaign_reopens(demo_db, db, db_path, tmp_path):
    packs.apply_pack(db, _ght_pack(demo_db, tmp_path))
    assert [(q.key, q.version) for q in qn.available()[0]] == [("maturite-sms", "1")]  # no db
    found, problems = qn.available(db=db)
    assert problems == []
    assert [(q.key, q.version, q.from_group) for q in found] == [
        ("maturite-sms", "1", False), ("maturite-sms", "1-ght", True)]
    ght = found[1]
    assert ght.picker_label == "Autodiagnostic commun du GHT (version 1-ght) — modèle commun du groupement"
    assert qn.default_questionnaire(db=db).version == "1-ght"  # the group's version is preselected

    campaign = camp.create_campaign(db, "Autodiagnostic GHT", TODAY, ght)
    camp.save_answer(db, campaign, ght.question("1.1.1"), level=2)
    db.close()

    # Later, and on a database opened read-only (nothing is written to open it).
    for read_only in (False, True):
        again = open_database(db_path, read_only=read_only)
        try:
            q = camp.questionnaire_of(again, campaign)
            assert (q.key, q.version, q.title) == ("maturite-sms", "1-ght", "Autodiagnostic commun du GHT")
            assert camp.answers(again, campaign)["1.1.1"].level == 2
        finally:
            again.close()


def test_the_local_adaptation_of_a_pack_questionnaire_is_the_one_offered(demo_db, db, tmp_path):
    packs.apply_pack(db, _ght_pack(demo_db, tmp_path))
    item = packs.items(db, "questionnaire")[0]
    packs.adapt(db, item.id, {**item.standard, "title": "Autodiagnostic du GHT, version du site"})
    found, _problems = qn.available(db=db)
    assert found[-1].title == "Autodiagnostic du GHT, version du site" and found[-1].from_group


def test_a_pack_questionnaire_equal_to_the_shipped_one_is_not_offered_twice(demo_db, db, tmp_path):
    path = tmp_path / "same.json"
    packs.export_pack(demo_db, path, "GHT", version=1)
    packs.apply_pack(db, packs.read_pack(path))
    found, problems = qn.available(db=db)
    assert [(q.version, q.from_group) for q in found] == [("1", False)] and problems == []

    # Adapted locally without a new version: left out, with a message (campaigns name it by both).
    item = packs.items(db, "questionnaire")[0]
    packs.adapt(db, item.id, {**item.standard, "title": "Autre titre"})
    found, problems = qn.available(db=db)
    assert [q.from_group for q in found] == [False]
    assert len(problems) == 1 and "maturite-sms" in problems[0] and "autre version" in problems[0]


def test_pack_scenario_templates_are_offered_and_added(demo_db, db, tmp_path):
    assert GHT_TEMPLATE["key"] not in {t.key for t in c.load_templates(db=db)}  # before the pack
    packs.apply_pack(db, _ght_pack(demo_db, tmp_path))
    templates = {t.key: t for t in c.load_templates(db=db)}
    shipped = {t.key for t in c.load_templates()}
    assert set(templates) == shipped | {GHT_TEMPLATE["key"]}
    ght = templates[GHT_TEMPLATE["key"]]
    assert ght.from_group and ght.picker_label == (
        "Messagerie sécurisée du GHT indisponible — modèle commun du groupement")
    assert templates["ransomware"].name == "Rançongiciel (procédure GHT)"  # the group's version

    sid = c.add_from_template(db, GHT_TEMPLATE["key"])
    scenario = c.get_scenario(db, sid)
    assert (scenario["name"], scenario["kind"]) == (GHT_TEMPLATE["name"], "supplier")
    steps = [s["title"] for s in c.steps(db, sid)]
    assert steps == ["Prévenir la DSI du GHT", "Envoyer les comptes rendus par fax"]
    ransomware = c.add_from_template(db, "ransomware")
    assert c.get_scenario(db, ransomware)["name"] == "Rançongiciel (procédure GHT)"


def test_a_pack_with_a_broken_questionnaire_or_template_is_refused(demo_db, tmp_path):
    def break_questionnaire(pack):
        q = next(e for e in pack["items"] if e["kind"] == "questionnaire")
        q["data"]["dimensions"][0]["themes"][0]["questions"][0]["levels"].pop()

    with pytest.raises(ImportFileError, match="levels"):
        _ght_pack(demo_db, tmp_path, break_questionnaire)

    def break_template(pack):
        pack["items"][-1]["data"] = {**GHT_TEMPLATE, "steps": []}

    with pytest.raises(ImportFileError, match="steps"):
        _ght_pack(demo_db, tmp_path, break_template)


def test_the_pickers_of_the_pages_offer_the_pack_items(qtbot, demo_db, ctx, db, db_path, tmp_path):
    pytest.importorskip("pytestqt")
    from si_local.ui.continuity.page import create_page
    from si_local.ui.continuity.scenarios import ScenariosTab
    from si_local.ui.diagnostic.dialogs import NewCampaignDialog

    widget = create_page(ctx)
    qtbot.addWidget(widget)
    button = widget.findChild(ScenariosTab).template_button
    assert GHT_TEMPLATE["name"] not in [a.text() for a in button.menu().actions()]
    packs.apply_pack(db, _ght_pack(demo_db, tmp_path))  # taken while the page is open
    button.menu().aboutToShow.emit()
    labels = [a.text() for a in button.menu().actions()]
    assert "Messagerie sécurisée du GHT indisponible — modèle commun du groupement" in labels

    dialog = NewCampaignDialog(db, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.questionnaire.currentText() == (
        "Autodiagnostic commun du GHT (version 1-ght) — modèle commun du groupement")
    dialog.accept()
    assert camp.questionnaire_of(db, dialog.campaign_id).version == "1-ght"
