"""How a machine's installed programs are stored: ONE row of ``software_list`` per machine
(schema step m019, which says why), not one row per program.

- ``content`` is the list, one program a line: ``name TAB version TAB publisher TAB date``. The
  reader (:func:`software.programs_of`) makes every field one printable line, so neither a tab
  nor a line break can appear in one; :func:`checked` refuses a list that breaks this (a crafted
  bundle), naming the line.
- ``releases`` is the search's index: the ids in ``software_release`` (a distinct name, version
  and publisher; names in ``software_name`` with their folded key) of the list's programs,
  sorted, as 4-byte little-endian unsigned integers: the search bisects it for the few ids a
  query wants, in C, without making 3,000 Python numbers a machine. It is derived from ``content``, never
  travels in a bundle, and is emptied by a trigger whenever ``content`` changes without it;
  :func:`reindex` fills the empty ones again (after a bundle import) and the search reads the
  ``content`` of a list whose index is empty.

Writing a machine of 3,000 programs is one row of about 150 KB and 12 KB, whatever the size of
the database (``benchmarks/software_inventory.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import sys
from array import array
from collections.abc import Iterable
from itertools import compress, repeat
from operator import methodcaller

from .i18n import _, format_number
from .software import MAX_NAME, Program, _text
from .software_versions import name_key

MAX_PROGRAMS = 100_000  # lines in one machine's list (a bundle holding more is refused)
_SWAP = sys.byteorder != "little"


class ListError(ValueError):
    """A stored list that is not in the expected shape (a crafted bundle): ``line`` says where."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


# --- the content -------------------------------------------------------------------------------

def pack(programs: list[Program]) -> str:
    try:  # every field a string: joined in C
        return "\n".join(map("\t".join, programs))
    except TypeError:  # a None somewhere (a program made by hand)
        return "\n".join("\t".join(f or "" for f in p) for p in programs)


def unpack(content: str) -> list[Program]:
    """The programs of a stored list (written by :func:`pack`, or checked by :func:`checked`);
    a list in another shape is read line by line (:func:`unpack_any`)."""
    if not content:
        return []
    fields = list(map(tuple, map(methodcaller("split", "\t"), content.split("\n"))))
    if set(map(len, fields)) != {4}:
        return unpack_any(content)
    return fields


def unpack_any(content: object) -> list[Program]:
    """The programs of a list whatever its shape: lines that are not four fields are left out
    (the search's reading of a list without index, which must not fail)."""
    if not isinstance(content, str) or not content:
        return []
    out = []
    for line in content.split("\n"):
        fields = line.split("\t")
        if len(fields) == 4 and fields[0]:
            out.append(tuple(fields))
    return out


def checked(content: object) -> list[Program]:
    """The programs of a list that did not come from this program's writer (a bundle): every
    line four clean fields, a name, a date or nothing, no name and version twice. Raises
    :class:`ListError` naming the first line that is not so."""
    if not isinstance(content, str):
        raise ListError(0, _("the list is not text"))
    if not content:
        return []
    lines = content.split("\n")
    if len(lines) > MAX_PROGRAMS:
        raise ListError(MAX_PROGRAMS + 1, _("more than {n} programs").format(
            n=format_number(MAX_PROGRAMS)))
    seen: set[tuple[str, str]] = set()
    out = []
    for number, line in enumerate(lines, start=1):
        fields = line.split("\t")
        if len(fields) != 4:
            raise ListError(number, _("{n} fields instead of 4").format(n=len(fields)))
        if any(f != _text(f) for f in fields):
            raise ListError(number, _("a field is not one clean line of at most {n} "
                                      "characters").format(n=MAX_NAME))
        name, version, publisher, date = fields
        if not name:
            raise ListError(number, _("no name"))
        if date:
            try:
                if dt.date.fromisoformat(date).isoformat() != date:
                    raise ValueError(date)
            except ValueError:
                raise ListError(number, _("« {date} » is not a date (YYYY-MM-DD)").format(
                    date=date[:40])) from None
        if (name, version) in seen:
            raise ListError(number, _("the same name and version twice"))
        seen.add((name, version))
        out.append((name, version, publisher, date))
    return out


# --- the index ---------------------------------------------------------------------------------

def to_blob(ids: Iterable[int]) -> bytes:
    """The index: the release ids, sorted (the search bisects it), 4-byte little-endian."""
    ids = array("I", sorted(ids))
    if _SWAP:  # pragma: no cover - every platform SI Local runs on is little-endian
        ids.byteswap()
    return ids.tobytes()


