"""Texts the group sends (core-model packs) and the files the areas read (scenario templates,
questionnaires) are held to the limits of the columns they are written to: a longer one refuses
the file in one line, before anything is written."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from si_local.core import continuity as c
from si_local.core.db import open_database
from si_local.core.diagnostic.questionnaire import parse_questionnaire, questionnaires_dir
from si_local.core.errors import ImportFileError, UserError
from si_local.core.group import packs
from si_local.core.interop.common import rows_checksum

RULE = {"registry_kind": "servers", "pattern": "SRV-[A-Z0-9-]+"}


def _pack(tmp_path, change) -> tuple:
    """A pack of one naming rule and one training module, changed by ``change(pack)`` and its
    checksum made right again (the group's own SI Local would not write it: a hand-edited file)."""
    group = open_database(tmp_path / "group.sqlite")
    packs.add_rule(group, "naming_rule", "servers-name", "Serveurs : SRV-…", RULE)
    packs.add_rule(group, "training_module", "dossier patient", "Dossier patient",
                   {"name": "Dossier patient", "duration_minutes": 60, "modality": "classroom",
                    "description": "Les bases", "profiles": ["nurse"]})
    path = tmp_path / "pack.json"
    packs.export_pack(group, path, "GHT Bocage", version=1)
    group.close()
    pack = json.loads(path.read_text(encoding="utf-8"))
    change(pack)
    pack["checksum"] = packs.checksum(pack["items"])
    path.write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")
    return path


def _module(pack) -> dict:
    return next(e for e in pack["items"] if e["kind"] == "training_module")


@pytest.mark.parametrize("change, message", [
    (lambda p: p["items"][0].update(title="T" * 300), "Intitulé : 300 caractères, au plus 200."),
    (lambda p: _module(p)["data"].update(name="M" * 5000),
     "module de formation « dossier patient » : Nom : 5\u202f000 caractères, au plus 200."),
    (lambda p: _module(p)["data"].update(description="d" * 10_001),
     "Contenu : 10\u202f001 caractères, au plus 10\u202f000."),
    (lambda p: p.update(group="G" * 201), "Groupement : 201 caractères, au plus 200."),
], ids=["item title", "module name", "module content", "group name"])
def test_a_pack_with_a_too_long_text_is_refused_and_nothing_is_written(tmp_path, db, db_path,
                                                                         change, message):
    path = _pack(tmp_path, change)
    before = rows_checksum(db)
    with pytest.raises(ImportFileError) as caught:
        packs.apply_pack(db, packs.read_pack(path))
    text = str(caught.value)
    assert text.startswith("pack.json") and message in text, text
    assert "\n" not in text and len(text) < 300
    assert rows_checksum(db) == before


def test_the_command_line_refuses_it_in_one_line(tmp_path):
    path = _pack(tmp_path, lambda p: _module(p)["data"].update(name="M" * 5000))
    database = tmp_path / "facility.sqlite"
    open_database(database).close()
    done = run_cli("group", "import-pack", "--db", str(database), str(path))
    assert done.returncode not in (0, 70), done.stderr
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("si-local: ") and "5\u202f000 caractères, au plus 200." in line
    db = open_database(database)
    assert db.execute("SELECT count(*) FROM training_module").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM core_model_item").fetchone()[0] == 0
    db.close()


def test_a_group_name_too_long_is_not_written_into_a_pack(db, tmp_path):
    with pytest.raises(UserError, match="Groupement : 300 caractères, au plus 200."):
        packs.export_pack(db, tmp_path / "pack.json", "G" * 300)
    assert not (tmp_path / "pack.json").exists()
    assert not (tmp_path / "pack.json.part").exists()


def test_a_scenario_template_with_a_too_long_step_is_refused(db):
    data = json.loads(c.templates_path().read_text(encoding="utf-8"))
    data["templates"][1]["steps"][2]["title"] = "s" * 201
    with pytest.raises(ImportFileError) as caught:
        c.parse_templates(data, "modeles.json")
    assert str(caught.value) == ("modeles.json : modèle 2, étape 3 : "
                                 "Intitulé : 201 caractères, au plus 200.")
    data["templates"][1]["steps"][2]["title"] = "Étape"
    data["templates"][0]["description"] = "d" * 10_001
    with pytest.raises(ImportFileError, match="modèle 1 : Description : 10\u202f001 caractères"):
        c.parse_templates(data, "modeles.json")


def test_a_questionnaire_whose_action_is_too_long_for_the_action_plan_is_refused():
    path = next(questionnaires_dir().glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    question = data["dimensions"][0]["themes"][0]["questions"][0]
    question["actions"][0]["title"] = "a" * 201
    with pytest.raises(ImportFileError) as caught:
        parse_questionnaire(data, "q.json")
    assert str(caught.value).endswith(".actions[0].title : Intitulé : 201 caractères, au plus 200.")
