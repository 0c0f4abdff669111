"""What the commands print about problems: one line each, and never a million of them."""

from __future__ import annotations

import contextlib
import sys

from ..core.errors import one_line
from ..core.i18n import format_number, ngettext

# A file with a million bad lines printed a million lines: the first ones say what is wrong, the
# count says how much; the dry run in the window lists them all in a table.
MAX_SHOWN = 100


def print_problems(prefix: str, problems, limit: int = MAX_SHOWN, file=None,
                   total: int | None = None) -> None:
    """Each problem on one line after ``prefix`` (the file's name), the first ``limit`` only,
    then how many more there are (``total``: all of them, when ``problems`` holds only the first
    ones)."""
    out = file or sys.stderr
    problems = list(problems)
    for problem in problems[:limit]:
        print(one_line(f"{prefix}: {problem}"), file=out)
    rest = (len(problems) if total is None else max(total, len(problems))) - limit
    if rest > 0:
        print(one_line(prefix) + ": " + ngettext(
            "… and {count} other problem (only the first {shown} are shown).",
            "… and {count} other problems (only the first {shown} are shown).", rest).format(
                count=format_number(rest), shown=limit), file=out)


def planned_and_written(db, dry_run: bool):
    """Around an import's plan and its writing: one write transaction (``BEGIN IMMEDIATE``), so
    that two imports of the same file run at the same moment are done one after the other; the
    second plans on what the first wrote (its records unchanged or updated, never a second copy,
    never « UNIQUE constraint failed »). A dry run writes nothing and takes no lock."""
    return contextlib.nullcontext() if dry_run else db.atomic()
