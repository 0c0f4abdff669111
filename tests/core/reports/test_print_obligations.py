"""The calendar of obligations on paper (one A4 landscape page, read back with pypdf) and as an
iCalendar file (read back with icalendar), both from the command line."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
from pypdf import PdfReader

from si_local.core import obligations as ob
from si_local.core import registry as reg
from si_local.core.reports.obligations import print_calendar
from support import run_cli
from conftest import TODAY

ENV = {"SI_LOCAL_TODAY": TODAY.isoformat()}
MONTHS = ("Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août", "Septembre",
          "Octobre", "Novembre", "Décembre")


def _pages(path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(str(path)).pages]


def _squeezed(text: str) -> str:
    """The text without spaces: words wrapped in a narrow column come back cut anywhere."""
    return re.sub(r"\s+", "", text)


def test_print_calendar_is_one_page_with_every_entry(demo_path, tmp_path):
    pdf = tmp_path / "calendar.pdf"
    done = run_cli("print", "calendar", "--db", str(demo_path), "--year", "2027", "-o", str(pdf),
                   env=ENV)
    assert done.returncode == 0, done.stderr
    assert "Calendrier des échéances 2027 écrit" in done.stdout
    pages = _pages(pdf)
    assert len(pages) == 1
    page = PdfReader(str(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = pages[0]
    assert "Calendrier des échéances 2027" in text
    for month in MONTHS:
        assert month in text, month
    squeezed = _squeezed(text)
    for needle in ("2—PréaviscontratSupportdupare-feuStormshield", "16—Revueduplandecontinuité",
                   "9—Exercicedecriseannuel", "28—FindegarantiePARE-FEU-01",
                   "19—Expirationcertificatrds.deux-rives.local", "FindesupportVM-GAP01",
                   "TestderestaurationSauvegardenocturnesurNAS", "(depuisle17/09/2026)"):
        assert needle in squeezed, needle
    for legend in ("PCA", "Revue du plan de continuité", "PRÉ", "Préavis de contrat", "en retard"):
        assert legend in text, legend


def _heavy(db, count: int) -> None:
    with db.atomic():
        for i in range(count):
            reg.save(db, reg.SERVERS, {"name": f"SRV-LOURD-{i:02d}", "warranty_end": "2027-03-15"})


def test_a_crowded_month_shows_the_first_ones_and_lists_the_others_on_page_two(demo_db, tmp_path):
    _heavy(demo_db, 40)
    pdf = tmp_path / "heavy.pdf"
    assert print_calendar(demo_db, pdf, 2027, TODAY) == 2
    first, second = _pages(pdf)
    match = re.search(r"\+ (\d+) autres", first)
    assert match
    assert "Suite du calendrier" in second
    listed = set(re.findall(r"SRV-LOURD-\d\d", second))
    assert len(listed) == int(match.group(1))
    shown = set(re.findall(r"SRV-LOURD-\d\d", _squeezed(first)))
    assert len(shown) + len(listed) == 40 and not shown & listed


def test_empty_database_prints_an_empty_planner(db, tmp_path):
    pdf = tmp_path / "empty.pdf"
    assert print_calendar(db, pdf, 2027, TODAY) == 1
    assert "Aucune échéance en 2027" in _pages(pdf)[0]


def _events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def test_export_calendar_to_icalendar(demo_path, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    for path in (first, second):
        done = run_cli("export", "calendar", "--db", str(demo_path), "--year", "2027", "-o",
                       str(path), env=ENV)
        assert done.returncode == 0, done.stderr
    events = _events(first)
    from si_local.core.db import open_database

    db = open_database(demo_path, read_only=True)
    try:
        expected = ob.obligations(db, 2027, TODAY)
    finally:
        db.close()
    assert len(events) == len(expected) > 10
    assert f"{len(events)} événements écrits" in done.stdout
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in _events(second)]  # stable: re-importing updates
    by_summary = {str(e["SUMMARY"]): e for e in events}
    review = by_summary["Revue du plan de continuité"]
    item = next(o for o in expected if o.category == "review")
    assert review.decoded("DTSTART") == item.day and isinstance(review.decoded("DTSTART"), dt.date)
    assert not isinstance(review.decoded("DTSTART"), dt.datetime)  # all day
    assert review.decoded("DTEND") == item.day + dt.timedelta(days=1)
    assert "Plan de continuité\u00a0: Plan de continuité et de reprise d’activité (PCRA)" \
        in str(review["DESCRIPTION"])
    assert review["CATEGORIES"].cats == ["Revue du plan de continuité"]
    notice = by_summary["Préavis contrat Support du pare-feu Stormshield"]
    assert notice.decoded("DTSTART") == dt.date(2027, 1, 2)
    assert "Contrat\u00a0: Support du pare-feu Stormshield" in str(notice["DESCRIPTION"])


def test_export_refuses_a_wrong_suffix(demo_path, tmp_path):
    done = run_cli("export", "calendar", "--db", str(demo_path), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1 and ".ics" in done.stderr
