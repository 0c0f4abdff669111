"""Core-model packs: the group's shared standards, carried as one file from SI Local to SI Local.

A pack is a JSON document::

    {"format": "si-local-core-model", "format_version": 1, "group": "GHT …", "version": 3,
     "created_at": "…", "app_version": "…", "items": [{"kind", "key", "title", "data"}, …],
     "checksum": "<sha256 of the canonical JSON of items>"}

Kinds of items: questionnaires, continuity scenario templates, training modules, naming rules
(a regular expression per registry kind) and required fields (a registry field the group wants
filled). Taking a pack stores each item with its standard value; a facility may adapt an item
locally, and a later pack updates the standard without touching the local version (see
step m006 in :mod:`si_local.core.migrations`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..alerts import Alert
from ..core_model import effective_texts  # noqa: F401  (read by the areas from core_model)
from ..errors import ImportFileError, UserError
from ..i18n import N_, _, ngettext
from ..interop.common import parse_json
from .. import clock
from ..validation import SQLITE_MAX_INT, Text, check_texts
from .pattern_risk import pattern_risk

FORMAT = "si-local-core-model"
FORMAT_VERSION = 1
MAX_PACK_BYTES = 20 * 1024 * 1024

KINDS = {
    "questionnaire": N_("Questionnaire"),
    "scenario_template": N_("Continuity scenario template"),
    "training_module": N_("Training module"),
    "naming_rule": N_("Naming rule"),
    "required_field": N_("Required field"),
    "readiness_expectations": N_("Readiness expectations"),
    "end_of_support_table": N_("End-of-support dates"),
}

# The longest text each free-text column holds (validation.MAX_LENGTHS): checked when a pack is
# read or written and when a bundle is imported. An item's content (standard, base, local) is a
# JSON document whose texts are checked by the area it goes to (questionnaire, scenario template,
# training module), see validate_item.
TEXT_COLUMNS: dict[str, dict[str, Text]] = {
    "core_model_pack": {"group_name": Text(N_("Group"))},
    # a training module's key is its name case-folded, which may be longer (« ß » gives « ss »)
    "core_model_item": {"key": Text(N_("Key"), max_length=600), "title": Text(N_("Title"))},
}
# TEXT columns that hold no free text: checksums, dates and times, choice keys, JSON documents.
OTHER_TEXT_COLUMNS = {
    "core_model_pack": {"checksum", "created_at", "taken_at"},
    "core_model_item": {"kind", "standard", "base", "local", "updated_at"},
}


def _too_long(table: str, values: dict[str, Any]) -> str | None:
    """The message about the first value of ``values`` too long for its column, or None."""
    errors: dict[str, str] = {}
    check_texts(TEXT_COLUMNS[table], {k: v for k, v in values.items() if isinstance(v, str)}, errors)
    return next(iter(errors.values()), None)


STATE_STANDARD = "standard"
STATE_LOCAL = "local"
STATE_LOCAL_OUTDATED = "local_outdated"
STATES = {
    STATE_STANDARD: N_("Standard"),
    STATE_LOCAL: N_("Adapted locally"),
    STATE_LOCAL_OUTDATED: N_("Adapted locally; the standard has changed since"),
}


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(items: list[dict]) -> str:
    return hashlib.sha256(canonical(items).encode("utf-8")).hexdigest()


# --- items of this database ---------------------------------------------------------------------

@dataclass
class Item:
    id: int
    kind: str
    key: str
    title: str
    standard: Any
    base: Any
    local: Any | None
    pack_version: int

    @property
    def effective(self) -> Any:
        return self.standard if self.local is None else self.local

    @property
    def state(self) -> str:
        if self.local is None:
            return STATE_STANDARD
        if canonical(self.base) != canonical(self.standard):
            return STATE_LOCAL_OUTDATED
        return STATE_LOCAL

    def differences(self) -> list[str]:
        """Top-level fields where the local version differs from the standard."""
        if self.local is None:
            return []
        return diff_fields(self.standard, self.local)

    def difference_labels(self) -> str:
        """:meth:`differences` as people read them: "durée, étapes" (empty when none)."""
        return ", ".join(field_label(key) for key in self.differences())


# How the keys of an item's content are named to people (a key not listed is shown as it is).
FIELD_LABELS = {
    "name": N_("name"), "title": N_("title"), "description": N_("description"),
    "duration_minutes": N_("duration"), "modality": N_("modality"), "profiles": N_("profiles"),
    "kind": N_("kind"), "steps": N_("steps"), "dimensions": N_("dimensions"),
    "levels": N_("levels"), "version": N_("version"), "*": N_("content"),
}


def field_label(key: str) -> str:
    """A key of an item's content as people read it: ``duration_minutes`` → "durée"."""
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def diff_fields(a: Any, b: Any) -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return sorted(k for k in set(a) | set(b) if canonical(a.get(k)) != canonical(b.get(k)))
    return [] if canonical(a) == canonical(b) else ["*"]