def from_blob(blob: object, expected: int) -> array | None:
    """The release ids of a stored index, or None when there is none or it does not fit the
    list's length (then the list's content is read instead)."""
    if not isinstance(blob, bytes) or len(blob) != 4 * expected:
        return None
    ids = array("I")
    ids.frombytes(blob)
    if _SWAP:  # pragma: no cover
        ids.byteswap()
    return ids


KEPT_MAX = 200_000  # releases a connection's cache keeps between imports (memory: ~40 MB)
_release_of = operator.itemgetter(0, 1, 2)  # a program's name, version and publisher


class Releases:
    """The ids of names and of (name, version, publisher) releases, new ones added, cached for
    one transaction: an import of a thousand machines sharing most of their programs looks
    each one up once.

    ``shared``: start from what the last committed import through this connection looked up,
    and (:meth:`keep`) leave it for the next one: agents dropping one file each, imported one
    at a time, do not look the same 3,000 programs up again. This is safe because an id never
    changes meaning: rows of ``software_name`` and ``software_release`` are never deleted nor
    changed (triggers refuse it), other processes only add rows (a miss is looked up), and
    only what a COMMITTED transaction added is kept (a rolled-back one may have added ids
    that no longer exist)."""

    def __init__(self, db, shared: bool = False) -> None:
        self.db = db
        kept = getattr(db, "_si_local_releases", None) if shared else None
        self.names: dict[str, int] = dict(kept.names) if kept else {}
        self.releases: dict[tuple[int, str, str], int] = dict(kept.releases) if kept else {}
        self.loaded: set[int] = set(kept.loaded) if kept else set()  # all their releases here
        # (name, version, publisher) -> release id: the date is not part of a release, so a
        # fleet whose machines installed the same program on different days shares one entry
        self.by_release: dict[tuple[str, str, str], int] = dict(kept.by_release) if kept else {}
        self.by_program: dict[Program, int] = {}  # this import's programs (dates included)

    def keep(self) -> None:
        """Called once the transaction that used this cache has committed: the connection's next
        import starts from it. Inside a larger transaction (which may yet roll back), or when
        it has grown too big, nothing is kept."""
        if self.db.conn.in_transaction or len(self.by_release) > KEPT_MAX:
            self.db._si_local_releases = None
        else:
            self.db._si_local_releases = self

    def _name_ids(self, names: set[str]) -> None:
        wanted = json.dumps(sorted(names), ensure_ascii=False)
        query = "SELECT name, id FROM software_name WHERE name IN (SELECT value FROM json_each(?))"
        self.names.update(self.db.execute(query, [wanted]).fetchall())
        new = sorted(n for n in names if n not in self.names)
        if new:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO software_name (name, name_key) VALUES (?, ?)",
                [(n, name_key(n)) for n in new])
            self.names.update(self.db.execute(query, [json.dumps(new, ensure_ascii=False)]).fetchall())
            for name in new:  # SQLite's JSON cuts a text at a NUL (U+0000): looked up alone
                if name not in self.names:
                    self.names[name] = self.db.execute(
                        "SELECT id FROM software_name WHERE name = ?", [name]).fetchone()[0]

    def _load(self, name_ids: set[int]) -> None:
        wanted = json.dumps(sorted(name_ids))
        for rid, nid, version, publisher in self.db.execute(
                "SELECT id, name_id, version, publisher FROM software_release "
                "WHERE name_id IN (SELECT value FROM json_each(?))", [wanted]):
            self.releases[(nid, version, publisher)] = rid
        self.loaded |= name_ids

    def ids(self, programs: list[Program]) -> array:
        """The release id of each program, in order (releases seen before: looked up in C;
        first as the very programs of this import, which machines from one image share)."""
        by_program = self.by_program
        found = list(map(by_program.get, programs))
        if None not in found:
            return array("I", found)
        by_release = self.by_release
        keys = list(map(_release_of, programs))
        found = list(map(by_release.get, keys))
        for lookup in (self._stored_ids, self._lookup):  # known to the database, then new
            if None not in found:
                break
            new = list(dict.fromkeys(keys[i] for i in compress(
                range(len(found)), map(operator.is_, found, repeat(None)))))
            by_release.update(zip(new, lookup(new)))
            found = list(map(by_release.get, keys))
        if len(by_program) < KEPT_MAX:
            by_program.update(zip(programs, found))
        return array("I", found)

    def _stored_ids(self, releases: list[tuple[str, str, str]]) -> list[int | None]:
        """The id of each release the database knows, None for the others: one query (an import
        of one file looks its 3,000 programs up at once). SQLite's JSON cuts a text at a NUL
        (U+0000): « Foo\\0bar » would be read « Foo » and take Foo's id, so a release with a NUL
        is left to :meth:`_lookup`, which binds its texts."""
        found: list[int | None] = [None] * len(releases)
        plain = [i for i, r in enumerate(releases) if "\0" not in f"{r[0]}{r[1]}{r[2] or ''}"]
        if not plain:
            return found
        wanted = json.dumps([[releases[i][0], releases[i][1], releases[i][2] or ""] for i in plain],
                            ensure_ascii=False)
        rows = self.db.execute(
            "SELECT r.id FROM json_each(?) j "
            "LEFT JOIN software_name n ON n.name = json_extract(j.value, '$[0]') "
            "LEFT JOIN software_release r ON r.name_id = n.id "
            "AND r.version = json_extract(j.value, '$[1]') "
            "AND r.publisher = json_extract(j.value, '$[2]') ORDER BY j.key", [wanted]).fetchall()
        for i, (rid,) in zip(plain, rows, strict=True):
            found[i] = rid
        return found

    def _lookup(self, programs: list[tuple[str, str, str]]) -> list[int]:
        names = self.names
        missing = {p[0] for p in programs if p[0] not in names}
        if missing:
            self._name_ids(missing)
        keys = [(names[p[0]], p[1], p[2] or "") for p in programs]
        releases = self.releases
        unloaded = {k[0] for k in keys if k not in releases and k[0] not in self.loaded}
        if unloaded:
            self._load(unloaded)
        new = [k for k in dict.fromkeys(keys) if k not in releases]
        if new:
            self.db.conn.executemany("INSERT OR IGNORE INTO software_release (name_id, version, "
                                     "publisher) VALUES (?, ?, ?)", new)
            self._load({k[0] for k in new})
        return [releases[k] for k in keys]


