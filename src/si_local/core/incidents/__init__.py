"""The incident register (issue 17): incidents recorded append-only, what they touched (with the
impact analysis's pre-fill), the declaration deadlines as data and Home's alerts; the printed
declaration and yearly summary are in ``core/reports/declaration.py``. Every public name is
re-exported here (``from si_local.core import incidents as inc; inc.add_incident(...)``)."""

from .common import (DECLARATIONS, LINK_KINDS, OTHER_TEXT_COLUMNS, PICKED_TABLES, TEXT_COLUMNS,
                     label, parse_moment, show_moment)
from .deadlines import (Deadline, DeadlineState, alerts, deadlines_path, load_deadlines,
                        parse_deadlines, states)
from .prefill import find_record, impact_links, pickable, with_impact
from .register import (ENTRY_FIELDS, Incident, Link, add_incident, clean_entry, correct_incident,
                       duration, history, incident, incidents, links_of, nis2_in_scope,
                       set_nis2_scope, steps_done)

__all__ = [
    "DECLARATIONS", "Deadline", "DeadlineState", "ENTRY_FIELDS", "Incident", "LINK_KINDS", "Link",
    "OTHER_TEXT_COLUMNS", "PICKED_TABLES", "TEXT_COLUMNS", "add_incident", "alerts",
    "clean_entry", "correct_incident", "deadlines_path", "duration", "find_record", "history",
    "impact_links", "incident", "incidents", "label", "links_of", "load_deadlines",
    "nis2_in_scope", "parse_deadlines", "parse_moment", "pickable", "set_nis2_scope",
    "show_moment", "states", "with_impact",
]
