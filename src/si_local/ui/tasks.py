"""The one task runner: everything slow (imports, PDFs, snapshots, consolidation) runs through
:meth:`TaskRunner.run_task`, off the GUI thread, and comes back on the GUI thread.

Use::

    runner = runner_for(ctx)          # the window's runner, kept on the context (``ctx.tasks``)
    runner.run_task(fn, *args, on_done=show, on_error=tell, on_end=tidy)
    runner.run_task(plan_inventories, paths, database=ctx.db_path, on_progress=bar)

- ``fn(*args)`` runs in a worker thread. With ``database=path`` the worker opens its own
  connection (``open_database(path, create=False, read_only=…, migrate=False)``), calls
  ``fn(db, *args)`` and closes it: a SQLite connection never crosses threads. Without it, ``fn``
  opens whatever it needs itself (by path), never a connection of the window.
- With ``on_progress``, ``fn`` also receives ``progress=report``; ``report(done, total)`` may be
  called from the worker and ``on_progress(done, total)`` runs on the GUI thread.
- One failure convention: a :class:`UserError` goes to ``on_error(message)`` (its French message;
  without ``on_error``, a warning box); any other exception is logged with its traceback and told
  in the one unexpected-error dialog of :mod:`si_local.ui.errors` (through ``sys.excepthook``),
  and ``on_error`` is not called. ``on_end()`` runs last in every case (buttons back, temporary
  files away).
- Each callback runs on the GUI thread, at most once, in that order: ``on_done`` or
  ``on_error`` (or the unexpected-error report), then ``on_end``; none when ``parent`` (the
  widget the task is for) was closed and deleted meanwhile.

Tests use :class:`ImmediatePool` (tests/conftest.py makes it the default): the same worker runs at
once in the calling thread, with its own connection, so tests never sleep; ``pool.held()`` keeps
tasks waiting to test a result that arrives late.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from .. import APP_NAME
from ..core.errors import UserError
from .kit import messages

log = logging.getLogger(__name__)


class ImmediatePool:
    """A pool that runs each task at once in the calling thread (tests); ``held()`` keeps them
    waiting until the block ends."""

    def __init__(self) -> None:
        self._held: list[QRunnable] | None = None

    def start(self, runnable: QRunnable) -> None:
        if self._held is not None:
            self._held.append(runnable)
        else:
            runnable.run()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self._held = []
        try:
            yield
        finally:
            waiting, self._held = self._held, None
            for runnable in waiting:
                runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 - QThreadPool's name
        return True


def default_pool():
    """The pool of a new runner: Qt's global pool (tests/conftest.py puts :class:`ImmediatePool`)."""
    return QThreadPool.globalInstance()


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted by the worker are queued to it."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    crashed = Signal()


class Task(QRunnable):
    """One run of ``fn``; made by :meth:`TaskRunner.run_task`, never directly."""

    def __init__(self, fn: Callable[..., Any], args: tuple, database: Path | None,
                 read_only: bool, with_progress: bool):
        super().__init__()
        # kept alive by the runner until its result reached the GUI thread (auto-deleted by the
        # pool, a task's relay died in the worker thread while its queued result was delivered)
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.database = database
        self.read_only = read_only
        self.with_progress = with_progress
        self.relay = _Relay()
        self.ended = False

    def report(self, done: int, total: int) -> None:
        """Progress, callable from the worker thread."""
        self.relay.progress.emit(int(done), int(total))

    def _call(self) -> Any:
        kwargs = {"progress": self.report} if self.with_progress else {}
        if self.database is None:
            return self.fn(*self.args, **kwargs)
        from ..core.db import open_database

        db = open_database(self.database, create=False, read_only=self.read_only, migrate=False)
        try:
            return self.fn(db, *self.args, **kwargs)
        finally:
            db.close()

    def run(self) -> None:
        try:
            result = self._call()
        except UserError as exc:
            self.relay.failed.emit(str(exc))
        except Exception:  # never a traceback for the user: logged, one dialog (ui/errors.py)
            try:
                sys.excepthook(*sys.exc_info())
            finally:
                self.relay.crashed.emit()
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """Runs slow work in a thread pool and hands the outcome back on the GUI thread."""

    def __init__(self, pool=None, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = pool if pool is not None else default_pool()
        self.running: set[Task] = set()

    def run_task(self, fn: Callable[..., Any], *args: Any,
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[str], None] | None = None,
                 on_end: Callable[[], None] | None = None,
                 on_progress: Callable[[int, int], None] | None = None,
                 database: Path | str | None = None, read_only: bool = False,
                 parent=None, title: str | None = None) -> Task:
        """Run ``fn(*args)`` (``fn(db, *args)`` with ``database``) off the GUI thread; see the
        module's docstring. ``parent``: the widget the task is for (closed before the task ends,
        no callback runs) and, with ``title``, the warning box's when ``on_error`` is not given."""
        task = Task(fn, args, Path(database) if database is not None else None, read_only,
                    on_progress is not None)

        def end(outcome: Callable[[], None] | None) -> None:
            if task.ended:  # pragma: no cover - one outcome only
                return
            task.ended = True
            self.running.discard(task)
            if parent is not None and not shiboken6.isValid(parent):
                task.relay.deleteLater()
                return  # the window it was for is gone (closed): nothing left to tell
            try:
                if outcome is not None:
                    outcome()
            finally:
                try:
                    if on_end is not None:
                        on_end()
                finally:
                    # The relay's connections hold ``task`` (a reference cycle): delete it here, in
                    # the GUI thread, rather than let Python's collector do it in whatever thread
                    # it happens to run (a worker's, for a QObject of the GUI thread).
                    task.relay.deleteLater()

        def failed(message: str) -> None:
            if on_error is not None:
                end(lambda: on_error(message))
            else:
                end(lambda: messages.warn(parent, message, title=title or APP_NAME))

        task.relay.done.connect(lambda result: end(
            (lambda: on_done(result)) if on_done is not None else None))
        task.relay.failed.connect(failed)
        task.relay.crashed.connect(lambda: end(None))
        if on_progress is not None:
            task.relay.progress.connect(lambda done, total: task.ended or (
                parent is not None and not shiboken6.isValid(parent)) or on_progress(done, total))
        self.running.add(task)
        self.pool.start(task)
        return task

    def busy(self) -> bool:
        """Whether a task has not yet reported."""
        return bool(self.running)


def runner_for(ctx) -> TaskRunner:
    """The context's runner (``ctx.tasks``, typed by ``context.TaskRunner``; core never runs it):
    made by the main window, or on first use by a page or dialog built on its own."""
    runner = ctx.tasks
    if runner is None:
        runner = TaskRunner()
        ctx.tasks = runner
    return runner
