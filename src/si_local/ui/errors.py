"""Unexpected errors in the window: written to the log, told in one dialog, never as a traceback.

PySide6 hands an exception raised in a slot (or a virtual method, a timer, a worker's ``run``) to
``sys.excepthook``; a Python thread's goes to ``threading.excepthook``. :func:`install` replaces
both: the traceback goes to ``logs/si-local.log`` (see :mod:`si_local.core.logs`, secrets
masked) in the thread where it happened, and the dialog is shown from the GUI thread's event loop
(a queued signal), whatever thread raised.

The dialog says what happened and what to do, where the log is, and has a button copying the
details (version, system, traceback) to the clipboard; the traceback itself stays folded in
"Show details". Guards: one dialog at a time (an exception while it is open, including one raised
by the dialog itself, is only logged and counted); the same error (type and place) again within
:data:`QUIET_SECONDS` of its dialog being closed is only logged, so a failing timer cannot bury the
window under dialogs.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from .. import APP_NAME, __version__
from ..core.i18n import _
from ..core.logs import configure_logging, redact
from .kit import messages

log = logging.getLogger(__name__)

QUIET_SECONDS = 10.0
FULL_TRACEBACKS = 3  # of one same error; after that, one line each


def _signature(exc_type, tb) -> str:
    """The same error: same type, raised at the same line."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    return f"{exc_type.__module__}.{exc_type.__qualname__}@{where}"


def details_text(exc_type, exc, tb, thread_name: str) -> str:
    """What the copy button puts in the clipboard: version, system, thread and traceback."""
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()}, PySide6 {pyside_version}"
    except Exception:  # pragma: no cover - details must never fail
        qt = "Qt ?"
    lines = [
        f"{APP_NAME} {__version__}",
        f"{platform.platform()} ({platform.machine()})",
        f"Python {platform.python_version()}, {qt}",
        f"Thread: {thread_name}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return redact("\n".join(lines))


class ExceptionHandler(QObject):
    """The hooks and the dialog; one per application (see :func:`install`)."""

    reported = Signal(str, str)  # signature, details: emitted from any thread, shown in the GUI's

    def __init__(self, app: QApplication, log_path: Path | None):
        super().__init__(app)
        self.setObjectName("si_local_exception_handler")
        self.log_path = log_path
        self.window = None  # the dialog's parent once the main window exists
        self.counts: dict[str, int] = {}
        self.showing = False
        self.closed_at: dict[str, float] = {}
        self.previous_excepthook = None
        self.previous_threading_excepthook = None
        self._lock = threading.Lock()
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # --- the hooks (any thread) ------------------------------------------------------------------

    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            (self.previous_excepthook or sys.__excepthook__)(exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb, threading.current_thread().name)

    def threading_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:  # as the default hook: a thread's normal way out
            return
        name = args.thread.name if args.thread is not None else threading.current_thread().name
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def handle(self, exc_type, exc, tb, thread_name: str) -> None:
        try:
            signature = _signature(exc_type, tb)
            with self._lock:
                count = self.counts[signature] = self.counts.get(signature, 0) + 1
            if count <= FULL_TRACEBACKS:
                log.error("unexpected error in the window (thread %s, occurrence %d)",
                          thread_name, count, exc_info=(exc_type, exc, tb))
            else:
                log.error("unexpected error in the window again (thread %s, occurrence %d): %s",
                          thread_name, count, "".join(
                              traceback.format_exception_only(exc_type, exc)).strip())
            self.reported.emit(signature, details_text(exc_type, exc, tb, thread_name))
        except Exception:  # the handler itself failed: at least the default report
            try:
                sys.__excepthook__(exc_type, exc, tb)
            except Exception:  # pragma: no cover - no stderr at all
                pass

    # --- the dialog (GUI thread) -----------------------------------------------------------------

    def _show(self, signature: str, details: str) -> None:
        if self.showing:  # already one on screen: this one is in the log, counted
            return
        closed = self.closed_at.get(signature)
        if closed is not None and time.monotonic() - closed < QUIET_SECONDS:
            return
        self.showing = True
        try:
            box = self.build_dialog(signature, details)
            box.exec()
        except Exception:  # the dialog itself failed: logged, never a loop of dialogs
            log.exception("the error dialog could not be shown")
        finally:
            self.showing = False
            self.closed_at[signature] = time.monotonic()

    def build_dialog(self, signature: str, details: str) -> QDialog:
        parent = self.window if self.window is not None and self.window.isVisible() else None
        advice = _("What was saved before is kept, but the last action may not have been "
                   "completed: check it, then carry on. If the error comes back, copy the details "
                   "and send them to whoever looks after SI Local.")
        count = self.counts.get(signature, 1)
        if count > 1:
            advice += "\n\n" + _("This error has happened {count} times since SI Local was "
                                 "started.").format(count=count)
        if self.log_path is not None:
            advice += "\n\n" + _("Details are also in the log file:\n{path}").format(
                path=self.log_path)
        copied = details + (f"\n\nLog: {self.log_path}" if self.log_path is not None else "")
        box = messages.build(parent, messages.Question(
            APP_NAME, _("An unexpected error occurred."), icon="critical", informative=advice,
            details=details, name="si_local_error_dialog", default="close", escape="close",
            buttons=(("copy_details", _("Copy the details"), "action"),
                     ("close", _("Close"), "accept"))))
        copy = messages.button(box, "copy_details")
        copy.setObjectName("copy_details")
        # every button of a message box closes it: this one only copies
        copy.clicked.disconnect()

        def copy_details() -> None:
            QGuiApplication.clipboard().setText(copied)
            copy.setText(_("Details copied"))

        copy.clicked.connect(copy_details)
        messages.button(box, "close").setObjectName("close")
        return box

    # --- installing ------------------------------------------------------------------------------

    def install(self) -> None:
        self.previous_excepthook = sys.excepthook
        self.previous_threading_excepthook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook

    def uninstall(self) -> None:
        """Put back the hooks found at :meth:`install` (tests)."""
        if sys.excepthook == self.excepthook and self.previous_excepthook is not None:
            sys.excepthook = self.previous_excepthook
        if (threading.excepthook == self.threading_excepthook
                and self.previous_threading_excepthook is not None):
            threading.excepthook = self.previous_threading_excepthook


def install(app: QApplication | None = None) -> ExceptionHandler:
    """Log file set up and both hooks installed; called once by the window start-up (a second
    call returns the handler already installed)."""
    app = app or QApplication.instance()
    existing = app.findChild(ExceptionHandler, "si_local_exception_handler")
    if existing is not None and sys.excepthook == existing.excepthook:
        return existing
    handler = ExceptionHandler(app, configure_logging())
    handler.install()
    return handler
