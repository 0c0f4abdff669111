"""The regulator's expectations as data: ``resources/readiness/expectations.json`` (French),
read and checked here, or a newer copy carried by a group core-model pack.

The document::

    {"format": "si-local-readiness", "format_version": 1, "date": "2026-11-30",
     "title": "…", "disclaimer": "Liste de travail établie par SI Local d’après … ; seul le texte
     officiel fait foi.",
     "programmes": [{"id", "title", "source"}, …],
     "expectations": [{"id", "programme", "wording", "todo",
                       "source": {"text", "date", "reference", "to_confirm"},
                       "met_by": {"check": name, "params": {…}} | {"record": name}
                                 | {"declared": true}}, …]}

A file is newer than another when its ``date`` is later. A check or record name must be one of
:data:`checks.CHECKS` / :data:`checks.RECORDS` (one explicit dict each): an unknown name refuses
the whole file with one line naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core_model import effective_texts
from ..errors import ImportFileError
from ..i18n import _
from ..interop.common import parse_json
from ..paths import resource
from .checks import CHECKS, RECORDS

FORMAT = "si-local-readiness"
FORMAT_VERSION = 1
PACK_KIND = "readiness_expectations"  # the core-model item kind that carries this document
SHIPPED = ("readiness", "expectations.json")
MAX_BYTES = 2 * 1024 * 1024
ORIGIN_SHIPPED = "shipped"
ORIGIN_GROUP = "group"


@dataclass(frozen=True)
class Source:
    text: str
    date: str | None
    reference: str | None
    to_confirm: bool


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    source: str


@dataclass(frozen=True)
class Expectation:
    id: str
    programme: str
    wording: str
    source: Source
    todo: str
    how: str  # "check", "record" or "declared"
    name: str | None  # the check's or record's name (None when declared)
    params: dict


@dataclass(frozen=True)
class Expectations:
    """One checked expectations file and where it came from (shipped, or a group pack)."""
    date: dt.date
    title: str
    disclaimer: str
    programmes: tuple[Programme, ...]
    expectations: tuple[Expectation, ...]
    origin: str = ORIGIN_SHIPPED
    origin_name: str = ""  # the file's name, or the pack item's place

    def programme(self, key: str) -> Programme:
        return next(p for p in self.programmes if p.id == key)

    def find(self, expectation_id: str) -> Expectation | None:
        return next((e for e in self.expectations if e.id == expectation_id), None)


def _text(entry: dict, key: str, bad, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        bad(_("“{field}” is missing or empty").format(field=key))
    return value.strip()


def _date(value: Any, bad, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        bad(_("“{field}” is not a date (YYYY-MM-DD)").format(field=field))
        raise  # pragma: no cover - bad() raises


def _source(entry: dict, bad) -> Source:
    source = entry.get("source")
    if not isinstance(source, dict):
        bad(_("“{field}” is missing or empty").format(field="source"))
    date = _text(source, "date", bad, required=False)
    if date is not None:
        _date(date, bad, "source.date")
    return Source(_text(source, "text", bad), date, _text(source, "reference", bad, required=False),
                  bool(source.get("to_confirm")))


def _how(entry: dict, bad) -> tuple[str, str | None, dict]:
    met = entry.get("met_by")
    if not isinstance(met, dict):
        bad(_("“{field}” is missing or empty").format(field="met_by"))
    params = met.get("params", {})
    if not isinstance(params, dict):
        bad(_("“params” must be an object"))
    if "check" in met:
        if not isinstance(met["check"], str) or met["check"] not in CHECKS:
            bad(_("unknown check “{name}”").format(name=met["check"]))
        return "check", met["check"], params
    if "record" in met:
        if not isinstance(met["record"], str) or met["record"] not in RECORDS:
            bad(_("unknown record “{name}”").format(name=met["record"]))
        return "record", met["record"], params
    if met.get("declared") is True:
        return "declared", None, {}
    bad(_("“met_by” must name a check, a record or say “declared”"))
    raise AssertionError  # pragma: no cover


def _listed(value: Any) -> list:
    """A list of the document, or none (a number or a boolean there: the file lists nothing)."""
    return value if isinstance(value, list) else []


def parse_document(doc: Any, where: str, origin: str = ORIGIN_SHIPPED) -> Expectations:
    """The checked expectations of ``doc``; :class:`ImportFileError` on the first problem, one
    line naming ``where`` (the file) and the entry."""
    def bad_file(message: str):
        raise ImportFileError(f"{where}: {message}")

    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        bad_file(_("this is not an SI Local expectations file."))
    if doc.get("format_version") != FORMAT_VERSION:
        bad_file(_("unknown format version {version}.").format(version=doc.get("format_version")))
    date = _date(doc.get("date"), bad_file, "date")
    title = _text(doc, "title", bad_file)
    disclaimer = _text(doc, "disclaimer", bad_file)
    programmes: list[Programme] = []
    for n, entry in enumerate(_listed(doc.get("programmes")), start=1):
        def bad(message: str, n=n):
            raise ImportFileError(_("{file}: programme {n}: {problem}.").format(
                file=where, n=n, problem=message))
        if not isinstance(entry, dict):
            bad(_("each programme must be an object"))
        programmes.append(Programme(_text(entry, "id", bad), _text(entry, "title", bad),
                                    _text(entry, "source", bad)))
    if not programmes:
        bad_file(_("the file lists no programme."))
    keys = {p.id for p in programmes}
    found: list[Expectation] = []
    for n, entry in enumerate(_listed(doc.get("expectations")), start=1):
        name = entry.get("id") if isinstance(entry, dict) else None

        def bad(message: str, n=n, name=name):
            raise ImportFileError(_("{file}: expectation {n} ({id}): {problem}.").format(
                file=where, n=n, id=name or "?", problem=message))
        if not isinstance(entry, dict):
            bad(_("each expectation must be an object"))
        key = _text(entry, "id", bad)
        if any(e.id == key for e in found):
            bad(_("the id is used twice"))
        programme = _text(entry, "programme", bad)
        if programme not in keys:
            bad(_("unknown programme “{key}”").format(key=programme))
        how, check, params = _how(entry, bad)
        found.append(Expectation(key, programme, _text(entry, "wording", bad), _source(entry, bad),
                                 _text(entry, "todo", bad), how, check, dict(params)))
    if not found:
        bad_file(_("the file lists no expectation."))
    return Expectations(date, title, disclaimer, tuple(programmes), tuple(found), origin, where)


def read_file(path: Path | str, origin: str = ORIGIN_SHIPPED) -> Expectations:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportFileError(_("{file}: too large for an expectations file.").format(file=path.name))
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ImportFileError(_("{file}: cannot be read ({error}).").format(
            file=path.name, error=exc.strerror)) from exc
    except UnicodeDecodeError:
        raise ImportFileError(_("{file}: not UTF-8 text.").format(file=path.name)) from None
    return parse_document(parse_json(text, path.name), path.name, origin)


def shipped() -> Expectations:
    """The file shipped with SI Local."""
    return read_file(resource(*SHIPPED))


def from_group(db) -> list[Expectations]:
    """The expectations files the group's core-model packs brought into this database."""
    import json

    return [parse_document(json.loads(text), where, ORIGIN_GROUP)
            for where, text in effective_texts(db, PACK_KIND)]


def load(db=None) -> Expectations:
    """The expectations in force: the shipped file, or a group pack's when its date is later."""
    best = shipped()
    for candidate in (from_group(db) if db is not None else []):
        if candidate.date > best.date:
            best = candidate
    return best
