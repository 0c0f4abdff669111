"""The training plan: units, staff, référents, modules, sessions, attendance, coverage.

No Qt here: the pages, the command line and the printed documents all call these functions,
through this package (``from si_local.core import training as t; t.save_staff(...)``), which
re-exports what its modules hold:

* ``common``: the choice keys, the text columns and their limits, naming and cleaning helpers;
* ``people``: units, staff and référents;
* ``modules``: the modules and the profiles that need them;
* ``sessions``: sessions, booking warnings, attendance and evaluations;
* ``coverage``: the plan's target and go-live, the matrix, readiness, people to train (still to
  invite, apart from those enrolled in a session to come);
* ``repeat``: a session repeated every week or two in one step;
* ``certificates``: who a training certificate is for (people present only);
* ``untrained_csv``: the people still to train per unit as a spreadsheet;
* ``home_alerts``: what Home and ``si-local check`` show;
* ``staff_csv``: the staff list import and its template;
* ``ics``: the sessions as an iCalendar file.

Rules kept in one place:

* a person **needs** a module when their profile is one of the module's profiles; only active
  staff count;
* a person is **trained** on a module when they were *present* at a session of that module;
* a unit is **ready** for go-live when the share of its people who have every module they need
  reaches the target (80 % unless the plan says otherwise);
* scheduling warnings never block: they tell the nurse executive what to check (capacity, a person
  booked twice at overlapping times, night staff on a day session, people who do not need the
  module or already had it).
"""

from __future__ import annotations

from .common import (ATTENDANCE, DAY_END, DAY_START, DEFAULT_TARGET_PERCENT, GO_LIVE_NOTICE_DAYS,
                     MODALITIES, OTHER_TEXT_COLUMNS, PROFILES, SHIFTS, STATUSES, TEXT_COLUMNS,
                     TRAINER_KINDS, UNIT_KINDS, _parse, facility_name, fold, label, person_name)
from .certificates import certificate_sessions, find_staff
from .coverage import (Cell, Coverage, StillToTrain, UnitReadiness, attendance_to_record, coverage,
                       people_to_train, plan, propose, referents_not_trained, save_plan,
                       sessions_to_fill, still_to_train)
from .home_alerts import alerts
from .ics import (ICS_TIMEZONE, export_ics, ics_calendar, ics_events, ics_text, is_all_day,
                  session_uid)
from .modules import delete_module, modules, save_module
from .people import (add_profile, add_referent, clean_staff, find_profile, profile_keys, profiles, delete_staff, delete_unit, get_staff, referents,
                     remove_referent, save_staff, save_unit, staff, units, units_without_referent,
                     update_referent)
from .sessions import (Warning, attendance_can_be_recorded, book, check_booking, delete_session,
                       get_session, held_sessions, is_day_session, is_held, participants,
                       record_attendance, save_session, session_warnings, sessions, unbook,
                       upcoming_sessions, when)
from .repeat import MAX_OCCURRENCES, RepeatedSessions, create_repeated_sessions, occurrence_days
from .staff_csv import (KEPT_ERRORS, STAFF_COLUMNS, STAFF_TEMPLATE, TEMPLATE_ROWS, LineError,
                        StaffImport, field_key, header_key, import_staff_csv, write_staff_template)
from .untrained_csv import export_untrained_csv, untrained_rows

__all__ = [
    "ATTENDANCE", "DAY_END", "DAY_START", "DEFAULT_TARGET_PERCENT", "GO_LIVE_NOTICE_DAYS",
    "ICS_TIMEZONE", "KEPT_ERRORS", "MODALITIES", "OTHER_TEXT_COLUMNS", "PROFILES", "SHIFTS",
    "STAFF_COLUMNS", "STAFF_TEMPLATE", "STATUSES", "TEXT_COLUMNS", "TRAINER_KINDS", "UNIT_KINDS",
    "Cell", "Coverage", "LineError", "StaffImport", "UnitReadiness", "Warning",
    "_parse",  # the session times as datetimes (the printed plan and tests read it)
    "TEMPLATE_ROWS", "add_profile", "field_key", "find_profile", "header_key", "profile_keys",
    "profiles",
    "add_referent", "alerts", "attendance_can_be_recorded", "attendance_to_record", "book",
    "check_booking", "clean_staff", "coverage", "delete_module", "delete_session", "delete_staff",
    "delete_unit", "export_ics", "facility_name", "fold", "get_session", "get_staff",
    "held_sessions", "ics_calendar", "ics_events", "ics_text", "import_staff_csv", "is_all_day",
    "is_day_session", "is_held", "label", "modules", "participants", "people_to_train",
    "person_name", "plan", "propose", "record_attendance", "referents", "referents_not_trained",
    "remove_referent", "save_module", "save_plan", "save_session", "save_staff", "save_unit",
    "session_uid", "session_warnings", "sessions", "sessions_to_fill", "staff", "unbook", "units",
    "units_without_referent", "update_referent", "upcoming_sessions", "when",
    "write_staff_template",
    # issue 16: still to invite, repeated sessions, certificates, the untrained list
    "MAX_OCCURRENCES", "RepeatedSessions", "StillToTrain", "certificate_sessions",
    "create_repeated_sessions", "export_untrained_csv", "find_staff", "occurrence_days",
    "still_to_train", "untrained_rows",
]
