"""Veeam Backup & Replication's e-mail job report, saved as HTML (.htm/.html).

Its layout: a banner « Backup job: NAME » with the session's result beside it (« Success »,
« Warning », « Failed », then « 3 of 3 VMs processed »); a line with the session's date
(« Monday, 30 November 2026 22:00:12 »); a summary (Success / Start time / Total size …,
Warning / End time …, Error / Duration …); then « Details » and one row per VM under the titles
Name, Status, Start time, End time, Size, Read, Transferred, Duration, Details. The times of the
summary and of the VMs are hours of the session's day (« 00:05:12 (+1) »: the next day).
A file may hold several sessions (several banners): each is read."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from ...i18n import _
from ..common import file_error
from .runs import Run, date_problem, fold, line_error, parse_datetime, parse_status, parse_time_of, status_problem

_JOB = re.compile(r"^(?:[\w -]*?\s)?job\s*:\s*(.+)$", re.IGNORECASE)


class _Rows(HTMLParser):
    """Every table row: (line, [cell texts]); text goes to the innermost open cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []
        self._open: list[tuple[int, list[list[str]]]] = []  # rows being read, their cells
        self._in_cell: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._open.append((self.getpos()[0], []))
        elif tag in ("td", "th") and self._open:
            self._open[-1][1].append([])
        elif tag in ("br", "div", "p") and self._open and self._open[-1][1]:
            self._open[-1][1][-1].append("\n")

    def handle_endtag(self, tag):
        if tag == "tr" and self._open:
            line, cells = self._open.pop()
            texts = ["\n".join(t for t in (" ".join(part.split()) for part in "".join(c).split("\n")) if t)
                     for c in cells]
            if any(texts):
                self.rows.append((line, texts))

    def handle_data(self, data):
        if self._open and self._open[-1][1]:
            self._open[-1][1][-1].append(data)


def read_veeam_html(text: str, path) -> list[Run]:
    parser = _Rows()
    parser.feed(text)
    parser.close()
    runs: list[Run] = []
    session: dict | None = None
    for line, cells in sorted(parser.rows):
        job = next((m[1].strip() for c in cells if (m := _JOB.match(c.split("\n")[0]))), None)
        if job is not None and len(cells) <= 3:
            if session is not None:
                runs.extend(_session_runs(path, session))
            status_cell = " ".join(cells[-1].split()) if len(cells) > 1 else ""
            session = {"job": job, "line": line, "status_text": status_cell,
                       "status": parse_status(status_cell), "day": None, "start": None,
                       "end": None, "titles": None, "vms": []}
            continue
        if session is not None:
            _session_row(path, session, line, cells)
    if session is not None:
        runs.extend(_session_runs(path, session))
    if not runs:
        raise file_error(path, _("no Veeam job report found (no « Backup job: … » banner)."))
    return runs


def _session_row(path, session: dict, line: int, cells: list[str]) -> None:
    cells = [" ".join(c.split()) for c in cells]
    folded = [fold(c) for c in cells]
    if session["titles"] is not None and len(cells) >= len(session["titles"]):
        session["vms"].append((line, cells))
        return
    if folded[:2] == ["name", "status"]:
        session["titles"] = folded
        return
    if len(cells) == 1 and session["day"] is None:
        try:
            session["day"] = parse_datetime(cells[0])
            session["day_line"] = line
        except ValueError:
            pass
        return
    for index, label in enumerate(folded[:-1]):
        if label in ("start time", "end time"):
            session["start" if label == "start time" else "end"] = (line, cells[index + 1])


def _when(path, session: dict, line: int, column: str, value: str) -> dt.datetime:
    day = session["day"].date() if session["day"] else None
    try:
        return parse_time_of(value, day) if day else parse_datetime(value)
    except (ValueError, TypeError, OverflowError):  # (+3000000) days: past year 9999
        raise line_error(path, line, column, date_problem()) from None


def _session_runs(path, session: dict) -> list[Run]:
    job = session["job"]
    if session["status"] is None:
        raise line_error(path, session["line"], _("job status"), status_problem(session["status_text"]))
    started = session["day"]
    if session["start"]:
        started = _when(path, session, session["start"][0], "Start time", session["start"][1])
    if started is None:
        raise line_error(path, session["line"], "Start time", _("the session's date is missing."))
    ended = _when(path, session, session["end"][0], "End time", session["end"][1]) \
        if session["end"] and session["end"][1] else None
    titles = session["titles"] or []
    if not session["vms"]:
        message = session["status_text"]
        return [Run(job=job, machine="", started=started, ended=ended,
                    status=session["status"], message=message, line=session["line"])]
    return [_vm_run(path, session, titles, line, cells, started) for line, cells in session["vms"]]


def _vm_run(path, session: dict, titles: list[str], line: int, cells: list[str],
            session_start: dt.datetime) -> Run:
    def cell(title: str) -> str:
        return cells[titles.index(title)] if title in titles else ""

    status = parse_status(cell("status"))
    if status is None:
        raise line_error(path, line, "Status", status_problem(cell("status")))
    if not cell("name"):
        raise line_error(path, line, "Name", _("empty; the VM's name is needed."))
    started = _when(path, session, line, "Start time", cell("start time")) \
        if cell("start time") else session_start
    ended = _when(path, session, line, "End time", cell("end time")) if cell("end time") else None
    return Run(job=session["job"], machine=cell("name"), started=started, ended=ended,
               status=status, message=cell("details")[:500], line=line)
