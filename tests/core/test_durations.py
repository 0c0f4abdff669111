"""Durations are written one way, on screen and on paper (core/i18n.py): « 1,5 h », « 2 h »,
« 30 min », « 2 h 05 min », a no-break space before the unit in French."""

from __future__ import annotations

from si_local.core import registry as reg
from si_local.core.i18n import format_duration, format_hours, format_minutes


def test_hours_and_minutes_in_french():
    assert [format_hours(v) for v in (1.5, 2, 24, 0.25)] == ["1,5\xa0h", "2\xa0h", "24\xa0h",
                                                            "0,25\xa0h"]
    assert [format_minutes(v) for v in (30, 2.5, 1440)] == ["30\xa0min", "2,5\xa0min",
                                                          "1\u202f440\xa0min"]
    assert [format_duration(v) for v in (90, 120, 125, 150)] == [
        "90\xa0min", "2\xa0h", "2\xa0h\xa005\xa0min", "2\xa0h\xa030\xa0min"]
    # no value: an empty cell on screen (a printed table writes « — » itself)
    assert format_hours(None) == format_minutes(None) == format_duration(None) == ""


def test_hours_and_minutes_in_english(english):
    assert format_hours(1.5) == "1.5 h" and format_minutes(1440) == "1,440 min"
    assert format_duration(125) == "2 h 05 min"


def test_the_registry_shows_hours_and_minutes_the_same_way():
    """The registry's lists (applications' DMIA / PDMA, backups' frequency, restore tests)."""
    assert reg.display_value(reg.APPLICATIONS.field("dmia_hours"), 1.5) == format_hours(1.5)
    assert reg.display_value(reg.BACKUPS.field("frequency_hours"), 24) == "24\xa0h"
    minutes = next(f for k in reg.KINDS.values() for f in k.fields if f.unit == "min")
    assert reg.display_value(minutes, 45) == "45\xa0min"
