"""Demo continuity plan of the Hôpital local des Deux-Rives: the mandatory scenario and two more,
critical activities with the degraded mode of most units (the reception has none yet), the
crisis cell from the demo contacts, one past exercise."""

from __future__ import annotations

import datetime as dt

from .. import continuity as c


def _id(db, table: str, name: str) -> int:
    return db.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()[0]


def populate(db, today: dt.date) -> None:
    app = lambda name: _id(db, "application", name)  # noqa: E731
    contact = lambda name: _id(db, "contact", name)  # noqa: E731

    c.save_plan(db, {
        "title": "Plan de continuité et de reprise d’activité (PCRA)",
        "author": "Sophie Garnier, responsable informatique",
        "scope": "Les deux sites (Tilleuls et Moulin) : unités de soins, EHPAD, services "
                 "administratifs et médico-techniques ; système d’information hébergé sur "
                 "SRV-HYP-01 et répliqué sur SRV-HYP-02.",
        "trigger_rules": "Le plan est déclenché par le directeur (ou son adjointe) dès qu’une "
                         "panne empêche l’accès au dossier patient plus de 30 minutes, en cas de "
                         "cyberattaque suspectée, ou sur décision de la cellule de crise.",
        "communication": "Personnel : messages par les cadres et affichage. ARS : point focal "
                         "régional. CERT Santé : déclaration d’incident. Familles et résidents : "
                         "accueil et message commun validé par la direction.",
        "return_to_normal": "Ressaisie des données papier par priorité, contrôle par la qualité, "
                            "levée du mode dégradé par le directeur, retour d’expérience sous 15 jours.",
    })
    c.approve_plan(db, "Laurent Morel, directeur", today - dt.timedelta(days=160),
                   "Première version validée en comité de direction.")
    c.save_plan(db, {"next_review": (today + dt.timedelta(days=205)).isoformat()})

    c.save_activity(db, {
        "name": "Médecine polyvalente", "kind": "care_unit", "owner_role": "Cadre de santé, médecine",
        "description": "30 lits de médecine ; prescriptions, administration des traitements, "
                       "transmissions.",
        "dmia_hours": 4, "pdma_hours": 24,
        "degraded_procedure": "Sortir le classeur PCA de l’unité. Utiliser les plans de soins et "
                              "les feuilles de prescription papier pré-imprimées. Le médecin "
                              "recopie les prescriptions en cours à partir du dernier extrait "
                              "imprimé. Noter chaque administration avec l’heure et le nom. "
                              "Transmissions écrites à chaque relève.",
        "application_ids": [app("Dossier patient Sillage+")]})
    c.save_activity(db, {
        "name": "Admissions et facturation", "kind": "administrative",
        "owner_role": "Directrice adjointe",
        "description": "Admissions, identité des patients, mouvements, facturation.",
        "dmia_hours": 24, "pdma_hours": 24,
        "degraded_procedure": "Registre papier des entrées et sorties avec numéros provisoires "
                              "(série PCA-001 et suivantes). Vérifier l’identité avec une pièce "
                              "officielle. La facturation attend le retour du logiciel.",
        "application_ids": [app("Gestion administrative du patient")]})
    c.save_activity(db, {
        "name": "Pharmacie à usage intérieur et résultats de laboratoire", "kind": "medico_technical",
        "owner_role": "Pharmacien",
        "description": "Dispensation des médicaments et réception des résultats de biologie.",
        "dmia_hours": 8, "pdma_hours": 4,
        "degraded_procedure": "Dispensation nominative sur ordonnance papier. Résultats de "
                              "biologie transmis par fax ou téléphone par le laboratoire ; les "
                              "résultats critiques sont dictés et relus au médecin.",
        "application_ids": [app("Liaison laboratoire"), app("Dossier patient Sillage+")]})

    _unit_activities(db, app("Dossier patient Sillage+"))

    templates = c.load_templates()
    mandatory = c.add_from_template(db, "is_unavailable", templates=templates)
    ransomware = c.add_from_template(db, "ransomware", templates=templates)
    site = c.add_from_template(db, "site", templates=templates)
    # name the registry items the recovery steps concern
    srv1, srv2 = _id(db, "server", "SRV-HYP-01"), _id(db, "server", "SRV-HYP-02")
    for st in c.steps(db, mandatory):
        if "miroir" in st["title"]:
            c.save_step(db, {**st, "items": [("server_id", srv1), ("server_id", srv2)]}, st["id"])
        elif "annuaire" in st["title"]:
            c.save_step(db, {**st, "items": [("vm_id", _id(db, "vm", "VM-AD01")),
                                            ("vm_id", _id(db, "vm", "VM-DPI01"))]}, st["id"])
    for st in c.steps(db, ransomware):
        if "sauvegarde saine" in st["title"]:
            c.save_step(db, {**st, "items": [("backup_id", _id(db, "backup", "Disque hebdomadaire hors site")),
                                            ("backup_id", _id(db, "backup", "Sauvegarde nocturne sur NAS"))]},
                        st["id"])
    for st in c.steps(db, site):
        if "serveur miroir" in st["title"]:
            c.save_step(db, {**st, "items": [("server_id", srv2)]}, st["id"])

    roles = [
        ("Directeur de crise", "Laurent Morel", "Claire Vidal", "DSI, cadre supérieure, présidente de CME",
         "Déclenche et lève le plan ; décide ; communique vers l’ARS et les familles."),
        ("Responsable informatique", "Sophie Garnier", "Karim Benali", "technicien, astreinte du GHT, éditeurs",
         "Diagnostic, bascule sur le miroir, restauration, redémarrage."),
        ("Coordination des soins", "Isabelle Fontaine", "Marc Dupuis", "cadres des unités",
         "Déclenche le mode dégradé dans les unités, suit la sécurité des soins."),
        ("Référent médical", "Dr Anne Lemoine", "Nadia Roussel", "médecins de garde",
         "Priorise les soins, valide les prescriptions papier."),
        ("Qualité et communication", "Nadia Roussel", "Claire Vidal", "ARS, CERT Santé",
         "Main courante, déclarations d’incident, retour d’expérience."),
        ("Astreinte informatique du GHT", "DSI du GHT", None, "",
         "Renfort technique, accès au site de secours."),
    ]
    for role, who, standin, calls, duties in roles:
        c.save_crisis_role(db, {"role": role, "contact_id": contact(who),
                                "standin_contact_id": contact(standin) if standin else None,
                                "calls": calls, "duties": duties})

    held = today - dt.timedelta(days=75)
    ex = c.save_exercise(db, {
        "held_on": held.isoformat(), "scenario_id": mandatory, "kind": "partial",
        "participants": "L. Morel, S. Garnier, K. Benali, I. Fontaine, M. Dupuis, équipe de médecine",
        "notes": "Exercice de bascule sur SRV-HYP-02 un mardi à 14 h, unité de médecine en mode dégradé "
                 "pendant 2 heures."})
    measured = {1: 4, 2: 20, 3: 35, 4: 15, 5: 25, 6: 30, 7: 10, 8: 75, 9: 95, 10: 120, 11: 40}
    for st in c.steps(db, mandatory):
        if st["position"] in measured:
            c.record_step_time(db, ex, st["id"], measured[st["position"]])
    c.save_finding(db, {
        "exercise_id": ex, "finding": "Les numéros de portable de l’astreinte du GHT n’étaient pas à jour "
        "dans le classeur PCA.", "action": "Mettre à jour l’annuaire de crise et réimprimer le plan",
        "owner": "Nadia Roussel", "due_on": (held + dt.timedelta(days=30)).isoformat(), "status": "done"})
    c.save_finding(db, {
        "exercise_id": ex, "finding": "La bascule sur le miroir a pris 95 minutes au lieu de 60 : "
        "la procédure de redirection DNS n’était pas écrite.",
        "action": "Rédiger la procédure de bascule DNS et l’ajouter à l’étape de bascule",
        "owner": "Karim Benali", "due_on": (today + dt.timedelta(days=20)).isoformat(), "status": "open"})
    c.save_finding(db, {
        "exercise_id": ex, "finding": "Feuilles de prescription papier en nombre insuffisant en médecine.",
        "action": "Constituer un stock de 200 feuilles par unité", "owner": "Marc Dupuis",
        "due_on": (today - dt.timedelta(days=10)).isoformat(), "status": "open"})


