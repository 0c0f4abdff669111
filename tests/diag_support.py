"""Helpers of the diagnostic tests (not a conftest.py: see tests/support.py)."""

from __future__ import annotations

import copy

from si_local.core.diagnostic.questionnaire import parse_questionnaire


def _q(qid, weight, core=False, na=False, rule=None, max_level=2):
    d = {"id": qid, "text": f"Question {qid} ?", "weight": weight, "core": core,
         "allow_not_applicable": na,
         "levels": [f"Niveau {i} de {qid}." for i in range(5)],
         "actions": [{"max_level": max_level, "title": f"Action {qid}", "why": f"Pourquoi {qid}.",
                      "how": f"Comment {qid}."}]}
    if rule:
        d["evidence_rule"] = rule
    return d


SMALL = {
    "format": "si-local-questionnaire", "format_version": 1, "key": "petit", "version": "1",
    "title": "Petit questionnaire", "level_names": ["A", "B", "C", "D", "E"],
    "context": [{"key": "beds", "label": "Lits", "type": "integer"},
                {"key": "kind", "label": "Type", "type": "choice",
                 "choices": [{"key": "ehpad", "label": "EHPAD"}]}],
    "dimensions": [
        {"id": "1", "title": "Un", "default_target": 3, "themes": [
            {"id": "1.1", "title": "Thème 1.1", "questions": [
                _q("1.1.1", 3, core=True), _q("1.1.2", 1), _q("1.1.3", 2, na=True)]},
            {"id": "1.2", "title": "Thème 1.2", "questions": [_q("1.2.1", 2, core=True)]}]},
        {"id": "2", "title": "Deux", "default_target": 2, "themes": [
            {"id": "2.1", "title": "Thème 2.1", "questions": [
                _q("2.1.1", 1), _q("2.1.2", 3, na=True, max_level=1)]}]},
    ],
}


def small_dict():
    return copy.deepcopy(SMALL)


def small_questionnaire():
    return parse_questionnaire(small_dict(), "petit.json")
