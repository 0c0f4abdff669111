"""The continuity plan (PCA / PRA): plan identity and approval, critical activities, scenarios and
their ordered steps, crisis cell, exercises, impact analysis, compliance findings and alerts.

No Qt here. Every write runs in one ``with db.atomic():``; bad input raises
:class:`ValidationError` (field -> message) or :class:`UserError`, in the user's language.

One module per concept; every name is re-exported here, so callers keep writing
``from si_local.core import continuity as c; c.save_step(...)``:

- :mod:`.common`: the keys the tables accept, labels, text columns, form helpers;
- :mod:`.templates`: scenario templates (shipped file and group core-model packs);
- :mod:`.plan`: the plan, its versions, critical activities, the crisis cell;
- :mod:`.scenarios`: scenarios, steps and their registry items, a scenario from a template;
- :mod:`.exercises`: exercises, measured step times, findings;
- :mod:`.retex`: an exercise's participants, timeline, times against targets, the annual alert;
- :mod:`.impact`: impact analysis and restart order (rule in its docstring);
- :mod:`.units`: the units in the plan's scope and their degraded-mode sheets;
- :mod:`.credentials`: the critical systems and where their break-glass credentials are kept;
- :mod:`.compliance`: compliance findings and the Home alerts.

Four modules share their name with a function (``scenarios``, ``exercises``, ``impact``,
``compliance``): here the name is the function, bound after its module was loaded (a test checks
it); reach a module itself with ``from si_local.core.continuity.impact import ...``.
"""

from __future__ import annotations

from .common import (  # noqa: F401
    SCENARIO_KINDS, PHASES, ACTIVITY_KINDS, ITEM_COLUMNS, PLAN_REVIEW_MAX_DAYS, CRITICAL,
    CRITICALITY_RANK, PHASE_LABELS, SCENARIO_KIND_LABELS, ACTIVITY_KIND_LABELS,
    EXERCISE_KIND_LABELS, EVENT_KIND_LABELS, FINDING_KIND_LABELS, ITEM_KINDS, SEVERITY_LABELS, LONG, TEXT_COLUMNS, OTHER_TEXT_COLUMNS,
    _check_lengths, phase_label, scenario_kind_label, activity_kind_label, severity_label,
    _blank, _text, _opt_date, _opt_number, facility_name,
)
from .templates import (  # noqa: F401
    TemplateStep, Template, MAX_STEP_MINUTES, templates_path, load_templates, group_templates,
    parse_templates, _template_lengths,
)
from .plan import (  # noqa: F401
    PLAN_FIELDS, get_plan, save_plan, approve_plan, versions, activities, save_activity,
    delete_activity, crisis_roles, save_crisis_role, move_crisis_role, delete_crisis_role,
)
from .scenarios import (  # noqa: F401
    MANDATORY_NAME, ensure_mandatory, scenarios, get_scenario, save_scenario, delete_scenario,
    add_from_template, steps, step_items, _validate_step, save_step, _scenario_of, _renumber,
    delete_step, move_step_to,
)
from .exercises import (  # noqa: F401
    exercises, save_exercise, delete_exercise, _exercised_scenario, exercise_steps,
    record_step_time, findings, save_finding, sync_action,
)
from .retex import (  # noqa: F401
    EXERCISE_EVERY_DAYS, PREFIXES, participants, staff_choices, crisis_role_choices,
    save_participant, delete_participant, Line, parse_line, timeline, save_event, record_line,
    delete_event, Timing, timings, latest_campaign, follow_in_action_plan, last_exercise,
    next_exercise_due, annual_exercise_alerts,
)
from .impact import (  # noqa: F401
    IMPACT_KINDS, IMPACT_KIND_LABELS, NETWORK_POWER, DIRECTORY_WORDS, BACKUP_WORDS,
    DATABASE_WORDS, RestartItem, Impact, find_target, _has, restart_order, _criticality_label,
    impact, impact_lines,
)
from .units import (  # noqa: F401
    UNIT_KINDS_IN_SCOPE, DegradedSheet, covers, units_in_scope, degraded_sheets,
)
from .credentials import (  # noqa: F401
    CRITICAL_EQUIPMENT, SYSTEM_KINDS, PRINTED_COLUMNS, CriticalSystem, critical_systems,
)
from .compliance import (  # noqa: F401
    APPLICATION_CHECKS, CHECKS, SEVERITY_ORDER, Finding, _backups_of_applications, _last_tests,
    compliance, alerts,
)
