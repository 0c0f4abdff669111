"""Time is an input: every "today" is read from core/clock.py, never from the wall clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from support import run_cli

from si_local.core import clock
from si_local.core.context import open_context

SRC = Path(__file__).resolve().parents[2] / "src" / "si_local"
WALL_CLOCK = re.compile(r"\b(date\.today|datetime\.now|datetime\.today|datetime\.utcnow)\b")


def test_no_wall_clock_outside_the_clock():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "core" / "clock.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WALL_CLOCK.search(line.split("#", 1)[0]):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "read the time through si_local.core.clock:\n" + "\n".join(offenders)


def test_the_guard_sees_a_wall_clock_call(tmp_path):
    assert WALL_CLOCK.search("today = dt.date.today()")
    assert WALL_CLOCK.search("stamp = datetime.now(dt.UTC)")
    assert not WALL_CLOCK.search("today = clock.today()")


def test_fixed_clock_is_what_core_and_context_read(tmp_path):
    previous = clock.set_clock(clock.FixedClock(dt.date(2031, 2, 28)))
    try:
        assert clock.today() == dt.date(2031, 2, 28)
        ctx = open_context(tmp_path / "x.sqlite")
        ctx.close()
        assert ctx.clock is clock.current() and ctx.today() == dt.date(2031, 2, 28)
        clock.current().advance(days=1)
        assert clock.today() == dt.date(2031, 3, 1)
        assert clock.utcnow().tzinfo is not None
    finally:
        clock.set_clock(previous)
    assert clock.today() == clock.Clock().today()


def test_environment_fixes_the_day_of_a_process(monkeypatch, tmp_path):
    monkeypatch.setenv(clock.ENV_TODAY, "2030-06-15")
    assert clock.Clock().today() == dt.date(2030, 6, 15)
    monkeypatch.setenv(clock.ENV_TODAY, "not a date")
    assert clock.Clock().today() == clock.Clock().now().date()
    target = tmp_path / "demo.sqlite"
    result = run_cli("demo", str(target), env={clock.ENV_TODAY: "2030-06-15"})
    assert result.returncode == 0, result.stderr
    from si_local.core.db import open_database

    db = open_database(target)
    try:
        dates = [r[0] for r in db.execute("SELECT last_success FROM backup "
                                           "WHERE last_success IS NOT NULL")]
    finally:
        db.close()
    assert dates and all(d[:4] in ("2030",) for d in dates), dates