def items(db, kind: str | None = None) -> list[Item]:
    """The core-model items as they stand: those recorded in ``core_model_item``, with the
    facility's own changes to training modules (made on the Training page) seen as local
    adaptations."""
    from .collectors import module_rows

    found = stored_items(db, kind)
    rows = None
    for i in found:
        if i.kind != "training_module":
            continue
        rows = module_rows(db) if rows is None else rows
        current = rows.get(i.key)
        if current is not None and canonical(current) != canonical(i.effective):
            if i.local is None:
                i.base = i.standard
            i.local = None if canonical(current) == canonical(i.standard) else current
    return found


def stored_items(db, kind: str | None = None) -> list[Item]:
    """The items as recorded in ``core_model_item``."""
    sql = "SELECT * FROM core_model_item"
    params: list = []
    if kind:
        sql += " WHERE kind = ?"
        params.append(kind)
    sql += " ORDER BY kind, title COLLATE FRENCH"
    return [
        Item(r["id"], r["kind"], r["key"], r["title"], json.loads(r["standard"]),
             json.loads(r["base"]), None if r["local"] is None else json.loads(r["local"]),
             r["pack_version"])
        for r in db.query(sql, params)
    ]


def item(db, item_id: int) -> Item:
    found = [i for i in items(db) if i.id == item_id]
    if not found:
        raise UserError(_("This core-model item no longer exists."))
    return found[0]


def written_message(pack: dict, path) -> str:
    """What the command line and the Groupement page say once a pack is written."""
    count = len(pack["items"])
    return ngettext(
        "Core-model pack version {version} of {group}: {count} item written to {path}.",
        "Core-model pack version {version} of {group}: {count} items written to {path}.",
        count).format(version=pack["version"], group=pack["group"], count=count, path=path)


def share(db) -> dict[str, int]:
    """How many items follow the standard and how many are adapted locally (the 80/20)."""
    counts = {"standard": 0, "local": 0}
    for i in items(db):
        counts["standard" if i.state == STATE_STANDARD else "local"] += 1
    counts["total"] = counts["standard"] + counts["local"]
    return counts


def _now() -> str:
    return clock.utcnow().replace(microsecond=0).isoformat()


def _apply_to_area(db, item_id: int) -> None:
    """A training module's effective value goes to the Training tables at once."""
    from .collectors import apply_training_modules

    apply_training_modules(db, [i for i in stored_items(db, "training_module") if i.id == item_id])


def adapt(db, item_id: int, data: Any) -> None:
    """Record a local adaptation of an item (or return to the standard when equal to it).

    Raises :class:`ImportFileError` (a :class:`UserError`) and writes nothing when ``data`` is not
    a valid item of its kind (the checks of a pack's items, :func:`validate_item`)."""
    current = item(db, item_id)
    validate_item({"kind": current.kind, "key": current.key, "title": current.title,
                   "data": data}, "")
    with db.atomic():
        if canonical(data) == canonical(current.standard):
            db.execute("UPDATE core_model_item SET local = NULL, base = standard, updated_at = ? "
                       "WHERE id = ?", [_now(), item_id])
        else:
            base = current.base if current.local is not None else current.standard
            db.execute("UPDATE core_model_item SET local = ?, base = ?, updated_at = ? WHERE id = ?",
                       [canonical(data), canonical(base), _now(), item_id])
        _apply_to_area(db, item_id)


def take_standard(db, item_id: int) -> None:
    """Drop the local adaptation: the item follows the group's standard again."""
    item(db, item_id)
    with db.atomic():
        db.execute("UPDATE core_model_item SET local = NULL, base = standard, updated_at = ? "
                   "WHERE id = ?", [_now(), item_id])
        _apply_to_area(db, item_id)


def keep_local(db, item_id: int) -> None:
    """Acknowledge a changed standard and keep the local version (base moves to the standard)."""
    item(db, item_id)
    with db.atomic():
        db.execute("UPDATE core_model_item SET base = standard, updated_at = ? WHERE id = ?",
                   [_now(), item_id])