# the units of the demo (training) that have their degraded mode written (not the reception)
UNIT_PROCEDURES = [
    ("SSR — Soins de suite", "Cadre de santé, SSR", 8, 24,
     "Plans de soins papier de l’unité. Les séances de rééducation suivent le planning imprimé "
     "chaque vendredi. Transmissions écrites à chaque relève."),
    ("Urgences et consultations", "Médecin responsable des urgences", 1, 24,
     "Dossier d’urgence papier (liasse pré-numérotée). Identité vérifiée et écrite en "
     "capitales. Les résultats sont demandés par téléphone ; les consultations programmées "
     "sont maintenues sur la liste imprimée la veille."),
    ("EHPAD Les Charmilles", "Infirmière coordinatrice", 12, 24,
     "Classeur des résidents (traitements, régimes, allergies) imprimé chaque semaine. "
     "Distribution des médicaments avec les piluliers préparés et la feuille papier ; "
     "transmissions écrites."),
    ("Équipe de nuit", "Cadre de nuit", 2, 24,
     "Relevé papier des constantes et des administrations de la nuit ; appel du cadre "
     "d’astreinte ; remise du relevé à l’équipe du matin, qui le ressaisit."),
]


def _unit_activities(db, dpi: int) -> None:
    for name, owner, dmia, pdma, procedure in UNIT_PROCEDURES:
        c.save_activity(db, {"name": name, "kind": "care_unit", "owner_role": owner,
                             "dmia_hours": dmia, "pdma_hours": pdma, "degraded_procedure": procedure,
                             "application_ids": [dpi]})
