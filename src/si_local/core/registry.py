"""The registry's kinds of records, described once and used by forms, lists, CSV and the CLI.

A :class:`Kind` lists its :class:`Field`s with their type, unit and rules. ``save`` validates and
writes one record (and its links) in one transaction; ``dependents`` says what a deletion would
touch so the user can be told before confirming.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import validation as v
from .errors import UserError, ValidationError
from .i18n import _, format_hours, format_minutes, get_language
from .references import (  # noqa: F401  (what a deletion touches: registry gives the same names)
    CONTINUITY_REFERENCES, REFERENCES, REGISTRY_REFERENCES, TRAINING_REFERENCES, UNDESCRIBED,
    Reference, dependents, references_to,
)
from . import clock
from .registry_kinds import (  # noqa: F401  (the kinds' data; registry gives the same names)
    CRITICALITY, FACILITY_KINDS, LICENCES, LOCATIONS, RESULTS, EQUIPMENT_KINDS, CONTACT_KINDS,
    Field, Kind, F, KINDS, _kind, FACILITY, SITES, SERVERS, VMS, REPLICATIONS, APPLICATIONS,
    BACKUPS, RESTORE_TESTS, EQUIPMENT, CONTACTS, CERTIFICATES, LISTABLE,
)
from .registry_kinds import CONTRACT_KINDS, CONTRACTS, NOTICE_UNITS  # noqa: F401


def kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise UserError(
            _("Unknown kind {kind}; choose one of: {choices}.").format(
                kind=key, choices=", ".join(LISTABLE))
        ) from None


# --- validation ------------------------------------------------------------------------------

def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


_CHOICE_LABELS: dict[tuple[int, str], tuple[Field, dict[str, str]]] = {}


def _choice_labels(f: Field) -> dict[str, str]:
    """Label in lower case (English, and translated) -> key of a choice field, made once per
    field and language rather than once per value (an import of a million lines)."""
    cache_key = (id(f), get_language())
    entry = _CHOICE_LABELS.get(cache_key)
    if entry is None or entry[0] is not f:  # (the id of a field gone, given to another)
        labels: dict[str, str] = {}
        assert f.choices is not None
        for key, label in f.choices.items():  # the first key wins, as the loop it replaces
            labels.setdefault(label.lower(), key)
            labels.setdefault(_(label).lower(), key)
        entry = _CHOICE_LABELS[cache_key] = (f, labels)
    return entry[1]


def _clean_bool(value: Any) -> int:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("1", "true", "yes", "oui", "vrai", "x"):
            return 1
        if text in ("", "0", "false", "no", "non", "faux"):
            return 0
        raise ValueError(_("Answer yes or no."))
    return 1 if value else 0


def _clean_choice(f: Field, value: Any) -> str:
    assert f.choices is not None
    text = str(value).strip()
    if text in f.choices:
        return text
    found = _choice_labels(f).get(text.lower())  # accept the label, in either language
    if found is not None:
        return found
    raise ValueError(_("Choose one of: {choices}.").format(
        choices=", ".join(_(label) for label in f.choices.values())))


def _clean_ref(f: Field, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(_("Choose an existing record."))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(_("Choose an existing record.")) from None


# how a value that is not blank (and not too long) is cleaned, by field type
_CLEANERS = {
    "text": lambda f, value: str(value).strip(),
    "longtext": lambda f, value: str(value).strip(),
    "int": lambda f, value: v.check_int(value, f.minimum, f.maximum),
    "float": lambda f, value: v.check_float(value, f.minimum, f.maximum),
    "date": lambda f, value: v.check_date(value),
    "datetime": lambda f, value: v.check_datetime(value),
    "choice": _clean_choice,
    "ref": _clean_ref,
    "address": lambda f, value: v.check_address(str(value)),
    "addresses": lambda f, value: v.check_addresses(str(value)),
    "email": lambda f, value: v.check_email(str(value)),
    "phone": lambda f, value: v.check_phone(str(value)),
    "finess": lambda f, value: v.check_finess(str(value)),
}


def clean_value(f: Field, value: Any) -> Any:
    """Normalise one value of field ``f``; raises ValueError with a message for the user."""
    if f.type == "multiref":
        return [int(x) for x in (value or [])]
    if f.type == "bool":
        return _clean_bool(value)
    if _is_blank(value):
        if f.required:
            raise ValueError(_("This field is required."))
        return None
    limit = f.limit
    if limit is not None and len(str(value).strip()) > limit:
        # every text type: refused when too long, before any other rule
        v.check_length(_(f.label), str(value).strip(), limit)
    cleaner = _CLEANERS.get(f.type)
    if cleaner is None:
        raise AssertionError(f"unknown field type {f.type}")
    return cleaner(f, value)


_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nocase(text: str) -> str:
    """``text`` as SQLite's NOCASE collation compares it (ASCII letters only folded)."""
    return text.translate(_NOCASE)


