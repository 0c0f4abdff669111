"""The demo's backup runs, as if the reports of the last nights had been imported: the nightly
NAS backup (its Veeam job « NAS-Nuit ») for three nights, with last night's run of the file
server failed (Home shows it), the last weekly copy to the off-site disk, and the editor's
daily export of the patient record up to its last success (its simple CSV report, the job as a
whole: the readiness page sees every backup of a critical application supervised)."""

from __future__ import annotations

import datetime as dt
import hashlib

VM_MINUTES = {"VM-AD01": 6, "VM-DPI01": 41, "VM-GAP01": 18, "VM-FIC01": 63, "VM-SAV01": 9,
              "VM-RDS01": 12, "VM-LAB01": 4}
FAILED = ("VM-FIC01", "Error: Failed to create VM snapshot. The device is not ready.")


def _run(db, backup_id, vms, job, machine, started, minutes, status, message, source, imported):
    db.execute(
        "INSERT INTO backup_run (backup_id, vm_id, job, machine, started, ended, status, message, "
        "source_file, source_sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [backup_id, vms.get(machine), job, machine, started.isoformat(),
         (started + dt.timedelta(minutes=minutes)).isoformat(), status, message, source,
         hashlib.sha256(source.encode()).hexdigest(), imported.isoformat()])


def populate(db, today: dt.date) -> None:
    backups = {name: id_ for id_, name in db.execute("SELECT id, name FROM backup")}
    vms = {name: id_ for id_, name in db.execute("SELECT id, name FROM vm")}
    nas = backups.get("Sauvegarde nocturne sur NAS")
    disk = backups.get("Disque hebdomadaire hors site")
    imported = dt.datetime.combine(today, dt.time(7, 30))
    if nas is not None:
        db.execute("UPDATE backup SET job_name = 'NAS-Nuit' WHERE id = ?", [nas])
        for nights_ago in (3, 2, 1):
            night = today - dt.timedelta(days=nights_ago)
            source = f"NAS-Nuit_{night.isoformat()}.html"
            started = dt.datetime.combine(night, dt.time(22, 0))
            for machine, minutes in VM_MINUTES.items():
                failed = nights_ago == 1 and machine == FAILED[0]
                _run(db, nas, vms, "NAS-Nuit", machine, started, 3 if failed else minutes,
                     "failure" if failed else "success", FAILED[1] if failed else None, source,
                     imported)
    if disk is not None:
        (last,) = db.execute("SELECT last_success FROM backup WHERE id = ?", [disk]).fetchone()
        started = dt.datetime.fromisoformat(last) - dt.timedelta(hours=2)
        for machine in ("VM-AD01", "VM-DPI01", "VM-GAP01", "VM-FIC01"):
            _run(db, disk, vms, "Disque hebdomadaire hors site", machine, started,
                 VM_MINUTES[machine] * 2 // 3, "success", None, "copie_hebdomadaire.csv", imported)
    export = backups.get("Export quotidien de la base DPI chez l’éditeur")
    if export is not None:
        (last,) = db.execute("SELECT last_success FROM backup WHERE id = ?", [export]).fetchone()
        for days_before in (2, 1, 0):
            ended = dt.datetime.fromisoformat(last) - dt.timedelta(days=days_before)
            _run(db, export, vms, "Export DPI éditeur", "", ended - dt.timedelta(minutes=14), 14,
                 "success", None, "export_dpi_editeur.csv", imported)
