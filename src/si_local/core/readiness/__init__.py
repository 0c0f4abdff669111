"""Readiness (« Conformité »): what the authorities expect (CaRE domain 2, the annual cyber
crisis exercise, certification), kept as data with its sources in
``resources/readiness/expectations.json`` (or a newer copy from a group core-model pack), and
where the facility stands: met (from the database), declared (by a user, with a document), or
missing (with what to do). One module per concept, every public name re-exported here."""

from __future__ import annotations

from .checks import CHECKS, RECORDS, Evidence, Finding
from .declarations import (OTHER_TEXT_COLUMNS, TEXT_COLUMNS, Declaration, current, declare,
                           history, sha256_of, withdraw)
from .expectations import (FORMAT, PACK_KIND, Expectation, Expectations, Programme, Source, load,
                           parse_document, read_file, shipped)
from .status import (DECLARED, MET, MISSING, STATE_LABELS, Status, alerts, declaration_line,
                     evaluate, version_line)

__all__ = [
    "CHECKS", "RECORDS", "Evidence", "Finding", "OTHER_TEXT_COLUMNS", "TEXT_COLUMNS", "Declaration",
    "current", "declare", "history", "sha256_of", "withdraw", "FORMAT", "PACK_KIND",
    "Expectation", "Expectations", "Programme", "Source", "load", "parse_document", "read_file",
    "shipped", "DECLARED", "MET", "MISSING", "STATE_LABELS", "Status", "alerts",
    "declaration_line", "evaluate", "version_line",
]
