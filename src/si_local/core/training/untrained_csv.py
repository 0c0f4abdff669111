"""The people still to train, per unit, as a spreadsheet (CSV: UTF-8 with a byte-order mark and
semicolons, as a French spreadsheet opens it), through the safe writer of ``core/spreadsheet.py``
and ``name.part``: unit, name, profile, modules missing, the day of the session to come they are
enrolled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import clock, spreadsheet
from ..collation import collation_key
from ..errors import UserError
from ..i18n import _, format_date
from ..output_file import part_file
from .common import PROFILES, label, person_name
from .coverage import coverage, still_to_train


def untrained_rows(db, today: dt.date | None = None) -> list[list[str]]:
    """The lines of the export (without the heading), by unit then name: the people to invite
    first in each unit, then those enrolled in a session to come."""
    cov = coverage(db)
    names = {m["id"]: m["name"] for m in cov.modules}
    groups = still_to_train(db, today or clock.today(), cov)
    rows = []
    for group, people in ((0, groups.to_invite), (1, groups.enrolled)):
        for person in people:
            dates = sorted(set(person["booked"].values()))
            rows.append((collation_key(person["unit_name"]), group, collation_key(person["last_name"]),
                         collation_key(person["first_name"]), [
                person["unit_name"] or _("(no unit)"), person_name(person),
                label(PROFILES, person["profile"]),
                ", ".join(names[m] for m in person["missing"]),
                ", ".join(format_date(d) for d in dates)]))
    rows.sort(key=lambda r: r[:4])
    return [r[4] for r in rows]


def export_untrained_csv(db, path: Path | str, today: dt.date | None = None) -> int:
    """Write the people still to train to ``path``; returns how many lines (people) it holds."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))
    rows = untrained_rows(db, today)
    header = [_("Unit"), _("Name"), _("Profile"), _("Modules missing"),
              _("Enrolled in a session to come on")]
    with part_file(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = spreadsheet.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)
