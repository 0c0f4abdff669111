"""Training plan at scale: 3,000 staff, 400 sessions.

Targets (issue 7): the coverage matrix computes in under 200 ms, the training plan prints in under
3 s. Also times the sign-in sheets of the sessions to come, the iCalendar export and a scheduling
check. Run:

    .venv/bin/python benchmarks/training_scale.py [--staff 3000] [--sessions 400]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from si_local.core import training as t  # noqa: E402
from si_local.core.db import open_database  # noqa: E402
from si_local.core.reports.training import print_attendance, print_plan  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def build(path: Path, staff_count: int, session_count: int):
    rng = random.Random(7)
    db = open_database(path)
    with db.atomic():
        db["facility"].insert({"name": "Centre hospitalier de test"})
        site = db["site"].insert({"name": "Site principal"}).last_pk
        units = [t.save_unit(db, {"name": f"Unité {i:02d}", "site_id": site,
                                  "kind": "night_team" if i % 10 == 9 else "care_unit"})
                 for i in range(40)]
        profiles = ["nurse"] * 35 + ["nursing_assistant"] * 40 + ["doctor"] * 12 + ["secretary"] * 6 + \
                   ["midwife"] * 3 + ["pharmacy"] * 2 + ["other"] * 2
        rows = []
        for i in range(staff_count):
            unit = units[i % len(units)]
            rows.append({"last_name": f"Nom{i:05d}", "first_name": f"Prénom{i % 97}",
                         "profile": rng.choice(profiles), "unit_id": unit,
                         "shift": "night" if unit in units[9::10] else "day",
                         "status": "permanent", "active": 1})
        db["training_staff"].insert_all(rows)
        modules = []
        for name, who in (("Prescription", ["doctor", "midwife"]),
                          ("Administration", ["nurse", "midwife"]),
                          ("Plan de soins", ["nurse", "nursing_assistant"]),
                          ("Transmissions", ["nurse", "nursing_assistant", "midwife"]),
                          ("Admissions", ["secretary"]), ("Pharmacie", ["pharmacy"]),
                          ("Mode dégradé", list(t.PROFILES)), ("Identitovigilance", ["secretary", "nurse"])):
            modules.append(t.save_module(db, {"name": name, "profiles": who, "duration_minutes": 120}))
        staff_ids = [r[0] for r in db.execute("SELECT id FROM training_staff")]
        sessions = []
        for i in range(session_count):
            day = TODAY + dt.timedelta(days=i // 6 - session_count // 12)
            start = dt.datetime.combine(day, dt.time(9 + 3 * (i % 3), 0))
            sessions.append({"module_id": modules[i % len(modules)], "starts_at": start.isoformat(),
                             "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
                             "trainer_kind": "internal", "trainer_name": "Formatrice interne",
                             "room": f"Salle {i % 4 + 1}", "capacity": 10})
        db["training_session"].insert_all(sessions)
        participants = []
        for sid, s in zip([r[0] for r in db.execute("SELECT id FROM training_session ORDER BY id")],
                          sessions, strict=True):
            held = s["starts_at"][:10] < TODAY.isoformat()
            for staff_id in rng.sample(staff_ids, 9):
                participants.append({"session_id": sid, "staff_id": staff_id,
                                     "attendance": rng.choice(["present"] * 8 + ["absent", "excused"])
                                     if held else "pending"})
        db["training_participant"].insert_all(participants)
        t.save_plan(db, {"go_live_date": (TODAY + dt.timedelta(days=20)).isoformat()})
    return db


def timed(label: str, fn, repeat: int = 5, target: float | None = None) -> float:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    verdict = ""
    if target is not None:
        verdict = "  OK" if median < target else f"  TOO SLOW (target {target * 1000:.0f} ms)"
    print(f"{label:<44} median {median * 1000:8.1f} ms   best {best * 1000:8.1f} ms{verdict}")
    return median if result is not None or True else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=3000)
    parser.add_argument("--sessions", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scale.sqlite"
        start = time.perf_counter()
        db = build(path, args.staff, args.sessions)
        print(f"built {args.staff} staff, {args.sessions} sessions, "
              f"{db.execute('SELECT count(*) FROM training_participant').fetchone()[0]} bookings "
              f"in {time.perf_counter() - start:.1f} s")
        ok = True
        ok &= timed("coverage matrix (units x modules, readiness)", lambda: t.coverage(db),
                    target=0.200) < 0.200
        timed("alerts for Home", lambda: t.alerts(db, TODAY))
        timed("sessions list", lambda: t.sessions(db))
        upcoming = [s["id"] for s in t.sessions(db, start=TODAY.isoformat())]
        timed("people proposed for a session", lambda: t.propose(db, upcoming[0], TODAY))
        timed("scheduling check (10 people)", lambda: t.check_booking(
            db, upcoming[0], [r[0] for r in db.execute("SELECT id FROM training_staff LIMIT 10")]))
        timed("iCalendar export text", lambda: t.ics_text(db))
        pdf = Path(folder) / "plan.pdf"
        pages = {}
        ok &= timed("training plan PDF", lambda: pages.setdefault("plan", print_plan(db, pdf, TODAY)),
                    repeat=3, target=3.0) < 3.0
        sheets = Path(folder) / "sheets.pdf"
        timed("sign-in sheets of every session to come",
              lambda: pages.setdefault("sheets", print_attendance(db, sheets, None, TODAY)), repeat=1)
        print(f"plan: {pages['plan']} pages; sign-in sheets: {pages['sheets']} pages")
        db.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
