"""What the training plan tells Home and `si-local check` (the provider named in core/areas.py)."""

from __future__ import annotations

import datetime as dt

from ..alerts import Alert
from ..i18n import _, format_date, format_percent, ngettext
from .common import GO_LIVE_NOTICE_DAYS
from .coverage import attendance_to_record, coverage, plan
from .people import units_without_referent


# --- alerts for Home -------------------------------------------------------------------------

def alerts(db, today: dt.date) -> list[Alert]:
    if not db["training_unit"].exists():
        return []
    found: list[Alert] = []
    for u in units_without_referent(db):
        found.append(Alert("medium", "training", _("Training: the unit {name} has no référent.")
                           .format(name=u["name"]), "training_unit", u["id"]))
    for s in attendance_to_record(db, today):
        found.append(Alert("medium", "training", _(
            "Training: attendance of the session « {module} » of {date} is not recorded.")
            .format(module=s["module_name"], date=format_date(s["starts_at"][:10])),
            "training_session", s["id"]))
    settings = plan(db)
    if settings["go_live_date"]:
        go_live = dt.date.fromisoformat(settings["go_live_date"])
        days = (go_live - today).days
        if 0 <= days <= GO_LIVE_NOTICE_DAYS:
            below = [r for r in coverage(db).readiness if r.people and not r.meets_target]
            if below:
                found.append(Alert("high", "training", ngettext(
                    "Training: {count} unit below the {target} % target, {days} before "
                    "go-live: {units}.",
                    "Training: {count} units below the {target} % target, {days} before "
                    "go-live: {units}.", len(below)).format(
                        count=len(below), target=below[0].target_percent,
                        days=ngettext("{days} day", "{days} days", days).format(days=days),
                        units=", ".join(_("{name} {ratio}").format(
                            name=r.name, ratio=format_percent(r.ratio)) for r in below)),
                    "training_readiness", None))
    return found
