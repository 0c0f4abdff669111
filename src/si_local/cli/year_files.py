"""The commands that write one year's document of an area (``print budget``/``export budget``,
``print calendar``/``export calendar``): the same two sub-commands, options and steps, here once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core import clock
from ..core.errors import UserError
from ..core.i18n import _
from .numbers import year as _year


def register(commands, name: str, outputs: list[tuple[Any, str, str, Callable]]) -> None:
    """``name`` under each of ``outputs``: (sub-command group, metavar, help, function)."""
    for sub, suffix, help_text, func in outputs:
        p = sub.add_parser(name, help=help_text)
        commands.add_db(p)
        p.add_argument("--year", type=_year, metavar=_("YEAR"),
                       help=_("the year (default: the current year)"))
        p.add_argument("-o", "--output", required=True, type=Path, metavar=suffix,
                       help=_("the file to write"))
        p.set_defaults(func=func)


def output(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise UserError(_("{path}: the output file name must end with {suffix}.").format(
            path=path, suffix=suffix))
    if not path.parent.exists():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))
    return path


def write_year(args, suffix: str, write: Callable[[Any, int, Path], Any]) -> tuple[int, Path, Any]:
    """(year, path, what ``write(db, year, path)`` returned): the year asked (default: this
    year), the output file checked, the database opened read-only for the writing."""
    from .registry import open_existing

    year = args.year or clock.today().year
    path = output(args.output, suffix)
    db = open_existing(args.db, read_only=True)
    try:
        return year, path, write(db, year, path)
    finally:
        db.close()
