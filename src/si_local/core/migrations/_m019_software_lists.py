"""Step m019_software_lists, frozen once on main: never to be edited (a change is a new step).

A machine's installed programs become ONE row (``software_list``) instead of one row per program
(``software_installed``, dropped here after its rows are copied): writing 3,000 rows a machine
with an index by name cost more than the whole rest of an inventory import, and grew with the
database (every program of a new machine lands on a different page of that index).

- ``content``: the list itself, one program a line, ``name TAB version TAB publisher TAB date``
  (the reader makes every field one printable line without tabs); it travels in bundles.
- ``releases``: the search's index of the list, the ids in ``software_release`` (a distinct
  name, version and publisher) of its lines, sorted, as 4-byte little-endian unsigned integers. Derived from ``content``: it never leaves the database (a bundle does not
  carry it); any change of ``content`` that does not set it again empties it (trigger), and
  the search reads ``content`` for a list whose index is empty.
- ``programs``: how many lines.

``releases`` comes before ``content`` in the row: the search reads it alone, and SQLite reads a
row's columns in order (a 150 KB content before it would be read through for every machine).

Names and releases are never deleted nor changed (triggers): an id, once given, always means the
same program, so an index (and a cache of ids, see ``core/software_lists.py``) stays true.
"""

from __future__ import annotations

from array import array

from ._ddl import run_ddl


def step(db):
    run_ddl(db, """
CREATE TABLE software_release (
    id INTEGER PRIMARY KEY,
    name_id INTEGER NOT NULL REFERENCES software_name(id),
    version TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    UNIQUE (name_id, version, publisher)
);
CREATE TABLE software_list (
    id INTEGER PRIMARY KEY,
    server_id INTEGER REFERENCES server(id) ON DELETE CASCADE,
    vm_id INTEGER REFERENCES vm(id) ON DELETE CASCADE,
    equipment_id INTEGER REFERENCES equipment(id) ON DELETE CASCADE,
    programs INTEGER NOT NULL DEFAULT 0,
    releases BLOB,
    content TEXT NOT NULL DEFAULT '',
    CHECK ((server_id IS NOT NULL) + (vm_id IS NOT NULL) + (equipment_id IS NOT NULL) = 1)
);
CREATE UNIQUE INDEX software_list_server ON software_list(server_id) WHERE server_id IS NOT NULL;
CREATE UNIQUE INDEX software_list_vm ON software_list(vm_id) WHERE vm_id IS NOT NULL;
CREATE UNIQUE INDEX software_list_equipment ON software_list(equipment_id)
    WHERE equipment_id IS NOT NULL;
CREATE TRIGGER software_name_kept BEFORE DELETE ON software_name
BEGIN
    SELECT RAISE(ABORT, 'a program name is never deleted: the lists refer to its id');
END;
CREATE TRIGGER software_name_unchanged BEFORE UPDATE ON software_name
BEGIN
    SELECT RAISE(ABORT, 'a program name is never changed: the lists refer to its id');
END;
CREATE TRIGGER software_release_kept BEFORE DELETE ON software_release
BEGIN
    SELECT RAISE(ABORT, 'a program release is never deleted: the lists refer to its id');
END;
CREATE TRIGGER software_release_unchanged BEFORE UPDATE ON software_release
BEGIN
    SELECT RAISE(ABORT, 'a program release is never changed: the lists refer to its id');
END;
CREATE TRIGGER software_list_stale_index AFTER UPDATE OF content ON software_list
BEGIN
    UPDATE software_list SET releases = NULL WHERE id = NEW.id;
END;
""")
    lists: dict[tuple[str, int], tuple[list[str], array]] = {}
    releases: dict[tuple[int, str, str], int] = {}
    rows = db.execute(
        "SELECT i.name_id, n.name, i.version, coalesce(i.publisher, ''), "
        "coalesce(i.install_date, ''), i.server_id, i.vm_id, i.equipment_id "
        "FROM software_installed i JOIN software_name n ON n.id = i.name_id ORDER BY i.id")
    for name_id, name, version, publisher, date, sid, vid, eid in rows.fetchall():
        machine = (("server_id", sid) if sid is not None else ("vm_id", vid) if vid is not None
                   else ("equipment_id", eid))
        key = (name_id, version, publisher)
        if key not in releases:
            db.execute("INSERT OR IGNORE INTO software_release (name_id, version, publisher) "
                       "VALUES (?, ?, ?)", list(key))
            releases[key] = db.execute(
                "SELECT id FROM software_release WHERE name_id = ? AND version = ? AND publisher = ?",
                list(key)).fetchone()[0]
        lines, ids = lists.setdefault(machine, ([], array("I")))
        lines.append("\t".join(" ".join(str(v).split()) for v in (name, version, publisher, date)))
        ids.append(releases[key])
    for (column, machine_id), (lines, ids) in lists.items():
        blob = array("I", sorted(ids))
        if blob.itemsize != 4:  # pragma: no cover - every platform SI Local runs on
            raise RuntimeError("array('I') is not 4 bytes here")
        import sys

        if sys.byteorder != "little":  # pragma: no cover
            blob.byteswap()
        db.execute(f"INSERT INTO software_list ({column}, programs, content, releases) "
                   f"VALUES (?, ?, ?, ?)", [machine_id, len(lines), "\n".join(lines), blob.tobytes()])
    db.execute("DROP TABLE software_installed")
