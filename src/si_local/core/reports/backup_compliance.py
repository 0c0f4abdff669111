"""The monthly backup compliance report, for auditors (``si-local print backup-report``): for
each backup and each VM it covers, the last success, the month's runs and failures, the newest
restore test and its age, and whether the backup kept to its frequency. Failures and late
backups are printed in red. Portrait A4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import Paragraph

from .. import backup_runs as br
from .. import clock
from ..alerts import RESTORE_TEST_MAX_AGE_DAYS
from ..i18n import _, format_datetime, format_date, format_hours, ngettext
from ..registry_kinds import RESULTS
from .common import WARN, DocumentInfo, build_pdf, esc, frame_width, heading, p, styles, table


def _facility(db) -> str:
    row = db.execute("SELECT name FROM facility ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else ""


def _status(line: br.Line) -> str:
    if line.runs == 0 and line.last_success is None:
        return _("No run")
    parts = [_("Late")] if line.late else []
    if line.failures:
        parts.append(ngettext("{count} failure", "{count} failures", line.failures).format(
            count=line.failures))
    return ", ".join(parts) or _("Compliant")


def _restore(line: br.Line) -> str:
    if not line.restore_test:
        return "—"
    return _("{date} ({result}), {days}").format(
        date=format_date(line.restore_test), result=_(RESULTS.get(line.restore_result, "")).lower(),
        days=ngettext("{count} day ago", "{count} days ago", line.restore_age_days).format(
            count=line.restore_age_days))


def _row(line: br.Line, name: str) -> list:
    return [name, format_datetime(line.last_success) or "—", str(line.runs), str(line.failures),
            format_datetime(line.last_failure) or "—", _restore(line), _status(line)]


def _red_cells(row: list, line: br.Line) -> list:
    """The failures and the late ones in red (the whole line), an old restore test in red."""
    red = styles()["cell"].clone("cell_red", textColor=WARN)
    old = line.restore_age_days is not None and line.restore_age_days > RESTORE_TEST_MAX_AGE_DAYS
    return [Paragraph(esc(value), red) if line.red or (index == 5 and old) else value
            for index, value in enumerate(row)]


WIDTHS = [3.2, 2.4, 1.1, 1.2, 2.4, 3.2, 1.9]


def _header() -> list[str]:
    return [_("Backup or VM"), _("Last success"), _("Runs"), _("Failures"), _("Last failure"),
            _("Newest restore test"), _("Status")]


def _table(names: list[str], lines: list[br.Line], width: float):
    rows = [_header()] + [_red_cells(_row(line, name), line) for name, line in zip(names, lines)]
    return table(rows, WIDTHS, total_width=width)


def print_backup_report(db, path: Path | str, month: dt.date, now: dt.datetime | None = None) -> int:
    """Write the month's compliance report to ``path``; the page count."""
    now = now or clock.now()
    data = br.month_report(db, month, now)
    title = _("Backup compliance report")
    info = DocumentInfo(title=title, facility=_facility(db), date=now.date(), subject=title)
    width = frame_width(info)
    period = _("From {first} to {last}").format(first=format_date(data.first),
                                               last=format_date(data.last))
    heads = [head for head, _lines in data.backups]

    def story():
        out: list = [p(title, "title"), p(period)]
        out.append(p(_("Figures taken on {date}. A backup is late when its last success is "
                       "older than one and a half times its frequency plus twelve hours; a "
                       "restore test older than six months is printed in red.").format(
                           date=format_datetime(data.until))))
        out.append(heading(_("Backups")))
        out.append(_table([head.backup for head in heads], heads, width))
        for head, lines in data.backups:
            frequency = format_hours(head.frequency_hours) if head.frequency_hours else _("not set")
            out.append(heading(head.backup, 2))
            out.append(p(_("Frequency: {frequency}.").format(frequency=frequency)))
            out.append(_table([_("Whole backup")] + [line.vm for line in lines], [head] + lines,
                              width))
        if not data.backups:
            out.append(p(_("No backup in the registry.")))
        return out

    return build_pdf(path, info, story)
