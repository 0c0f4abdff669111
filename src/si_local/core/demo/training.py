"""Demo training plan: the roll-out of the patient record « Dossier patient Sillage+ ».

Seven units over the two sites, about 120 people, référents (the SSR has none yet), five modules,
sessions held over the last five weeks with their attendance (one still to record) and sessions to
come before a go-live three weeks from ``today``.
"""

from __future__ import annotations

import datetime as dt
import random

from .. import training as t

LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
    "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger",
    "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez",
    "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty",
]
FIRST_F = ["Claire", "Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie", "Émilie",
           "Julie", "Laetitia", "Stéphanie", "Virginie", "Camille", "Manon", "Léa", "Chloé",
           "Sarah", "Marine", "Pauline", "Élodie", "Audrey", "Caroline", "Valérie", "Karine",
           "Mélanie", "Amandine", "Océane", "Inès", "Fatima", "Nadia", "Christine", "Sylvie"]
FIRST_M = ["Nicolas", "Julien", "Sébastien", "Thomas", "Mathieu", "Antoine", "Maxime", "Kévin",
           "Romain", "Alexandre", "Guillaume", "Jérôme", "Olivier", "Franck", "Karim", "Hugo",
           "Lucas", "Théo", "Damien", "Cédric"]

APPLICATION = "Dossier patient Sillage+"

# name, site key, kind, manager, [(profile, count, shift)]
UNITS = [
    ("Médecine polyvalente", "site_a", "care_unit", "Mme Catherine Roux, cadre de santé",
     [("doctor", 4, "day"), ("nurse", 12, "day"), ("nursing_assistant", 13, "day"),
      ("secretary", 1, "day")]),
    ("SSR — Soins de suite", "site_a", "care_unit", "M. Olivier Brun, cadre de santé",
     [("doctor", 2, "day"), ("nurse", 7, "day"), ("nursing_assistant", 10, "day"),
      ("other", 1, "day")]),
    ("Urgences et consultations", "site_a", "service", "Mme Hélène Faure, cadre de santé",
     [("doctor", 5, "day"), ("nurse", 8, "day"), ("nursing_assistant", 5, "day"),
      ("midwife", 3, "day"), ("secretary", 3, "day")]),
    ("Pharmacie à usage intérieur", "site_a", "service", "Dr Marc Lemoine, pharmacien gérant",
     [("pharmacy", 4, "day")]),
    ("EHPAD Les Charmilles", "site_b", "care_unit", "Mme Sylvie Perrin, infirmière coordinatrice",
     [("doctor", 1, "day"), ("nurse", 6, "day"), ("nursing_assistant", 14, "day"),
      ("nursing_assistant", 2, "night")]),
    ("Équipe de nuit", "site_a", "night_team", "Mme Nadia Benali, cadre de nuit",
     [("nurse", 5, "night"), ("nursing_assistant", 9, "night")]),
    ("Accueil et admissions", "site_b", "service", "M. Franck Dupuy, responsable des admissions",
     [("secretary", 5, "day")]),
]

MODULES = [
    ("Prescription connectée", 180, "classroom", ["doctor", "midwife"],
     "Prescrire, adapter et arrêter un traitement ; protocoles ; prescriptions conditionnelles."),
    ("Administration et validation des soins", 180, "classroom", ["nurse", "midwife"],
     "Plan d’administration, validation au lit du patient, traçabilité des non-administrations."),
    ("Plan de soins et transmissions ciblées", 120, "classroom", ["nurse", "nursing_assistant"],
     "Plan de soins de la journée, transmissions ciblées (DAR), relève d’équipe."),
    ("Admissions et mouvements", 120, "classroom", ["secretary"],
     "Pré-admission, admission, mutations, sorties ; identitovigilance (INS)."),
    ("Validation pharmaceutique", 120, "tutoring", ["pharmacy"],
     "Analyse et validation des prescriptions, dispensation, interventions pharmaceutiques."),
]

ROOM_A = "Salle de formation, bâtiment A (Tilleuls)"
ROOM_B = "Salle de réunion de l’EHPAD (Moulin)"
VENDOR = "Logisanté — Mme Aubert, formatrice éditeur"
INTERNAL = "Mme Julie Girard, formatrice interne"

