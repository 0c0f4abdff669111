"""The demo facility, built by code so it is always consistent with the current schema.

A fictional two-site local hospital. Dates are relative to ``today`` so that its alerts stay
meaningful whatever the day. Each area adds its part in ``core/demo/<area>.py`` with a
``populate(db, today)`` function; ``core/areas.py`` names them, called in the order of its areas.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..db import open_database
from ..errors import UserError
from ..i18n import _
from .. import clock


def populate(db, today: dt.date | None = None) -> None:
    from ..areas import demo_builders  # the area builders import this package

    today = today or clock.today()
    with db.atomic():
        for build in demo_builders():
            build(db, today)


def build_demo(path: Path | str, today: dt.date | None = None, overwrite: bool = False):
    """Write the demo database to ``path``; refuses to overwrite an existing file."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise UserError(_("{path} already exists; choose another file name.").format(path=path))
    if overwrite:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_database(path)
    populate(db, today)
    return db
