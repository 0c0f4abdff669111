"""The one object built at start and handed to windows: paths, database, settings, secrets.

:func:`open_context` is the one way to make it: the window's start-up, the command line and the
tests call it, so every context holds the same things (a clock, a secret store, the settings, the
read-only flag and what to tell the user about it). Restoring a database closes the context and
opens a new one; nothing swaps ``ctx.db`` under the widgets that read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from . import clock as _clock
from . import settings as _settings
from .db import open_database
from .secrets import SecretStore
from .write_guard import read_only_message


class TaskRunner(Protocol):
    """What the window's task runner (``ui/tasks.py``) offers pages and dialogs; core never runs
    one, it only keeps it on the context."""

    def run_task(self, fn, *args: Any, **kwargs: Any) -> Any: ...


@dataclass
class AppContext:
    db_path: Path
    db: Database
    secrets: SecretStore  # keyring is consulted on first use only
    clock: _clock.Clock  # the one clock (tests set it)
    read_only: bool  # a read-only file, folder or medium
    settings: dict = field(default_factory=dict)  # workstation preferences (settings.json)
    notices: list[str] = field(default_factory=list)  # told to the user once the window shows
    tasks: TaskRunner | None = None  # the window's runner, made by ui/tasks.runner_for

    def today(self):
        return self.clock.today()

    def close(self) -> None:
        try:
            self.db.close()
        except Exception:  # pragma: no cover - closing twice
            pass


def open_context(db_path: Path | str, *, clock: _clock.Clock | None = None,
                 secrets: SecretStore | None = None, read_only: bool = False,
                 create: bool = True, create_demo: bool = False) -> AppContext:
    """Open the database at ``db_path`` and build the context around it.

    ``read_only``: False opens for writing unless the file, its folder or the medium cannot be
    written (then read-only, with a notice); True opens read-only. ``create``: a missing file is
    created (the window) or refused (the command line: a typo must not create an empty file).
    ``create_demo``: write the demo facility to ``db_path`` first (a new file)."""
    db_path = Path(db_path)
    if create_demo:
        from .demo import build_demo

        db = build_demo(db_path)
    else:
        db = open_database(db_path, create=create, read_only=read_only)
    is_read_only = bool(getattr(db, "read_only", False))
    ctx = AppContext(db_path=db_path, db=db, secrets=secrets or SecretStore(),
                     clock=clock or _clock.current(), read_only=is_read_only,
                     settings=_settings.load())
    if is_read_only and not read_only:  # asked for writing, given read-only: say why
        ctx.notices.append(read_only_message(db_path))
    return ctx
