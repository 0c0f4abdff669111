"""What a user declares for an expectation the database cannot show: who, on which day, a note,
and an attached document's path and SHA-256 (never its content), in ``readiness_declaration``.

Nothing is edited: a declaration is a row, a withdrawal another row (``action`` 'withdraw');
the last row of an expectation says whether it stands declared. Every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import clock
from ..errors import UserError, ValidationError
from ..i18n import N_, _
from ..validation import Text, check_texts

TEXT_COLUMNS: dict[str, dict[str, Text]] = {
    "readiness_declaration": {
        "declared_by": Text(N_("Declared by")),
        "note": Text(N_("Note"), "longtext"),
        "document_path": Text(N_("Document"), max_length=1_000),
    },
}
# TEXT columns that hold no free text: the expectation's key, choice keys, dates, a checksum.
OTHER_TEXT_COLUMNS = {
    "readiness_declaration": {"expectation_id", "action", "declared_on", "document_sha256",
                              "recorded_at"},
}


@dataclass(frozen=True)
class Declaration:
    id: int
    expectation_id: str
    declared_by: str
    declared_on: str  # ISO date
    note: str | None
    document_path: str | None
    document_sha256: str | None


def sha256_of(path: Path | str) -> str:
    """The SHA-256 of a file, read in blocks; one line naming the file when it cannot be read."""
    path = Path(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise UserError(_("{file}: cannot be read ({error}).").format(
            file=path, error=exc.strerror or exc)) from exc
    return digest.hexdigest()


def current(db) -> dict[str, Declaration]:
    """The declarations that stand (the last row of each expectation is a declaration)."""
    found: dict[str, Declaration] = {}
    for r in db.query(
            "SELECT d.* FROM readiness_declaration d WHERE d.id = (SELECT max(id) FROM "
            "readiness_declaration l WHERE l.expectation_id = d.expectation_id) "
            "AND d.action = 'declare'"):
        found[r["expectation_id"]] = Declaration(
            r["id"], r["expectation_id"], r["declared_by"], r["declared_on"], r["note"],
            r["document_path"], r["document_sha256"])
    return found


def history(db, expectation_id: str) -> list[dict]:
    """Every declaration and withdrawal of one expectation, the latest first."""
    return list(db.query("SELECT * FROM readiness_declaration WHERE expectation_id = ? "
                         "ORDER BY id DESC", [expectation_id]))


def _clean(by: str | None, note: str | None, document: str | None) -> dict:
    values = {"declared_by": (by or "").strip(), "note": (note or "").strip() or None,
              "document_path": document}
    errors: dict[str, str] = {}
    if not values["declared_by"]:
        errors[_("Declared by")] = _("required")
    check_texts(TEXT_COLUMNS["readiness_declaration"],
                {k: v for k, v in values.items() if isinstance(v, str)}, errors)
    if errors:
        raise ValidationError(errors)
    return values


def _known(expectations, expectation_id: str) -> None:
    if expectations.find(expectation_id) is None:
        raise UserError(_("Unknown expectation “{id}”.").format(id=expectation_id))


def declare(db, expectations, expectation_id: str, by: str, today: dt.date,
            note: str | None = None, document: Path | str | None = None) -> int:
    """Record that ``by`` declares the expectation met on ``today``; a document is kept by its
    path and SHA-256. Returns the new row's id."""
    _known(expectations, expectation_id)
    raw = str(document).strip() if document is not None else ""
    values = _clean(by, note, raw or None)
    path = None
    if raw:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise UserError(_("{file}: no such file.").format(file=path))
        path = path.resolve()
        values["document_path"] = _clean(by, note, str(path))["document_path"]
    values.update({"expectation_id": expectation_id, "action": "declare",
                   "declared_on": today.isoformat(), "recorded_at": clock.now().isoformat(
                       timespec="seconds"),
                   "document_sha256": sha256_of(path) if path else None})
    with db.atomic():
        return int(db["readiness_declaration"].insert(values).last_pk)


def withdraw(db, expectations, expectation_id: str, by: str, today: dt.date,
             note: str | None = None) -> int:
    """Withdraw the standing declaration of an expectation (a new row; the old one stays)."""
    _known(expectations, expectation_id)
    values = _clean(by, note, None)
    with db.atomic():
        if expectation_id not in current(db):
            raise UserError(_("“{id}” is not declared: nothing to withdraw.").format(id=expectation_id))
        values.update({"expectation_id": expectation_id, "action": "withdraw",
                       "declared_on": today.isoformat(), "document_sha256": None,
                       "recorded_at": clock.now().isoformat(timespec="seconds")})
        return int(db["readiness_declaration"].insert(values).last_pk)
