"""Demo of the incident register: two incidents, dated from ``today``. The first (files
encrypted on the file server) was declared to the ARS, with a reference, then corrected once the
causes were known; the second (a switch that failed for an hour) needed no declaration."""

from __future__ import annotations

import datetime as dt

from .. import incidents as inc


def _at(today: dt.date, days: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time(hour, minute))


def _record(db, kind: str, name: str) -> inc.Link:
    return inc.find_record(db, kind, name)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def populate(db, today: dt.date) -> None:
    declarant = {"declarant_name": "Claire Morel", "declarant_role": "Directrice",
                 "declarant_contact": "04 70 00 00 01 — direction@hl-deux-rives.example"}
    first = {
        "title": "Fichiers chiffrés sur le serveur de fichiers",
        "description": "Des fichiers partagés des services ont été chiffrés et renommés ; une "
                       "demande de rançon a été trouvée dans plusieurs dossiers.",
        "started_at": _iso(_at(today, 12, 6, 40)), "detected_at": _iso(_at(today, 12, 7, 55)),
        "ended_at": _iso(_at(today, 10, 18, 0)),
        "consequences_care": "Pas d’arrêt des soins ; plans de soins imprimés pendant deux jours.",
        "consequences_data": "Documents bureautiques des services chiffrés, restaurés depuis la "
                             "sauvegarde de la nuit précédente.",
        "consequences_system": "Serveur de fichiers isolé du réseau pendant 58 heures.",
        "actions": "Isolement de la VM, comptes des services réinitialisés, restauration depuis "
                   "la sauvegarde nocturne.",
        "declaration": "required", "declared_at": _iso(_at(today, 12, 10, 30)),
        "declared_to": "ARS (portail national des signalements)",
        "declared_reference": "SIG-2026-0417", **declarant,
    }
    links = [_record(db, "vm", "VM-FIC01")]
    number = inc.add_incident(db, first, inc.with_impact(db, links),
                              recorded_at=_at(today, 12, 11, 0))
    corrected = dict(first, causes="Poste d’un service compromis par une pièce jointe piégée ; "
                                   "le compte utilisé avait des droits d’écriture sur tous les partages.",
                     correction_note="Causes connues après l’analyse du prestataire.")
    inc.correct_incident(db, inc.incident(db, number).id, corrected, inc.with_impact(db, links),
                         recorded_at=_at(today, 9, 15, 0))
    second = {
        "title": "Panne du commutateur du site du Moulin",
        "description": "Le commutateur du local technique s’est arrêté ; le site n’avait plus de réseau.",
        "started_at": _iso(_at(today, 40, 14, 5)), "detected_at": _iso(_at(today, 40, 14, 10)),
        "ended_at": _iso(_at(today, 40, 15, 20)),
        "consequences_system": "Réseau du site du Moulin coupé 1 h 15.",
        "causes": "Alimentation du commutateur défaillante.",
        "actions": "Commutateur de secours installé ; alimentation remplacée sous garantie.",
        "declaration": "not_required", **declarant,
    }
    inc.add_incident(db, second, [_record(db, "equipment", "SW-COEUR-B")],
                     recorded_at=_at(today, 40, 16, 0))
