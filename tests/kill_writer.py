"""Writer process for test_kill.py: numbered transactions, each inserting linked rows.

Usage: python kill_writer.py DB_PATH. Prints "ready" once open, then "committed N" after each
commit (flushed), forever, until it is killed.
"""

from __future__ import annotations

import sys

from si_local.core.db import open_database

VMS_PER_TX = 3


def main(path: str) -> None:
    db = open_database(path)
    last = db.execute("SELECT COALESCE(MAX(CAST(substr(name, 3) AS INTEGER)), 0) FROM server "
                      "WHERE name LIKE 'K-%'").fetchone()[0]
    print("ready", flush=True)
    n = last
    while True:
        n += 1
        with db.atomic():
            server_id = db["server"].insert({"name": f"K-{n}", "ram_gb": n}).last_pk
            vm_ids = [db["vm"].insert({"name": f"K-{n}-vm{i}", "server_id": server_id}).last_pk
                      for i in range(VMS_PER_TX)]
            app_id = db["application"].insert(
                {"name": f"K-{n}-app", "criticality": "high", "notes": "x" * (n % 700)}).last_pk
            for vm_id in vm_ids:
                db["application_vm"].insert({"application_id": app_id, "vm_id": vm_id})
        print(f"committed {n}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
