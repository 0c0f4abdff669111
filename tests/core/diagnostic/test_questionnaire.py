"""The questionnaire files: the shipped one loads and has the expected shape; bad files are refused
with a message naming the file and the JSON path."""

from __future__ import annotations

import json
import re

import pytest
from diag_support import small_dict

from si_local.core.diagnostic import questionnaire as qn
from si_local.core.errors import ImportFileError


def test_shipped_questionnaire_loads_and_has_the_expected_shape():
    q = qn.load_questionnaire(qn.questionnaires_dir() / "maturite-sms-v1.json")
    assert (q.key, q.version) == ("maturite-sms", "1")
    assert len(q.dimensions) == 7
    assert [d.id for d in q.dimensions] == ["1", "2", "3", "4", "5", "6", "7"]
    assert q.dimensions[4].title == "Sécurité du système d’information"
    assert 55 <= len(q.questions) <= 70
    assert 13 <= sum(x.core for x in q.questions) <= 17
    for d in q.dimensions:
        assert any(x.core for x in d.questions), d.id
    for x in q.questions:
        assert re.fullmatch(r"\d\.\d\.\d", x.id)
        assert x.id.startswith(x.theme_id + ".") and x.theme_id.startswith(x.dimension_id + ".")
        assert len(x.levels) == 5 and 1 <= x.weight <= 3
        assert x.actions, f"{x.id} has no recommended action"
        assert x.actions_for(0), f"{x.id}: level 0 gets no action"
    rules = {x.evidence_rule.rule for x in q.questions if x.evidence_rule}
    assert rules == set(qn.RULES)
    assert [f.key for f in q.context] == ["facility_type", "beds", "staff", "workstations", "sites"]


def _write(tmp_path, data, name="bad.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("breaker, where", [
    (lambda d: d["dimensions"][0]["themes"][0]["questions"][1]["levels"].pop(),
     "$.dimensions[0].themes[0].questions[1].levels"),
    (lambda d: d["dimensions"][1]["themes"][0]["questions"][0].update(weight=5),
     "$.dimensions[1].themes[0].questions[0].weight"),
    (lambda d: d["dimensions"][0]["themes"][1]["questions"][0].update(id="1.1.1"),
     "$.dimensions[0].themes[1].questions[0].id"),
    (lambda d: d["dimensions"][0]["themes"][0]["questions"][0].update(
        evidence_rule={"rule": "guess", "levels": {"met": 3}}),
     "$.dimensions[0].themes[0].questions[0].evidence_rule.rule"),
    (lambda d: d["dimensions"][0]["themes"][0]["questions"][0].pop("text"),
     "$.dimensions[0].themes[0].questions[0].text"),
    (lambda d: d["dimensions"][0]["themes"][0]["questions"][0]["actions"][0].pop("how"),
     "$.dimensions[0].themes[0].questions[0].actions[0].how"),
    (lambda d: d.update(format="autre"), "$.format"),
    (lambda d: d["context"][1].update(choices=[]), "$.context[1].choices"),
    (lambda d: d["dimensions"][1].update(default_target=9), "$.dimensions[1].default_target"),
])
def test_bad_files_name_the_file_and_the_json_path(tmp_path, breaker, where):
    data = small_dict()
    breaker(data)
    path = _write(tmp_path, data)
    with pytest.raises(ImportFileError) as info:
        qn.load_questionnaire(path)
    message = str(info.value)
    assert re.match(r"bad\.json ?: " + re.escape(where) + " ?: ", message), message
    assert "\n" not in message


def test_not_json_gives_the_line(tmp_path):
    path = _write(tmp_path, '{\n  "format": "si-local-questionnaire",\n  oops\n}')
    with pytest.raises(ImportFileError, match=r"bad\.json ?: le JSON est invalide ligne 3, colonne 3"):
        qn.load_questionnaire(path)


def test_another_questionnaire_is_offered_without_code(tmp_path):
    (tmp_path / "petit-v1.json").write_text(json.dumps(small_dict()), encoding="utf-8")
    broken = small_dict()
    broken["dimensions"] = []
    (tmp_path / "zz-broken.json").write_text(json.dumps(broken), encoding="utf-8")
    found, problems = qn.available(tmp_path)
    assert [(q.key, q.version) for q in found] == [("petit", "1")]
    assert len(problems) == 1 and re.match(r"zz-broken\.json ?: \$\.dimensions ?: ", problems[0])
    assert qn.get_questionnaire("petit", "1", tmp_path).title == "Petit questionnaire"
    with pytest.raises(ImportFileError, match="petit"):
        qn.get_questionnaire("petit", "2", tmp_path)


@pytest.mark.parametrize("content, message", [
    ("[" * 100_000 + "]" * 100_000, "imbriqué trop profondément"),
    ('{"format": "si-local-questionnaire", "beds": ' + "9" * 5000 + "}", "trop de chiffres"),
    (None, r"\\udc00.*UTF-16"),
])
def test_a_file_python_cannot_decode_or_store_is_one_line(tmp_path, content, message):
    """Nesting 100,000 deep (RecursionError), 5,000 digits (ValueError) and half a UTF-16 pair
    (a string no file or database can hold) used to end in « erreur inattendue »."""
    if content is None:
        content = json.dumps(small_dict()).replace('"text": "', '"text": "\\udc00', 1)
    path = _write(tmp_path, content)
    with pytest.raises(ImportFileError, match=r"bad\.json ?: .*" + message) as info:
        qn.load_questionnaire(path)
    assert "\n" not in str(info.value)
