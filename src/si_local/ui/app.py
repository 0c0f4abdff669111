"""Starting the desktop application, and ``--smoke-test``."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from ..core.context import AppContext, open_context
from ..core.errors import CorruptDatabaseError, UserError
from ..core.i18n import get_language
from ..core import paths
from ..core.paths import default_db_path

log = logging.getLogger(__name__)

_translators: list = []  # kept referenced for the life of the app (a collected QTranslator stops working)


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from .. import APP_NAME, __version__

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SI Local")
    app.setDesktopFileName("fr.si_local.SILocal")  # packaging/linux/fr.si_local.SILocal.desktop (Wayland app id)
    language = get_language()
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    _translators.clear()
    if language != "en":
        from .qt_translations import install_qt_translations

        _translators.extend(install_qt_translations(app, language))
    from .about import app_icon
    from .theme import apply_theme

    apply_theme(app)

    app.setWindowIcon(app_icon())
    return app


def build_context(db_path: Path | None, demo: bool = False) -> AppContext:
    """The window's context (``context.open_context``): the file named, the default one, or a
    fresh demo facility in a temporary folder."""
    if demo:
        folder = Path(tempfile.mkdtemp(prefix="si-local-demo-"))
        # the demo's snapshots (before an import, on a restore) stay with it, never among the
        # real databases' folders
        os.environ[paths.ENV_SNAPSHOTS_DIR] = str(folder / "snapshots")
        return open_context(folder / "demo.sqlite", create_demo=True)
    return open_context(Path(db_path) if db_path else default_db_path())


def _show_error(message: str) -> None:
    from .kit import messages

    messages.error(None, message)


def stop_on_signals(app, window) -> None:
    """SIGTERM, SIGHUP (the terminal or the session went away) and SIGINT close the window
    cleanly. Python handles a signal only between bytecodes: a wake-up file descriptor watched
    by Qt brings the event loop back to Python at once."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    names = [name for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)]
    if not names:  # pragma: no cover
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # pragma: no cover - not the main thread
        return

    def stop(signum, _frame) -> None:
        log.info("signal %s received: closing", signum)
        # the window closes from the event loop, not from inside the handler
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: (window.close(), app.quit()))

    for name in names:
        signal.signal(getattr(signal, name), stop)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    app._signal_wakeup = (reader, writer, notifier)  # kept alive with the application


def run_gui(db_path: Path | None = None, demo: bool = False) -> int:
    app = create_application()
    from . import errors

    # an exception in a slot or a worker thread: logged, then one dialog (the packaged Windows
    # program has no stderr at all)
    exceptions = errors.install(app)
    from . import snapshots as safety
    from .instance_guard import InstanceGuard

    guard = None
    if not demo:  # one SI Local per file: a second one brings the first to the front and exits
        guard = InstanceGuard(Path(db_path) if db_path else default_db_path())
        refused = guard.claim()
        if refused:
            _show_error(refused)
            return 3
    try:
        try:
            ctx = build_context(db_path, demo)
        except CorruptDatabaseError as exc:  # offer the latest good snapshot
            if demo or not safety.recover_damaged(Path(db_path) if db_path else default_db_path(), exc):
                return exc.exit_code
            ctx = build_context(db_path, demo)
    except UserError as exc:  # newer version, locked, unreadable: said, nothing changed
        _show_error(str(exc))
        if guard is not None:
            guard.release()
        return exc.exit_code
    from .main_window import MainWindow

    window = MainWindow(ctx, close_hooks=() if demo else (safety.snapshot_on_close,))
    exceptions.window = window
    if guard is not None:
        guard.window = window
    # the end of the session (logout, shutdown) and a polite kill close the window as the close
    # button does: the on-close snapshot is taken
    app.commitDataRequest.connect(lambda _manager: window.run_close_hooks())
    app.aboutToQuit.connect(window.run_close_hooks)
    stop_on_signals(app, window)
    window.show()
    log.info("window shown on %s", ctx.db_path)
    safety.show_notices(window)
    code = app.exec()
    window.ctx.close()  # a restore gives the window a new context
    if guard is not None:
        guard.release()
    return code


def smoke_test(full: bool = False) -> int:
    """Build the real main window offscreen on a temporary database and report what was done.

    The quick test (the default) also checks the resources, the French catalogue and the icon;
    ``full`` adds the checks a packaged build needs (a PDF rendered with the embedded fonts,
    babel's French dates, a snapshot, the keyring): :func:`smoke_hooks`."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report: dict = {"ok": False}
    with tempfile.TemporaryDirectory(prefix="si-local-smoke-") as folder:
        os.environ.setdefault("SI_LOCAL_DATA_DIR", folder)
        app = create_application()
        from .main_window import MainWindow

        db_path = Path(folder) / "smoke.sqlite"
        ctx = open_context(db_path)
        window = MainWindow(ctx)
        window.show()
        app.processEvents()
        report.update({
            "ok": True,
            "language": get_language(),
            "translators": len(_translators),
            "window_title": window.windowTitle(),
            "pages": window.page_names(),
            "database": str(db_path),
            "tables": len(ctx.db.table_names()),
        })
        from . import smoke

        report["full"] = full
        if full:
            for hook in smoke_hooks():
                report.update(hook(ctx, Path(folder)))
        else:
            report.update(smoke.quick_checks())
        window.close()
        ctx.close()
    report["seconds"] = round(time.perf_counter() - started, 3)
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report["ok"] else 1


def smoke_hooks() -> list:
    """The checks of ``--smoke-test=full``, in order: fn(ctx, folder) -> dict merged into the report."""
    from . import smoke, snapshots

    return [snapshots.smoke_check, smoke.packaging_checks]
