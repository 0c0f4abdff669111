"""CSV import and export of each registry kind (the spreadsheets facilities already keep).

Reading: UTF-8 with or without BOM, else Windows-1252 (French Excel's « CSV (séparateur :
point-virgule) »; the summary names the encoding read), ``;`` (French spreadsheets) or ``,`` or
tab, found from the header line. Columns are matched by header: our column keys (``name``,
``site``…), the English labels or the French labels, ignoring case, accents and spaces. A
reference is written as the name of the record it points at (a VM's host server), several
references as names separated by ``|``.

Every line is checked before anything is written, a line at a time (a million lines stay within
a few hundred MB): :class:`CsvResult` counts every bad line and keeps the first
:data:`KEPT_ERRORS` errors (physical line number, column, reason), the lines :mod:`.csv_lines`
cannot read as one record (unclosed quote, wrong number of fields, value too long) included; the
other lines are still checked. Nothing is written when a line is bad, unless ``only_good=True``;
the good lines wait in a temporary file and are written in one transaction. A line whose record
already exists (same name; for mirrors and restore tests, same key columns) updates it; the
columns the file does not have are left alone.

Export writes what import reads: ``;``-separated UTF-8 with BOM (Excel opens it correctly), a
header of labels in the current language, choices and yes/no as words, references by name.
"""

from __future__ import annotations

import io
import marshal
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import registry as reg
from .. import spreadsheet
from ..errors import UserError, ValidationError
from ..i18n import _, format_number, get_language, load_catalogue, ngettext
from .common import file_error, read_limited, write_atomic
from .csv_lines import (KEPT_ERRORS, MAX_CELL_CHARS, UTF8, CsvProblem, CsvReader,  # noqa: F401
                        LineErrors, decode, first_line)

MULTI_SEPARATOR = "|"
# Kinds without a name: the columns that identify a record already there.
NATURAL_KEYS = {
    "replications": ("source_server_id", "source_vm_id", "target_server_id"),
    "restore-tests": ("backup_id", "tested_on"),
    "certificates": ("fingerprint",),
}


def column_key(f: reg.Field) -> str:
    """The column key of a field: references lose their ``_id`` (``server_id`` -> ``server``)."""
    if f.type == "ref":
        return f.name[:-3]
    if f.type == "multiref":
        return f.name[:-4] + "s"
    return f.name


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def header_aliases(k: reg.Kind) -> dict[str, reg.Field]:
    """Normalised header -> field: keys, stored names, English and French labels."""
    french = load_catalogue("fr")
    aliases: dict[str, reg.Field] = {}
    for f in k.fields:
        for text in (column_key(f), f.name, f.label, french.get(f.label, f.label), _(f.label)):
            aliases.setdefault(_norm(text), f)
            if f.unit:
                aliases.setdefault(_norm(f"{text} ({f.unit})"), f)
    return aliases


@dataclass
class LineError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.column:
            return _("line {line}, column {column}: {reason}").format(
                line=self.line, column=self.column, reason=self.reason)
        return _("line {line}: {reason}").format(line=self.line, reason=self.reason)


@dataclass
class CsvResult(LineErrors):  # errors: LineError, the first KEPT_ERRORS
    path: str
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    good_lines: int = 0
    encoding: str = UTF8

    @property
    def bad_lines(self) -> int:
        return self.bad_line_count

    def summary(self) -> str:
        counts = ", ".join(ngettext(one, many, n).format(n=format_number(n)) for one, many, n in (
            ("{n} record created", "{n} records created", self.created),
            ("{n} record updated", "{n} records updated", self.updated),
            ("{n} record unchanged", "{n} records unchanged", self.unchanged),
            ("{n} bad line", "{n} bad lines", self.bad_lines)))
        return _("{path}: {counts} (encoding: {encoding})").format(
            path=self.path, counts=counts, encoding=self.encoding)


def _delimiter(text: str) -> str:
    first = first_line(text)
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ";"))


def longest_value(k: reg.Kind) -> int:
    """The longest value a CSV cell of this kind may hold (its notes: 10,000 characters), and
    never less than the reader's own bound, for the columns an import ignores."""
    return max([MAX_CELL_CHARS, *(f.limit for f in k.fields if f.limit is not None)])