# Who gets trained first (the demo's story: medicine went first, the SSR and nights lag behind).
PRIORITY = ["Médecine polyvalente", "Urgences et consultations", "Pharmacie à usage intérieur",
            "Accueil et admissions", "EHPAD Les Charmilles", "Équipe de nuit", "SSR — Soins de suite"]

# days from today, start "HH:MM", module index, trainer kind, room, capacity, people to book
PAST = [
    (-35, "09:00", 0, "vendor", ROOM_A, 8, 7),
    (-34, "14:00", 0, "vendor", ROOM_A, 8, 6),
    (-31, "09:00", 1, "vendor", ROOM_A, 8, 8),
    (-31, "14:00", 1, "vendor", ROOM_A, 8, 7),
    (-28, "09:00", 2, "internal", ROOM_A, 10, 10),
    (-27, "09:00", 2, "internal", ROOM_B, 10, 10),
    (-27, "14:00", 2, "internal", ROOM_B, 10, 9),
    (-24, "09:00", 3, "internal", ROOM_A, 6, 5),
    (-21, "09:00", 4, "referent", "Pharmacie", 4, 3),
    (-20, "14:00", 1, "internal", ROOM_A, 8, 8),
    (-17, "09:00", 2, "referent", ROOM_A, 10, 9),
    (-14, "21:00", 2, "internal", ROOM_A, 8, 7),
    (-10, "14:00", 0, "internal", ROOM_A, 8, 5),
    (-3, "09:00", 1, "internal", ROOM_A, 8, 7),  # attendance not recorded yet
]
UPCOMING = [
    (2, "09:00", 2, "internal", ROOM_B, 10, 8),
    (3, "14:00", 1, "internal", ROOM_A, 8, 6),
    (5, "21:00", 1, "internal", ROOM_A, 8, 4),
    (7, "09:00", 0, "vendor", ROOM_A, 8, 3),
    (9, "09:00", 2, "referent", ROOM_A, 10, 0),
    (10, "14:00", 3, "internal", ROOM_B, 6, 2),
    (14, "21:00", 2, "internal", ROOM_A, 8, 0),
    (16, "09:00", 1, "internal", ROOM_A, 8, 0),
]


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    people, seen = [], set()
    while len(people) < count:
        female = rng.random() < 0.78
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(LAST_NAMES)
        if (last, first) not in seen:
            seen.add((last, first))
            people.append((last, first))
    return people


def _duration(module: int, hour: str) -> int:
    """Night sessions are kept to two hours (21:00–23:00), during the quiet part of the night."""
    return min(MODULES[module][1], 120) if hour >= "20" else MODULES[module][1]


def _pick(proposed: list[dict], count: int, night: bool) -> list[int]:
    def rank(p: dict) -> tuple:
        unit = PRIORITY.index(p["unit_name"]) if p["unit_name"] in PRIORITY else 99
        return (p["shift"] != "night", unit) if night else (p["shift"] == "night", unit)
    return [p["id"] for p in sorted(proposed, key=rank)][:count]


def _session_values(today: dt.date, days: int, start: str, module_id: int, kind: str, room: str,
                    capacity: int, duration: int) -> dict:
    day = today + dt.timedelta(days=days)
    hour, minute = (int(x) for x in start.split(":"))
    starts = dt.datetime.combine(day, dt.time(hour, minute))
    ends = starts + dt.timedelta(minutes=duration)
    trainer = {"vendor": VENDOR, "internal": INTERNAL, "referent": "Mme Sylvie Dumas, IDE référente"}[kind]
    return {"module_id": module_id, "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
            "trainer_kind": kind, "trainer_name": trainer, "room": room, "capacity": capacity,
            "notes": "Environnement de formation Sillage+ ; apporter sa carte CPS." if days > 0 else None}


def populate(db, today: dt.date) -> dict[str, int]:
    rng = random.Random(20261123)  # one sequence: the names first, then the evaluations
    app = db.execute("SELECT id FROM application WHERE name = ?", [APPLICATION]).fetchone()
    app_id = app[0] if app else None
    unit_ids, by_unit = _units_and_staff(db, rng)
    module_ids = [t.save_module(db, {"name": name, "application_id": app_id, "duration_minutes": minutes,
                                     "modality": modality, "profiles": profiles,
                                     "description": description})
                  for name, minutes, modality, profiles, description in MODULES]
    t.save_plan(db, {"go_live_date": (today + dt.timedelta(days=21)).isoformat(), "target_percent": 80,
                     "application_id": app_id,
                     "notes": "Bascule sur Sillage+ de toutes les unités le même jour, à 7 h."})
    _referents(db, today, unit_ids, by_unit)
    _past_sessions(db, today, rng, module_ids)
    _upcoming_sessions(db, today, module_ids)
    return unit_ids


