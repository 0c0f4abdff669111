"""The demo's crisis exercise gets its full lessons-learned report: title, objectives, the
scenario as played, participants (the crisis cell's roles), a timeline of injects, events and
decisions, and what went well (continuity's demo already wrote what to improve and the actions)."""

from __future__ import annotations

import datetime as dt

from .. import continuity as c

PARTICIPANTS = [  # name, role, unit or organisation, crisis cell role
    ("Laurent Morel", "Directeur de crise", "Direction", "Directeur de crise"),
    ("Sophie Garnier", "Responsable informatique", "Service informatique", "Responsable informatique"),
    ("Karim Benali", "Technicien", "Service informatique", None),
    ("Isabelle Fontaine", "Coordinatrice des soins", "Direction des soins", "Coordination des soins"),
    ("Marc Dupuis", "Cadre de santé", "Médecine", None),
    ("Nadia Roussel", "Main courante", "Qualité", "Qualité et communication"),
    ("Hélène Faure", "Observatrice", "ARS Auvergne-Rhône-Alpes", None),
]
TIMELINE = [  # minutes after 14:00, kind, text, who, why
    (0, "inject", "Le DPI ne répond plus dans les unités : écran figé à la connexion.", None, None),
    (4, "event", "Appel du cadre de médecine au service informatique.", "Marc Dupuis", None),
    (9, "decision", "Réunir la cellule de crise en salle du conseil.", "Laurent Morel",
     "Panne générale du DPI au-delà de 5 minutes, seuil du plan."),
    (24, "inject", "Le serveur SRV-HYP-01 ne redémarre pas : carte mère hors service.", None, None),
    (29, "decision", "Déclencher le mode dégradé en médecine et basculer sur SRV-HYP-02.",
     "Laurent Morel", "Réparation du serveur estimée à plus de 4 heures, DMIA du DPI 2 heures."),
    (35, "event", "Feuilles de prescription papier distribuées en médecine.", "Isabelle Fontaine", None),
    (70, "inject", "L’ARS demande un point de situation écrit.", None, None),
    (74, "decision", "Envoyer un point de situation à l’ARS toutes les heures.", "Nadia Roussel",
     "Demande de l’ARS, déclaration d’incident à suivre."),
    (125, "event", "DPI de nouveau accessible depuis SRV-HYP-02.", "Karim Benali", None),
    (140, "decision", "Lever le mode dégradé et ressaisir les prescriptions papier.", "Laurent Morel",
     "DPI vérifié par le référent médical."),
]
WENT_WELL = [
    "La cellule de crise était réunie 9 minutes après l’alerte, sans oubli dans l’annuaire.",
    "Le mode dégradé de médecine a démarré sans hésitation : les fiches réflexes étaient à jour.",
]


def populate(db, today: dt.date) -> None:
    exercises = c.exercises(db)
    if not exercises:
        return
    ex = exercises[0]
    c.save_exercise(db, {**ex, "title": "Exercice annuel : panne du serveur du DPI",
                         "objectives": "Vérifier le déclenchement de la cellule de crise en moins de "
                                       "15 minutes, la bascule sur le serveur miroir dans la DMIA du "
                                       "DPI et la tenue du mode dégradé en médecine pendant 2 heures.",
                         "scenario_text": "Un mardi à 14 h, le serveur SRV-HYP-01 tombe en panne : "
                                          "le DPI et la messagerie sont indisponibles. L’exercice "
                                          "joue la bascule sur SRV-HYP-02 et le mode dégradé."},
                    ex["id"])
    roles = {name: rid for rid, name in c.crisis_role_choices(db)}
    for name, role, unit, crisis_role in PARTICIPANTS:
        c.save_participant(db, ex["id"], {"name": name, "role": role, "organisation": unit,
                                          "crisis_role_id": roles.get(crisis_role)})
    start = dt.datetime.combine(dt.date.fromisoformat(ex["held_on"]), dt.time(14, 0))
    for minutes, kind, text, who, why in TIMELINE:
        c.save_event(db, ex["id"], {"at": (start + dt.timedelta(minutes=minutes)).isoformat(),
                                    "kind": kind, "text": text, "who": who, "why": why})
    for text in WENT_WELL:
        c.save_finding(db, {"exercise_id": ex["id"], "finding": text, "kind": "went_well"})
