"""Matching the runs of backup reports to the registry, the preview, and the writing.

A run's job is a backup when it is the backup's name or its « job name » (the name the tool
gives it), case and accents aside; its machine is a VM of the registry by name, the same way.
A run whose job matches no backup is listed and not written; a run whose machine matches no VM
is written (without its VM) and listed. A run already imported (same backup, machine and
start, case and accents aside) is not written again, so importing a report twice adds nothing.
``backup.last_success``
becomes the end of the newest successful run (a warning is a success: the restore point exists),
never an older date than the one typed: the preview says when the typed one is kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ... import clock
from ...i18n import _, format_datetime, ngettext
from ...validation import check_datetime
from ...write_guard import change_mark, check_unchanged
from .runs import FAILURE, FORMAT_LABELS, Report, Run, fold

NEW, KNOWN, NO_BACKUP = "new", "known", "no_backup"


@dataclass
class RunAction:
    run: Run
    report: Report
    state: str  # NEW, KNOWN (already imported) or NO_BACKUP (not written)
    backup_id: int | None = None
    vm_id: int | None = None

    @property
    def key(self) -> tuple:
        return run_key(self.backup_id, self.run.machine, iso(self.run.started))


def run_key(backup_id, machine, started) -> tuple:
    """What makes a run the same run: its backup, its machine (case and accents aside) and its
    start; the job is not part of it (the backup's name or its job name, in any case)."""
    return (backup_id, fold(machine), started)


@dataclass
class BackupChange:
    backup_id: int
    name: str
    old_last_success: str | None
    new_last_success: str | None  # None: unchanged
    report_success: str | None  # the newest success the reports hold
    last_failure: str | None  # the newest failure, reports and database together
    new_runs: int = 0

    @property
    def kept_typed(self) -> bool:
        """The typed last success is later than every success in the reports: it is kept."""
        return bool(self.report_success and self.old_last_success
                    and self.old_last_success > self.report_success)


@dataclass
class Plan:
    reports: list[Report]
    actions: list[RunAction] = field(default_factory=list)
    changes: list[BackupChange] = field(default_factory=list)
    unmatched_machines: list[tuple[str, str]] = field(default_factory=list)  # (job, machine)
    mark: int | None = None

    def count(self, state: str) -> int:
        return sum(1 for a in self.actions if a.state == state)

    @property
    def unmatched_jobs(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for action in self.actions:
            if action.state == NO_BACKUP:
                counts[action.run.job] = counts.get(action.run.job, 0) + 1
        return sorted(counts.items(), key=lambda item: fold(item[0]))

    def summary(self) -> str:
        return _("{new}, {known}, {unmatched}").format(
            new=ngettext("{count} new run", "{count} new runs", self.count(NEW)).format(
                count=self.count(NEW)),
            known=ngettext("{count} run already imported", "{count} runs already imported",
                           self.count(KNOWN)).format(count=self.count(KNOWN)),
            unmatched=ngettext("{count} run of an unknown job", "{count} runs of unknown jobs",
                               self.count(NO_BACKUP)).format(count=self.count(NO_BACKUP)))

    def lines(self) -> list[str]:
        """The preview, one line each: files, backups changed, unknown jobs and machines."""
        out = []
        for report in self.reports:
            out.append(_("{file}: {format}, {encoding}, {runs}").format(
                file=report.path, format=FORMAT_LABELS.get(report.format, report.format),
                encoding=report.encoding,
                runs=ngettext("{count} run", "{count} runs", len(report.runs)).format(
                    count=len(report.runs))))
        for change in self.changes:
            out.append("  " + change_line(change))
        for job, count in self.unmatched_jobs:
            out.append("  " + ngettext(
                "Unknown job « {job} » ({count} run): no backup has this name or job name.",
                "Unknown job « {job} » ({count} runs): no backup has this name or job name.",
                count).format(job=job, count=count))
        for job, machine in self.unmatched_machines:
            out.append("  " + _("Unknown machine « {machine} » (job « {job} »): no VM has this "
                                "name; its runs are kept without a VM.").format(machine=machine, job=job))
        return out


def change_line(change: BackupChange) -> str:
    return _("{backup}: {changes}").format(backup=change.name, changes=change_text(change))


def change_text(change: BackupChange) -> str:
    """What the import changes to a backup: its new runs, its last success, its last failure."""
    parts = [ngettext("{count} new run", "{count} new runs", change.new_runs).format(
        count=change.new_runs)]
    if change.new_last_success:
        parts.append(_("last success {old} → {new}").format(
            old=format_datetime(change.old_last_success) if change.old_last_success else _("none"),
            new=format_datetime(change.new_last_success)))
    elif change.kept_typed:
        parts.append(_("last success typed {date} kept (later than the reports)").format(
            date=format_datetime(change.old_last_success)))
    else:
        parts.append(_("last success unchanged"))
    if change.last_failure:
        parts.append(_("last failure {date}").format(date=format_datetime(change.last_failure)))
    return ", ".join(parts)


def iso(value: dt.datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() if value else None


def _index(db, sql: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in db.execute(sql).fetchall():
        for name in row[1:]:
            if name and fold(name) not in found:
                found[fold(name)] = row[0]
    return found


def plan_reports(db, reports: list[Report]) -> Plan:
    """Match every run of ``reports``; nothing is written."""
    plan = Plan(reports=reports, mark=change_mark(db))
    backups = _index(db, "SELECT id, name, job_name FROM backup ORDER BY id")
    vms = _index(db, "SELECT id, name FROM vm ORDER BY id")
    known = {run_key(*r) for r in db.execute(
        "SELECT backup_id, machine, started FROM backup_run").fetchall()}
    seen: set[tuple] = set()
    machines: set[tuple[str, str]] = set()
    for report in reports:
        for run in report.runs:
            action = RunAction(run, report, NEW, backups.get(fold(run.job)),
                               vms.get(fold(run.machine)) if run.machine else None)
            if action.backup_id is None:
                action.state = NO_BACKUP
            elif action.key in known or action.key in seen:
                action.state = KNOWN
            else:
                seen.add(action.key)
                if run.machine and action.vm_id is None:
                    machines.add((run.job, run.machine))
            plan.actions.append(action)
    plan.unmatched_machines = sorted(machines, key=lambda m: (fold(m[0]), fold(m[1])))
    plan.changes = _changes(db, plan)
    return plan


def _sortable(value: str | None) -> str | None:
    """A stored last success as ISO text with its « T » (a bundle may bring « 2026-11-29 23:59 »),
    so that it compares with the runs' as a date, not as text."""
    try:
        return check_datetime(value) if value else value
    except ValueError:
        return value


def _changes(db, plan: Plan) -> list[BackupChange]:
    changes = []
    ids = sorted({a.backup_id for a in plan.actions if a.backup_id is not None})
    for backup_id in ids:
        row = db.execute("SELECT name, last_success FROM backup WHERE id = ?", [backup_id]).fetchone()
        actions = [a for a in plan.actions if a.backup_id == backup_id]
        successes = [iso(a.run.ended or a.run.started) for a in actions if a.run.status != FAILURE]
        failures = [iso(a.run.ended or a.run.started) for a in actions if a.run.status == FAILURE]
        (stored_failure,) = db.execute(
            "SELECT max(coalesce(ended, started)) FROM backup_run WHERE backup_id = ? AND status = ?",
            [backup_id, FAILURE]).fetchone()
        best = max(successes) if successes else None
        old = _sortable(row[1])
        changes.append(BackupChange(
            backup_id=backup_id, name=row[0], old_last_success=old,
            new_last_success=best if best and (not old or best > old) else None,
            report_success=best,
            last_failure=max([f for f in failures + [stored_failure] if f], default=None),
            new_runs=sum(1 for a in actions if a.state == NEW)))
    return sorted(changes, key=lambda c: fold(c.name))


def apply_plan(db, plan: Plan) -> int:
    """Write the plan's new runs and the backups' last success, in one transaction; the number
    of runs written. Refused when the database changed since the plan (another import)."""
    imported_at = iso(clock.now())
    written = 0
    with db.atomic():
        check_unchanged(db, plan.mark)
        for action in plan.actions:
            if action.state != NEW:
                continue
            run = action.run
            db.execute(
                "INSERT OR IGNORE INTO backup_run (backup_id, vm_id, job, machine, started, ended, "
                "status, message, source_file, source_sha256, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [action.backup_id, action.vm_id, run.job, run.machine, iso(run.started),
                 iso(run.ended), run.status, run.message or None, _file_name(action.report.path),
                 action.report.sha256, imported_at])
            written += 1
        for change in plan.changes:
            if change.new_last_success:
                db.execute("UPDATE backup SET last_success = ? WHERE id = ? AND "
                           "(last_success IS NULL OR replace(last_success, ' ', 'T') < ?)",
                           [change.new_last_success, change.backup_id, change.new_last_success])
    return written


def _file_name(path: str) -> str:
    return Path(path).name