def _ref_lookup(db, target: reg.Kind) -> dict[str, int]:
    return {title.strip().lower(): record_id for record_id, title in reg.choices_for(db, target)}


def _existing_key(k: reg.Kind, values: dict[str, Any]) -> tuple | str | None:
    if any(f.name == "name" for f in k.fields):
        name = values.get("name")
        return str(name).strip().lower() if name else None
    columns = NATURAL_KEYS.get(k.key)
    if not columns or any(c not in values for c in columns):
        return None
    key = []
    for column in columns:
        try:
            key.append(reg.clean_value(k.field(column), values[column]))
        except ValueError:
            return None
    return tuple(key)


class _Existing:
    """The records already there, by the key a line is matched with (its name in lower case, or
    the key columns of mirrors and restore tests), read once; and the name clash check that
    :func:`registry.validate` would otherwise make with one full-table query per line."""

    def __init__(self, db, k: reg.Kind) -> None:
        self.db, self.k = db, k
        self.ids: dict[Any, int] = {}
        self.more: dict[Any, list[int]] = {}  # several records with one key (names: lower case)
        named = any(f.name == "name" for f in k.fields)
        columns = ["name"] if named else list(NATURAL_KEYS.get(k.key, ()))
        if not columns:
            return
        select = ", ".join(columns)
        for row in db.execute(f"SELECT id, {select} FROM {k.table} ORDER BY {k.order_by}"):
            key = _existing_key(k, dict(zip(columns, row[1:], strict=True)))
            if key is None:
                continue
            found = self.ids.setdefault(key, row[0])
            if found != row[0]:
                self.more.setdefault(key, [found]).append(row[0])

    def get(self, key) -> int | None:
        return None if key is None else self.ids.get(key)

    def clash(self, name: str, record_id: int | None) -> bool:
        """Whether another record than ``record_id`` has this name, as SQLite's NOCASE compares
        (only ASCII letters folded): such a name is the same in lower case, so it is among the
        records of that key."""
        key = name.strip().lower()
        ids = self.more.get(key) or ([self.ids[key]] if key in self.ids else [])
        wanted = reg.nocase(name)
        for other in ids:
            if other == record_id:
                continue
            row = self.db.execute(f"SELECT name FROM {self.k.table} WHERE id = ?", [other]).fetchone()
            if row is not None and reg.nocase(str(row[0])) == wanted:
                return True
        return False


class PlannedLines:
    """The good lines of a plan, kept in a temporary file rather than in memory (a million
    records): ``(line, cleaned values, id of the record updated or None, references to records
    of this same file)``; ``data_version`` says whether the database changed since."""

    def __init__(self, data_version: int) -> None:
        self.data_version = data_version
        self._file = None  # made on the first line kept (a dry run keeps none)
        self._count = 0

    def append(self, line: int, cleaned: dict, record_id: int | None, later: dict | None) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()
        data = marshal.dumps((line, cleaned, record_id, later))
        self._file.write(len(data).to_bytes(4, "little") + data)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, dict, int | None, dict | None]]:
        if self._file is None:
            return
        self._file.flush()
        self._file.seek(0)
        read = self._file.read
        for _index in range(self._count):
            yield marshal.loads(read(int.from_bytes(read(4), "little")))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _data_version(db) -> int:
    return db.execute("PRAGMA data_version").fetchone()[0]


