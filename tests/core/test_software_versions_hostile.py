"""Versions and queries of any size: a number of thousands of digits in a query (or an epoch) was
« Exceeds the limit (4300 digits) for integer string conversion », the command line's « erreur
inattendue » (exit 70). It is a (very large) number like any other now."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from si_local.core.errors import UserError
from si_local.core.software_versions import compare_versions, parse_query, version_key

HUGE = "9" * 5000


def test_a_huge_number_is_a_version_like_any_other():
    assert compare_versions("1." + HUGE, "1.2") == 1
    assert compare_versions(HUGE + ":1.0", "2:1.0") == 1  # an epoch
    assert parse_query("openssl < 1" + HUGE).matches("3.0.7")


def test_a_huge_query_searches_the_demo(demo_db):
    from si_local.core import software_search as ss

    assert ss.search(demo_db, "firefox < " + HUGE)  # every Firefox is older than that


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=60) | st.from_regex(r"[a-z]{1,8} ?(<|>=|=)? ?[0-9.]{1,6000}", fullmatch=True))
def test_any_query_is_a_query_or_one_line(text):
    try:
        query = parse_query(text)
    except UserError as exc:
        assert "\n" not in str(exc)
        return
    for _op, bound in query.bounds:
        version_key(bound)
    query.matches("3.0.7")
