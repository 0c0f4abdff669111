"""Babel reads the catalogues now, and each counted message is one entry: the French a user reads
is what the hand-written reader gave. tests/data/i18n_fr_frozen.json holds that reader's output
(every source string and its French, and the counted messages); each is rendered again here,
alone or counted (0, 1, 2, 5 and 1 000 000), placeholders filled."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from si_local.core.i18n import _, load_catalogue, ngettext, set_language

FROZEN = json.loads((Path(__file__).parent / "data" / "i18n_fr_frozen.json")
                    .read_text(encoding="utf-8"))
MESSAGES: dict[str, str] = FROZEN["messages"]
PLURALS: list[tuple[str, str]] = [tuple(pair) for pair in FROZEN["plurals"]]
COUNTS = (0, 1, 2, 5, 1_000_000)


@pytest.fixture(autouse=True)
def french():
    set_language("fr")
    yield
    set_language("fr")


def rendered(text: str, count: int = 7) -> str:
    """``text`` with every placeholder filled (``count`` for all of them), as the code formats
    it; a text that is not a format string is returned as it is."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        return text.format(**dict.fromkeys(names, count))
    except (ValueError, KeyError, IndexError):
        return text


def test_the_frozen_output_is_the_whole_catalogue():
    assert len(MESSAGES) > 2000 and len(PLURALS) > 100
    # nothing the old reader gave is gone, nothing new came in
    plural_forms = {many for _, many in PLURALS}
    now = set(load_catalogue("fr")) | {many for one, many in PLURALS
                                        if one in load_catalogue("fr").plurals}
    assert now == set(MESSAGES), (set(MESSAGES) - now, now - set(MESSAGES))
    assert plural_forms <= set(MESSAGES)


def test_every_message_alone_reads_as_before():
    """Each source string the code translates alone (a counted message's plural form is checked
    through ngettext below)."""
    counted_only = {many for one, many in PLURALS if many in MESSAGES} - set(load_catalogue("fr"))
    changed = {source: (_(source), french) for source, french in MESSAGES.items()
               if source not in counted_only
               and rendered(_(source)) != rendered(french)}
    assert not changed, list(changed.items())[:10]
    assert all(_(source) == french for source, french in MESSAGES.items()
               if source not in counted_only)


@pytest.mark.parametrize("count", COUNTS)
def test_every_counted_message_reads_as_before(count):
    """The old reader: the singular's own entry for 0 and 1, the plural's from 2."""
    changed = []
    for one, many in PLURALS:
        before = MESSAGES[one] if count in (0, 1) else MESSAGES[many]
        now = ngettext(one, many, count)
        if now != before or rendered(now, count) != rendered(before, count):
            changed.append((one, count, now, before))
    assert not changed, changed[:10]


def test_a_sample_reads_as_a_person_reads_it():
    def staff(n):
        return ngettext("{n} person to add", "{n} people to add", n).format(n=n)

    assert [staff(n) for n in (0, 1, 2)] == [
        "0 personne à ajouter", "1 personne à ajouter", "2 personnes à ajouter"]
    assert ngettext("{days} day", "{days} days", 3).format(days=3) == "3 jours"
    assert _("{days} days").format(days=30) == "30 jours"  # also shown alone
    assert ngettext("{count} record", "{count} records", 0).format(count=0) == "0 fiche"


def test_english_is_the_source_itself():
    set_language("en")
    for one, many in PLURALS[:20]:
        assert [ngettext(one, many, n) for n in (0, 1, 2)] == [many, one, many]
    assert _("Registry") == "Registry"
