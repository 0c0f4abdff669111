"""Proxmox VE's vzdump task log (the backup job's log in the web interface, its e-mail, or
/var/log/vzdump/qemu-100.log, whose lines start with the date and time).

    INFO: starting new backup job: vzdump 100 101 --storage nas-sauvegarde --mode snapshot
    INFO: Starting Backup of VM 100 (qemu)
    INFO: Backup started at 2026-11-30 01:00:02
    INFO: VM Name: VM-AD01
    INFO: Finished Backup of VM 100 (00:01:23)
    INFO: Backup finished at 2026-11-30 01:01:25
    INFO: Starting Backup of VM 101 (qemu)
    ERROR: Backup of VM 101 failed - job failed with err -5 - Input/output error
    INFO: Failed at 2026-11-30 01:03:40
    INFO: Backup job finished with errors

The job's name is « vzdump » and the storage it writes to (« vzdump nas-sauvegarde »); each
guest is a machine named by its « VM Name » / « CT Name » line (else by its number)."""

from __future__ import annotations

import datetime as dt
import re

from ...i18n import _
from ..common import file_error
from .runs import FAILURE, SUCCESS, Run, date_problem, line_error, parse_datetime

_STAMP = r"(?:(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})\s+)?"
_JOB = re.compile(_STAMP + r"INFO: starting new backup job: vzdump\b(.*)$")
_START = re.compile(_STAMP + r"INFO: Starting Backup of VM (\d+) \((qemu|lxc|openvz)\)")
_NAME = re.compile(_STAMP + r"INFO: (?:VM|CT) Name: (.+)$")
_STARTED_AT = re.compile(_STAMP + r"INFO: Backup started at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")
_FINISHED = re.compile(_STAMP + r"INFO: Finished Backup of VM (\d+) \((\d+):(\d{2}):(\d{2})\)")
_ENDED_AT = re.compile(_STAMP + r"INFO: (Backup finished|Failed) at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")
_FAILED = re.compile(_STAMP + r"ERROR: Backup of VM (\d+) failed - (.*)$")
_STORAGE = re.compile(r"--storage[ =](\S+)")

JOB_PREFIX = "vzdump"


def looks_like_vzdump(text: str) -> bool:
    return bool(re.search(r"INFO: (?:Starting Backup of VM|starting new backup job: vzdump)", text[:200_000]))


MAX_HOURS = 24 * 366  # a guest's backup lasting longer is not a duration the log can hold


def read_vzdump(text: str, path) -> list[Run]:
    job = JOB_PREFIX
    runs: list[Run] = []
    guest: dict | None = None
    number = 0

    def stamp(value: str, column: str) -> dt.datetime:
        """A time of the log's line ``number``; 2026-02-31 or 25:00 refuse the file."""
        try:
            return parse_datetime(value)
        except ValueError:
            raise line_error(path, number, column, date_problem()) from None

    def close(current: dict | None) -> None:
        if current is None:
            return
        if current["started"] is None:
            raise line_error(path, current["line"], "Backup started at",
                             _("the guest's start time is missing from the log."))
        status = current["status"] or FAILURE
        message = current["message"] or ("" if current["status"] else _("not finished in the log"))
        ended = current["ended"]
        if ended is not None and ended < current["started"]:  # a run of a negative duration
            raise line_error(path, *current["ended_where"], _("before the start."))
        if ended is None and current["duration"] is not None:
            ended = current["started"] + current["duration"]
        runs.append(Run(job=job, machine=current["name"] or current["vmid"],
                        started=current["started"], ended=ended, status=status,
                        message=message[:500], line=current["line"]))

    def end(value: str, column: str) -> None:
        """The guest's end time, read on line ``number`` (kept to name it if before the start)."""
        guest["ended"], guest["ended_where"] = stamp(value, column), (number, column)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if m := _JOB.match(line):
            storage = _STORAGE.search(m[2])
            job = f"{JOB_PREFIX} {storage[1]}" if storage else JOB_PREFIX
        elif m := _START.match(line):
            close(guest)
            guest = {"vmid": m[2], "name": "", "line": number, "status": None, "message": "",
                     "started": stamp(m[1], "date") if m[1] else None, "ended": None,
                     "duration": None}
        elif guest is None:
            continue
        elif m := _NAME.match(line):
            guest["name"] = m[2].strip()
        elif m := _STARTED_AT.match(line):
            guest["started"] = stamp(m[2], "Backup started at")
        elif (m := _FINISHED.match(line)) and m[2] == guest["vmid"]:
            guest["status"] = SUCCESS
            if len(m[3]) > 5 or int(m[3]) > MAX_HOURS:
                raise line_error(path, number, "Finished Backup", _(
                    "« {value} » is not a duration (expected hours:minutes:seconds).").format(
                    value=f"{m[3]}:{m[4]}:{m[5]}"))
            guest["duration"] = dt.timedelta(hours=int(m[3]), minutes=int(m[4]), seconds=int(m[5]))
            if m[1]:
                end(m[1], "date")
        elif (m := _FAILED.match(line)) and m[2] == guest["vmid"]:
            guest["status"], guest["message"] = FAILURE, m[3].strip()
            if m[1]:
                end(m[1], "date")
        elif m := _ENDED_AT.match(line):
            end(m[3], f"{m[2]} at")
            close(guest)
            guest = None
    close(guest)
    if not runs:
        raise file_error(path, _("no « Starting Backup of VM » line: this is not a vzdump log."))
    return runs
