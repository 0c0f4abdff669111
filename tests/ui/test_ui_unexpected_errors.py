"""An exception in the window (a slot, a worker thread) goes to logs/si-local.log with its
traceback and is told in one French dialog, with a button copying the details; never a storm of
dialogs, never a traceback on screen.

pytest-qt captures exceptions raised in Qt slots by putting its own ``sys.excepthook`` in place
during each test (and fails the test on one): these tests opt out (``qt_no_exception_capture``)
since the hook under test is SI Local's own; the fixtures put back the hooks found before.
"""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]


def boom() -> None:
    raise RuntimeError("panne simulée dans un slot")


@pytest.fixture
def restore_hooks():
    """The hooks and the root logger's handlers as they were before the test."""
    hooks = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    sys.excepthook, threading.excepthook = hooks
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


class DialogWatcher:
    """Looks every 20 ms for the error dialog (modal: its exec() runs its own event loop), hands
    it to ``on_dialog`` and closes it; counts the dialogs seen."""

    def __init__(self, on_dialog=None):
        self.on_dialog = on_dialog
        self.seen: list[dict] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "si_local_error_dialog":
            return
        if any(entry["box"] is box for entry in self.seen):
            return
        entry = {"box": box, "text": box.text(), "informative": box.informativeText(),
                 "detailed": box.detailedText()}
        self.seen.append(entry)
        if self.on_dialog is not None:
            self.on_dialog(box, entry)
        box.findChild(QPushButton, "close").click()

    def stop(self) -> None:
        self.timer.stop()


def _copy_and_check(box: QMessageBox, entry: dict) -> None:
    copy = box.findChild(QPushButton, "copy_details")
    entry["copy_label"] = copy.text()
    QApplication.clipboard().clear()
    copy.click()
    entry["clipboard"] = QApplication.clipboard().text()
    entry["open_after_copy"] = box.isVisible()
    entry["details_visible"] = any(  # the traceback stays folded until "Show details" is clicked
        w.isVisible() for w in box.findChildren(QWidget) if hasattr(w, "toPlainText"))


def test_a_slot_raising_in_the_real_window_is_logged_and_told_in_french(
        qtbot, demo_path, _data_dir, restore_hooks):
    """The real start-up (run_gui on a demo file): a button's slot raises; the log holds the
    traceback, a French dialog says what to do and where the log is, and copies the details."""
    from si_local.ui import app as ui_app
    from si_local.ui.main_window import MainWindow

    state: dict = {}

    def click_a_failing_button() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        state["window"] = window
        button = QPushButton("Casser", window)
        button.clicked.connect(boom)
        button.show()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def dialog_shown(box, entry) -> None:
        entry["parent"] = box.parent()
        _copy_and_check(box, entry)
        QTimer.singleShot(0, state["window"].close)  # then the program ends, as when closed

    watcher = DialogWatcher(dialog_shown)
    QTimer.singleShot(200, click_a_failing_button)
    QTimer.singleShot(15000, QApplication.closeAllWindows)  # never hang the suite
    try:
        assert ui_app.run_gui(db_path=demo_path) == 0
    finally:
        watcher.stop()

    assert len(watcher.seen) == 1
    entry = watcher.seen[0]
    assert entry["text"] == "Une erreur inattendue est survenue."
    log_file = _data_dir / "logs" / "si-local.log"
    assert str(log_file) in entry["informative"]
    assert "copiez les détails" in entry["informative"]
    assert "Traceback" not in entry["text"] + entry["informative"]
    assert entry["parent"] is state["window"]
    assert entry["copy_label"] == "Copier les détails"
    assert entry["open_after_copy"] is True  # copying does not close the dialog
    assert entry["details_visible"] is False
    clipboard = entry["clipboard"]
    assert "SI Local 0.1.0" in clipboard
    assert "Traceback (most recent call last)" in clipboard
    assert "RuntimeError: panne simulée dans un slot" in clipboard
    assert str(log_file) in clipboard
    assert "Python " in clipboard and "Qt " in clipboard
    text = log_file.read_text(encoding="utf-8")
    assert "unexpected error in the window" in text
    assert "Traceback (most recent call last)" in text
    assert 'in boom\n    raise RuntimeError("panne simulée dans un slot")' in text
    assert "RuntimeError: panne simulée dans un slot" in text


@pytest.fixture
def handler(qapp, restore_hooks):
    from si_local.ui import errors

    installed = errors.install(qapp)
    yield installed
    installed.uninstall()
    installed.deleteLater()


def test_a_storm_of_the_same_error_shows_one_dialog_and_counts(qtbot, handler, _data_dir):
    widget = QPushButton("Casser")
    qtbot.addWidget(widget)
    widget.clicked.connect(boom)
    widget.show()

    def while_open(box, entry) -> None:
        for _ in range(3):  # raised while the dialog is open: only logged (the modal dialog
            widget.click()  # blocks the mouse, not a programmatic click)
        QApplication.processEvents()

    watcher = DialogWatcher(while_open)
    try:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(watcher.seen) == 1, timeout=5000)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # again at once: logged, no dialog
        qtbot.wait(200)
    finally:
        watcher.stop()
    assert len(watcher.seen) == 1
    assert sum(handler.counts.values()) == 5
    text = (_data_dir / "logs" / "si-local.log").read_text(encoding="utf-8")
    assert text.count("unexpected error in the window") == 5
    assert text.count("Traceback (most recent call last)") == 3  # then one line each
    assert "occurrence 5): RuntimeError: panne simulée dans un slot" in text


def test_an_error_in_a_worker_thread_is_shown_from_the_gui_thread(qtbot, handler, _data_dir):
    shown_in = []
    watcher = DialogWatcher(lambda box, entry: shown_in.append(threading.current_thread()))

    def work() -> None:
        raise ValueError("panne dans un fil de travail")

    try:
        worker = threading.Thread(target=work, name="travail")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(watcher.seen) == 1, timeout=5000)
    finally:
        watcher.stop()
    assert shown_in == [threading.main_thread()]
    assert "Thread: travail" in watcher.seen[0]["detailed"]
    text = (_data_dir / "logs" / "si-local.log").read_text(encoding="utf-8")
    assert "thread travail" in text and "ValueError: panne dans un fil de travail" in text


def test_a_secret_handled_by_the_process_is_masked_in_the_log_and_the_details(
        qtbot, handler, _data_dir):
    from si_local.core import logs

    logs.remember_secret("Tr0ub4dour&3-horse")

    def leaky() -> None:
        raise RuntimeError("connexion refusée avec le mot de passe Tr0ub4dour&3-horse")

    widget = QPushButton("Casser")
    qtbot.addWidget(widget)
    widget.clicked.connect(leaky)
    widget.show()
    watcher = DialogWatcher(_copy_and_check)
    try:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(watcher.seen) == 1, timeout=5000)
    finally:
        watcher.stop()
    text = (_data_dir / "logs" / "si-local.log").read_text(encoding="utf-8")
    assert "mot de passe ***" in text
    assert "Tr0ub4dour" not in text
    assert "Tr0ub4dour" not in watcher.seen[0]["clipboard"] + watcher.seen[0]["detailed"]
