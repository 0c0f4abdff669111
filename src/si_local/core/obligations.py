"""The calendar of obligations: the year's due dates, computed from what the database holds, each
naming the record it comes from (``si-local print calendar``, ``export calendar``, Fichier ›
Calendrier des échéances…).

Every date comes from its area's own function (no date rule is written twice):

* plan review: the continuity plan's « next review » (``continuity.get_plan``);
* annual crisis exercise: ``continuity.next_exercise_due`` (12 months after the last one);
* restore tests: ``alerts.next_restore_test_due`` (6 months after each backup's last test);
* warranty ends: the servers' and equipment's « warranty_end »;
* contract notice deadlines: ``contracts.notice_deadline`` for each period meeting the year;
* end of support: ``end_of_support.machines`` (the end of each machine's system cycle);
* certificate expiries: the certificates not replaced by a newer one;
* training go-live: the training plan's go-live date (``training.plan``);
* self-diagnostic campaigns: a campaign still in progress whose date is after today (planned).

An obligation still **pending** (something to do that nobody did: a review, an exercise, a
restore test, a certificate to renew, a system out of support) whose date is before the year
appears on the year's 1 January, marked overdue, when the year is the current one or later:
it does not vanish from the calendar because its day has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import alerts, certificates, clock, contracts
from .continuity import get_plan, last_exercise, next_exercise_due
from .diagnostic.campaigns import campaigns
from .end_of_support import machines
from .i18n import N_, _
from .training import plan as training_plan

SOON_DAYS = 30  # an obligation due within this many days is "medium", later "low"

# category key: (short tag printed on the planner, label)
CATEGORIES: dict[str, tuple[str, str]] = {
    "review": (N_("PLAN"), N_("Continuity plan review")),
    "exercise": (N_("EXER"), N_("Annual crisis exercise")),
    "restore_test": (N_("REST"), N_("Restore test")),
    "warranty": (N_("WARR"), N_("Warranty end")),
    "notice": (N_("NOTI"), N_("Contract notice deadline")),
    "end_of_support": (N_("EOS"), N_("End of support")),
    "certificate": (N_("CERT"), N_("Certificate expiry")),
    "go_live": (N_("TRAI"), N_("Training go-live")),
    "diagnostic": (N_("DIAG"), N_("Self-diagnostic campaign")),
}
PENDING = {"review", "exercise", "restore_test", "certificate", "end_of_support"}


@dataclass(frozen=True)
class Source:
    area: str  # "continuity", "registry", "contracts", "training", "diagnostic"
    kind: str  # the record's kind (registry kind key or table)
    record_id: int | None
    name: str


@dataclass(frozen=True)
class Obligation:
    due: dt.date  # the day it falls due
    day: dt.date  # the day it is shown on: ``due``, or 1 January for an obligation carried over
    title: str  # already translated
    category: str  # a key of CATEGORIES
    source: Source
    overdue: bool = False
    severity: str = "low"  # "high" (overdue), "medium" (within SOON_DAYS days), "low"
    occurrence: int = 0  # the rank of this obligation among its record's in the year (contracts)

    @property
    def carried(self) -> bool:
        return self.day != self.due

    @property
    def tag(self) -> str:
        return category_tag(self.category)

    @property
    def uid_key(self) -> str:
        """What names this obligation among the year's, stable from one export to the next."""
        suffix = f"-{self.occurrence}" if self.occurrence else ""
        return (f"obligation-{self.category}-{self.source.kind}-{self.source.record_id or 0}"
                f"-{self.day.year}{suffix}")


def category_tag(key: str) -> str:
    return _(CATEGORIES[key][0])


def category_label(key: str) -> str:
    return _(CATEGORIES[key][1])


def source_text(source: Source) -> str:
    """« Sauvegarde : Veeam quotidien » — the record an obligation comes from."""
    return _("{kind}: {name}").format(kind=_(KIND_LABELS.get(source.kind, source.kind)),
                                      name=source.name)


