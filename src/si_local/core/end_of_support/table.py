"""The table of end-of-support dates: the one shipped with the program
(``resources/end_of_support/table.json``, built by ``tools/build_end_of_support.py`` from the
endoflife.date data, MIT licence), a newer one loaded by hand (``si-local end-of-support load``,
kept in ``end_of_support_table``) or carried by a group core-model pack (item kind
``end_of_support_table``). The table in use is the one whose data is the newest.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import clock
from ..audit import os_user
from ..errors import ImportFileError
from ..i18n import _
from ..interop.common import decode_utf8, read_limited
from ..paths import resource

FORMAT = 1
MAX_TABLE_BYTES = 5 * 1024 * 1024
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Cycle:
    product: str
    cycle: str
    label: str
    end: dt.date | None  # None: supported, no end announced yet
    extended: dt.date | None = None  # paid extended support, when there is one
    build: int | None = None  # Windows: the build number of the release
    codename: str | None = None


@dataclass(frozen=True)
class Table:
    date: dt.date  # the day of the data
    source: str  # "endoflife.date"
    url: str
    licence: str
    origin: str  # "program", "loaded", "core model"
    products: dict[str, str] = field(default_factory=dict)  # key -> label
    cycles: dict[tuple[str, str], Cycle] = field(default_factory=dict)

    def of_product(self, product: str) -> list[Cycle]:
        return [c for (p, _c), c in self.cycles.items() if p == product]

    def get(self, product: str, cycle: str) -> Cycle | None:
        return self.cycles.get((product, cycle))


def _day(value: Any, what: str, bad) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        bad(_("{what}: not a date (YYYY-MM-DD)").format(what=what))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        bad(_("{what}: not a date (YYYY-MM-DD)").format(what=what))


def _cycle(product: str, entry: Any, bad) -> Cycle:
    if not isinstance(entry, dict) or not isinstance(entry.get("cycle"), str) \
            or not entry["cycle"].strip():
        bad(_("product {product}: a cycle has no name").format(product=product))
    where = f"{product} {entry['cycle']}"
    label = entry.get("label", entry["cycle"])
    build = entry.get("build")
    if not isinstance(label, str) or (build is not None and not isinstance(build, int)):
        bad(_("{what}: bad label or build").format(what=where))
    codename = entry.get("codename")
    return Cycle(product, entry["cycle"], label, _day(entry.get("end"), where, bad),
                 _day(entry.get("extended"), where, bad), build,
                 codename if isinstance(codename, str) else None)


def parse_table(data: Any, where: str, origin: str = "loaded") -> Table:
    """A table from its decoded JSON; ImportFileError (one line naming ``where``) if it is not one."""
    def bad(message: str):
        raise ImportFileError(_("{file}: {problem}").format(file=where, problem=message))

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        bad(_("not an end-of-support table (format {format} expected)").format(format=FORMAT))
    source = data.get("source")
    if not isinstance(source, dict):
        bad(_("no source"))
    day = _day(source.get("date"), _("source date"), bad)
    if day is None:
        bad(_("the source has no date"))
    products = data.get("products")
    if not isinstance(products, dict) or not products:
        bad(_("no products"))
    labels: dict[str, str] = {}
    cycles: dict[tuple[str, str], Cycle] = {}
    for key, product in products.items():
        if not isinstance(product, dict) or not isinstance(product.get("cycles"), list):
            bad(_("product {product}: no list of cycles").format(product=key))
        labels[key] = str(product.get("label") or key)
        for entry in product["cycles"]:
            cycle = _cycle(key, entry, bad)
            cycles[(key, cycle.cycle)] = cycle
    return Table(day, str(source.get("name") or ""), str(source.get("url") or ""),
                 str(source.get("licence") or ""), origin, labels, cycles)


def _decode(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ImportFileError(_("{file}: not a JSON file ({problem}).").format(
            file=where, problem=str(exc).split(":")[0])) from None
    except RecursionError:
        raise ImportFileError(_("{file}: {problem}").format(
            file=where, problem=_("the JSON is nested too deeply."))) from None


@lru_cache(maxsize=1)
def program_table() -> Table:
    path = resource("end_of_support", "table.json")
    return parse_table(_decode(path.read_text(encoding="utf-8"), path.name), path.name, "program")


def read_table_file(path: Path | str) -> Table:
    path = Path(path)
    text = decode_utf8(read_limited(path, MAX_TABLE_BYTES), path)  # missing, folder…: said in words
    return parse_table(_decode(text, path.name), path.name)


def _stored(db) -> list[Table]:
    found: list[Table] = []
    if db["end_of_support_table"].exists():
        for row in db.query("SELECT content FROM end_of_support_table ORDER BY id"):
            try:
                found.append(parse_table(json.loads(row["content"]), "", "loaded"))
            except (ImportFileError, ValueError):
                continue  # checked when loaded; a damaged row is passed over
    from ..core_model import effective_texts

    for where, text in effective_texts(db, "end_of_support_table"):
        try:
            found.append(parse_table(json.loads(text), where, "core model"))
        except (ImportFileError, ValueError):
            continue
    return found


def current_table(db) -> Table:
    """The table in use: the newest data among the program's, the loaded ones and the core
    model's (on a tie, the program's)."""
    best = program_table()
    for table in _stored(db):
        if table.date > best.date:
            best = table
    return best


@dataclass(frozen=True)
class LoadResult:
    table: Table
    in_use: bool  # newer than the table in use before: it is now the one used


def load_table(db, path: Path | str) -> LoadResult:
    """Keep the table of a file in the database (checked first; nothing written if it is bad)."""
    table = read_table_file(path)
    before = current_table(db)
    content = Path(path).read_text(encoding="utf-8")
    with db.atomic():
        db["end_of_support_table"].insert({
            "data_date": table.date.isoformat(), "origin": Path(path).name,
            "content": json.dumps(json.loads(content), ensure_ascii=False, separators=(",", ":")),
            "loaded_by": os_user(), "loaded_at": clock.now().isoformat(timespec="seconds")})
    return LoadResult(table, table.date > before.date)
