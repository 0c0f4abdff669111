"""The demo facility's readiness: most expectations are met by the demo's own records (the plan,
the exercise, the restore test…); one is declared by hand, the others stay missing."""

from __future__ import annotations

import datetime as dt

from .. import readiness


def populate(db, today: dt.date) -> None:
    readiness.declare(
        db, readiness.shipped(), "care-d2-backup-authentication",
        "Sophie Garnier, responsable informatique", today - dt.timedelta(days=30),
        note="Console du NAS et de l’outil de sauvegarde : comptes nominatifs avec second facteur "
             "(application d’authentification) depuis mars ; compte d’urgence sous enveloppe.")