KIND_LABELS = {
    "continuity_plan": N_("Continuity plan"),
    "continuity_exercise": N_("Crisis exercise"),
    "backups": N_("Backup"),
    "servers": N_("Server"),
    "vms": N_("Virtual machine"),
    "equipment": N_("Piece of equipment"),
    "contracts": N_("Contract"),
    "certificates": N_("Certificate"),
    "training_plan": N_("Training plan"),
    "diagnostic_campaign": N_("Self-diagnostic campaign"),
}


def _day(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --- the sources: each yields (due, category, title, source) ----------------------------------

def _plan_review(db, year: int, today: dt.date):
    plan = get_plan(db)
    due = _day(plan.get("next_review"))
    if due is not None:
        name = plan.get("title") or _("Continuity plan")
        yield due, "review", _("Continuity plan review"), Source("continuity", "continuity_plan", 1, name)


def _exercise(db, year: int, today: dt.date):
    due = next_exercise_due(db)
    if due is None:
        return
    held = last_exercise(db)
    row = db.execute("SELECT id FROM continuity_exercise WHERE held_on = ? ORDER BY id DESC LIMIT 1",
                     [held]).fetchone()
    name = _("Exercise of {date}").format(date=_format(held))
    yield due, "exercise", _("Annual crisis exercise"), Source(
        "continuity", "continuity_exercise", row[0] if row else None, name)


def _restore_tests(db, year: int, today: dt.date):
    for b in alerts.last_restore_tests(db):
        # never tested: due already (shown on 1 January, overdue)
        if b["last"]:
            due, title = alerts.next_restore_test_due(b["last"]), _("Restore test {name}")
        else:
            due, title = dt.date.min, _("Restore test {name} (never done)")
        yield due, "restore_test", title.format(name=b["name"]), Source(
            "registry", "backups", b["id"], b["name"])


def _warranties(db, year: int, today: dt.date):
    for table, kind in (("server", "servers"), ("equipment", "equipment")):
        for row in db.query(f"SELECT id, name, warranty_end FROM {table} "
                            "WHERE warranty_end >= ? AND warranty_end <= ? ORDER BY warranty_end",
                            [f"{year:04d}-01-01", f"{year:04d}-12-31"]):
            due = _day(row["warranty_end"])
            if due is not None:
                yield due, "warranty", _("Warranty end {name}").format(name=row["name"]), Source(
                    "registry", kind, row["id"], row["name"])


def _contract_deadlines(contract: dict, year: int) -> list[dt.date]:
    """The notice deadlines falling in ``year``, one per contract period: the period ending
    after each reference day, from the day before 1 January on (``contracts`` computes each)."""
    found: list[dt.date] = []
    ref = dt.date(year, 1, 1) - dt.timedelta(days=1)
    last = dt.date(year, 12, 31)
    for _step in range(400):  # a monthly contract: 13 periods at most; a guard, not a rule
        end = contracts.current_end(contract, ref)
        deadline = contracts.notice_deadline(contract, ref)
        if end is None or deadline is None or end <= ref or deadline > last:
            break
        if deadline.year == year:
            found.append(deadline)
        ref = end
    return found


def _notices(db, year: int, today: dt.date):
    for contract in db.query("SELECT * FROM contract ORDER BY name COLLATE FRENCH"):
        for due in _contract_deadlines(dict(contract), year):
            yield due, "notice", _("Contract notice {name}").format(name=contract["name"]), Source(
                "contracts", "contracts", contract["id"], contract["name"])


def _end_of_support(db, year: int, today: dt.date):
    for m in machines(db, today):
        if m.cycle is not None and m.cycle.end is not None and not m.quiet(today):
            yield m.cycle.end, "end_of_support", _("End of support {name}").format(name=m.name), \
                Source("registry", m.kind, m.id, m.name)


def _certificates(db, year: int, today: dt.date):
    for rid, name, not_after in db.execute(
            "SELECT id, common_name, not_after FROM certificate WHERE replaced_by_id IS NULL "
            "AND not_after IS NOT NULL ORDER BY not_after, id"):
        due = _day(not_after)
        if due is not None:
            yield due, "certificate", _("Certificate expiry {name}").format(name=name), Source(
                "registry", "certificates", rid, name)


def _go_live(db, year: int, today: dt.date):
    settings = training_plan(db)
    due = _day(settings["go_live_date"])
    if due is not None:
        yield due, "go_live", _("Training go-live"), Source(
            "training", "training_plan", 1, _("Training plan"))


def _diagnostic(db, year: int, today: dt.date):
    for c in campaigns(db):
        due = _day(c["campaign_date"])
        if c["status"] != "closed" and due is not None and due > today:
            yield due, "diagnostic", _("Self-diagnostic {title}").format(title=c["title"]), Source(
                "diagnostic", "diagnostic_campaign", c["id"], c["title"])


SOURCES = (_plan_review, _exercise, _restore_tests, _warranties, _notices, _end_of_support,
           _certificates, _go_live, _diagnostic)


def _format(value) -> str:
    from .i18n import format_date

    return format_date(value) if value else "—"


def _severity(due: dt.date, today: dt.date) -> str:
    if due < today:
        return "high"
    return "medium" if (due - today).days <= SOON_DAYS else "low"


def obligations(db, year: int, today: dt.date | None = None) -> list[Obligation]:
    """The obligations of ``year``, by day shown then title (see the module's note)."""
    today = today or clock.today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    carry = year >= today.year
    found: list[Obligation] = []
    seen: dict[tuple, int] = {}
    for source_fn in SOURCES:
        for due, category, title, source in source_fn(db, year, today):
            if first <= due <= last:
                day = due
            elif due < first and carry and due < today and category in PENDING:
                day = first
            else:
                continue
            key = (category, source.kind, source.record_id)
            seen[key] = seen.get(key, -1) + 1
            found.append(Obligation(due, day, title, category, source, overdue=due < today,
                                    severity=_severity(due, today), occurrence=seen[key]))
    found.sort(key=lambda o: (o.day, o.due, o.title.casefold()))
    return found


def by_month(items: list[Obligation]) -> dict[int, list[Obligation]]:
    """{month 1-12: its obligations, in order}."""
    months: dict[int, list[Obligation]] = {m: [] for m in range(1, 13)}
    for item in items:
        months[item.day.month].append(item)
    return months


# --- iCalendar ---------------------------------------------------------------------------------

def _event_description(item: Obligation) -> str:
    lines = [source_text(item.source)]
    if item.carried and item.due.year > 1:
        lines.append(_("Overdue since {date}.").format(date=_format(item.due)))
    elif item.overdue:
        lines.append(_("Overdue."))
    return "\n".join(lines)


def ics_calendar(db, year: int, today: dt.date | None = None, now: dt.datetime | None = None):
    """The year's obligations as an ``icalendar.Calendar``: one all-day VEVENT each, its UID
    made of the category, the source record and the year (the same from one export to the
    next: a calendar application updates the event instead of adding it again)."""
    import icalendar

    from .training.ics import uid_domain  # the database's identity, as the training calendar

    domain = uid_domain(db)
    stamp = (now or clock.utcnow()).astimezone(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//SI Local//Obligations//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Calendar of obligations {year}").format(year=year))
    for item in obligations(db, year, today):
        event = icalendar.Event()
        event.add("uid", f"{item.uid_key}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))  # all day: the day after (RFC 5545)
        event.add("summary", item.title)
        event.add("description", _event_description(item))
        event.add("categories", [category_label(item.category)])
        calendar.add_component(event)
    return calendar


def export_ics(db, year: int, path, today: dt.date | None = None) -> int:
    """Write the year's obligations to ``path`` (.ics, through ``path.part``); returns how many
    events were written."""
    from .interop.common import write_atomic

    calendar = ics_calendar(db, year, today)
    write_atomic(path, calendar.to_ical())
    return sum(1 for c in calendar.subcomponents if c.name == "VEVENT")
