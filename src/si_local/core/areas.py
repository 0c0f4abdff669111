"""The areas of SI Local and what each contributes to the core, by direct reference.

This is the one list: Home's alerts (``alerts.collect``, ``si-local check``) and the demo facility
(``demo.populate``) walk :data:`AREAS` in this order. Nothing registers itself when it is imported
and nothing is imported by its name, so what a feature sees never depends on what was imported
first. The window's side (pages, menu entries) is in ``ui/areas.py``; the command line's modules
are listed in ``cli/__init__.py``.

Importing this module imports every area's core (their alert providers are there; Home needs them
at once): ``alerts`` and ``demo`` import it inside their functions, since the area modules import
them. The demo builders, needed only by ``--demo`` and ``si-local demo``, are imported when called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from . import (continuity, diagnostic, end_of_support, group, incidents, readiness, registry,
               training)
from .alerts import Alert, registry_alerts
from .contracts import contract_alerts
from .certificates import alerts as certificate_alerts
from .backup_runs import failed_run_alerts


def _demo_registry(db, today: dt.date) -> None:
    from .demo import certificates, registry as demo

    demo.populate(db, today)
    # the registry's later parts each fill their own records, in this order (one line each)
    from .demo import software; software.populate(db, today)  # noqa: E702
    end_of_support.demo(db, today)
    from .demo import contracts as demo_contracts; demo_contracts.populate(db, today)  # noqa: E702
    certificates.populate(db, today)
    from .demo import backup_runs as demo_backup_runs
    demo_backup_runs.populate(db, today)


# The registry's Home alerts: the records' own (``alerts.registry_alerts``), then each later part's
# provider, in this order (one line each).
REGISTRY_ALERTS: tuple[Callable[[object, dt.date], list[Alert]], ...] = (
    registry_alerts,
    end_of_support.alerts,
    contract_alerts,  # notice deadlines of the contracts
    certificate_alerts,
    failed_run_alerts,  # backup_runs: a backup whose latest run failed
)


def _registry_alerts(db, today: dt.date) -> list[Alert]:
    return [alert for provider in REGISTRY_ALERTS for alert in provider(db, today)]


def _demo_continuity(db, today: dt.date) -> None:
    from .demo import continuity as demo
    from .demo import exercise_retex

    demo.populate(db, today)
    exercise_retex.populate(db, today)


def _demo_diagnostic(db, today: dt.date) -> None:
    from .demo import diagnostic as demo

    demo.populate(db, today)


def _demo_training(db, today: dt.date) -> None:
    from .demo import training as demo

    demo.populate(db, today)


def _demo_incidents(db, today: dt.date) -> None:
    from .demo import incidents as demo

    demo.populate(db, today)


def _demo_group(db, today: dt.date) -> None:
    from .demo import group as demo

    demo.populate(db, today)


def _demo_readiness(db, today: dt.date) -> None:
    from .demo import readiness as demo

    demo.populate(db, today)


@dataclass(frozen=True)
class Area:
    key: str  # as in Alert.area, the page's and the translation file's name
    # Home's and ``si-local check``'s provider: fn(db, today) -> list[Alert]
    alerts: Callable[[object, dt.date], list[Alert]] | None = None
    # the area's part of the demo facility: fn(db, today), called in the order of AREAS
    demo: Callable[[object, dt.date], None] | None = None
    # how the area's references to registry records are told before a deletion (the warnings read
    # them from registry.REFERENCES, which holds them all; see registry.dependents)
    deletion_references: dict = field(default_factory=dict)


AREAS: tuple[Area, ...] = (
    Area("registry", alerts=_registry_alerts, demo=_demo_registry,
         deletion_references=registry.REGISTRY_REFERENCES),
    Area("continuity", alerts=continuity.alerts, demo=_demo_continuity,
         deletion_references=registry.CONTINUITY_REFERENCES),
    Area("diagnostic", alerts=diagnostic.alerts, demo=_demo_diagnostic),
    Area("training", alerts=training.alerts, demo=_demo_training,
         deletion_references=registry.TRAINING_REFERENCES),
    Area("group", alerts=group.alerts, demo=_demo_group),
    Area("readiness", alerts=readiness.alerts, demo=_demo_readiness),
    Area("incidents", alerts=incidents.alerts, demo=_demo_incidents),
)


def alert_providers() -> list[Callable[[object, dt.date], list[Alert]]]:
    return [area.alerts for area in AREAS if area.alerts is not None]


def demo_builders() -> list[Callable[[object, dt.date], None]]:
    return [area.demo for area in AREAS if area.demo is not None]
