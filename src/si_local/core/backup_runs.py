"""The runs of the backups, as imported from the backup tools' reports (interop/backup_reports):
the last runs of a backup (its form), the Home alert of a backup whose latest run failed, and the
month's compliance figures of the printed backup report (reports/backup_compliance.py)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from .alerts import Alert
from .errors import UserError
from .i18n import _, format_datetime

FAILURE = "failure"
# A backup is late when its last success is older than its frequency allows: the same rule as
# Home's (alerts.registry_alerts): one and a half periods and twelve hours.
LATE_FACTOR, LATE_MARGIN_HOURS = 1.5, 12


def last_runs(db, backup_id: int, limit: int = 10) -> list[dict]:
    """The newest runs of a backup, newest first, with the VM's name when matched."""
    return list(db.query(
        "SELECT r.id, r.job, r.machine, r.started, r.ended, r.status, r.message, r.source_file, "
        "vm.name AS vm_name FROM backup_run r LEFT JOIN vm ON vm.id = r.vm_id "
        "WHERE r.backup_id = ? ORDER BY r.started DESC, r.machine LIMIT ?",
        [backup_id, limit]))


def _latest_per_machine(db) -> dict[int, list[dict]]:
    latest: dict[int, list[dict]] = {}
    for r in db.execute(
        "SELECT r.backup_id, r.machine, r.started, r.ended, r.status, r.message FROM backup_run r "
        "JOIN (SELECT backup_id, machine, max(started) AS started FROM backup_run "
        "GROUP BY backup_id, machine) m ON m.backup_id = r.backup_id AND m.machine = r.machine "
        "AND m.started = r.started ORDER BY r.backup_id, r.machine"
    ).fetchall():
        latest.setdefault(r[0], []).append(dict(zip(
            ("backup_id", "machine", "started", "ended", "status", "message"), r)))
    return latest


def failed_run_alerts(db, today: dt.date) -> list[Alert]:
    """Home: a backup whose latest run (of a machine, or of the job) failed, whatever its last
    success: high."""
    alerts = []
    latest = _latest_per_machine(db)
    for backup_id, name in db.execute("SELECT id, name FROM backup ORDER BY name COLLATE FRENCH"):
        failed = [r for r in latest.get(backup_id, []) if r["status"] == FAILURE]
        if not failed:
            continue
        newest = max(failed, key=lambda r: r["ended"] or r["started"])
        machines = ", ".join(r["machine"] for r in failed if r["machine"])
        alerts.append(Alert("high", "registry", (_(
            "Backup {name}: the latest run failed on {date} ({machines}).") if machines else _(
            "Backup {name}: the latest run failed on {date}.")).format(
                name=name, date=format_datetime(newest["ended"] or newest["started"]),
                machines=machines), "backups", backup_id))
    return alerts


@dataclass
class Line:
    """One line of the month's report: a backup (``vm`` empty) or one VM of it."""
    backup: str
    vm: str
    frequency_hours: float | None
    last_success: str | None
    runs: int
    failures: int
    last_failure: str | None = None
    restore_test: str | None = None
    restore_result: str | None = None
    restore_age_days: int | None = None
    late: bool = False

    @property
    def red(self) -> bool:
        return self.late or self.failures > 0


@dataclass
class Month:
    first: dt.date
    last: dt.date
    until: dt.datetime  # the moment the figures are taken at: the month's end, or now
    backups: list[tuple[Line, list[Line]]] = field(default_factory=list)


def parse_month(text: str) -> dt.date:
    try:
        year, month = (int(p) for p in str(text).strip().split("-"))
        if not 1900 <= year <= 2200:  # 9999-12: its end, the next month, is past Python's dates
            raise ValueError(text)
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise UserError(_("{month}: not a month; write it as 2026-11.").format(month=text)) from None


def _late(last: str | None, frequency: float | None, until: dt.datetime) -> bool:
    if not frequency:
        return False
    if not last:
        return True
    limit = dt.timedelta(hours=frequency * LATE_FACTOR + LATE_MARGIN_HOURS)
    return until - dt.datetime.fromisoformat(last) > limit


def month_report(db, first: dt.date, now: dt.datetime) -> Month:
    """The compliance figures of each backup and of each VM it covers, for the month starting on
    ``first``: last success (up to the month's end), runs and failures in the month, the newest
    restore test and its age, late against the backup's frequency."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    until = min(now, dt.datetime.combine(last, dt.time(23, 59, 59)))
    start, end = first.isoformat(), (last + dt.timedelta(days=1)).isoformat()
    report = Month(first, last, until)
    stamp = until.isoformat()
    for b in db.execute("SELECT id, name, frequency_hours, last_success FROM backup "
                        "ORDER BY name COLLATE FRENCH").fetchall():
        test = db.execute("SELECT tested_on, result FROM restore_test WHERE backup_id = ? AND "
                          "tested_on <= ? ORDER BY tested_on DESC LIMIT 1",
                          [b[0], last.isoformat()]).fetchone()
        tests = db.execute("SELECT tested_on, result, target FROM restore_test WHERE backup_id = ? "
                           "AND tested_on <= ? ORDER BY tested_on DESC",
                           [b[0], last.isoformat()]).fetchall()
        lines = []
        for vm_id, vm_name in db.execute(
                "SELECT vm.id, vm.name FROM backup_vm bv JOIN vm ON vm.id = bv.vm_id "
                "WHERE bv.backup_id = ? ORDER BY vm.name COLLATE FRENCH", [b[0]]).fetchall():
            line = _line(db, b, vm_name, "AND vm_id = ?", [vm_id], start, end, stamp, until)
            # a restore test says what was restored: the VM's own test when it names the VM
            own = next((t for t in tests if t[2] and vm_name.casefold() in t[2].casefold()), None)
            _restore(line, own, until)
            lines.append(line)
        head = _line(db, b, "", "", [], start, end, stamp, until)
        typed = b[3] if b[3] and b[3] <= stamp else None
        head.last_success = max(filter(None, [head.last_success, typed]), default=None)
        head.late = _late(head.last_success, b[2], until)
        _restore(head, test, until)
        report.backups.append((head, lines))
    return report


def _restore(line: Line, test, until: dt.datetime) -> None:
    if test:
        line.restore_test, line.restore_result = test[0], test[1]
        line.restore_age_days = (until.date() - dt.date.fromisoformat(test[0][:10])).days


def _line(db, b, vm: str, where: str, args: list, start: str, end: str, stamp: str,
          until: dt.datetime) -> Line:
    (last_success,) = db.execute(
        f"SELECT max(coalesce(ended, started)) FROM backup_run WHERE backup_id = ? {where} "
        "AND status != 'failure' AND started <= ?", [b[0], *args, stamp]).fetchone()
    runs, failures, last_failure = db.execute(
        f"SELECT count(*), coalesce(sum(status = 'failure'), 0), "
        f"max(CASE WHEN status = 'failure' THEN coalesce(ended, started) END) FROM backup_run "
        f"WHERE backup_id = ? {where} AND started >= ? AND started < ?",
        [b[0], *args, start, end]).fetchone()
    return Line(backup=b[1], vm=vm, frequency_hours=b[2], last_success=last_success, runs=runs,
                failures=failures, last_failure=last_failure,
                late=_late(last_success, b[2], until))