def plan_csv(db, kind_key: str, path: Path | str, *, keep: bool = True
             ) -> tuple[CsvResult, PlannedLines]:
    """Check every line, a line at a time; returns the result (counts, the first errors…) and
    the good lines to write (none kept when ``keep`` is false: a dry run)."""
    k = reg.kind(kind_key)
    if kind_key not in reg.LISTABLE:
        raise UserError(_("Unknown kind {kind}; choose one of: {choices}.").format(
            kind=kind_key, choices=", ".join(reg.LISTABLE)))
    version = _data_version(db)
    text, encoding = decode(read_limited(path), path)
    delimiter = _delimiter(text)
    reader = CsvReader(text, path, delimiter, max_chars=longest_value(k))
    result = CsvResult(str(path), kind_key, encoding=encoding)
    mapping = _header_mapping(k, reader, result)
    if not any(f is not None for f in mapping):
        raise file_error(path, _("no column of the header is a column of {kind} (expected for "
                                 "example: {examples}).").format(
            kind=_(k.plural), examples=", ".join(_(f.label) for f in k.fields[:3])))
    planner = _LinePlanner(db, k, mapping, reader.header, result)
    planner.file_names = _file_names(k, mapping, text, path, delimiter)
    good = PlannedLines(version)
    for item in reader:
        if isinstance(item, CsvProblem):  # not a record: unclosed quote, wrong number of fields…
            result.add_error(LineError(item.line, item.column, item.reason))
            continue
        planned = planner.plan(*item)
        if planned is not None and keep:
            good.append(*planned)
    return result, good


def _header_mapping(k: reg.Kind, reader: CsvReader, result: CsvResult) -> list[reg.Field | None]:
    """The field of each column of the header (None: ignored), with an error for a column that
    appears twice and a warning for one that is not known."""
    aliases = header_aliases(k)
    mapping: list[reg.Field | None] = []
    seen: set[str] = set()
    for title in reader.header:
        f = aliases.get(_norm(title))
        if f is not None and f.name in seen:
            result.add_error(LineError(reader.header_line, title, _("this column appears twice.")))
            mapping.append(None)
            continue
        if f is None and _norm(title) not in ("id", ""):
            result.warnings.append(_("column {column} is not known and was ignored.").format(column=title))
        if f is not None:
            seen.add(f.name)
        mapping.append(f)
    return mapping


def _file_names(k: reg.Kind, mapping: list[reg.Field | None], text: str, path: Path | str,
                delimiter: str) -> set[str]:
    """Names defined by this same file, for references to the same kind (a contact's stand-in):
    read first, only for such a kind."""
    name_column = next((i for i, f in enumerate(mapping) if f is not None and f.name == "name"), None)
    file_names: set[str] = set()
    if name_column is not None and any(f is not None and f.ref == k.key for f in mapping):
        for item in CsvReader(text, path, delimiter, max_chars=longest_value(k)):
            if not isinstance(item, CsvProblem) and item[1][name_column].strip():
                file_names.add(item[1][name_column].strip().lower())
    return file_names


