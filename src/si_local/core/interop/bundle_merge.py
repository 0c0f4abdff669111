"""Merging a bundle into a database that already holds records: rows are matched on their name
(or, for a link table, on the records they link), references are translated to this database's
ids, and the plan is written (split out of bundle.py)."""

from __future__ import annotations

from typing import Any

from ..errors import ImportFileError
from ..i18n import _
from .bundle_preview import BundlePlan, FieldChange, RecordChange, TablePlan, table_label
from .bundle_rows import (STABLE_KEYS, _columns, _decode, _foreign_keys, _stable_key,
                          _with_own_keys)
from .common import file_error


def _duplicate_name(path: str, table: str, first: str, second: str) -> ImportFileError:
    if first == second:
        problem = _("the bundle's table {table} holds the name « {name} » twice; rows are matched "
                    "on their name, so nothing was imported (rename one of them where the bundle "
                    "was made).").format(table=table, name=first)
    else:
        problem = _("the bundle's table {table} holds « {first} » and « {second} », the same name "
                    "once letter case is ignored; rows are matched on their name, so nothing was "
                    "imported (rename one of them where the bundle was made).").format(
            table=table, first=first, second=second)
    return file_error(path, problem)



class _Names:
    """The names of records, for the preview: of this database's (an id) or of a row the plan
    adds (a placeholder ``("new", table, n)``)."""

    def __init__(self, db, plans: dict[str, TablePlan]) -> None:
        self.db = db
        self.plans = plans
        self.columns_of: dict[str, list[str]] = {}
        self.names: dict[tuple[str, Any], str] = {}

    def __call__(self, table: str, target: Any) -> str | None:
        if target is None:
            return None
        if isinstance(target, tuple):
            name = self.plans[target[1]].insert[target[2]].get("name")
            return str(name) if name not in (None, "") else _("new record ({table})").format(
                table=table_label(target[1]))
        if (table, target) not in self.names:
            self.names[(table, target)] = self._stored(table, target)
        return self.names[(table, target)]

    def _stored(self, table: str, target: Any) -> str:
        if table not in self.columns_of:
            self.columns_of[table] = _columns(self.db, table)
        row = self.db.execute(f'SELECT name FROM "{table}" WHERE id = ?', [target]).fetchone() \
            if "name" in self.columns_of[table] else None
        return str(row[0]) if row and row[0] not in (None, "") else _("no. {id}").format(id=target)


