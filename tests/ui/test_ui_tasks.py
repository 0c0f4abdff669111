"""The one task runner (ui/tasks.py): the result comes back on the GUI thread, a UserError is told
as its message, an unexpected error is logged and told once, a worker opens its own connection.

Most tests here give the runner a real ``QThreadPool`` (the rest of the suite runs tasks at once
through ``ImmediatePool``, tests/conftest.py) so that the thread hops are the real ones.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from si_local.core.errors import UserError
from si_local.ui.tasks import ImmediatePool, TaskRunner, runner_for

pytestmark = pytest.mark.gui


@pytest.fixture
def threaded(qapp):
    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    yield TaskRunner(pool)
    pool.waitForDone(20000)


def _wait(qtbot, runner: TaskRunner) -> None:
    runner.pool.waitForDone(20000)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10000)


def test_the_result_comes_back_on_the_gui_thread(qtbot, threaded):
    seen: list = []

    def work(a: int, b: int, progress) -> int:
        seen.append(("work", threading.current_thread() is threading.main_thread()))
        progress(1, 2)
        return a + b

    task = threaded.run_task(
        work, 2, 3,
        on_progress=lambda done, total: seen.append(
            ("progress", threading.current_thread() is threading.main_thread(), done, total)),
        on_done=lambda result: seen.append(
            ("done", threading.current_thread() is threading.main_thread(), result)),
        on_error=lambda message: seen.append(("error", message)),
        on_end=lambda: seen.append(("end", threading.current_thread() is threading.main_thread())))
    assert task in threaded.running
    _wait(qtbot, threaded)
    assert seen == [("work", False), ("progress", True, 1, 2), ("done", True, 5), ("end", True)]
    # its relay is deleted in the GUI thread once it has reported, not left to Python's collector
    import shiboken6

    qtbot.waitUntil(lambda: not shiboken6.isValid(task.relay), timeout=5000)


def test_a_user_error_is_told_as_its_message(qtbot, threaded, answers):
    def work() -> None:
        raise UserError("Le fichier « plan.pdf » ne peut pas être écrit : disque plein.")

    messages, ended = [], []
    threaded.run_task(work, on_error=messages.append, on_end=lambda: ended.append(True),
                      on_done=lambda _r: pytest.fail("no result"))
    _wait(qtbot, threaded)
    assert messages == ["Le fichier « plan.pdf » ne peut pas être écrit : disque plein."]
    assert ended == [True]
    # without on_error: a warning box titled as asked, parented to the widget given
    widget = QWidget()
    qtbot.addWidget(widget)
    threaded.run_task(work, parent=widget, title="Imprimer")
    _wait(qtbot, threaded)
    assert answers.told == [("warn", widget, "Imprimer", messages[0])]


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_logged_and_told_once(qtbot, threaded, qapp, _data_dir):
    """Through ui/errors.py: the traceback in the log, one French dialog; on_error is not called
    (no second box), on_end is."""
    from test_ui_unexpected_errors import DialogWatcher

    from si_local.ui import errors

    hooks = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    handlers = list(root.handlers)
    handler = errors.install(qapp)
    watcher = DialogWatcher()
    calls: list = []

    def work() -> None:
        raise ZeroDivisionError("panne dans une tâche")

    try:
        threaded.run_task(work, on_error=lambda m: calls.append(("error", m)),
                          on_done=lambda r: calls.append(("done", r)),
                          on_end=lambda: calls.append(("end",)))
        _wait(qtbot, threaded)
        qtbot.waitUntil(lambda: len(watcher.seen) == 1, timeout=5000)
        qtbot.wait(100)
    finally:
        watcher.stop()
        handler.uninstall()
        handler.deleteLater()
        sys.excepthook, threading.excepthook = hooks
        for extra in root.handlers[:]:
            if extra not in handlers:
                root.removeHandler(extra)
                extra.close()
    assert calls == [("end",)]
    assert len(watcher.seen) == 1
    assert watcher.seen[0]["text"] == "Une erreur inattendue est survenue."
    assert "ZeroDivisionError: panne dans une tâche" in watcher.seen[0]["detailed"]
    text = (_data_dir / "logs" / "si-local.log").read_text(encoding="utf-8")
    assert text.count("ZeroDivisionError: panne dans une tâche") == 1
    assert "Traceback (most recent call last)" in text


def test_a_worker_opens_its_own_connection(qtbot, threaded, db, db_path):
    """``database=path``: the worker's connection is its own (the window's one is never used in
    another thread) and is closed after; what it writes is on the file."""
    opened = []

    def work(worker_db, name: str) -> int:
        opened.append(worker_db)
        assert worker_db is not db
        with worker_db.atomic():
            worker_db.execute("INSERT INTO server (name) VALUES (?)", [name])
        return worker_db.execute("SELECT count(*) FROM server").fetchone()[0]

    results = []
    threaded.run_task(work, "SRV-TACHE", database=db_path, on_done=results.append,
                      on_error=pytest.fail)
    _wait(qtbot, threaded)
    assert results == [1]
    assert db.execute("SELECT name FROM server").fetchall() == [("SRV-TACHE",)]
    with pytest.raises(sqlite3.ProgrammingError):  # another thread's (and closed)
        opened[0].execute("SELECT 1")


def test_a_read_only_task_gets_a_read_only_connection_closed_after(qtbot, db_path, db):
    runner = TaskRunner(ImmediatePool())  # same thread: only « closed » can refuse it after
    opened, results = [], []

    def work(worker_db):
        opened.append(worker_db)
        return worker_db.read_only

    runner.run_task(work, database=db_path, read_only=True, on_done=results.append)
    assert results == [True] and opened[0] is not db
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")


def test_nothing_is_delivered_to_a_closed_widget(qtbot):
    runner = TaskRunner(ImmediatePool())
    widget = QWidget()
    calls = []
    with runner.pool.held():
        runner.run_task(lambda: 1, on_done=calls.append, on_end=lambda: calls.append("end"),
                        parent=widget)
        widget.deleteLater()
        qtbot.wait(10)  # the widget is gone before the task reports
    assert calls == [] and not runner.busy()


def test_the_context_holds_one_runner(demo_ctx, qtbot):
    from si_local.ui.main_window import MainWindow

    ctx = demo_ctx
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.tasks is ctx.tasks is runner_for(ctx)
    assert isinstance(window.tasks.pool, ImmediatePool)  # tests/conftest.py


def test_no_other_worker_class_in_the_sources():
    """Every slow operation goes through the runner: no QRunnable nor thread pool elsewhere."""
    from pathlib import Path

    import si_local

    root = Path(si_local.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "tasks.py" and any(word in p.read_text(encoding="utf-8")
                                                 for word in ("QRunnable", "QThreadPool"))]
    assert offenders == []


def test_a_pdf_whose_window_closed_meanwhile_leaves_no_folder(qtbot, tmp_path, monkeypatch, answers):
    import tempfile

    from si_local.ui.pdf_preview import build_and_preview

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    runner = TaskRunner(ImmediatePool())
    widget = QWidget()

    def build(path):
        raise UserError("Le fichier ne peut pas être écrit : disque plein.")

    with runner.pool.held():
        build_and_preview(runner, widget, build, "plan.pdf")
        assert len(list(tmp_path.iterdir())) == 1
        widget.deleteLater()
        qtbot.wait(10)
    assert list(tmp_path.iterdir()) == [] and answers.told == [] and not runner.busy()