def add_rule(db, kind: str, key: str, title: str, data: dict, pack_version: int = 0) -> int:
    """Create an item authored here (the group's own SI Local, or the demo)."""
    if kind not in KINDS:
        raise UserError(_("Unknown kind of core-model item: {kind}.").format(kind=kind))
    validate_item({"kind": kind, "key": key, "title": title, "data": data}, "")
    with db.atomic():
        return db["core_model_item"].insert({
            "kind": kind, "key": key, "title": title, "standard": canonical(data),
            "base": canonical(data), "local": None, "pack_version": pack_version,
            "updated_at": _now()}).last_pk


# --- validation of items ------------------------------------------------------------------------

def validate_item(entry: Any, where: str) -> None:
    def bad(message: str):
        raise ImportFileError(f"{where}{message}")

    if not isinstance(entry, dict):
        bad(_("each item must be an object"))
    for name in ("kind", "key", "title"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            bad(_("the item has no valid “{field}”").format(field=name))
    if entry["kind"] not in KINDS:
        bad(_("unknown kind of item “{kind}”").format(kind=entry["kind"]))
    problem = _too_long("core_model_item", entry)
    if problem:
        bad(problem)
    data = entry.get("data")
    if not isinstance(data, dict):
        bad(_("the item “{key}” has no data").format(key=entry["key"]))
    if entry["kind"] == "questionnaire":  # offered to new campaigns: must be a valid one
        from ..diagnostic.questionnaire import parse_questionnaire

        parse_questionnaire(data, f"{where}{entry['key']}")
    if entry["kind"] == "scenario_template":  # offered by "Add from a template"
        from ..continuity import parse_templates

        parse_templates({"format": 1, "templates": [data]}, f"{where}{entry['key']}")
    if entry["kind"] == "training_module":  # written to the Training page's modules
        from ..training import TEXT_COLUMNS as TRAINING

        errors: dict[str, str] = {}
        check_texts(TRAINING["training_module"],
                    {k: v for k, v in data.items() if isinstance(v, str)}, errors)
        if errors:
            bad(_("training module “{key}”: {problem}").format(
                key=entry["key"], problem=next(iter(errors.values()))))
    if entry["kind"] == "end_of_support_table":  # read by end_of_support.current_table
        from ..end_of_support import parse_table
        parse_table(data, f"{where}{entry['key']}")
    if entry["kind"] == "naming_rule":
        from .. import registry

        if not isinstance(data.get("registry_kind"), str) or data["registry_kind"] not in registry.KINDS:
            bad(_("naming rule “{key}”: unknown registry kind").format(key=entry["key"]))
        try:
            re.compile(str(data.get("pattern", "")))
        except re.error as exc:
            bad(_("naming rule “{key}”: invalid pattern ({error})").format(key=entry["key"], error=exc))
        if pattern_risk(str(data.get("pattern", ""))):
            bad(_("naming rule “{key}”: the pattern repeats a repetition or an alternative, or "
                  "refers back to a group (such as (a+)+); checking names with it could take "
                  "hours. Write it without nested repetitions.").format(key=entry["key"]))
    if entry["kind"] == "readiness_expectations":  # used when newer than the shipped list
        from ..readiness import parse_document
        parse_document(data, f"{where}{entry['key']}")
    if entry["kind"] == "required_field":
        from .. import registry

        kind = registry.KINDS.get(str(data.get("registry_kind")))
        if kind is None or str(data.get("field")) not in {f.name for f in kind.fields}:
            bad(_("required field “{key}”: unknown registry kind or field").format(key=entry["key"]))


# --- export -------------------------------------------------------------------------------------

def collect_items(db) -> list[dict]:
    """Every item this SI Local would publish: stored items (their effective value) + what the
    areas offer (questionnaires, scenario templates, training modules)."""
    from .collectors import COLLECTORS

    found: dict[tuple[str, str], dict] = {}
    for collector in COLLECTORS:
        for entry in collector(db):
            found[(entry["kind"], entry["key"])] = entry
    for i in items(db):
        found[(i.kind, i.key)] = {"kind": i.kind, "key": i.key, "title": i.title, "data": i.effective}
    return [found[k] for k in sorted(found)]


def last_group_name(db) -> str | None:
    """The group named by the core-model pack recorded last, ``None`` before any."""
    row = db.execute("SELECT group_name FROM core_model_pack ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def export_pack(db, path: Path | str, group: str, version: int | None = None) -> dict:
    problem = _too_long("core_model_pack", {"group_name": group})
    if problem:
        raise UserError(problem)
    entries = collect_items(db)
    if version is None:
        row = db.execute("SELECT max(version) FROM core_model_pack").fetchone()
        version = (row[0] or 0) + 1
    pack = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "group": group, "version": int(version),
        "created_at": _now(), "app_version": _app_version(), "items": entries,
        "checksum": checksum(entries),
    }
    from ..output_file import part_file

    with part_file(path) as tmp:
        tmp.write_text(json.dumps(pack, ensure_ascii=False, indent=1), encoding="utf-8")
        try:
            os.chmod(tmp, 0o600)
        except OSError:  # pragma: no cover
            pass
    return pack


def _app_version() -> str:
    from ... import __version__

    return __version__


# --- import -------------------------------------------------------------------------------------

def read_pack(path: Path | str) -> dict:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(_("{file}: cannot be read ({error}).").format(
            file=name, error=exc.strerror)) from exc
    if size > MAX_PACK_BYTES:
        raise ImportFileError(_("{file}: too large for a core-model pack.").format(file=name))
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFileError(_("{file}: not UTF-8 text.").format(file=name)) from None
    pack = parse_json(text, name)
    if not isinstance(pack, dict) or pack.get("format") != FORMAT:
        raise ImportFileError(_("{file}: this is not an SI Local core-model pack.").format(file=name))
    if pack.get("format_version") != FORMAT_VERSION:
        raise ImportFileError(_("{file}: unknown pack format version {version}.").format(
            file=name, version=pack.get("format_version")))
    if not isinstance(pack.get("group"), str) or not pack["group"].strip():
        raise ImportFileError(_("{file}: the pack does not name its group.").format(file=name))
    problem = _too_long("core_model_pack", {"group_name": pack["group"]})
    if problem:
        raise ImportFileError(_("{file}: {problem}").format(file=name, problem=problem))
    if not isinstance(pack.get("version"), int) or not 1 <= pack["version"] <= SQLITE_MAX_INT:
        raise ImportFileError(_("{file}: the pack has no valid version number.").format(file=name))
    entries = pack.get("items")
    if not isinstance(entries, list):
        raise ImportFileError(_("{file}: the pack has no list of items.").format(file=name))
    if checksum(entries) != pack.get("checksum"):
        raise ImportFileError(_("{file}: checksum mismatch, the file was altered or is incomplete.")
                              .format(file=name))
    seen = set()
    for index, entry in enumerate(entries, start=1):
        validate_item(entry, _("{file}: item {n}: ").format(file=name, n=index))
        if (entry["kind"], entry["key"]) in seen:
            raise ImportFileError(_("{file}: item {n}: duplicate key “{key}”.").format(
                file=name, n=index, key=entry["key"]))
        seen.add((entry["kind"], entry["key"]))
    return pack


@dataclass
class PackPlan:
    group: str
    version: int
    new: list[dict] = field(default_factory=list)
    updated: list[tuple[Item, dict, list[str]]] = field(default_factory=list)  # follows standard
    kept_local: list[tuple[Item, dict, list[str]]] = field(default_factory=list)  # adapted here
    unchanged: list[Item] = field(default_factory=list)
    absent: list[Item] = field(default_factory=list)  # no longer in the pack: kept as they are

    def summary(self) -> dict[str, int]:
        return {"new": len(self.new), "updated": len(self.updated),
                "kept_local": len(self.kept_local), "unchanged": len(self.unchanged),
                "absent": len(self.absent)}


def record_local_changes(db) -> None:
    """Persist the local adaptations :func:`items` sees (before a pack is applied)."""
    stored = {i.id: i for i in stored_items(db)}
    for i in items(db):
        if canonical(i.local) != canonical(stored[i.id].local):
            if i.local is None:
                take_standard(db, i.id)
            else:
                adapt(db, i.id, i.local)


def plan_pack(db, pack: dict) -> PackPlan:
    last = db.execute("SELECT max(version) FROM core_model_pack WHERE group_name = ?",
                      [pack["group"]]).fetchone()[0]
    if last is not None and pack["version"] < last:
        raise UserError(_("This pack (version {version}) is older than the one already taken "
                          "(version {last}); nothing was changed.").format(
                              version=pack["version"], last=last))
    if last is not None and pack["version"] == last:
        taken = db.execute("SELECT checksum FROM core_model_pack WHERE group_name = ? AND version = ? "
                           "ORDER BY id DESC LIMIT 1", [pack["group"], last]).fetchone()[0]
        if taken != pack["checksum"]:
            raise UserError(_("This pack carries version {version}, already taken, but its content is "
                              "different; ask the group for a pack with a new version number. Nothing "
                              "was changed.").format(version=last))
    plan = PackPlan(pack["group"], pack["version"])
    existing = {(i.kind, i.key): i for i in items(db)}
    incoming = set()
    for entry in pack["items"]:
        key = (entry["kind"], entry["key"])
        incoming.add(key)
        current = existing.get(key)
        if current is None:
            plan.new.append(entry)
        elif canonical(current.standard) == canonical(entry["data"]):
            plan.unchanged.append(current)
        elif current.local is None:
            plan.updated.append((current, entry, diff_fields(current.standard, entry["data"])))
        else:
            plan.kept_local.append((current, entry, diff_fields(current.standard, entry["data"])))
    plan.absent = [i for k, i in existing.items() if k not in incoming]
    return plan


def apply_pack(db, pack: dict, plan: PackPlan | None = None) -> PackPlan:
    now = _now()
    with db.atomic():
        record_local_changes(db)
        plan = plan_pack(db, pack)
        for entry in plan.new:
            data = canonical(entry["data"])
            db["core_model_item"].insert({
                "kind": entry["kind"], "key": entry["key"], "title": entry["title"],
                "standard": data, "base": data, "local": None, "pack_version": pack["version"],
                "updated_at": now})
        for current, entry, _fields in plan.updated:
            data = canonical(entry["data"])
            db.execute("UPDATE core_model_item SET standard = ?, base = ?, title = ?, "
                       "pack_version = ?, updated_at = ? WHERE id = ?",
                       [data, data, entry["title"], pack["version"], now, current.id])
        for current, entry, _fields in plan.kept_local:
            # The local version stays; base keeps what it was adapted from, so the item now shows
            # "adapted locally; the standard has changed since".
            db.execute("UPDATE core_model_item SET standard = ?, title = ?, pack_version = ?, "
                       "updated_at = ? WHERE id = ?",
                       [canonical(entry["data"]), entry["title"], pack["version"], now, current.id])
        for current in plan.unchanged:
            db.execute("UPDATE core_model_item SET pack_version = ? WHERE id = ?",
                       [pack["version"], current.id])
        db["core_model_pack"].insert({
            "group_name": pack["group"], "version": pack["version"], "checksum": pack["checksum"],
            "created_at": pack.get("created_at"), "taken_at": now, "items": len(pack["items"])})
        from .collectors import apply_training_modules

        apply_training_modules(db, stored_items(db, "training_module"))
    return plan


# --- what the core model asks of the registry (Home) ---------------------------------------------

def alerts(db, today: dt.date) -> list[Alert]:
    from .. import registry

    found: list[Alert] = []
    if not db["core_model_item"].exists():
        return found
    for i in items(db, "naming_rule"):
        rule = i.effective
        kind = registry.KINDS.get(rule.get("registry_kind"))
        if kind is None or "name" not in {f.name for f in kind.fields}:
            continue
        if pattern_risk(str(rule.get("pattern", ""))):
            continue  # refused when a pack is read; never run one that could hang Home
        pattern = re.compile(rule.get("pattern", ""))
        bad = [r["name"] for r in db.query(f"SELECT name FROM {kind.table} ORDER BY name COLLATE FRENCH")
               if not pattern.fullmatch(r["name"] or "")]
        if bad:
            found.append(Alert("low", "group", ngettext(
                "Core model, rule “{rule}”: {count} record does not follow it ({names}).",
                "Core model, rule “{rule}”: {count} records do not follow it ({names}).",
                len(bad)).format(
                    rule=i.title, count=len(bad), names=", ".join(bad[:5]) + ("…" if len(bad) > 5 else "")),
                kind.key, None))
    for i in items(db, "required_field"):
        rule = i.effective
        kind = registry.KINDS.get(rule.get("registry_kind"))
        if kind is None:
            continue
        column = rule.get("field")
        if column not in {f.name for f in kind.columns}:
            continue
        count = db.execute(
            f"SELECT count(*) FROM {kind.table} WHERE {column} IS NULL OR {column} = ''").fetchone()[0]
        if count:
            found.append(Alert("low", "group", ngettext(
                "Core model: “{field}” is required by the group and missing in {count} record "
                "of {kind}.",
                "Core model: “{field}” is required by the group and missing in {count} records "
                "of {kind}.", count).format(field=_(kind.field(column).label), count=count,
                                     kind=_(kind.plural).lower()), kind.key, None))
    return found