class _TableMerge:
    """Plans one table of a merge: the bundle's rows matched to this database's records."""

    def __init__(self, db, table: str, rows: list[dict[str, Any]], maps: dict[str, dict],
                 tp: TablePlan, names: _Names, path: str) -> None:
        self.db, self.table, self.rows, self.maps, self.tp = db, table, rows, maps, tp
        self.names, self.path = names, path
        self.columns = _columns(db, table)
        self.fks = _foreign_keys(db, table)
        self.fk_columns = {c for c, _r, _n in self.fks}
        self.fk_refs = {c: r for c, r, _n in self.fks}
        self.map: dict[Any, Any] = {}
        maps[table] = self.map
        self.exact: dict[str, int] = {}  # a name written exactly so is matched first
        self.existing: dict[Any, Any] = {}
        self.flag = STABLE_KEYS.get(table)
        self.stable: dict[str, int] = {}  # stable key -> the database's own record
        self.flagged_names: set[str] = set()  # its name: not a name other rows may match on
        self.seen: dict[str, str] = {}  # key -> the name as the bundle first writes it
        self.matched: list[tuple[int, dict, dict, dict]] = []

    # --- the steps ------------------------------------------------------------------------------

    def plan(self) -> None:
        if self.table == "facility" and self._skip_facility():
            return
        link = "name" not in self.columns and bool(self.fks) and \
            set(self.columns) - {"id"} <= self.fk_columns
        if "name" not in self.columns and not link:
            self.tp.skipped.extend([_("no name to match the rows on; add them by hand or use an "
                                      "empty database")] * len(self.rows))
            return
        if "name" in self.columns:
            self._index_names()
        else:
            self._index_links()
        for row in self.rows:
            self._plan_row(row)
        for match, changes, deferred, current in self.matched:  # self-references, now all mapped
            self._plan_update(match, changes, deferred, current)

    def _skip_facility(self) -> bool:
        if not self.db.execute("SELECT 1 FROM facility LIMIT 1").fetchone():
            return False
        for row in self.rows:
            existing = self.db.execute("SELECT id FROM facility ORDER BY id LIMIT 1").fetchone()[0]
            self.map[row.get("id")] = existing
            self.tp.skipped.append(_("this database already describes its facility"))
        return True

    def _index_names(self) -> None:
        for record_id, name in self.db.execute(
                f'SELECT id, name FROM "{self.table}" ORDER BY id').fetchall():
            if name is not None:
                self.exact.setdefault(str(name).strip(), record_id)
                self.existing.setdefault(str(name).strip().lower(), record_id)
        if self.flag:
            self._index_flagged()

    def _index_flagged(self) -> None:
        flag, exact, existing = self.flag, self.exact, self.existing
        for record_id, name in self.db.execute(
                f'SELECT id, name FROM "{self.table}" WHERE "{flag}" = 1 ORDER BY id').fetchall():
            self.stable.setdefault(flag, record_id)
            key = str(name or "").strip().lower()
            self.flagged_names.add(key)
            if existing.get(key) == record_id:
                del existing[key]
            if exact.get(str(name or "").strip()) == record_id:
                del exact[str(name or "").strip()]
        theirs = next((r for r in self.rows if _stable_key(self.table, r) == flag), None)
        if flag in self.stable and theirs is not None:
            renamed = str(theirs.get("name") or "").strip().lower()
            if renamed and existing.get(renamed, self.stable[flag]) == self.stable[flag]:
                # it takes the bundle's name (updates run before inserts): its old one
                # is free for the bundle's other rows
                self.flagged_names = {renamed}

    def _index_links(self) -> None:
        quoted = ", ".join(f'"{c}"' for c in sorted(self.fk_columns))
        self.existing = {tuple(r[1:]): r[0] for r in self.db.execute(
            f'SELECT id, {quoted} FROM "{self.table}"').fetchall()} if "id" in self.columns else {}

    def _references(self, values: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        """Translates the row's references to this database's ids, in place; returns the reason
        to skip the row (or None) and the references inside this table, set later."""
        deferred = {}
        for column, ref, notnull in self.fks:
            if values.get(column) is None:
                continue
            if ref == self.table:
                deferred[column] = values[column]
                values[column] = None
                continue
            target = self.maps.get(ref, {}).get(values[column])
            if target is None:
                if notnull:
                    return _("it refers to a row of {table} that is not imported").format(
                        table=ref), deferred
                values[column] = None
            else:
                values[column] = target
        return None, deferred

    def _key(self, values: dict[str, Any]) -> tuple[Any, str]:
        """The key the row is matched on, and its name as written."""
        if "name" not in self.columns:
            return tuple(values.get(c) for c in sorted(self.fk_columns)), ""
        written = str(values.get("name") or "").strip()
        key = written.lower()
        if key and key in self.seen:  # matching on it would be ambiguous: refuse it all
            raise _duplicate_name(self.path, self.table, self.seen[key], written)
        if key:
            self.seen[key] = written
        return key, written

    def _current(self, match: int) -> dict[str, Any]:
        return dict(zip(self.columns, self.db.execute(
            f'SELECT * FROM "{self.table}" WHERE id = ?', [match]).fetchone(), strict=True))

    def _plan_row(self, row: dict[str, Any]) -> None:
        values = {c: _decode(v) for c, v in row.items() if c != "id"}
        problem, deferred = self._references(values)
        if problem:
            self.tp.skipped.append(problem)
            return
        key, written = self._key(values)
        stable_key = _stable_key(self.table, values)
        if stable_key is not None and stable_key in self.stable:
            self._plan_own_record(row, values, deferred, key, stable_key)
            return
        if stable_key is None and key in self.flagged_names:
            self.tp.skipped.append(_("its name is that of this database's mandatory scenario"))
            return
        if "name" in self.columns:  # a name written exactly so first, then letter case aside
            match = self.exact.get(written, self.existing.get(key)) if key else None
        else:
            match = self.existing.get(key) if key else None
        if match is None:
            self._plan_insert(row, values, deferred, key)
            return
        self.map[row.get("id")] = match
        if isinstance(match, tuple):  # a link table: the same link twice
            self.tp.skipped.append(_("the same link appears twice in the bundle"))
            return
        current = self._current(match)
        changes = {c: v for c, v in values.items()
                   if v is not None and current.get(c) != v and c in self.columns}
        self.matched.append((match, changes, deferred, current))

    def _plan_own_record(self, row: dict[str, Any], values: dict[str, Any], deferred: dict,
                         key: Any, stable_key: str) -> None:
        """The database's own record (the mandatory scenario): matched by its flag, whatever the
        bundle's name and text; renamed only if no other record has that name."""
        match = self.stable[stable_key]
        self.map[row.get("id")] = match
        current = self._current(match)
        if self.existing.get(key, match) != match:
            values.pop("name", None)
        changes = {c: v for c, v in values.items()
                   if v is not None and current.get(c) != v and c in self.columns and c != self.flag}
        self.matched.append((match, changes, deferred, current))

    def _plan_insert(self, row: dict[str, Any], values: dict[str, Any], deferred: dict,
                     key: Any) -> None:
        placeholder = ("new", self.table, len(self.tp.insert))
        values["__deferred"] = deferred
        self.tp.insert.append(_with_own_keys(self.table, values))
        self.map[row.get("id")] = placeholder
        if key and not isinstance(key, str):
            self.existing[key] = placeholder

    def _plan_update(self, match: int, changes: dict, deferred: dict, current: dict) -> None:
        deferred = {c: b for c, b in deferred.items()
                    if self.map.get(b) is not None and self.map.get(b) != current.get(c)}
        if deferred:
            changes["__deferred"] = deferred
        if not changes:
            self.tp.unchanged += 1
            return
        self.tp.update.append((match, changes))
        record = RecordChange(self.table, match, str(current.get("name") or "")
                              or _("no. {id}").format(id=match))
        for column in self.columns:
            change = self._field_change(column, changes, deferred, current)
            if change is not None:
                record.fields.append(change)
        self.tp.changes.append(record)

    def _field_change(self, column: str, changes: dict, deferred: dict,
                      current: dict) -> FieldChange | None:
        names = self.names
        if column in deferred:
            return FieldChange(column, names(self.table, current.get(column)),
                               names(self.table, self.map[deferred[column]]), reparent=True)
        if column in changes and column in self.fk_refs:
            ref = self.fk_refs[column]
            return FieldChange(column, names(ref, current.get(column)),
                               names(ref, changes[column]), reparent=True)
        if column in changes:
            return FieldChange(column, current.get(column), changes[column])
        return None


def _plan_merge(db, bundle: dict[str, Any], order: list[str], path: str) -> BundlePlan:
    plan = BundlePlan(path, "merge", facility=bundle.get("facility"))
    # bundle id -> target id, per table; for rows this plan inserts, a placeholder ("new", n)
    maps: dict[str, dict[Any, Any]] = {}
    plans: dict[str, TablePlan] = {}
    names = _Names(db, plans)
    for table in order:
        tp = TablePlan(table)
        plan.tables.append(tp)
        plans[table] = tp
        _TableMerge(db, table, bundle["tables"][table], maps, tp, names, path).plan()
    plan._maps = maps  # type: ignore[attr-defined]
    return plan


def _apply_merge(db, plan: BundlePlan) -> None:
    new_ids: dict[tuple, int] = {}
    maps = plan._maps  # type: ignore[attr-defined]

    def resolve(value):
        return new_ids[value] if isinstance(value, tuple) else value

    later: list[tuple[str, int, dict[str, Any]]] = []
    for tp in plan.tables:
        fks = {c: ref for c, ref, _n in _foreign_keys(db, tp.table)}
        # updates first: a record renamed (the mandatory scenario) frees its old name for a new row
        for record_id, changes in tp.update:
            values = {c: (resolve(v) if c in fks else v) for c, v in changes.items() if c != "__deferred"}
            if values:
                db[tp.table].update(record_id, values)
            if changes.get("__deferred"):
                later.append((tp.table, record_id, changes["__deferred"]))
        for number, row in enumerate(tp.insert):
            values = {c: (resolve(v) if c in fks else v) for c, v in row.items() if c != "__deferred"}
            record_id = db[tp.table].insert(values).last_pk
            new_ids[("new", tp.table, number)] = record_id
            if row.get("__deferred"):
                later.append((tp.table, record_id, row["__deferred"]))
    for table, record_id, deferred in later:  # references inside one table (a stand-in)
        values = {}
        for column, bundle_id in deferred.items():
            target = maps[table].get(bundle_id)
            values[column] = resolve(target) if target is not None else None
        db[table].update(record_id, values)