class _LinePlanner:
    """Checks the lines of one file, one at a time, against the registry and the records
    already there; counts them in the result."""

    def __init__(self, db, k: reg.Kind, mapping: list[reg.Field | None], header: list[str],
                 result: CsvResult) -> None:
        self.db, self.k, self.result = db, k, result
        self.file_names: set[str] = set()  # set by plan_csv, once the records there are read
        self.refs = {f.name: _ref_lookup(db, reg.KINDS[f.ref]) for f in k.fields if f.ref}
        self.known = {f.name: set(self.refs[f.name].values()) for f in k.fields if f.type == "ref"}
        self.existing = _Existing(db, k)
        self.seen_keys: dict[Any, int] = {}
        self.labels = {f.name: title for f, title in zip(mapping, header, strict=True)
                       if f is not None}
        self.columns = [(index, f, f.limit) for index, f in enumerate(mapping) if f is not None]

    def plan(self, line: int, cells: list[str]) -> tuple[int, dict, int | None, dict | None] | None:
        """The line to write (line, cleaned values, record updated, later references), or None
        (a bad line, counted as such, or an unchanged record)."""
        errors: list[LineError] = []
        values: dict[str, Any] = {}
        later: dict[str, str] = {}
        too_long: set[str] = set()
        for index, f, limit in self.columns:
            self._read_cell(line, cells[index].strip(), f, limit, values, later, too_long, errors)
        key = _existing_key(self.k, values)
        record_id = self.existing.get(key)
        cleaned = self._validate(line, key, values, record_id, too_long, errors)
        if key is not None and key in self.seen_keys:
            errors.append(LineError(line, self.labels.get("name", ""), _(
                "the same record is already on line {other}.").format(other=self.seen_keys[key])))
        if errors:
            for error in errors:
                self.result.add_error(error)
            return None
        if key is not None:
            self.seen_keys[key] = line
        assert cleaned is not None
        return self._count(line, cleaned, record_id, later)

    def _read_cell(self, line: int, cell: str, f: reg.Field, limit: int | None,
                   values: dict[str, Any], later: dict[str, str], too_long: set[str],
                   errors: list[LineError]) -> None:
        if f.type == "ref":
            self._read_ref(line, cell, f, values, later, errors)
        elif f.type == "multiref":
            values[f.name] = self._read_multiref(line, cell, f, errors)
        elif limit is not None and len(cell) > limit:
            # said here, in the column's words: « ligne 2, colonne Notes : 10 001 caractères,
            # au plus 10 000. » (the registry's message would name the field a second time)
            errors.append(LineError(line, self.labels[f.name], _(
                "{length} characters, at most {limit}.").format(
                    length=format_number(len(cell)), limit=format_number(limit))))
            too_long.add(f.name)
        else:
            values[f.name] = cell

    def _unknown(self, line: int, f: reg.Field, name: str) -> LineError:
        return LineError(line, self.labels[f.name], _("no {kind} is called {name}.").format(
            kind=_(reg.KINDS[f.ref].singular).lower(), name=name))

    def _read_ref(self, line: int, cell: str, f: reg.Field, values: dict[str, Any],
                  later: dict[str, str], errors: list[LineError]) -> None:
        if not cell:
            values[f.name] = None
            return
        found = self.refs[f.name].get(cell.lower())
        if found is None and f.ref == self.k.key and cell.lower() in self.file_names:
            later[f.name] = cell
            values[f.name] = None
            return
        if found is None:
            errors.append(self._unknown(line, f, cell))
            return
        values[f.name] = found

    def _read_multiref(self, line: int, cell: str, f: reg.Field, errors: list[LineError]) -> list[int]:
        ids = []
        for part in (p.strip() for p in cell.split(MULTI_SEPARATOR)):
            if not part:
                continue
            found = self.refs[f.name].get(part.lower())
            if found is None:
                errors.append(self._unknown(line, f, part))
            else:
                ids.append(found)
        return ids

    def _validate(self, line: int, key: Any, values: dict[str, Any], record_id: int | None,
                  too_long: set[str], errors: list[LineError]) -> dict[str, Any] | None:
        k = self.k
        try:
            return reg.validate(k, values, self.db, record_id, names=self.existing, known=self.known)
        except ValidationError as exc:
            for name, reason in exc.errors.items():
                if name in too_long:
                    continue  # already said (a required field left out is not a second error)
                if name == "name" and key in self.seen_keys:
                    continue  # reported below, with the line it repeats
                errors.append(LineError(line, self.labels.get(name, _(k.field(name).label)), reason))
            return None

    def _count(self, line: int, cleaned: dict[str, Any], record_id: int | None,
               later: dict[str, str]) -> tuple[int, dict, int | None, dict | None] | None:
        result = self.result
        result.good_lines += 1
        if record_id is not None:
            current = reg.get(self.db, self.k, record_id)
            if all(_same(current.get(n), v) for n, v in cleaned.items()):
                result.unchanged += 1
                return None
            result.updated += 1
        else:
            result.created += 1
        return line, cleaned, record_id, later or None


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list) or isinstance(new, list):
        return sorted(old or []) == sorted(new or [])
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(float(old) - float(new)) < 1e-9
    return old == new


# SQLite's page cache while an import writes (KiB; its default is 2,000)
WRITE_CACHE_KIB = 65536
# New records written by one executemany (of records with the same columns, no links)
BATCH = 1000


