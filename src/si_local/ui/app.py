"""Starting the desktop application, and ``--smoke-test``."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from ..core import settings as user_settings
from ..core.context import AppContext
from ..core.db import open_database
from ..core.errors import UserError
from ..core.i18n import _, get_language
from ..core.paths import default_db_path

log = logging.getLogger(__name__)

_translators: list = []  # kept referenced for the life of the app (a collected QTranslator stops working)


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    from .. import APP_NAME, __version__

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SI Local")
    app.setDesktopFileName("si-local")
    language = get_language()
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    _translators.clear()
    if language != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.warning("Qt translations qtbase_%s not found in %s", language, folder)
    try:
        from .theme import apply_theme

        apply_theme(app)
    except ImportError:
        pass
    from .about import app_icon

    app.setWindowIcon(app_icon())
    return app


def build_context(db_path: Path | None, demo: bool = False) -> AppContext:
    if demo:
        from ..core.demo import build_demo

        folder = Path(tempfile.mkdtemp(prefix="si-local-demo-"))
        db_path = folder / "demo.sqlite"
        db = build_demo(db_path)
    else:
        db_path = Path(db_path) if db_path else default_db_path()
        db = open_database(db_path)
    return AppContext(db_path=db_path, db=db, settings=user_settings.load())


def _show_error(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "SI Local", message)


def run_gui(db_path: Path | None = None, demo: bool = False) -> int:
    app = create_application()
    try:
        ctx = build_context(db_path, demo)
    except UserError as exc:
        _show_error(str(exc))
        return exc.exit_code
    from .main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    code = app.exec()
    ctx.close()
    return code


def smoke_test() -> int:
    """Build the real main window offscreen on a temporary database and report what was done."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report: dict = {"ok": False}
    with tempfile.TemporaryDirectory(prefix="si-local-smoke-") as folder:
        os.environ.setdefault("SI_LOCAL_DATA_DIR", folder)
        app = create_application()
        from .main_window import MainWindow

        db_path = Path(folder) / "smoke.sqlite"
        ctx = AppContext(db_path=db_path, db=open_database(db_path))
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

        smoke.register(SMOKE_HOOKS)
        for hook in SMOKE_HOOKS:
            report.update(hook(ctx, Path(folder)))
        window.close()
        ctx.close()
    report["seconds"] = round(time.perf_counter() - started, 3)
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report["ok"] else 1


# Other areas add checks here: fn(ctx, folder) -> dict merged into the report.
SMOKE_HOOKS: list = []
