"""What needs attention, computed from the database (shown on Home and by ``si-local check``).

Each area contributes a provider ``fn(db, today) -> list[Alert]``; ``core/areas.py`` lists them, in
the order of the areas (:func:`registry_alerts` is the registry's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .i18n import _, format_date
from . import clock

RESTORE_TEST_MAX_AGE_DAYS = 183  # six months
WARRANTY_NOTICE_DAYS = 90


@dataclass(frozen=True)
class Alert:
    severity: str  # "high", "medium", "low"
    area: str  # "registry", "continuity", "diagnostic", "training", "safety", "group"
    message: str  # already translated
    kind: str | None = None  # registry kind key or area-specific target kind
    record_id: int | None = None

    def as_dict(self) -> dict:
        return {"severity": self.severity, "area": self.area, "message": self.message,
                "kind": self.kind, "record_id": self.record_id}


def _parse_dt(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", ""))
    except ValueError:
        return None


def last_restore_tests(db) -> list[dict]:
    """Each backup (id, name) with the day of its last restore test (``last``, None if never)."""
    return list(db.query(
        "SELECT b.id, b.name, max(t.tested_on) AS last FROM backup b "
        "LEFT JOIN restore_test t ON t.backup_id = b.id GROUP BY b.id ORDER BY b.name COLLATE FRENCH"))


def next_restore_test_due(last: str | dt.date) -> dt.date:
    """The day a backup's next restore test is due: six months after the last one."""
    day = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last)[:10])
    return day + dt.timedelta(days=RESTORE_TEST_MAX_AGE_DAYS)


def registry_alerts(db, today: dt.date) -> list[Alert]:
    alerts: list[Alert] = []
    now = dt.datetime.combine(today, dt.time(23, 59))
    for b in db.query("SELECT id, name, frequency_hours, last_success FROM backup ORDER BY name COLLATE FRENCH"):
        last = _parse_dt(b["last_success"])
        if last is None:
            alerts.append(Alert("high", "registry", _("Backup {name}: no successful run recorded.")
                                .format(name=b["name"]), "backups", b["id"]))
        elif b["frequency_hours"] and now - last > dt.timedelta(hours=b["frequency_hours"] * 1.5 + 12):
            alerts.append(Alert("high", "registry", _(
                "Backup {name}: last success on {date}, older than its frequency allows.")
                .format(name=b["name"], date=format_date(last)), "backups", b["id"]))
    for b in last_restore_tests(db):
        if b["last"] is None:
            alerts.append(Alert("high", "registry", _("Backup {name}: never tested by a restore.")
                                .format(name=b["name"]), "backups", b["id"]))
        elif today > next_restore_test_due(b["last"]):
            alerts.append(Alert("medium", "registry", _(
                "Backup {name}: last restore test on {date}, more than 6 months ago.")
                .format(name=b["name"], date=format_date(b["last"])), "backups", b["id"]))
    limit = (today + dt.timedelta(days=WARRANTY_NOTICE_DAYS)).isoformat()
    for table, key in (("server", "servers"), ("equipment", "equipment")):
        for r in db.query(
            f"SELECT id, name, warranty_end FROM {table} WHERE warranty_end IS NOT NULL "
            f"AND warranty_end <= ? ORDER BY warranty_end", [limit]
        ):
            if r["warranty_end"] < today.isoformat():
                msg = _("{name}: warranty ended on {date}.")
            else:
                msg = _("{name}: warranty ends on {date}.")
            alerts.append(Alert("medium", "registry", msg.format(
                name=r["name"], date=format_date(r["warranty_end"])), key, r["id"]))
    for a in db.query(
        """
        SELECT a.id, a.name, a.pdma_hours, min(c.frequency_hours) AS best
        FROM application a
        JOIN (
            SELECT ba.application_id AS app, bk.frequency_hours FROM backup_application ba
            JOIN backup bk ON bk.id = ba.backup_id
            UNION ALL
            SELECT av.application_id, bk.frequency_hours FROM application_vm av
            JOIN backup_vm bv ON bv.vm_id = av.vm_id JOIN backup bk ON bk.id = bv.backup_id
        ) c ON c.app = a.id
        WHERE a.pdma_hours IS NOT NULL AND c.frequency_hours IS NOT NULL
        GROUP BY a.id HAVING best > a.pdma_hours ORDER BY a.name COLLATE FRENCH
        """
    ):
        alerts.append(Alert("high", "registry", _(
            "Application {name}: data loss up to {freq} h possible, but its PDMA is {pdma} h.")
            .format(name=a["name"], freq=f"{a['best']:g}", pdma=f"{a['pdma_hours']:g}"),
            "applications", a["id"]))
    for s in db.query(
        """
        SELECT s.id, s.name FROM server s
        WHERE NOT EXISTS (
            SELECT 1 FROM vm JOIN backup_vm bv ON bv.vm_id = vm.id WHERE vm.server_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM replication r WHERE r.target_server_id = s.id)
        ORDER BY s.name COLLATE FRENCH
        """
    ):
        alerts.append(Alert("high", "registry", _("Server {name}: nothing on it is backed up.")
                            .format(name=s["name"]), "servers", s["id"]))
    for m in db.query("SELECT id, name FROM vm WHERE server_id IS NULL ORDER BY name COLLATE FRENCH"):
        # for example after its host was deleted: the registry no longer says where it runs
        alerts.append(Alert("medium", "registry", _(
            "Virtual machine {name}: no host server; choose the server it runs on.")
            .format(name=m["name"]), "vms", m["id"]))
    return alerts


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def collect(db, today: dt.date | None = None) -> list[Alert]:
    from .areas import alert_providers  # the areas' modules import this one

    today = today or clock.today()
    found: list[Alert] = []
    for provider in alert_providers():
        found.extend(provider(db, today))
    return sorted(found, key=lambda a: SEVERITY_ORDER.get(a.severity, 9))