def _units_and_staff(db, rng: random.Random) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The units and their staff: (unit ids by name, staff ids by unit name)."""
    sites = {key: db.execute("SELECT id FROM site WHERE name = ?", [name]).fetchone()
             for key, name in (("site_a", "Site des Tilleuls"), ("site_b", "Site du Moulin"))}
    total = sum(count for *_rest, groups in UNITS for _p, count, _s in groups)
    names = iter(_names(rng, total))
    unit_ids: dict[str, int] = {}
    by_unit: dict[str, list[int]] = {}
    index = 0
    for name, site, kind, manager, groups in UNITS:
        site_row = sites.get(site)
        unit_id = t.save_unit(db, {"name": name, "site_id": site_row[0] if site_row else None,
                                   "kind": kind, "manager_name": manager})
        unit_ids[name] = unit_id
        by_unit[name] = []
        for profile, count, shift in groups:
            for _n in range(count):
                last, first = next(names)
                index += 1
                status = "temporary" if index % 13 == 5 else "newcomer" if index % 17 == 3 else "permanent"
                by_unit[name].append(t.save_staff(db, {
                    "last_name": last, "first_name": first, "profile": profile, "unit_id": unit_id,
                    "shift": shift, "status": status}))
    return unit_ids, by_unit


def _referents(db, today: dt.date, unit_ids: dict[str, int], by_unit: dict[str, list[int]]) -> None:
    """Référents: a nurse and a nursing assistant where there are some; none in the SSR yet."""
    start = (today - dt.timedelta(days=60)).isoformat()
    mission = ("Relais de l’équipe projet : participe aux réunions, forme ses collègues, "
               "remonte les difficultés ; 2 h par semaine dégagées jusqu’à la bascule.")
    for name, ids in by_unit.items():
        if name.startswith("SSR"):
            continue
        rows = [t.get_staff(db, i) for i in ids]
        chosen = []
        for profile in ("nurse", "nursing_assistant", "secretary", "pharmacy"):
            match = [r for r in rows if r["profile"] == profile and r["status"] == "permanent"]
            if match:
                chosen.append(match[-1]["id"])
            if len(chosen) == 2:
                break
        for staff_id in chosen:
            t.add_referent(db, unit_ids[name], staff_id, start, mission)


def _past_sessions(db, today: dt.date, rng: random.Random, module_ids: list[int]) -> None:
    """Sessions already held, with who came."""
    counter = 0
    for days, hour, module, kind, room, capacity, count in PAST:
        sid = t.save_session(db, _session_values(today, days, hour, module_ids[module], kind, room,
                                                 capacity, _duration(module, hour)))
        people = _pick(t.propose(db, sid, today), count, hour >= "20")
        t.book(db, sid, people)
        if days >= -3:
            continue  # the last one: attendance still to record
        attendance, evaluations = {}, {}
        for staff_id in people:
            counter += 1
            status = "absent" if counter % 9 == 4 else "excused" if counter % 13 == 7 else "present"
            attendance[staff_id] = status
            if status == "present" and counter % 3:
                evaluations[staff_id] = (rng.choice([3, 4, 4, 5, 5]),
                                         rng.choice([None, None, "Très concret.",
                                                     "Un peu rapide sur la fin.",
                                                     "Besoin de pratiquer encore."]))
        t.record_attendance(db, sid, attendance, evaluations, today=today)


def _upcoming_sessions(db, today: dt.date, module_ids: list[int]) -> None:
    """Sessions to come, partly filled."""
    for days, hour, module, kind, room, capacity, count in UPCOMING:
        sid = t.save_session(db, _session_values(today, days, hour, module_ids[module], kind, room,
                                                 capacity, _duration(module, hour)))
        people = _pick(t.propose(db, sid, today), count, hour >= "20")
        if days == 3:  # a night nurse asked to come during the day: the page shows the warning
            night = [p["id"] for p in t.people_to_train(db, module_ids[module], today)
                     if p["shift"] == "night" and p["id"] not in people]
            people += night[:1]
        if people:
            t.book(db, sid, people)
