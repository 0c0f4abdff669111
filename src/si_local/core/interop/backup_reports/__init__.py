"""Backup reports: the job reports backup tools export, read into runs, matched to the
registry's backups and VMs, previewed, then written (``backup_run``, ``backup.last_success``).

* :func:`read_report` reads one file (format given or detected): ``veeam-csv``
  (csv_reports.py), ``veeam-html`` (veeam_html.py), ``vzdump`` (vzdump.py), ``csv`` (SI Local's
  simple CSV, csv_reports.py); the text is UTF-8 (with or without BOM) or Windows-1252;
* :func:`plan_reports` matches the runs (plan.py) and :func:`apply_plan` writes them in one
  transaction.
"""

from __future__ import annotations

from pathlib import Path

from ...i18n import _
from ..common import file_error, read_limited, sha256_hex
from ..csv_lines import CsvReader, decode
from .csv_reports import SIMPLE_TITLES, VEEAM_TITLES, delimiter_of, is_simple, is_veeam, read_csv_runs
from .plan import BackupChange, Plan, RunAction, apply_plan, plan_reports
from .runs import FAILURE, FORMAT_LABELS, FORMATS, STATUSES, SUCCESS, WARNING, Report, Run, parse_datetime, parse_status
from .veeam_html import read_veeam_html
from .vzdump import looks_like_vzdump, read_vzdump


__all__ = ["FORMATS", "FORMAT_LABELS", "FAILURE", "STATUSES", "SUCCESS", "WARNING", "BackupChange",
           "Plan", "Report", "Run", "RunAction", "apply_plan", "detect_format", "parse_datetime",
           "parse_status", "plan_reports", "read_report"]


def detect_format(path, text: str) -> str:
    head = text[:4000].lower()
    if Path(path).suffix.lower() in (".htm", ".html") or "<html" in head or "<table" in head:
        return "veeam-html"
    if looks_like_vzdump(text):
        return "vzdump"
    header = CsvReader(text, path, delimiter_of(text.lstrip("\ufeff").split("\n", 1)[0])).header
    if is_simple(header):
        return "csv"
    if is_veeam(header):
        return "veeam-csv"
    raise file_error(path, _("line 1: not a backup report SI Local knows (Veeam CSV or HTML, "
                             "Proxmox vzdump log, or the CSV of docs/backup-reports.md)."))


def read_report(path, fmt: str | None = None) -> Report:
    """The runs of one report file; refused whole, in one line, on its first bad line."""
    data = read_limited(path)
    text, encoding = decode(data, path)
    fmt = fmt or detect_format(path, text)
    if fmt == "veeam-html":
        runs = read_veeam_html(text, path)
    elif fmt == "vzdump":
        runs = read_vzdump(text, path)
    else:
        runs, _skipped = read_csv_runs(text, path, SIMPLE_TITLES if fmt == "csv" else VEEAM_TITLES)
        if not runs:
            raise file_error(path, _("no finished run in the file."))
    return Report(path=str(path), sha256=sha256_hex(data), format=fmt, encoding=encoding, runs=runs)
