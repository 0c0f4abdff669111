"""Contracts and licences (the registry kind « contracts »): notice deadlines, Home's alerts,
the suppliers' hotlines of the continuity plan, and the yearly budget.

Dates are calendar dates: a notice of 3 months before 31 March falls on 31 December, before
31 May on the last day of February (:func:`add_months` keeps the day, or the month's last day
when the month is shorter).

**Notice deadline** (:func:`notice_deadline`): the end date less the notice period. With a
tacit renewal, the end date used is the next one: the stored end date moved forward by whole
renewal lengths (each counted from the stored end date, so that 31 January + 1 month, + 2
months gives 28 February, then 31 March) until it is after today.

**Budget** (:func:`budget`): for a year, each contract whose period meets the year costs its
yearly cost times the share of the year's days it covers (both ends included): a contract from
1 April to 31 December of a 365-day year costs 275/365 of its yearly cost. Without a start
date a contract runs from before the year; without an end date, or with a tacit renewal, after
it. A contract without a yearly cost is listed at 0 €.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from . import spreadsheet
from .alerts import Alert
from .i18n import _, format_date, get_language, ngettext
from .output_file import part_file
from .registry_kinds import CONTRACT_KINDS

NOTICE_MEDIUM_DAYS = 90  # Home warns this many days before a notice deadline
NOTICE_HIGH_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (negative: back); the day of the month is
    kept, or becomes the month's last day when that month is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def current_end(contract: dict, today: dt.date) -> dt.date | None:
    """The end date that matters today: the stored one, or with a tacit renewal the first
    stored end + k × renewal length (k ≥ 0) that is after today."""
    end = _date(contract.get("end_date"))
    renewal = contract.get("renewal_months") or 0
    if end is None or not contract.get("tacit_renewal") or renewal <= 0 or end > today:
        return end
    # the number of renewals to pass today, without a loop per period (a contract of 1900)
    months = (today.year - end.year) * 12 + today.month - end.month
    k = max(1, months // renewal)
    while add_months(end, k * renewal) > today and k > 1:
        k -= 1
    while add_months(end, k * renewal) <= today:
        k += 1
    return add_months(end, k * renewal)


def deadline_before(end: dt.date, period: int | None, unit: str) -> dt.date:
    """The last day to give notice for a contract ending on ``end``."""
    period = period or 0
    if unit == "days":
        return end - dt.timedelta(days=period)
    return add_months(end, -period)


def notice_deadline(contract: dict, today: dt.date) -> dt.date | None:
    """The notice deadline of the contract's current period (see the module's note); None
    without an end date."""
    end = current_end(contract, today)
    if end is None:
        return None
    return deadline_before(end, contract.get("notice_period"), contract.get("notice_unit") or "months")


# --- Home's alerts -------------------------------------------------------------------------

def _contracts(db) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM contract ORDER BY name COLLATE FRENCH")]


def _alert(contract: dict, today: dt.date) -> Alert | None:
    end = current_end(contract, today)
    if end is None or end < today:
        return None  # no end date, or a fixed term already over
    deadline = notice_deadline(contract, today)
    assert deadline is not None
    days = (deadline - today).days
    name, tacit = contract["name"], bool(contract.get("tacit_renewal"))
    if days < 0:
        if tacit:
            message = _("Contract {name}: the notice deadline passed on {deadline}; it renews "
                        "tacitly on {end}.")
        else:
            message = _("Contract {name}: the notice deadline passed on {deadline}; it ends on "
                        "{end}.")
        severity = "low"
    elif days <= NOTICE_MEDIUM_DAYS:
        if tacit:
            message = ngettext(
                "Contract {name}: notice deadline on {deadline}, in {days} day; without notice "
                "it renews tacitly on {end}.",
                "Contract {name}: notice deadline on {deadline}, in {days} days; without notice "
                "it renews tacitly on {end}.", days)
        else:
            message = ngettext(
                "Contract {name}: notice deadline on {deadline}, in {days} day; it ends on {end}.",
                "Contract {name}: notice deadline on {deadline}, in {days} days; it ends on {end}.",
                days)
        severity = "high" if days <= NOTICE_HIGH_DAYS else "medium"
    else:
        return None
    return Alert(severity, "registry", message.format(
        name=name, deadline=format_date(deadline), end=format_date(end), days=days),
        "contracts", contract["id"])


def contract_alerts(db, today: dt.date) -> list[Alert]:
    """Home's alerts on notice deadlines (not end dates): high within 30 days, medium within
    90; passed: a word that the contract renews tacitly, or ends on its date."""
    return [a for a in (_alert(c, today) for c in _contracts(db)) if a is not None]


# --- the suppliers' hotlines (printed continuity plan) -----------------------------------------

def supplier_hotlines(db) -> list[dict]:
    """The suppliers of the critical applications (criticality high or vital), one line per
    contract covering one: supplier, hotline (or phone), hours, contract reference, service
    level, the applications (by name). In French order of the supplier."""
    found: dict[int, dict] = {}
    for r in db.query(
        """
        SELECT c.id, c.name AS contract, c.reference, c.service_level,
               coalesce(ct.organisation, ct.name) AS supplier, ct.name AS contact,
               ct.hotline, ct.phone, ct.support_hours, a.name AS application
        FROM contract c
        JOIN contact ct ON ct.id = c.supplier_id
        JOIN contract_application ca ON ca.contract_id = c.id
        JOIN application a ON a.id = ca.application_id
        WHERE a.criticality IN ('high', 'vital')
        ORDER BY supplier COLLATE FRENCH, c.name COLLATE FRENCH, a.name COLLATE FRENCH
        """
    ):
        line = found.get(r["id"])
        if line is None:
            line = found[r["id"]] = {**dict(r), "applications": []}
            del line["application"]
        line["applications"].append(r["application"])
    return list(found.values())


# --- the yearly budget -----------------------------------------------------------------------

@dataclass
class BudgetLine:
    contract: str
    supplier: str
    kind: str  # CONTRACT_KINDS key
    covers: list[str]
    yearly_cost: float
    amount: float  # for the year, prorated
    first_day: dt.date  # the part of the year the contract covers
    last_day: dt.date

    @property
    def prorated(self) -> bool:
        return (self.first_day.month, self.first_day.day, self.last_day.month,
                self.last_day.day) != (1, 1, 12, 31)


@dataclass
class Budget:
    year: int
    lines: list[BudgetLine] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(line.amount for line in self.lines), 2)

    def totals_by_kind(self) -> list[tuple[str, float]]:
        """(kind key, total) for each type that has a line, in the order of the types."""
        sums: dict[str, float] = {}
        for line in self.lines:
            sums[line.kind] = sums.get(line.kind, 0.0) + line.amount
        return [(key, round(sums[key], 2)) for key in CONTRACT_KINDS if key in sums]


def _covers(db) -> dict[int, list[str]]:
    covers: dict[int, list[str]] = {}
    for r in db.query(
        "SELECT ca.contract_id AS id, a.name FROM contract_application ca "
        "JOIN application a ON a.id = ca.application_id "
        "UNION ALL SELECT cs.contract_id, s.name FROM contract_server cs "
        "JOIN server s ON s.id = cs.server_id "
        "UNION ALL SELECT ce.contract_id, e.name FROM contract_equipment ce "
        "JOIN equipment e ON e.id = ce.equipment_id"
    ):
        covers.setdefault(r["id"], []).append(r["name"])
    return covers


def period_in_year(contract: dict, year: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of ``year`` the contract covers, or None (see the module's note)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = _date(contract.get("start_date"))
    end = None if contract.get("tacit_renewal") else _date(contract.get("end_date"))
    if start is not None:
        first = max(first, start)
    if end is not None:
        last = min(last, end)
    return (first, last) if first <= last else None


def budget(db, year: int) -> Budget:
    """The contracts' cost for ``year``, prorated by day (see the module's note)."""
    covers = _covers(db)
    suppliers = {r["id"]: r["name"] for r in db.query(
        "SELECT id, coalesce(organisation, name) AS name FROM contact")}
    days_in_year = 366 if calendar.isleap(year) else 365
    result = Budget(year)
    for c in _contracts(db):
        period = period_in_year(c, year)
        if period is None:
            continue
        cost = float(c.get("yearly_cost_eur") or 0)
        share = ((period[1] - period[0]).days + 1) / days_in_year
        result.lines.append(BudgetLine(
            contract=c["name"], supplier=suppliers.get(c.get("supplier_id"), ""), kind=c["kind"],
            covers=sorted(covers.get(c["id"], [])), yearly_cost=cost,
            amount=round(cost * share, 2), first_day=period[0], last_day=period[1]))
    return result


def kind_label(key: str) -> str:
    return _(CONTRACT_KINDS.get(key, key))


def money(value: float) -> str:
    """A sum for a CSV cell: two decimals, a decimal comma in French (as ``export csv``)."""
    text = f"{value:.2f}"
    return text.replace(".", ",") if get_language() == "fr" else text


def period_text(line: BudgetLine) -> str:
    if not line.prorated:
        return _("whole year")
    return _("{first} to {last}").format(first=format_date(line.first_day),
                                         last=format_date(line.last_day))


def budget_rows(result: Budget) -> tuple[list[str], list[list[str]]]:
    """The budget as a spreadsheet: one row per contract, then a total per type and in all."""
    header = [_("Contract"), _("Supplier"), _("Type"), _("Covers"), _("Yearly cost (€)"),
              _("Period in the year"), _("Amount for {year} (€)").format(year=result.year)]
    rows = [[line.contract, line.supplier, kind_label(line.kind), ", ".join(line.covers),
             money(line.yearly_cost), period_text(line), money(line.amount)]
            for line in result.lines]
    for key, total in result.totals_by_kind():
        rows.append([_("Total: {kind}").format(kind=kind_label(key)), "", "", "", "", "",
                     money(total)])
    rows.append([_("Total"), "", "", "", "", "", money(result.total)])
    return header, rows


def export_budget_csv(db, year: int, path: Path | str) -> int:
    """Write the budget of ``year`` as the registry's CSV files are (``;``, UTF-8 with BOM,
    decimal comma); returns the number of contracts."""
    result = budget(db, year)
    header, rows = budget_rows(result)
    buffer = io.StringIO(newline="")
    writer = spreadsheet.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    with part_file(path) as part:
        Path(part).write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return len(result.lines)