def validate(k: Kind, values: dict[str, Any], db=None, record_id: int | None = None, *,
             names: Any = None, known: dict[str, set[int]] | None = None) -> dict[str, Any]:
    """Return the cleaned record, or raise :class:`ValidationError` naming every bad field.

    For many records at once (an import), instead of queries: ``names.clash(name, record_id)``
    says whether another record has this name (NOCASE) — the UNIQUE index on ``name`` is
    BINARY, so ``name = ? COLLATE NOCASE`` reads the whole table, once per record; ``known``
    (field name -> ids) lists ids a reference field may hold without looking them up."""
    cleaned, errors = _clean_fields(k, values, record_id)
    if db is not None:
        _check_references(k, db, cleaned, errors, known)
        _check_name(k, db, cleaned, errors, record_id, names)
    if k.key == "replications" and not errors:
        _check_replication(k, db, cleaned, errors, record_id)
    check = k.extra.get("check")  # a kind's own rules across fields (Kind.extra)
    if check is not None:
        check(db, cleaned, errors, record_id)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_fields(k: Kind, values: dict[str, Any],
                  record_id: int | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Each field cleaned on its own: (cleaned values, {field: message})."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in k.fields:
        value = values.get(f.name)
        if value is None:
            if f.name not in values and record_id is not None:
                continue  # partial update: keep what is there
            if not f.required and f.type not in ("multiref", "bool"):
                cleaned[f.name] = None  # what clean_value gives, without the call (an import of
                continue  # a million lines leaves most fields empty)
        try:
            cleaned[f.name] = clean_value(f, value)
        except ValueError as exc:
            errors[f.name] = str(exc)
    return cleaned, errors


def _check_references(k: Kind, db, cleaned: dict[str, Any], errors: dict[str, str],
                      known: dict[str, set[int]] | None) -> None:
    """A reference field names a record that exists."""
    for f in k.fields:
        if f.type == "ref" and cleaned.get(f.name) is not None and f.name not in errors:
            if known is not None and cleaned[f.name] in known.get(f.name, ()):
                continue
            target = KINDS[f.ref]  # type: ignore[index]
            if not db.execute(
                f"SELECT 1 FROM {target.table} WHERE id = ?", [cleaned[f.name]]
            ).fetchone():
                errors[f.name] = _("Choose an existing record.")


def _check_name(k: Kind, db, cleaned: dict[str, Any], errors: dict[str, str],
                record_id: int | None, names: Any) -> None:
    """No other record of the kind has this name (NOCASE); contacts may share one."""
    if "name" in cleaned and cleaned.get("name") and k.key != "contacts" and "name" not in errors:
        if names is not None:
            clash = names.clash(cleaned["name"], record_id)
        else:
            clash = db.execute(
                f"SELECT id FROM {k.table} WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                [cleaned["name"], record_id],
            ).fetchone()
        if clash:
            errors["name"] = _("Another record already has this name.")


def _check_replication(k: Kind, db, cleaned: dict[str, Any], errors: dict[str, str],
                       record_id: int | None) -> None:
    """A replication mirrors either a server or a VM, and a server is not its own mirror."""
    merged = dict(cleaned)
    if record_id is not None and db is not None:
        current = get(db, k, record_id)
        merged = {**current, **cleaned}
    if (merged.get("source_server_id") is None) == (merged.get("source_vm_id") is None):
        errors["source_server_id"] = _("Choose either a mirrored server or a mirrored VM.")
    elif merged.get("source_server_id") is not None and (
        merged.get("source_server_id") == merged.get("target_server_id")
    ):
        errors["target_server_id"] = _("A server cannot be its own mirror.")


# --- reading and writing ---------------------------------------------------------------------

def get(db, k: Kind, record_id: int) -> dict[str, Any]:
    row = db.execute(f"SELECT * FROM {k.table} WHERE id = ?", [record_id]).fetchone()
    if row is None:
        raise UserError(_("This record no longer exists."))
    names = [d[0] for d in db.execute(f"SELECT * FROM {k.table} LIMIT 0").description]
    record = dict(zip(names, row, strict=True))
    for f in k.links:
        record[f.name] = [
            r[0] for r in db.execute(
                f"SELECT {f.link_ref_col} FROM {f.link_table} WHERE {f.link_owner_col} = ? "
                f"ORDER BY {f.link_ref_col}", [record_id]
            ).fetchall()
        ]
    return record


def save(db, k: Kind, values: dict[str, Any], record_id: int | None = None) -> int:
    """Validate and write a record and its links in one transaction; returns its id."""
    cleaned = validate(k, values, db, record_id)
    with db.atomic():
        return write_validated(db, k, cleaned, record_id)


def write_validated(db, k: Kind, cleaned: dict[str, Any], record_id: int | None = None) -> int:
    """Write a record :func:`validate` returned (and its links); returns its id. The caller holds
    the transaction (an import writes a million records in one, without a savepoint each)."""
    columns = {f.name: cleaned[f.name] for f in k.columns if f.name in cleaned}
    links = {f: cleaned[f.name] for f in k.links if f.name in cleaned}
    new_record = record_id is None
    if record_id is None:
        names = ", ".join(f'"{name}"' for name in columns)
        sql = (f'INSERT INTO "{k.table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
               if columns else f'INSERT INTO "{k.table}" DEFAULT VALUES')
        record_id = db.execute(sql, list(columns.values())).lastrowid
    elif columns:
        if not db.execute(f"SELECT 1 FROM {k.table} WHERE id = ?", [record_id]).fetchone():
            raise UserError(_("This record no longer exists."))
        assignments = ", ".join(f'"{name}" = ?' for name in columns)
        db.execute(f'UPDATE "{k.table}" SET {assignments} WHERE id = ?',
                   [*columns.values(), record_id])
    links_changed = k.extra.get("links_changed")  # a kind that remembers links taken away
    for f, ids in links.items():
        current = set() if new_record else {r[0] for r in db.execute(
            f"SELECT {f.link_ref_col} FROM {f.link_table} WHERE {f.link_owner_col} = ?",
            [record_id]).fetchall()}
        wanted = set(ids)
        if links_changed is not None and current != wanted:
            links_changed(db, record_id, f, current - wanted, wanted - current)
        for gone in current - wanted:
            db.execute(
                f"DELETE FROM {f.link_table} WHERE {f.link_owner_col} = ? AND {f.link_ref_col} = ?",
                [record_id, gone])
        for new in sorted(wanted - current):
            db.execute(
                f"INSERT INTO {f.link_table} ({f.link_owner_col}, {f.link_ref_col}) VALUES (?, ?)",
                [record_id, new])
    return int(record_id)


def delete(db, k: Kind, record_id: int) -> None:
    with db.atomic():
        db.execute(f"DELETE FROM {k.table} WHERE id = ?", [record_id])


def links(db, f: Field) -> dict[int, list[int]]:
    """The links a multiref field ``f`` holds, for every record at once: {owner id: [linked ids]},
    the linked ids in order (a list of records reads them once, not once per row)."""
    found: dict[int, list[int]] = {}
    for owner, ref in db.execute(f"SELECT {f.link_owner_col}, {f.link_ref_col} FROM {f.link_table} "
                                 f"ORDER BY {f.link_ref_col}").fetchall():
        found.setdefault(owner, []).append(ref)
    return found


def title_of(db, k: Kind, record_id: int | None) -> str:
    if record_id is None:
        return ""
    row = db.execute(f"SELECT {k.title_field} FROM {k.table} WHERE id = ?", [record_id]).fetchone()
    return "" if row is None else str(row[0])


def choices_for(db, k: Kind) -> list[tuple[int, str]]:
    """(id, title) of every record of a kind, for combo boxes."""
    return [(r[0], str(r[1])) for r in db.execute(
        f"SELECT id, {k.title_field} FROM {k.table} ORDER BY {k.order_by}").fetchall()]


def ref_choices(db, owner: Kind, f: Field) -> list[tuple[int, str]]:
    """(id, title) of the records a reference field ``f`` of ``owner`` may name: every record of
    its kind, or those its kind's ``extra["ref_filters"]`` keeps (a contract's supplier: vendors)."""
    where = owner.extra.get("ref_filters", {}).get(f.name)
    if where is None:
        return choices_for(db, KINDS[f.ref])  # type: ignore[index]
    target = KINDS[f.ref]  # type: ignore[index]
    return [(r[0], str(r[1])) for r in db.execute(
        f"SELECT id, {target.title_field} FROM {target.table} WHERE {where} "
        f"ORDER BY {target.order_by}").fetchall()]


def display_value(f: Field, value: Any, ref_titles: dict[int, str] | None = None) -> str:
    """A stored value as a person reads it, with its unit, in the current language."""
    from .i18n import format_date, format_datetime, format_number

    if f.type == "multiref":
        return ", ".join((ref_titles or {}).get(i, str(i)) for i in (value or []))
    if value is None or value == "":
        return ""
    if f.type == "bool":
        return _("Yes") if value else _("No")
    if f.type == "choice":
        return _(f.choices.get(value, value)) if f.choices else str(value)
    if f.type == "ref":
        return (ref_titles or {}).get(value, str(value))
    if f.type == "date":
        return format_date(value)
    if f.type == "datetime":
        return format_datetime(value)
    if f.type in ("int", "float"):
        if f.unit == "h":  # durations are shown one way everywhere (i18n.format_hours)
            return format_hours(value)
        if f.unit == "min":
            return format_minutes(value)
        text = format_number(value)
        unit = {"GB": _("GB"), "h": _("h"), "min": _("min"), "€": "€", "days": _("days")}.get(f.unit, f.unit)
        return f"{text} {unit}".strip()
    return str(value)


def rows(db, k: Kind) -> list[dict[str, Any]]:
    """Every record of a kind, as stored, in list order."""
    return [dict(r) for r in db.query(f"SELECT * FROM {k.table} ORDER BY {k.order_by}")]


def today() -> dt.date:
    return clock.today()
