"""The one clock: every "today" and "now" of SI Local is read here.

Time is an input. Code never calls ``date.today()`` or ``datetime.now()`` itself (a test fails
when one comes back); it calls :func:`today` / :func:`now`, or takes a ``today`` argument that its
caller read here. The application context carries the clock (``AppContext.clock``); tests set it
with :func:`set_clock` (``FixedClock``), and ``SI_LOCAL_TODAY=YYYY-MM-DD`` fixes the date of a
whole process (the command line run by a test, a demo shown on a given day).
"""

from __future__ import annotations

import datetime as dt
import os

ENV_TODAY = "SI_LOCAL_TODAY"


class Clock:
    """The machine's clock (local time), unless ``SI_LOCAL_TODAY`` fixes the date."""

    def now(self) -> dt.datetime:
        fixed = _env_date()
        real = dt.datetime.now()  # the one place that reads the wall clock
        if fixed is None:
            return real
        return dt.datetime.combine(fixed, real.time())

    def today(self) -> dt.date:
        return self.now().date()


class FixedClock(Clock):
    """A clock that always says the same day (tests, demos); ``now`` moves with ``advance``."""

    def __init__(self, moment: dt.date | dt.datetime):
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(9, 0))
        self.moment = moment

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta) -> None:
        self.moment += dt.timedelta(**delta)


def _env_date() -> dt.date | None:
    value = os.environ.get(ENV_TODAY, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


_current: Clock = Clock()


def current() -> Clock:
    return _current


def set_clock(clock: Clock | None) -> Clock:
    """Make ``clock`` the process's clock (None: the machine's); returns the previous one."""
    global _current
    previous = _current
    _current = clock or Clock()
    return previous


def today() -> dt.date:
    return _current.today()


def now() -> dt.datetime:
    return _current.now()


def utcnow() -> dt.datetime:
    """``now()`` as an aware UTC date-time (bundle and pack stamps, calendar files)."""
    return _current.now().astimezone(dt.UTC)
