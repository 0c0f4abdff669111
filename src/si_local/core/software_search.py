"""« Am I affected? »: the machines where a program matching a query is installed, and what to
do with them: tag them with an alert's name (« Alerte CERT-FR 2026-123 ») and open ONE action in
the self-diagnostic action plan listing them.

The search reads the distinct names (``software_name``, a few thousand rows) for the folded name
and their releases (``software_release``: name, version, publisher), compares those versions in
Python (:func:`software_versions.version_key`), then looks for the matching release ids in each
machine's index (``software_lists.py``), a set operation in C: fast on millions of installed
programs (``benchmarks/software_inventory.py``).
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from . import clock
from .errors import UserError, ValidationError
from .i18n import N_, _, format_number, ngettext
from .software import MACHINE_COLUMNS
from .software_lists import from_blob, unpack_any
from .software_versions import Query, name_key, parse_query, version_key

MACHINE_LABELS = {"server": N_("Server"), "vm": N_("VM"), "equipment": N_("Piece of equipment"),
                  "workstation": N_("Workstation")}
MAX_ALERT = 200
HOW_BUDGET = 9_000  # characters of machines named in the action's text; a count says the rest


@dataclass(frozen=True)
class Hit:
    table: str  # "server", "vm" or "equipment"
    machine_id: int
    machine: str
    program: str
    version: str
    publisher: str | None
    workstation: bool = False  # a piece of equipment of type workstation

    @property
    def machine_label(self) -> str:
        return _(MACHINE_LABELS["workstation" if self.workstation else self.table])


def search(db, query: str | Query) -> list[Hit]:
    """The installed programs matching the query, by machine then program and version."""
    q = parse_query(query) if isinstance(query, str) else query
    pattern = "%" + q.key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = dict(db.execute("SELECT id, name FROM software_name WHERE name_key LIKE ? ESCAPE '\\'",
                            [pattern]).fetchall())
    matches: dict[str, bool] = {}  # a version seen once is compared once

    def wanted(version: str) -> bool:
        ok = matches.get(version)
        if ok is None:
            ok = matches[version] = q.matches(version) if q.bounds else True
        return ok

    releases: dict[int, tuple[str, str, str | None]] = {}  # id -> name, version, publisher
    if names:
        for rid, nid, version, publisher in db.execute(
                "SELECT id, name_id, version, publisher FROM software_release "
                "WHERE name_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(names))]):
            if wanted(version):
                releases[rid] = (names[nid], version, publisher or None)
    wanted_ids = sorted(releases)
    found: list[tuple[str, int, str, str, str | None]] = []  # table, machine id, name, version, publisher
    unindexed: list[tuple[str, int, int]] = []
    query = "SELECT id, server_id, vm_id, equipment_id, programs, releases FROM software_list"
    if not wanted_ids:  # nothing to look for in the indexes: only the lists without one
        query += " WHERE releases IS NULL OR length(releases) != 4 * programs"
    for list_id, sid, vid, eid, count, blob in db.execute(query):
        table, mid = (("server", sid) if sid is not None else ("vm", vid) if vid is not None
                      else ("equipment", eid))
        ids = from_blob(blob, count)
        if ids is None:
            unindexed.append((table, mid, list_id))
        elif wanted_ids:
            found.extend((table, mid, *releases[rid]) for rid in _present(ids, wanted_ids))
    for table, mid, list_id in unindexed:  # read the list itself (slower, rare: see software_lists)
        content = db.execute("SELECT content FROM software_list WHERE id = ?", [list_id]).fetchone()[0]
        for name, version, publisher, _date in unpack_any(content):
            if q.key in name_key(name) and wanted(version):
                found.append((table, mid, name, version, publisher or None))
    machines = _machine_names(db, found)
    hits = [Hit(table, mid, machines[(table, mid)][0], name, version, publisher,
                machines[(table, mid)][1]) for table, mid, name, version, publisher in found
            if (table, mid) in machines]  # a list left without its machine (foreign keys off)
    keys: dict[str, tuple] = {}
    hits.sort(key=lambda h: (h.machine.casefold(), h.table, h.program.casefold(),
                             keys.get(h.version) or keys.setdefault(h.version, version_key(h.version))))
    return hits


BISECT_MAX = 64  # wanted ids looked for one by one in a machine's sorted index; more: a set


def _present(ids: array, wanted: list[int]) -> list[int]:
    """The ``wanted`` ids (sorted) that the sorted index ``ids`` holds: a few bisections for the
    few releases an alert names, else one pass of the index against a set (in C either way)."""
    if len(wanted) > BISECT_MAX:
        return sorted(set(wanted).intersection(ids))
    out, end = [], len(ids)
    for rid in wanted:
        i = bisect_left(ids, rid)
        if i < end and ids[i] == rid:
            out.append(rid)
    return out


def _machine_names(db, rows) -> dict[tuple[str, int], tuple[str, bool]]:
    """(table, id) -> (name, is a workstation) of the machines the rows are on."""
    wanted: dict[str, set[int]] = {"server": set(), "vm": set(), "equipment": set()}
    for row in rows:
        wanted[row[0]].add(row[1])
    out: dict[tuple[str, int], tuple[str, bool]] = {}
    for table, ids in wanted.items():
        if not ids:
            continue
        kind = "kind = 'workstation'" if table == "equipment" else "0"
        for mid, name, workstation in db.execute(
                f"SELECT id, name, {kind} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(ids))]):
            out[(table, mid)] = (name or "", bool(workstation))
    return out


def machines_of(hits: list[Hit]) -> list[tuple[str, int, str]]:
    """(table, id, name) of each machine once, in the hits' order."""
    return list(dict.fromkeys((h.table, h.machine_id, h.machine) for h in hits))


