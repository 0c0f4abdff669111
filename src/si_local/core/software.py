"""The programs installed on each machine, as agent inventories list them (``softwares`` in GLPI
agent JSON, ``SOFTWARES`` in FusionInventory XML).

An inventory import keeps a machine's list: what appeared is inserted, what disappeared deleted,
with ``executemany`` inside the import's one transaction. The tables have no audit triggers (a
machine lists thousands of programs); each import that changes a machine's list records ONE
audit entry for it instead (table name ``software_list``, the machine's row id, ``before``/``after``
holding the counts and the names and versions removed and added, at most
:data:`AUDIT_LISTED` of each): the trail stays readable and small.

The names are kept once each in ``software_name`` with their folded key
(:func:`software_versions.name_key`), which the search reads (see ``software_search.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .i18n import format_number, ngettext
from .software_versions import name_key

# the columns pointing at the machine, per registry table and per inventory kind
MACHINE_COLUMNS = {"server": "server_id", "vm": "vm_id", "equipment": "equipment_id"}
KIND_TABLES = {"servers": "server", "vms": "vm", "equipment": "equipment"}
MAX_NAME = 200  # a name, a version or a publisher longer than this is cut (an agent wrote it)
AUDIT_LISTED = 50  # names listed per side in one audit entry; the counts say the rest


@dataclass(frozen=True, order=True, slots=True)
class Program:
    name: str
    version: str = ""
    publisher: str | None = None
    install_date: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return (self.name, self.version)

    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


@dataclass
class SoftwareChange:
    """What an import does to one machine's list (the preview's « 12 logiciels ajoutés, 3
    retirés »)."""

    added: list[Program] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def describe(self) -> str:
        return changes_text(len(self.added), len(self.removed))


def changes_text(added: int, removed: int) -> str:
    """« 12 logiciels ajoutés, 3 retirés »."""
    return ", ".join((
        ngettext("{n} program added", "{n} programs added", added).format(n=format_number(added)),
        ngettext("{n} program removed", "{n} programs removed", removed).format(n=format_number(removed))))


# --- reading an inventory's list ---------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _text(value: Any) -> str:
    """A name, version or publisher as one line of at most MAX_NAME characters (runs of spaces
    made one); "" for nothing or a list or object. Called for every program of every machine:
    the common case (a short clean string) costs one strip and two scans in C."""
    if value.__class__ is str:
        text = value.strip()
    elif value is None or isinstance(value, (list, dict)):
        return ""
    else:
        text = str(value).strip()
    if not text.isprintable() or "  " in text:  # a tab, a line break, a run of spaces
        text = " ".join(text.split())
    return text if len(text) <= MAX_NAME else text[:MAX_NAME].strip()


def _install_date(value: Any) -> str | None:
    return _date_of(value.strip() if value.__class__ is str else _text(value))


@functools.lru_cache(maxsize=4096)  # an inventory repeats a few hundred dates
def _date_of(text: str) -> str | None:
    found = _DAY_FIRST.match(text)
    if found:  # FusionInventory writes 16/01/2017
        text = f"{found.group(3)}-{int(found.group(2)):02d}-{int(found.group(1)):02d}"
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None  # « N/A », empty, odd


def programs_of(content: dict[str, Any]) -> list[Program] | None:
    """The programs an inventory's ``content`` lists (one per name and version), or None when it
    has no such section (then the machine's list is left as it is)."""
    if "softwares" not in content:
        return None
    items = content.get("softwares")
    if isinstance(items, dict):
        items = [items]
    found: dict[tuple[str, str], Program] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name = _text(item.get("name"))
        if not name:
            continue
        pair = (name, _text(item.get("version")))
        if pair in found:
            continue
        date = item.get("install_date")
        if date is None:
            date = item.get("installdate")
        found[pair] = Program(name, pair[1], _text(item.get("publisher")) or None,
                              _install_date(date) if date is not None else None)
    return list(found.values())


# --- the database ------------------------------------------------------------------------------

def installed_pairs(db, table: str, machine_id: int) -> dict[tuple[str, str], int]:
    """(name, version) -> row id of what a machine has now."""
    column = MACHINE_COLUMNS[table]
    return {(name, version): row_id for row_id, name, version in db.execute(
        f"SELECT i.id, n.name, i.version FROM software_installed i JOIN software_name n "
        f"ON n.id = i.name_id WHERE i.{column} = ?", [machine_id]).fetchall()}


def change_for(db, table: str, machine_id: int | None, programs: list[Program]) -> SoftwareChange:
    """What writing ``programs`` as a machine's list would change (a new machine: all added)."""
    now = installed_pairs(db, table, machine_id) if machine_id is not None else {}
    wanted = {p.pair for p in programs}
    return SoftwareChange([p for p in programs if p.pair not in now],
                          sorted(pair for pair in now if pair not in wanted))


def _name_ids(db, names: Iterable[str]) -> dict[str, int]:
    """The id of each name, new names added (their folded key computed once, when added)."""
    names = sorted(set(names))

    def known(wanted: list[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            ids.update(db.execute(f"SELECT name, id FROM software_name WHERE name IN ({marks})",
                                  chunk).fetchall())
        return ids

    ids = known(names)
    new = [n for n in names if n not in ids]
    if new:
        db.conn.executemany("INSERT OR IGNORE INTO software_name (name, name_key) VALUES (?, ?)",
                            [(n, name_key(n)) for n in new])
        ids.update(known(new))
    return ids


def _listed(items: list[str]) -> str:
    shown = "; ".join(items[:AUDIT_LISTED])
    return shown + (f"; … (+{len(items) - AUDIT_LISTED})" if len(items) > AUDIT_LISTED else "")


def write_programs(db, table: str, machine_id: int, programs: list[Program]) -> SoftwareChange:
    """Make a machine's list the given one (inside the caller's transaction): delete what
    disappeared, insert what appeared, and record ONE audit entry when something changed."""
    return write_change(db, table, machine_id, change_for(db, table, machine_id, programs))


def write_change(db, table: str, machine_id: int, change: SoftwareChange) -> SoftwareChange:
    """Apply a planned change to a machine's list (the plan was made under the same write
    lock, checked by the import): ONE audit entry when something changes."""
    column = MACHINE_COLUMNS[table]
    now = installed_pairs(db, table, machine_id)
    removed = [pair for pair in change.removed if pair in now]
    added = [p for p in change.added if p.pair not in now]
    if removed:
        db.conn.executemany("DELETE FROM software_installed WHERE id = ?",
                            [(now[pair],) for pair in removed])
    if added:
        ids = _name_ids(db, (p.name for p in added))
        db.conn.executemany(
            f"INSERT INTO software_installed (name_id, version, publisher, install_date, {column}) "
            f"VALUES (?, ?, ?, ?, ?)",
            [(ids[p.name], p.version, p.publisher, p.install_date, machine_id) for p in added])
    done = SoftwareChange(added, removed)
    if done:
        _audit(db, column, machine_id, len(now), len(now) - len(removed) + len(added), done)
    return done


AUDIT_TABLE = "software_list"  # not a table: the entries a machine's list gets, one per import


def _audit(db, column: str, machine_id: int, before: int, after: int,
           change: SoftwareChange) -> None:
    removed = [f"{n} {v}".strip() for n, v in change.removed]
    old = {column: machine_id, "programs": before}
    new = {column: machine_id, "programs": after}
    if removed:
        old["removed"] = _listed(removed)
    if change.added:
        new["added"] = _listed([p.label() for p in change.added])
    db.execute("INSERT INTO audit (os_user, table_name, row_id, action, before, after) "
               "VALUES (si_local_user(), 'software_list', ?, 'update', ?, ?)",
               [machine_id, json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)])


def machine_programs(db, table: str, machine_id: int) -> list[dict[str, Any]]:
    """A machine's programs, by name then version."""
    column = MACHINE_COLUMNS[table]
    return [dict(r) for r in db.query(
        f"SELECT n.name, i.version, i.publisher, i.install_date FROM software_installed i "
        f"JOIN software_name n ON n.id = i.name_id WHERE i.{column} = ? "
        f"ORDER BY n.name COLLATE NOCASE, i.version", [machine_id])]


def find_machine(db, name: str) -> tuple[str, int, str]:
    """(table, id, name) of the server, VM or equipment called ``name`` (case-insensitive)."""
    from .errors import UserError
    from .i18n import _

    wanted = " ".join(str(name or "").split())
    for table in MACHINE_COLUMNS:
        row = db.execute(f"SELECT id, name FROM {table} WHERE name = ? COLLATE NOCASE",
                         [wanted]).fetchone()
        if row:
            return table, int(row[0]), str(row[1])
    raise UserError(_("No server, VM or equipment is called « {name} ».").format(name=wanted))


def machine_kind(db, table: str, machine_id: int) -> str:
    """« server », « vm », « equipment » or « workstation » (equipment of that type)."""
    if table == "equipment":
        row = db.execute("SELECT kind FROM equipment WHERE id = ?", [machine_id]).fetchone()
        if row and row[0] == "workstation":
            return "workstation"
    return table
