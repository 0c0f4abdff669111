"""Speed of the printed continuity plan: 20 scenarios of 30 steps and 500 registry items.

Target (issue 5): under 2 s. Run: .venv/bin/python benchmarks/print_pca.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from si_local.core import continuity as c
from si_local.core.db import open_database
from si_local.core.i18n import set_language
from si_local.core.reports.continuity import print_plan

TODAY = dt.date(2026, 11, 23)
TARGET_S = 2.0


def build(path: Path):
    db = open_database(path)
    with db.atomic():
        db["facility"].insert({"name": "Centre hospitalier de banc d'essai"})
        site = db["site"].insert({"name": "Site principal"}).last_pk
        servers = [db["server"].insert({"name": f"SRV-{i:02d}", "site_id": site}).last_pk for i in range(20)]
        for i in range(1, 20, 2):
            db["replication"].insert({"source_server_id": servers[i - 1], "target_server_id": servers[i],
                                      "interval_minutes": 15})
        vms = [db["vm"].insert({"name": f"VM-{i:03d}", "server_id": servers[i % 20],
                                "role": "Serveur d'application et base de données" if i % 7 else "Annuaire",
                                "criticality": ("vital", "high", "medium", "low")[i % 4]}).last_pk
               for i in range(300)]
        apps = []
        for i in range(100):
            a = db["application"].insert({"name": f"Application {i:03d}", "criticality": ("vital", "high", "medium")[i % 3],
                                          "dmia_hours": 4 + i % 20, "pdma_hours": 24}).last_pk
            apps.append(a)
            db["application_vm"].insert({"application_id": a, "vm_id": vms[(3 * i) % 300]})
        for i in range(60):
            b = db["backup"].insert({"name": f"Sauvegarde {i:02d}", "medium": ("NAS", "Bande", "Cloud")[i % 3],
                                     "location": ("on_site", "off_site")[i % 2], "offline": i % 2,
                                     "frequency_hours": 24, "credential_location": "Coffre de la direction"}).last_pk
            for k in range(5):
                db["backup_vm"].insert({"backup_id": b, "vm_id": vms[(5 * i + k) % 300]})
            db["restore_test"].insert({"backup_id": b, "tested_on": "2026-09-01", "target": f"VM-{i:03d}",
                                       "duration_minutes": 90, "result": "success"})
        for i in range(20):
            db["equipment"].insert({"name": f"EQ-{i:02d}", "kind": "switch", "site_id": site})
        for i in range(20):
            db["contact"].insert({"name": f"Personne {i:02d}", "role": "Rôle", "phone": f"01 99 00 00 {i:02d}"})
    for i in range(10):
        c.save_activity(db, {"name": f"Activité {i}", "kind": ("care_unit", "administrative", "medico_technical")[i % 3],
                             "dmia_hours": 4, "pdma_hours": 24, "application_ids": apps[i * 5:(i * 5) + 4],
                             "degraded_procedure": "Procédure papier. " * 30})
    for i in range(6):
        c.save_crisis_role(db, {"role": f"Rôle {i}", "contact_id": i + 1, "standin_contact_id": i + 7})
    mandatory = c.ensure_mandatory(db)
    phases = c.PHASES
    with db.atomic():
        for s in range(20):
            sid = mandatory if s == 0 else c.save_scenario(db, {"name": f"Scénario {s:02d}", "kind": "other"})
            for k in range(30):
                step = c.save_step(db, {"scenario_id": sid, "title": f"Étape {k + 1} du scénario {s}, avec un "
                                        "intitulé assez long pour passer à la ligne dans le tableau",
                                        "phase": phases[min(3, k // 8)], "owner_role": "Responsable informatique",
                                        "standin_role": "Technicien", "expected_minutes": 15,
                                        "items": [("vm_id", vms[(s * 30 + k) % 300])]})
        ex = c.save_exercise(db, {"held_on": "2026-10-01", "scenario_id": mandatory})
        c.save_finding(db, {"exercise_id": ex, "finding": "Constat", "action": "Action", "owner": "X"})
    counts = {t: db[t].count for t in ("server", "vm", "application", "backup", "equipment", "contact")}
    return db, sum(counts.values()), step


def main() -> int:
    set_language("fr")
    with tempfile.TemporaryDirectory() as folder:
        db, items, _ = build(Path(folder) / "bench.sqlite")
        out = Path(folder) / "plan.pdf"
        times, cpu = [], []
        for _run in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            pages = print_plan(db, out, TODAY)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        size = out.stat().st_size
        assert len(PdfReader(str(out)).pages) == pages
        db.close()
    best, median = min(times), statistics.median(times)
    print(f"print pca: 20 scenarios x 30 steps, {items} registry items -> {pages} pages, "
          f"{size / 1024:.0f} KiB; best {best:.2f} s, median {median:.2f} s, CPU {min(cpu):.2f} s "
          f"(target < {TARGET_S} s)")
    # On a shared machine the wall time includes waiting for a CPU; the CPU time is the cost.
    return 0 if min(cpu) < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