def summary(hits: list[Hit]) -> str:
    """« 3 machines concernées (5 logiciels) »."""
    machines = len(machines_of(hits))
    return _("{machines} ({programs})").format(
        machines=ngettext("{n} machine affected", "{n} machines affected", machines).format(
            n=format_number(machines)),
        programs=ngettext("{n} installed program", "{n} installed programs", len(hits)).format(
            n=format_number(len(hits))))


def _alert_name(alert: str) -> str:
    text = " ".join(str(alert or "").split())
    if not text:
        raise ValidationError({_("Alert"): _("a name is required (for example « Alerte CERT-FR "
                                             "2026-123 »).")})
    if len(text) > MAX_ALERT:
        raise ValidationError({_("Alert"): _("{length} characters, at most {limit}.").format(
            length=format_number(len(text)), limit=format_number(MAX_ALERT))})
    return text


def tag_machines(db, alert: str, hits: list[Hit], query: str = "") -> int:
    """Tag each machine of the hits with the alert's name (once); returns how many were new."""
    alert = _alert_name(alert)
    today = clock.today().isoformat()
    added = 0
    with db.atomic():
        for table, machine_id, _name in machines_of(hits):
            column = MACHINE_COLUMNS[table]
            if db.execute(f"SELECT 1 FROM software_tag WHERE alert = ? AND {column} = ?",
                          [alert, machine_id]).fetchone():
                continue
            db.execute(f"INSERT INTO software_tag (alert, query, tagged_on, {column}) "
                       f"VALUES (?, ?, ?, ?)", [alert, query or None, today, machine_id])
            added += 1
    return added


def tags_of(db, table: str, machine_id: int) -> list[str]:
    column = MACHINE_COLUMNS[table]
    return [r[0] for r in db.execute(
        f"SELECT alert FROM software_tag WHERE {column} = ? ORDER BY tagged_on, id",
        [machine_id]).fetchall()]


def action_campaign(db) -> dict[str, Any]:
    """The self-diagnostic campaign an action goes into: the most recent one still in progress,
    else the most recent one. None at all: one line saying to create one (a campaign is a
    questionnaire answered on a day; the program does not invent one)."""
    row = db.execute("SELECT id, title FROM diagnostic_campaign ORDER BY status = 'in_progress' DESC, "
                     "campaign_date DESC, id DESC LIMIT 1").fetchone()
    if row is None:
        raise UserError(_("There is no self-diagnostic campaign to hold the action: create one on "
                          "the Self-diagnostic page first (the machines can be tagged meanwhile)."))
    return {"id": int(row[0]), "title": row[1]}


def create_action(db, alert: str, hits: list[Hit], query: str = "") -> tuple[int, dict[str, Any]]:
    """ONE action in the action plan of :func:`action_campaign`, listing the machines; returns
    (action id, campaign)."""
    from .diagnostic import actions as plan

    alert = _alert_name(alert)
    machines = machines_of(hits)
    if not machines:
        raise UserError(_("No machine is concerned: there is nothing to act on."))
    campaign = action_campaign(db)
    versions: dict[tuple[str, int], list[str]] = {}
    labels: dict[tuple[str, int], str] = {}
    for h in hits:
        versions.setdefault((h.table, h.machine_id), []).append(f"{h.program} {h.version}".strip())
        labels[(h.table, h.machine_id)] = h.machine_label
    lines: list[str] = []
    size = 0
    for t, mid, name in machines:
        line = _("- {kind} {name}: {programs}").format(
            kind=labels[(t, mid)], name=name, programs=", ".join(versions[(t, mid)]))[:500]
        if size + len(line) > HOW_BUDGET:
            break
        lines.append(line)
        size += len(line) + 1
    if len(lines) < len(machines):
        rest = len(machines) - len(lines)
        lines.append(ngettext("… and {n} other machine", "… and {n} other machines", rest).format(
            n=format_number(rest)))
    title = _("{alert}: update the affected programs ({machines})").format(
        alert=alert, machines=ngettext("{n} machine", "{n} machines", len(machines)).format(
            n=format_number(len(machines))))
    why = _("Search « {query} » in the installed programs.").format(query=query) if query else ""
    action_id = plan.add_action(db, campaign["id"], title[:200], why=why, how="\n".join(lines))
    return action_id, campaign
