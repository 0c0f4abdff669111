"""Step m018_backup_runs, frozen once on main: never to be edited (a change is a new step).

The runs of each backup as the backup tools report them (Veeam job reports, Proxmox
vzdump task logs, a simple CSV): ``backup_run`` keeps one row per job run and machine, with
the report it came from (file name and SHA-256) so that importing the same report twice adds
nothing; ``backup.job_name`` is the name the backup tool gives the job, when it is not the
backup's own name.
"""

from __future__ import annotations

from ._ddl import audit_triggers


def step(db):
    columns = [row[1] for row in db.execute('PRAGMA table_info("backup")').fetchall()]
    if "job_name" not in columns:  # (a file whose later tables were lost keeps its backups)
        db.execute("ALTER TABLE backup ADD COLUMN job_name TEXT")
    db.execute("""CREATE TABLE backup_run (
    id INTEGER PRIMARY KEY,
    backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE SET NULL,
    job TEXT NOT NULL,
    machine TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL CHECK (status IN ('success', 'warning', 'failure')),
    message TEXT,
    source_file TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (backup_id, job, machine, started)
)""")
    db.execute("CREATE INDEX backup_run_started ON backup_run(backup_id, started)")
    db.execute("CREATE INDEX backup_run_vm ON backup_run(vm_id)")
    audit_triggers(db, ["backup", "backup_run"])
