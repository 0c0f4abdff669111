"""Whether a naming rule's regular expression could take hours to check a name (catastrophic
backtracking): a pack's rules are refused when the pack is read, and skipped in a database."""

from __future__ import annotations

import re


def pattern_risk(pattern: str) -> bool:
    """The naming rule's regular expression can take exponential time (catastrophic
    backtracking): a repetition holding another repetition or an alternative (``(a+)+b``,
    ``(a|aa)*``), or a back-reference. Python's ``re`` has no time limit, so such a pattern from
    a pack is refused when the pack is read, and skipped if one is found in a database."""
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - an older layout: refuse what looks nested
        return bool(re.search(r"\)[*+?{]", pattern)) or bool(re.search(r"\\\d", pattern))
    try:
        tree = parser.parse(pattern)
    except re.error:
        return False  # reported as an invalid pattern
    repeats = {parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None)}

    def walk(items, inside_repeat: bool) -> bool:
        for op, arg in items:
            if op in (parser.GROUPREF, parser.GROUPREF_EXISTS):
                return True
            if op in repeats:
                low, high, sub = arg
                repeated = high is parser.MAXREPEAT or high > 1
                if inside_repeat:  # even an optional part (``(a?)+``) inside a repetition
                    return True
                if walk(sub, inside_repeat or repeated):
                    return True
            elif op is parser.BRANCH:
                if inside_repeat:
                    return True
                if any(walk(branch, inside_repeat) for branch in arg[1]):
                    return True
            elif op is parser.SUBPATTERN:
                if walk(arg[-1], inside_repeat):
                    return True
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                if walk(arg[1], inside_repeat):
                    return True
        return False

    return walk(tree, False)
