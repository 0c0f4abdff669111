"""The CSV backup reports: Veeam's job-session export (« Job Name », « VM Name », « Status »,
« Start Time », « End Time », or the PowerShell names « JobName », « Result », « CreationTime »,
« EndTime ») and SI Local's simple CSV (``job;machine;start;end;status;message``, see
docs/backup-reports.md). Both are read by column title, so the two readers are one; a title a
reader does not know is left aside (sizes, ratios, durations…)."""

from __future__ import annotations

from ...i18n import _
from ..csv_lines import CsvProblem, CsvReader
from ..common import file_error
from .runs import Run, date_problem, fold, line_error, parse_datetime, parse_status, status_problem

# Folded column titles (lower case, no accent) → the field they hold.
VEEAM_TITLES = {
    "job name": "job", "jobname": "job", "job": "job", "nom du travail": "job",
    "nom de la tache": "job", "tache": "job", "travail": "job",
    "vm name": "machine", "vmname": "machine", "object": "machine", "object name": "machine",
    "objects": "machine", "name": "machine", "servername": "machine", "vm": "machine",
    "machine": "machine", "objet": "machine", "nom de la vm": "machine",
    "status": "status", "result": "status", "session status": "status", "statut": "status",
    "resultat": "status", "etat": "status",
    "start time": "start", "creationtime": "start", "creation time": "start", "start": "start",
    "heure de debut": "start", "debut": "start", "date": "start",
    "end time": "end", "endtime": "end", "end": "end", "heure de fin": "end", "fin": "end",
    "details": "message", "reason": "message", "message": "message", "description": "message",
}
SIMPLE_TITLES = {"job": "job", "machine": "machine", "start": "start", "end": "end",
                 "status": "status", "message": "message"}
REQUIRED = ("job", "start", "status")
# A session still running has no result yet: its line is left aside.
NOT_FINISHED = {"none", "running", "pending", "en cours", "idle", "working"}


def delimiter_of(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def columns_of(header: list[str], titles: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = titles.get(fold(title).lstrip("\ufeff"))
        if key and key not in found:
            found[key] = index
    return found


def is_simple(header: list[str]) -> bool:
    return {"job", "machine", "start", "status"} <= {fold(t) for t in header}


def is_veeam(header: list[str]) -> bool:
    return set(REQUIRED) <= set(columns_of(header, VEEAM_TITLES))


def _listed(header: list[str], limit: int = 200) -> str:
    """The header's titles for a message: cut at ``limit`` characters (a huge line is not echoed)."""
    text = ", ".join(header)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def read_csv_runs(text: str, path, titles: dict[str, str]) -> tuple[list[Run], int]:
    """The runs of a CSV report and the number of lines left aside (sessions not finished)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    reader = CsvReader(text, path, delimiter_of(first))
    columns = columns_of(reader.header, titles)
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise file_error(path, _("line {line}: no column « {column} »; the report's columns are: "
                                 "{titles}.").format(line=reader.header_line, column=missing[0],
                                                     titles=_listed(reader.header)))
    runs: list[Run] = []
    skipped = 0
    for item in reader:
        if isinstance(item, CsvProblem):
            if not item.column:
                raise file_error(path, _("line {line}: {problem}").format(line=item.line,
                                                                         problem=item.reason))
            raise line_error(path, item.line, item.column, item.reason)
        line, cells = item
        run = _run(path, line, cells, columns, reader.header)
        if run is None:
            skipped += 1
        else:
            runs.append(run)
    return runs, skipped


def _run(path, line: int, cells: list[str], columns: dict[str, int], header: list[str]) -> Run | None:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def title(key: str) -> str:
        return header[columns[key]]

    status_text = cell("status")
    if fold(status_text) in NOT_FINISHED:
        return None
    status = parse_status(status_text)
    if status is None:
        raise line_error(path, line, title("status"), status_problem(status_text))
    job = cell("job")
    if not job:
        raise line_error(path, line, title("job"), _("empty; the job's name is needed."))
    try:
        started = parse_datetime(cell("start"))
    except ValueError:
        raise line_error(path, line, title("start"), date_problem()) from None
    ended = None
    if cell("end"):
        try:
            ended = parse_datetime(cell("end"))
        except ValueError:
            raise line_error(path, line, title("end"), date_problem()) from None
        if ended < started:
            raise line_error(path, line, title("end"), _("before the start."))
    return Run(job=job, machine=cell("machine"), started=started, ended=ended, status=status,
               message=cell("message")[:500], line=line)
