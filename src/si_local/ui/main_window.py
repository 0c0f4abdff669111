"""The main window: a sidebar of pages and the menu bar (both listed in ui/areas.py), a status bar
naming the database, geometry remembered between sessions.

The window shows what the file holds: when another program (``si-local import staff``, a second
connection) commits to the database, ``PRAGMA data_version`` of the window's connection changes;
it is looked at every few seconds and whenever the window is activated again, and the page shown
is then read again — unless the user is typing in it or a dialog is open, in which case it waits
(nothing typed is ever thrown away)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow,
    QPlainTextEdit, QStackedWidget, QTextEdit, QWidget,
)

from .. import APP_NAME
from ..core.i18n import _
from ..core import storage, write_guard
from ..core.context import AppContext, open_context
from .areas import MENUS, PAGES
from .sections.start_page import start_page
from .tasks import runner_for

log = logging.getLogger(__name__)

# How often the window looks whether another program changed the file (milliseconds).
EXTERNAL_CHECK_MS = 5000

T = TypeVar("T")


def edit_under_way(widget: QWidget | None) -> bool:
    """Something typed in ``widget`` (a page) is not saved yet: a text field changed by the user
    since the page last filled it. Search boxes (property ``filter``) do not count."""
    if widget is None:
        return False
    for field in widget.findChildren(QLineEdit):
        if field.isModified() and not field.isReadOnly() and not _is_filter(field):
            return True
    for field in widget.findChildren(QPlainTextEdit) + widget.findChildren(QTextEdit):
        if field.document().isModified() and not field.isReadOnly():
            return True
    return False


def _is_filter(field: QWidget) -> bool:
    while field is not None:
        if field.property("filter"):
            return True
        field = field.parentWidget()
    return False


class _Pages(dict):
    """The pages built so far; looking one up builds it."""

    def __init__(self, window):
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> QWidget:
        page = self._window._build_page(key)
        self[key] = page
        return page


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent=None, close_hooks=()):
        """``close_hooks``: fn(ctx) run when the window closes (the application's on-close
        snapshot), after its place is saved."""
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = runner_for(ctx)  # the one task runner, ``ctx.tasks`` for pages and dialogs
        self.close_hooks = tuple(close_hooks)
        self.setWindowTitle(f"{APP_NAME} — {ctx.db_path.name}")
        self.setMinimumSize(QSize(960, 600))
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QListWidget(central)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(200)
        self.stack = QStackedWidget(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # Pages are built the first time they are shown (a faster start); until then the stack
        # holds an empty placeholder. ``self.pages[name]`` builds a page on demand.
        self.pages = _Pages(self)
        for index, page in enumerate(PAGES):
            self.stack.addWidget(QWidget(self.stack))
            item = QListWidgetItem(_(page.title))
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(_("{title} (Ctrl+{n})").format(title=_(page.title), n=index + 1))
            self.sidebar.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.sidebar.setCurrentRow(i))
        self.sidebar.currentRowChanged.connect(self._on_page_changed)
        self.sidebar.setCurrentRow(self.page_names().index(start_page(ctx.settings)))
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.update_status()
        self._build_menus()
        self._restore_geometry()
        self._seen_version = self._data_version()
        self.external_timer = QTimer(self)
        self.external_timer.setObjectName("external_changes_timer")
        self.external_timer.setInterval(EXTERNAL_CHECK_MS)
        self.external_timer.timeout.connect(self.check_external_changes)
        self.external_timer.start()

    # --- changes made by another program ----------------------------------------------------
    def _data_version(self):
        """(connection, PRAGMA data_version): the number changes when another connection commits."""
        db = self.ctx.db
        try:
            conn = db.conn
            return conn, write_guard.data_version(conn)
        except (sqlite3.Error, AttributeError):  # closed (a restore under way), in memory…
            return None

    def forget_external_changes(self) -> None:
        """The page shown was just read again (after an import of ours): nothing to catch up on."""
        self._seen_version = self._data_version()

    def check_external_changes(self) -> bool:
        """Read the page shown again when another program changed the file since last time.
        Waits (returns False, tried again later) while the user is typing or a dialog is open."""
        now = self._data_version()
        seen = self._seen_version
        if now is None or seen is None or now[0] is not seen[0]:  # another connection: restarted
            self._seen_version = now
            return False
        if now[1] == seen[1]:
            return False
        page = self.stack.currentWidget()
        if QApplication.activeModalWidget() is not None or edit_under_way(page):
            return False
        self._seen_version = now
        refresh = getattr(page, "refresh", None)
        if not callable(refresh):
            return False
        try:
            refresh()
        except Exception as exc:  # never a traceback: the page keeps what it showed
            log.exception("refresh after an outside change failed")
            self.statusBar().showMessage(_(
                "The database was changed outside this window and could not be read again "
                "({error}).").format(error=exc))
            return False
        log.info("page %s read again: the file was changed outside this window",
                 page.objectName())
        self.statusBar().showMessage(
            _("The database was changed outside this window: the page shows it as it is now."), 10000)
        return True

    def event(self, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.WindowActivate:  # back from another program
            QTimer.singleShot(0, self.check_external_changes)
        return super().event(event)

    def _build_menus(self) -> None:
        for title, entries in MENUS:
            menu = self.menuBar().addMenu(_(title))
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                    continue
                action = menu.addAction(_(entry.label))
                action.setObjectName(f"action_{entry.name}")
                if entry.shortcut:
                    action.setShortcut(QKeySequence(entry.shortcut))
                action.triggered.connect(lambda _checked=False, run=entry.run: run(self))

    def _build_page(self, key: str) -> QWidget:
        index = self.page_names().index(key)
        page = PAGES[index].create(self.ctx, self)
        page.setObjectName(f"page_{key}")
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current == index:
            self.stack.setCurrentIndex(index)
        return page

    def _on_page_changed(self, row: int) -> None:
        name = PAGES[row].key
        already_built = name in self.pages
        page = self.pages[name]
        self.stack.setCurrentIndex(row)
        refresh = getattr(page, "refresh", None)
        # A page that reads the database when it is built says so; it is not read twice.
        if callable(refresh) and (already_built or not getattr(page, "LOADED_WHEN_BUILT", False)):
            refresh()

    # --- the file replaced under the window (a restore) ---------------------------------------
    def replace_database(self, replace: Callable[[Path], T]) -> T:
        """Close the context, run ``replace(db_path)`` (which swaps the file, e.g. restores a
        snapshot), then open a new context on the file through ``context.open_context`` and build
        again every page built so far on it, the page shown staying shown. Done whether
        ``replace`` succeeded or failed (its exception goes on): no page, model or dialog is left
        holding the closed connection."""
        old = self.ctx
        old.close()
        try:
            return replace(old.db_path)
        finally:
            self.ctx = open_context(old.db_path, clock=old.clock, secrets=old.secrets)
            self.ctx.tasks = self.tasks  # tasks under way report to the same runner
            self._rebuild_pages()

    def _rebuild_pages(self) -> None:
        row = self.sidebar.currentRow()
        for key in list(self.pages):
            del self.pages[key]
            self.pages[key]  # noqa: B018 - looking it up builds it again, on self.ctx
        if row >= 0:
            self._on_page_changed(row)
        self.update_status()
        self.forget_external_changes()

    def show_page(self, key: str) -> QWidget:
        self.sidebar.setCurrentRow(self.page_names().index(key))
        return self.pages[key]

    def page_names(self) -> list[str]:
        return [page.key for page in PAGES]

    def update_status(self) -> None:
        text = _("Database: {path}").format(path=self.ctx.db_path)
        if self.ctx.read_only:
            text += " — " + _("read-only")
        tip = ""
        if self.ctx.db_path is not None and storage.is_network(self.ctx.db_path):
            text += " — " + _("network folder")
            tip = _("This database is on a network share: it uses SQLite's rollback journal, "
                    "which the share's locks protect, so that several computers can open it. "
                    "Each save waits for the network: keep the folder reachable while working.")
        self.db_label.setText(text)
        self.db_label.setToolTip(tip)

    def _settings(self) -> QSettings:
        from ..core.paths import data_dir

        return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._settings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.run_close_hooks()
        super().closeEvent(event)

    def run_close_hooks(self) -> None:
        """What closing does (the window's place, the on-close snapshot), once: from the close
        button, a SIGTERM, the end of the session or the application quitting."""
        if getattr(self, "_close_hooks_done", False):
            return
        self._close_hooks_done = True
        try:
            self._settings().setValue("main/geometry", self.saveGeometry())
        except Exception:  # pragma: no cover
            log.exception("window geometry not saved")
        for hook in self.close_hooks:
            try:
                hook(self.ctx)
            except Exception:  # a failing hook must never prevent closing
                log.exception("close hook failed")
