"""End of support of the machines' systems (servers, VMs): the dated table (table.py), the
recognition of a system's name (matcher.py), each machine's status, its compensating measure and
Home's alerts (machines.py). Every public name is re-exported here."""

from .machines import (  # noqa: F401
    ALERT_KINDS, MEASURE_KINDS, NOTICE_DAYS, STATUSES, URGENT_DAYS, Machine, Measure, alerts,
    delete_measure,
    machine_by_name, machines, save_measure, to_report,
)
from .matcher import match  # noqa: F401
from .table import (  # noqa: F401
    Cycle, LoadResult, Table, current_table, load_table, parse_table, program_table,
    read_table_file,
)


def demo(db, today) -> None:
    """The demo facility's end-of-support cases (imported when called, as every demo builder)."""
    from ..demo import end_of_support as builder

    builder.populate(db, today)
