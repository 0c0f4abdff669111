"""Demo of the group area: the core model the demo facility follows, and two more facilities.

The demo hospital belongs to the fictional "GHT Bocage-Combrailles". It took version 1 of the
group's core model (naming rules, required fields). ``build_group_bundles`` writes the bundles
of three facilities (the demo hospital, a nursing home and a second hospital) so that the
consolidation view has something real to compare.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from ..group import packs
from .. import clock

GROUP = "GHT Bocage-Combrailles"

RULES = [
    ("naming_rule", "servers-name", "Nom des serveurs physiques : SRV-<rôle>-<n°>",
     {"registry_kind": "servers", "pattern": "SRV-[A-Z]+-[0-9]{2}"}),
    ("naming_rule", "vms-name", "Nom des machines virtuelles : VM-<rôle><n°>",
     {"registry_kind": "vms", "pattern": "VM-[A-Z]+[0-9]{2}"}),
    ("required_field", "servers-warranty", "Fin de garantie des serveurs renseignée",
     {"registry_kind": "servers", "field": "warranty_end"}),
    ("required_field", "backups-credentials", "Lieu de conservation des identifiants de sauvegarde",
     {"registry_kind": "backups", "field": "credential_location"}),
    ("required_field", "applications-dmia", "DMIA de chaque application",
     {"registry_kind": "applications", "field": "dmia_hours"}),
]


def populate(db, today: dt.date) -> None:
    for kind, key, title, data in RULES:
        packs.add_rule(db, kind, key, title, data, pack_version=1)
    db["core_model_pack"].insert({
        "group_name": GROUP, "version": 1, "checksum": "demo", "created_at": None,
        "taken_at": dt.datetime.combine(today - dt.timedelta(days=120), dt.time(9)).isoformat(),
        "items": len(RULES)})


def _nursing_home(db, today: dt.date) -> None:
    """Résidence Les Genêts: one site, fewer means, weaker on security and continuity."""
    db.execute("UPDATE facility SET name = 'EHPAD Résidence Les Genêts', finess = '230000010', "
               "kind = 'nursing_home'")
    db.execute("DELETE FROM backup WHERE location = 'off_site'")
    db.execute("UPDATE restore_test SET tested_on = ?", [(today - dt.timedelta(days=400)).isoformat()])
    db.execute("UPDATE diagnostic_answer SET level = max(0, level - 2) "
               "WHERE status = 'level' AND (question_id LIKE '4.%' OR question_id LIKE '5.%')")
    db.execute("UPDATE diagnostic_answer SET level = max(0, level - 1) "
               "WHERE status = 'level' AND question_id LIKE '1.%'")
    # a smaller team: half the staff (the référents stay), and fewer places taken in sessions
    db.execute("DELETE FROM training_staff WHERE id % 2 = 0 "
               "AND id NOT IN (SELECT staff_id FROM training_referent)")
    db.execute("DELETE FROM training_participant WHERE id % 3 = 0")
    db.execute("UPDATE continuity_plan SET last_review = ?, next_review = ?",
               [(today - dt.timedelta(days=500)).isoformat(), (today - dt.timedelta(days=135)).isoformat()])
    db.execute("DELETE FROM continuity_exercise")


def _second_hospital(db, today: dt.date) -> None:
    """Centre hospitalier de Haute-Combraille: better equipped, exercises done."""
    db.execute("UPDATE facility SET name = 'Centre hospitalier de Haute-Combraille', "
               "finess = '630000016', kind = 'hospital'")
    db.execute("UPDATE diagnostic_answer SET level = min(4, level + 1) "
               "WHERE status = 'level' AND (question_id LIKE '3.%' OR question_id LIKE '5.%')")
    db.execute("UPDATE restore_test SET tested_on = ?", [(today - dt.timedelta(days=20)).isoformat()])
    # a larger team: newcomers in the same units, not trained yet
    db.execute("INSERT INTO training_staff (last_name, first_name, profile, unit_id, shift, status) "
               "SELECT a.last_name, b.first_name, a.profile, b.unit_id, b.shift, 'newcomer' "
               "FROM training_staff a JOIN training_staff b ON b.id = a.id + 3 WHERE a.id % 2 = 1")


def build_group_bundles(folder: Path | str, today: dt.date | None = None) -> list[Path]:
    """Write three facilities' bundles to ``folder``; returns their paths."""
    from ..interop.bundle import export_bundle
    from . import build_demo

    today = today or clock.today()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with tempfile.TemporaryDirectory(prefix="si-local-group-demo-") as work:
        # the bundles of a group arrive at different times: sent today, 12 and 47 days ago
        for name, change, age in (("deux-rives", None, 0), ("les-genets", _nursing_home, 12),
                                  ("haute-combraille", _second_hospital, 47)):
            sent = today - dt.timedelta(days=age)
            db = build_demo(Path(work) / f"{name}.sqlite", today=sent)
            if change is not None:
                with db.atomic():
                    change(db, sent)
            target = folder / f"bundle-{name}.json"
            export_bundle(db, target, created_at=dt.datetime.combine(
                sent, dt.time(9, 30), tzinfo=dt.UTC))
            db.close()
            paths.append(target)
    return paths
