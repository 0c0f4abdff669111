"""CSV import and export of each registry kind (the spreadsheets facilities already keep).

Reading: UTF-8 with or without BOM, ``;`` (French spreadsheets) or ``,`` or tab, found from the
header line. Columns are matched by header: our column keys (``name``, ``site``…), the English
labels or the French labels, ignoring case, accents and spaces. A reference is written as the name
of the record it points at (a VM's host server), several references as names separated by ``|``.

Every line is checked before anything is written; :class:`CsvResult` lists every bad line (physical
line number, column, reason), the lines :mod:`.csv_lines` cannot read as one record (unclosed quote,
wrong number of fields, value too long) included; the other lines are still checked. Nothing is written when a line is bad, unless ``only_good=True``. A line
whose record already exists (same name; for mirrors and restore tests, same key columns) updates
it; the columns the file does not have are left alone.

Export writes what import reads: ``;``-separated UTF-8 with BOM (Excel opens it correctly), a
header of labels in the current language, choices and yes/no as words, references by name.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import registry as reg
from .. import spreadsheet
from ..errors import UserError, ValidationError
from ..i18n import _, get_language, load_catalogue
from .common import decode_utf8, file_error, read_limited, write_atomic
from .csv_lines import CsvTable, read_csv

MULTI_SEPARATOR = "|"
# Kinds without a name: the columns that identify a record already there.
NATURAL_KEYS = {
    "replications": ("source_server_id", "source_vm_id", "target_server_id"),
    "restore-tests": ("backup_id", "tested_on"),
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
class CsvResult:
    path: str
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    good_lines: int = 0

    @property
    def bad_lines(self) -> int:
        return len({e.line for e in self.errors})

    def summary(self) -> str:
        return _("{path}: {created} created, {updated} updated, {unchanged} unchanged, "
                 "{bad} bad line(s)").format(path=self.path, created=self.created,
                                             updated=self.updated, unchanged=self.unchanged,
                                             bad=self.bad_lines)


def parse_csv(data: bytes, path: Path | str) -> CsvTable:
    """Header, good records (physical line number, cells) and bad lines of a CSV file;
    ImportFileError if the file cannot be read at all. See :mod:`.csv_lines`."""
    text = decode_utf8(data, path)
    if "\x00" in text:
        raise file_error(path, _("this is not a text file (it contains NUL characters)."))
    if not text.strip():
        raise file_error(path, _("the file is empty."))
    first = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ";"))
    return read_csv(text, path, delimiter)


def _ref_lookup(db, target: reg.Kind) -> dict[str, int]:
    return {title.strip().lower(): record_id for record_id, title in reg.choices_for(db, target)}


def _existing_key(k: reg.Kind, values: dict[str, Any]) -> tuple | None:
    if any(f.name == "name" for f in k.fields):
        name = values.get("name")
        return ("name", str(name).strip().lower()) if name else None
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


def plan_csv(db, kind_key: str, path: Path | str) -> tuple[CsvResult, list[tuple[int, dict, int | None]]]:
    """Check every line; returns the result (errors…) and the good lines to write."""
    k = reg.kind(kind_key)
    if kind_key not in reg.LISTABLE:
        raise UserError(_("Unknown kind {kind}; choose one of: {choices}.").format(
            kind=kind_key, choices=", ".join(reg.LISTABLE)))
    table = parse_csv(read_limited(path), path)
    header, rows = table.header, table.rows
    result = CsvResult(str(path), kind_key)
    # lines that are not records (unclosed quote, wrong number of fields, value too long)
    result.errors.extend(LineError(p.line, p.column, p.reason) for p in table.problems)
    aliases = header_aliases(k)
    mapping: list[reg.Field | None] = []
    seen: set[str] = set()
    for title in header:
        f = aliases.get(_norm(title))
        if f is not None and f.name in seen:
            result.errors.append(LineError(table.header_line, title, _("this column appears twice.")))
            mapping.append(None)
            continue
        if f is None and _norm(title) not in ("id", ""):
            result.warnings.append(_("column {column} is not known and was ignored.").format(column=title))
        if f is not None:
            seen.add(f.name)
        mapping.append(f)
    if not seen:
        raise file_error(path, _("no column of the header is a column of {kind} (expected for "
                                 "example: {examples}).").format(
            kind=_(k.plural), examples=", ".join(_(f.label) for f in k.fields[:3])))
    refs = {f.name: _ref_lookup(db, reg.KINDS[f.ref]) for f in k.fields if f.ref}
    existing: dict[tuple, int] = {}
    for row in reg.rows(db, k):
        key = _existing_key(k, row)
        if key is not None:
            existing.setdefault(key, row["id"])
    seen_keys: dict[tuple, int] = {}
    good: list[tuple[int, dict, int | None]] = []
    # names defined by this same file, for references to the same kind (a contact's stand-in)
    name_column = next((i for i, f in enumerate(mapping) if f is not None and f.name == "name"), None)
    file_names = {cells[name_column].strip().lower() for _line, cells in rows
                  if name_column is not None and name_column < len(cells) and cells[name_column].strip()}
    labels = {f.name: title for f, title in zip(mapping, header, strict=True) if f is not None}
    for line, cells in rows:
        errors: list[LineError] = []
        values: dict[str, Any] = {}
        for index, f in enumerate(mapping):
            if f is None:
                continue
            cell = cells[index].strip() if index < len(cells) else ""
            if f.type == "ref":
                if cell:
                    found = refs[f.name].get(cell.lower())
                    if found is None and f.ref == k.key and cell.lower() in file_names:
                        values.setdefault("_later", {})[f.name] = cell
                        values[f.name] = None
                        continue
                    if found is None:
                        errors.append(LineError(line, labels[f.name], _(
                            "no {kind} is called {name}.").format(
                            kind=_(reg.KINDS[f.ref].singular).lower(), name=cell)))
                        continue
                    values[f.name] = found
                else:
                    values[f.name] = None
            elif f.type == "multiref":
                ids = []
                for part in (p.strip() for p in cell.split(MULTI_SEPARATOR)):
                    if not part:
                        continue
                    found = refs[f.name].get(part.lower())
                    if found is None:
                        errors.append(LineError(line, labels[f.name], _(
                            "no {kind} is called {name}.").format(
                            kind=_(reg.KINDS[f.ref].singular).lower(), name=part)))
                    else:
                        ids.append(found)
                values[f.name] = ids
            else:
                values[f.name] = cell
        key = _existing_key(k, values)
        record_id = existing.get(key) if key is not None else None
        later = values.pop("_later", {})
        try:
            cleaned = reg.validate(k, values, db, record_id)
        except ValidationError as exc:
            for name, reason in exc.errors.items():
                if name == "name" and key in seen_keys:
                    continue  # reported below, with the line it repeats
                errors.append(LineError(line, labels.get(name, _(k.field(name).label)), reason))
            cleaned = None
        if key is not None and key in seen_keys:
            errors.append(LineError(line, labels.get("name", ""), _(
                "the same record is already on line {other}.").format(other=seen_keys[key])))
        if errors:
            result.errors.extend(errors)
            continue
        if key is not None:
            seen_keys[key] = line
        assert cleaned is not None
        if record_id is not None:
            current = reg.get(db, k, record_id)
            if all(_same(current.get(n), v) for n, v in cleaned.items()):
                result.unchanged += 1
                result.good_lines += 1
                continue
        if later:
            values["_later"] = later
        good.append((line, values, record_id))
        result.good_lines += 1
    result.errors.sort(key=lambda e: e.line)
    result.created = sum(1 for _l, _v, rid in good if rid is None)
    result.updated = sum(1 for _l, _v, rid in good if rid is not None)
    return result, good


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list) or isinstance(new, list):
        return sorted(old or []) == sorted(new or [])
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(float(old) - float(new)) < 1e-9
    return old == new


def import_csv(db, kind_key: str, path: Path | str, *, dry_run: bool = False,
               only_good: bool = False) -> CsvResult:
    """Check, then write the good lines in one transaction (none when a line is bad, unless
    ``only_good``). A snapshot of the database is taken before writing."""
    result, good = plan_csv(db, kind_key, path)
    if dry_run or not good or (result.errors and not only_good):
        return result
    k = reg.kind(kind_key)
    if getattr(db, "path", None):
        from ..snapshots import take_snapshot

        take_snapshot(db.path, "before-import")
    with db.atomic():
        later: list[tuple[int, int, dict[str, str]]] = []
        for line, values, record_id in good:
            values = dict(values)
            pending = values.pop("_later", None)
            try:
                saved = reg.save(db, k, values, record_id)
            except ValidationError as exc:  # e.g. two lines naming the same new record
                raise ValidationError(exc.errors, line=line, source=str(path)) from None
            if pending:
                later.append((line, saved, pending))
        if later:  # references to records of this same file, now that they all exist
            names = _ref_lookup(db, k)
            for line, saved, pending in later:
                update = {name: names.get(text.lower()) for name, text in pending.items()}
                try:
                    reg.save(db, k, update, saved)
                except ValidationError as exc:
                    raise ValidationError(exc.errors, line=line, source=str(path)) from None
    result.written = True
    return result


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
