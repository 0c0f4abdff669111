"""Where the facility stands against each expectation: :func:`evaluate` gives one
:class:`Status` per expectation, in the file's order (the window, ``si-local readiness`` and the
printed evidence read the same list), and :func:`alerts` is the area's Home provider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..alerts import Alert
from ..errors import UserError
from ..i18n import N_, _, format_date, ngettext
from .. import clock
from .checks import CHECKS, RECORDS, Evidence, Finding
from .declarations import Declaration, current
from .expectations import ORIGIN_GROUP, Expectation, Expectations, Programme, load

MET = "met"
DECLARED = "declared"
MISSING = "missing"
STATE_LABELS = {MET: N_("Met"), DECLARED: N_("Declared"), MISSING: N_("Missing")}
HOME_ALERTS_MAX = 5  # more missing expectations than this: one summary alert on Home


@dataclass(frozen=True)
class Status:
    """One expectation and where the facility stands.

    ``state`` is "met" (``evidence`` holds the records that prove it, each openable by its
    ``area``/``kind``/``record_id``), "declared" (``declaration``: who, when, note, document) or
    "missing" (``todo``: what to do, from the file; ``detail``: what the database lacks). A
    record found by the database wins over a declaration."""
    expectation: Expectation
    programme: Programme
    state: str
    evidence: tuple[Evidence, ...] = ()
    declaration: Declaration | None = None
    detail: str = ""

    @property
    def id(self) -> str:
        return self.expectation.id

    @property
    def todo(self) -> str:
        return self.expectation.todo

    @property
    def state_label(self) -> str:
        return _(STATE_LABELS[self.state])


def _finding(db, today: dt.date, expectation: Expectation) -> Finding:
    if expectation.how == "check":
        return CHECKS[expectation.name](db, today, expectation.params)
    if expectation.how == "record":
        return RECORDS[expectation.name](db, today, expectation.params)
    return Finding()


def evaluate(db, today: dt.date | None = None,
             expectations: Expectations | None = None) -> list[Status]:
    """Every expectation of the file in force (or ``expectations``) with its status."""
    today = today or clock.today()
    expectations = expectations or load(db)
    declared = current(db)
    found: list[Status] = []
    for e in expectations.expectations:
        finding = _finding(db, today, e)
        programme = expectations.programme(e.programme)
        if finding.met:
            found.append(Status(e, programme, MET, finding.evidence))
        elif e.id in declared:
            found.append(Status(e, programme, DECLARED, declaration=declared[e.id]))
        else:
            found.append(Status(e, programme, MISSING, detail=finding.detail))
    return found


def version_line(expectations: Expectations) -> str:
    """Which list is in force, as the window and the command line say it."""
    if expectations.origin == ORIGIN_GROUP:
        return _("List of {date}, from the group's core model").format(
            date=format_date(expectations.date))
    return _("List of {date}, shipped with SI Local").format(date=format_date(expectations.date))


def declaration_line(d: Declaration) -> str:
    text = _("Declared by {who} on {date}").format(who=d.declared_by, date=format_date(d.declared_on))
    if d.note:
        text += " — " + d.note
    if d.document_path:
        text += " — " + _("document: {path}").format(path=d.document_path)
    return text


def alerts(db, today: dt.date) -> list[Alert]:
    """Home: each expectation without proof (medium), or one line when there are many."""
    try:
        statuses = evaluate(db, today)
    except UserError as exc:
        return [Alert("medium", "readiness", _("Readiness: {problem}").format(problem=exc))]
    missing = [s for s in statuses if s.state == MISSING]
    if len(missing) > HOME_ALERTS_MAX:
        return [Alert("medium", "readiness", ngettext(
            "Readiness: {count} expectation of the authorities has no proof yet.",
            "Readiness: {count} expectations of the authorities have no proof yet.",
            len(missing)).format(count=len(missing)), "readiness_expectation")]
    return [Alert("medium", "readiness", _("Readiness: no proof yet for “{wording}”.").format(
        wording=s.expectation.wording), "readiness_expectation") for s in missing]
