"""« 31/02/2026 » is written as a date but no such day exists: the message says so."""

import pytest

from si_local.core import validation as v


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2027", "2026-04-31", "31.06.2026"])
def test_a_day_that_does_not_exist_is_named(text):
    with pytest.raises(ValueError) as caught:
        v.check_date(text)
    assert str(caught.value) == f"le {text} n’existe pas."


@pytest.mark.parametrize("text", ["32/01/2026", "15/13/2026", "demain", "15/01/1850"])
def test_a_text_that_is_no_date_asks_for_the_format(text):
    with pytest.raises(ValueError, match="JJ/MM/AAAA"):
        v.check_date(text)