# --- a machine's row ---------------------------------------------------------------------------

def stored(db, column: str, machine_id: int) -> tuple[int | None, list[Program]]:
    """(row id, programs) of a machine's list; (None, []) if it has none."""
    row = db.execute(f"SELECT id, content FROM software_list WHERE {column} = ?",
                     [machine_id]).fetchone()
    if row is None:
        return None, []
    return int(row[0]), unpack(row[1])


def store(db, column: str, machine_id: int, list_id: int | None, programs: list[Program],
          ids: array) -> None:
    """Write a machine's list and its index (``ids``: the release id of each program, in any
    order) inside the caller's transaction; an empty list deletes the row."""
    if not programs:
        if list_id is not None:
            db.execute("DELETE FROM software_list WHERE id = ?", [list_id])
        return
    content, blob = pack(programs), to_blob(ids)
    if list_id is None:
        db.execute(f"INSERT INTO software_list ({column}, programs, content, releases) "
                   f"VALUES (?, ?, ?, ?)", [machine_id, len(programs), content, blob])
    else:  # the content first: its trigger empties the index, set again just after
        db.execute("UPDATE software_list SET programs = ?, content = ? WHERE id = ?",
                   [len(programs), content, list_id])
        db.execute("UPDATE software_list SET releases = ? WHERE id = ?", [blob, list_id])


def reindex(db) -> int:
    """Fill the index of every list that has none (inside the caller's transaction), checking
    each such list (:func:`checked`); returns how many. A list not in shape raises
    :class:`ListError` with the list's row id in ``reason``."""
    releases = Releases(db)
    done = 0
    for list_id, content in db.execute(
            "SELECT id, content FROM software_list WHERE releases IS NULL ORDER BY id").fetchall():
        try:
            programs = checked(content)
        except ListError as exc:
            raise ListError(exc.line, _("list no. {row}, line {line}: {reason}").format(
                row=list_id, line=exc.line, reason=exc.reason)) from None
        db.execute("UPDATE software_list SET programs = ?, content = ? WHERE id = ?",
                   [len(programs), pack(programs), list_id])
        db.execute("UPDATE software_list SET releases = ? WHERE id = ?",
                   [to_blob(releases.ids(programs)), list_id])
        done += 1
    return done
