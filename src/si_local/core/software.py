"""The programs installed on each machine, as agent inventories list them (``softwares`` in GLPI
agent JSON, ``SOFTWARES`` in FusionInventory XML).

An inventory import keeps a machine's list: what appeared is added, what disappeared dropped,
inside the import's one transaction. A machine's list is ONE row (``software_lists.py`` says how
it is stored and indexed for the search); each import that changes it records ONE audit entry
(table name ``software_list``, the machine's row id, ``before``/``after`` holding the counts and
the names and versions removed and added, at most :data:`AUDIT_LISTED` of each): the trail stays
readable and small.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any, NamedTuple

from .i18n import format_number, ngettext

# the columns pointing at the machine, per registry table and per inventory kind
MACHINE_COLUMNS = {"server": "server_id", "vm": "vm_id", "equipment": "equipment_id"}
KIND_TABLES = {"servers": "server", "vms": "vm", "equipment": "equipment"}
MAX_NAME = 200  # a name, a version or a publisher longer than this is cut (an agent wrote it)
AUDIT_LISTED = 50  # names listed per side in one audit entry; the counts say the rest


class Program(NamedTuple):
    """One installed program; "" for a version, publisher or date not given. The reader and the
    storage make plain 4-tuples in this order (an import reads 3,000 programs a machine, in C:
    see :func:`programs_of`), equal to Programs: code reads them by position (``p[0]`` the
    name, ``p[:2]`` the name and version); this class is for programs made by hand."""

    name: str
    version: str = ""
    publisher: str = ""
    install_date: str = ""  # YYYY-MM-DD



def label(program: tuple) -> str:
    """« name version »."""
    return f"{program[0]} {program[1]}".strip()


@dataclass
class SoftwareChange:
    """What an import does to one machine's list (the preview's « 12 logiciels ajoutés, 3
    retirés »)."""

    added: list[Program] = field(default_factory=list)  # Programs or plain 4-tuples
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


def _install_date(value: Any) -> str:
    """YYYY-MM-DD, or "" for nothing, « N/A » or anything odd."""
    text = value.strip() if value.__class__ is str else _text(value)
    found = _DAY_FIRST.match(text)
    if found:  # FusionInventory writes 16/01/2017
        text = f"{found.group(3)}-{int(found.group(2)):02d}-{int(found.group(1)):02d}"
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return ""


class ReadCache:
    """What the reading of the files of one import shares: each distinct string cleaned once
    (texts and dates apart: a date is parsed, a text only cleaned), and each distinct program
    kept once in memory (machines built from one image list the same 3,000 programs: a
    thousand files hold a few thousand distinct ones, not three million)."""

    __slots__ = ("texts", "dates", "programs")

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}  # only strings: 3 and 3.0 are one key but two texts
        self.dates: dict[str, str | None] = {}
        self.programs: dict[Program, Program] = {}


def programs_of(content: dict[str, Any], cache: ReadCache | None = None) -> list[Program] | None:
    """The programs an inventory's ``content`` lists (one per name and version: the first), or
    None when it has no such section (then the machine's list is left as it is).

    Called on every file of an import, 3,000 programs each, it costs about as much as reading
    the file (``benchmarks/software_inventory.py``): the common case (every item an object,
    every name given, no name and version twice) is done by passes in C over the list, the
    texts cleaned through a cache of strings (``cache``, shared by the files of one import) so
    that each distinct string is looked at once; anything else goes through
    :func:`_programs_one_by_one`, which gives the same result (a test says so).
    :func:`_text` says what cleaning means."""
    if "softwares" not in content:
        return None
    items = content.get("softwares")
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not items:
        return []
    cache = cache or ReadCache()
    if set(map(type, items)) != {dict}:
        return _programs_one_by_one(items, cache)
    get = dict.get
    names = _texts(list(map(get, items, repeat("name"))), cache.texts)
    if "" in names:
        return _programs_one_by_one(items, cache)
    versions = _texts(list(map(get, items, repeat("version"))), cache.texts)
    if len(set(zip(names, versions))) != len(names):
        return _programs_one_by_one(items, cache)
    publishers = _texts(list(map(get, items, repeat("publisher"))), cache.texts)
    dates = list(map(get, items, repeat("install_date")))
    if None in dates:  # FusionInventory's older key
        dates = [d if d is not None else item.get("installdate") for d, item in zip(dates, items)]
    dates = _cleaned(dates, cache.dates, _install_date)
    kept = cache.programs
    programs = list(zip(names, versions, publishers, dates))
    return list(map(kept.setdefault, programs, programs))


def _texts(values: list[Any], seen: dict[Any, str]) -> list[str]:
    """:func:`_text` of each value. Agents write clean texts: that is checked at once, in C, on
    the values joined by « | » (printable, nothing at either end of a value, no two spaces, not
    too long); a value that is not so (or a « | » next to a space, which the check cannot tell
    from one) has them cleaned one by one."""
    try:
        joined = "|".join(values)
    except TypeError:  # None, a number, a list…
        return _cleaned(values, seen, _text)
    if (joined.isprintable() and "  " not in joined and "| " not in joined and " |" not in joined
            and joined[:1] != " " and joined[-1:] != " " and max(map(len, values)) <= MAX_NAME):
        return values
    return _cleaned(values, seen, _text)


def _cleaned(values: list[Any], seen: dict[Any, str], clean: Callable[[Any], str]) -> list[str]:
    """``clean`` of each value, through ``seen`` (raw string -> its cleaned text): looked up in
    C, only the values never seen are cleaned in Python. ``seen`` holds strings (and None)
    only: 3 and 3.0 are one key of a dict but two texts."""
    try:
        out = list(map(seen.get, values))
    except TypeError:  # a list or an object where a text was expected
        out = [None] * len(values)
    if None not in out:
        return out
    for i in compress(range(len(out)), map(operator.is_, out, repeat(None))):
        value = values[i]
        if value is None or value.__class__ is str:
            text = seen.get(value)
            if text is None:  # not met earlier in this list either
                text = seen[value] = clean(value)
        else:
            text = clean(value)
        out[i] = text
    return out


def _programs_one_by_one(items: list[Any], cache: ReadCache) -> list[Program]:
    """:func:`programs_of` for any list, one item after the other."""
    found: dict[tuple[str, str], Program] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        name, version = _cleaned([item.get("name"), item.get("version")], cache.texts, _text)
        if not name or (name, version) in found:
            continue
        date = item.get("install_date")
        if date is None:
            date = item.get("installdate")
        (publisher,) = _cleaned([item.get("publisher")], cache.texts, _text)
        (date,) = _cleaned([date], cache.dates, _install_date)
        program = (name, version, publisher, date)
        found[(name, version)] = cache.programs.setdefault(program, program)
    return list(found.values())


# --- the database ------------------------------------------------------------------------------

def change_for(db, table: str, machine_id: int | None, programs: list[Program]) -> SoftwareChange:
    """What writing ``programs`` as a machine's list would change (a new machine: all added)."""
    if machine_id is None:
        return SoftwareChange(list(programs), [])
    from .software_lists import stored

    now = {p[:2] for p in stored(db, MACHINE_COLUMNS[table], machine_id)[1]}
    if not now:
        return SoftwareChange(list(programs), [])
    wanted = {p[:2] for p in programs}
    return SoftwareChange([p for p in programs if p[:2] not in now],
                          sorted(pair for pair in now if pair not in wanted))


def _listed(items: list[str], total: int) -> str:
    """The first :data:`AUDIT_LISTED` of ``total`` items (only those are given), and a count."""
    shown = "; ".join(items[:AUDIT_LISTED])
    return shown + (f"; … (+{total - AUDIT_LISTED})" if total > AUDIT_LISTED else "")


def write_programs(db, table: str, machine_id: int, programs: list[Program],
                   releases=None) -> SoftwareChange:
    """Make a machine's list the given one (inside the caller's transaction): drop what
    disappeared, add what appeared, and record ONE audit entry when something changed."""
    return write_change(db, table, machine_id, change_for(db, table, machine_id, programs),
                        releases)


def write_change(db, table: str, machine_id: int, change: SoftwareChange,
                 releases=None) -> SoftwareChange:
    """Apply a planned change to a machine's list (the plan was made under the same write
    lock, checked by the import): ONE audit entry when something changes. ``releases``
    (:class:`software_lists.Releases`) caches ids across the machines of one transaction."""
    from . import software_lists as lists

    column = MACHINE_COLUMNS[table]
    list_id, now = lists.stored(db, column, machine_id)
    pairs = {p[:2]: i for i, p in enumerate(now)}
    if pairs:
        removed = [pair for pair in change.removed if pair in pairs]
        added = [p for p in change.added if p[:2] not in pairs]
    else:  # a new list (a new machine): all of it
        removed, added = [], change.added
    done = SoftwareChange(added, removed)
    if not done:
        return done
    releases = releases or lists.Releases(db)
    gone = {pairs[pair] for pair in removed}
    kept = [p for i, p in enumerate(now) if i not in gone] if gone else now
    programs = kept + added
    lists.store(db, column, machine_id, list_id, programs, releases.ids(programs))
    _audit(db, column, machine_id, len(now), len(kept) + len(added), done)
    return done


AUDIT_TABLE = "software_list"  # the entries a machine's list gets, one per import that changes it


def _audit(db, column: str, machine_id: int, before: int, after: int,
           change: SoftwareChange) -> None:
    old = {column: machine_id, "programs": before}
    new = {column: machine_id, "programs": after}
    if change.removed:
        old["removed"] = _listed([f"{n} {v}".strip() for n, v in change.removed[:AUDIT_LISTED]],
                                 len(change.removed))
    if change.added:
        new["added"] = _listed([label(p) for p in change.added[:AUDIT_LISTED]], len(change.added))
    db.execute("INSERT INTO audit (os_user, table_name, row_id, action, before, after) "
               "VALUES (si_local_user(), 'software_list', ?, 'update', ?, ?)",
               [machine_id, json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)])


def machine_programs(db, table: str, machine_id: int) -> list[dict[str, Any]]:
    """A machine's programs, by name then version."""
    from .software_lists import stored
    from .software_versions import version_key

    programs = stored(db, MACHINE_COLUMNS[table], machine_id)[1]
    programs.sort(key=lambda p: (p[0].casefold(), version_key(p[1]), p[1]))
    return [{"name": p[0], "version": p[1], "publisher": p[2] or None,
             "install_date": p[3] or None} for p in programs]


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