def _write(db, k: reg.Kind, good: PlannedLines) -> list[tuple[int, int, dict[str, str]]]:
    """Write the planned lines in the order of the file (the caller holds the transaction);
    returns the references to records of this same file, left for when they all exist. Plain new
    records go by batches: the audit triggers still record each one."""
    columns = {f.name for f in k.columns}
    batch: list[list] = []
    batch_sql = ""
    statements: dict[tuple, str] = {}
    later: list[tuple[int, int, dict[str, str]]] = []

    def flush() -> None:
        if batch:
            db.conn.executemany(batch_sql, batch)
            batch.clear()

    for line, cleaned, record_id, pending in good:
        if record_id is None and not pending and columns.issuperset(cleaned):
            shape = tuple(cleaned)
            sql = statements.get(shape)
            if sql is None:
                names = ", ".join(f'"{name}"' for name in shape)
                sql = statements[shape] = (
                    f'INSERT INTO "{k.table}" ({names}) VALUES ({", ".join("?" * len(shape))})')
            if sql != batch_sql or len(batch) >= BATCH:
                flush()
                batch_sql = sql
            batch.append(list(cleaned.values()))
            continue
        flush()
        saved = reg.write_validated(db, k, cleaned, record_id)
        if pending:
            later.append((line, saved, pending))
    flush()
    return later


def import_csv(db, kind_key: str, path: Path | str, *, dry_run: bool = False,
               only_good: bool = False) -> CsvResult:
    """Check, then write the good lines in one transaction (none when a line is bad, unless
    ``only_good``). A snapshot of the database is taken before writing."""
    result, good = plan_csv(db, kind_key, path, keep=not dry_run)
    try:
        if dry_run or not good or (result.errors and not only_good):
            return result
        k = reg.kind(kind_key)
        if getattr(db, "path", None):
            from ..snapshots import take_snapshot

            take_snapshot(db.path, "before-import")
        previous_cache = db.execute("PRAGMA cache_size").fetchone()[0]
        # a million records in one transaction: with SQLite's 2 MB page cache, the pages of the
        # table, its indexes and the audit trail go to the journal and are read back over and over
        db.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
        try:
            with db.atomic():
                if _data_version(db) != good.data_version:
                    # another program wrote since the check: check again, now that nobody else can
                    good.close()
                    result, good = plan_csv(db, kind_key, path)
                    if not good or (result.errors and not only_good):
                        return result
                later = _write(db, k, good)
                if later:  # references to records of this same file, now that they all exist
                    names = _ref_lookup(db, k)
                    for line, saved, pending in later:
                        update = {name: names.get(text.lower()) for name, text in pending.items()}
                        try:
                            reg.save(db, k, update, saved)
                        except ValidationError as exc:
                            raise ValidationError(exc.errors, line=line, source=str(path)) from None
        finally:
            db.execute(f"PRAGMA cache_size = {previous_cache}")
        result.written = True
        return result
    finally:
        good.close()


# --- export ----------------------------------------------------------------------------------

def _cell(f: reg.Field, value: Any, titles: dict[str, dict[int, str]]) -> str:
    if f.type == "multiref":
        return MULTI_SEPARATOR.join(sorted(titles[f.name].get(i, str(i)) for i in (value or [])))
    if value is None:
        return ""
    if f.type == "ref":
        return titles[f.name].get(value, "")
    if f.type == "bool":
        return _("Yes") if value else _("No")
    if f.type == "choice":
        return _(f.choices.get(value, value)) if f.choices else str(value)
    if f.type == "float":
        text = repr(float(value))
        text = text[:-2] if text.endswith(".0") else text
        return text.replace(".", ",") if get_language() == "fr" else text
    return str(value)


def export_rows(db, kind_key: str) -> tuple[list[str], list[list[str]]]:
    k = reg.kind(kind_key)
    titles = {f.name: dict(reg.choices_for(db, reg.KINDS[f.ref])) for f in k.fields if f.ref}
    header = [_(f.label) for f in k.fields]
    out = []
    for row in reg.rows(db, k):
        record = reg.get(db, k, row["id"]) if k.links else row
        out.append([_cell(f, record.get(f.name), titles) for f in k.fields])
    return header, out


def export_csv(db, kind_key: str, path: Path | str) -> int:
    """Write one kind to ``path`` (``;``, UTF-8 with BOM); returns the number of records."""
    if kind_key not in reg.LISTABLE:
        raise UserError(_("Unknown kind {kind}; choose one of: {choices}.").format(
            kind=kind_key, choices=", ".join(reg.LISTABLE)))
    header, rows = export_rows(db, kind_key)
    buffer = io.StringIO(newline="")
    writer = spreadsheet.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return len(rows)
