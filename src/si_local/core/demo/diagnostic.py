"""Demo self-diagnostic: two campaigns about a year apart, the second better in several dimensions,
each with its action plan (some actions done, some overdue)."""

from __future__ import annotations

import datetime as dt

from ..diagnostic import actions as act
from ..diagnostic import campaigns as camp
from ..diagnostic.proposals import proposals
from ..diagnostic.questionnaire import default_questionnaire

PARTICIPANTS = [
    ("Laurent Morel", "Directeur"),
    ("Sophie Garnier", "Responsable informatique"),
    ("Isabelle Fontaine", "Cadre supérieure de santé"),
    ("Dr Hélène Roux", "Médecin, présidente de la CME"),
]
CONTEXT = {"facility_type": "hospital", "beds": 86, "staff": 142, "workstations": 96, "sites": 2}

# Level of each question, per campaign: the first year, then the second (None: don't know,
# "na": not applicable). Written out so the demo's scores are stable and easy to check.
FIRST = {
    "1.1.1": 1, "1.1.2": 1, "1.1.3": 2, "1.2.1": 2, "1.2.2": 2, "1.2.3": 1, "1.3.1": 2,
    "1.3.2": 1, "1.4.1": 2, "1.4.2": 1, "1.5.1": 2, "1.5.2": None,
    "2.1.1": 3, "2.1.2": 2, "2.1.3": "na", "2.2.1": 2, "2.2.2": 1, "2.3.1": 3, "2.3.2": 2,
    "2.3.3": 2, "2.4.1": 1, "2.4.2": 1,
    "3.1.1": 3, "3.1.2": 1, "3.1.3": 2, "3.2.1": 2, "3.2.2": 1, "3.2.3": 2, "3.2.4": 1,
    "3.3.1": 2, "3.3.2": 1,
    "4.1.1": 2, "4.1.2": 1, "4.2.1": 0, "4.2.2": 1, "4.3.1": 1, "4.3.2": 1, "4.3.3": 1,
    "4.3.4": 1,
    "5.1.1": 1, "5.1.2": 2, "5.2.1": 1, "5.2.2": 1, "5.2.3": 1, "5.3.1": 2, "5.3.2": 2,
    "5.3.3": None, "5.4.1": 1, "5.4.2": 2, "5.5.1": 1, "5.5.2": 1, "5.5.3": 0,
    "6.1.1": 2, "6.1.2": 1, "6.1.3": 1, "6.2.1": 1, "6.2.2": 1, "6.2.3": 2,
    "7.1.1": 2, "7.1.2": 1, "7.2.1": 2, "7.2.2": 1, "7.2.3": 1, "7.3.1": 0, "7.3.2": 1,
    "7.3.3": 1, "7.3.4": 1,
}
SECOND_CHANGES = {
    "1.1.1": 2, "1.1.2": 3, "1.2.1": 3, "1.5.1": 3,
    "3.1.2": 3, "3.2.2": 2,
    "4.1.2": 3, "4.2.1": 2, "4.2.2": 2, "4.3.1": 3, "4.3.2": 3, "4.3.3": 2, "4.3.4": 3,
    "5.1.1": 3, "5.2.1": 2, "5.2.3": 3, "5.4.1": 3, "5.5.1": 2, "5.5.2": 3, "5.3.3": 2,
    "7.2.2": 2, "7.2.3": 2,
    "2.4.2": 0,  # the shared-record connector broke after a software update
}
COMMENTS = {
    "3.1.2": "Réplication de SRV-HYP-01 vers le site du Moulin mise en place au printemps.",
    "4.3.2": "Test de restauration du DPI réalisé en réseau isolé.",
    "5.2.1": "Reste un compte partagé à la pharmacie et un aux urgences de nuit.",
    "2.4.2": "Connecteur en panne depuis la dernière mise à jour de l’éditeur ; ticket ouvert.",
    "7.3.1": "Pas d’enquête depuis l’installation du DPI.",
}


def _answer(db, campaign_id, q, qid, value, comment="", evidence="", from_registry=False):
    question = q.question(qid)
    if value is None:
        camp.save_answer(db, campaign_id, question, status="dont_know", comment=comment)
    elif value == "na":
        camp.save_answer(db, campaign_id, question, status="not_applicable", comment=comment)
    else:
        camp.save_answer(db, campaign_id, question, status="level", level=value, comment=comment,
                         evidence=evidence, proposed_from_registry=from_registry)


def populate(db, today: dt.date) -> None:
    q = default_questionnaire()
    first_day = today - dt.timedelta(days=385)
    second_day = today - dt.timedelta(days=21)
    with db.atomic():
        first = camp.create_campaign(
            db, f"Autodiagnostic {first_day.year}", first_day, q,
            PARTICIPANTS[:3], {**CONTEXT, "workstations": 88})
        for qid, value in FIRST.items():
            _answer(db, first, q, qid, value)
        act.generate_action_plan(db, first, q)
        plan = act.actions(db, first)
        owners = ["Sophie Garnier", "Laurent Morel", "Isabelle Fontaine"]
        for index, a in enumerate(plan):
            owner = owners[index % 3]
            if a["question_id"] in SECOND_CHANGES:
                act.update_action(db, a["id"], first_day + dt.timedelta(days=200), owner=owner,
                                  status="done")
            elif index < 24:
                act.update_action(db, a["id"], owner=owner, status="in_progress")
            else:
                act.update_action(db, a["id"], status="dropped")
        camp.set_status(db, first, "closed", first_day + dt.timedelta(days=7))

        second = camp.create_campaign(
            db, f"Autodiagnostic {second_day.year}", second_day, q,
            PARTICIPANTS, CONTEXT, targets={"4": 3.5, "5": 3.5})
        proven = proposals(db, q, second_day)
        for qid, value in {**FIRST, **SECOND_CHANGES}.items():
            p = proven.get(qid)
            if p is not None and p.level == value:
                _answer(db, second, q, qid, value, COMMENTS.get(qid, ""), p.evidence, True)
            else:
                _answer(db, second, q, qid, value, COMMENTS.get(qid, ""))
        camp.save_answer(db, second, q.question("5.3.3"), to_review=True,
                         comment="Analyse d’exposition demandée au groupement régional.")
        act.generate_action_plan(db, second, q)
        for index, a in enumerate(act.actions(db, second)):
            if index < 6:
                act.update_action(db, a["id"], owner=["Sophie Garnier", "Laurent Morel",
                                                      "Isabelle Fontaine"][index % 3],
                                  status="in_progress" if index in (0, 2) else "todo")
            if index == 1:  # one priority action already late
                act.update_action(db, a["id"], due_date=today - dt.timedelta(days=5))
