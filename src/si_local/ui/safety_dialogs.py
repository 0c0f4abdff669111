"""Data safety in the window: back up now, restore (snapshot or file), the audit trail, the close
snapshot, the second-instance guard, and the offer of the latest good snapshot for a damaged file.

Core work (copies, checks, restore) is in :mod:`si_local.core.snapshots`; long copies run off the
GUI thread through the context's task runner (:mod:`si_local.ui.tasks`).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import snapshot_contents, snapshots as snap
from ..core.errors import CorruptDatabaseError, UserError
from ..core.i18n import N_, _, format_datetime, format_number
from .kit.table import Column, RowsModel, make_table, selected_row
from .tasks import runner_for
from .kit import messages
from si_local.core import clock

log = logging.getLogger(__name__)

# --- small shared pieces -----------------------------------------------------------------------

# make_table(model, parent, **TABLE): the lists of this module and of the settings' sections
TABLE = {"single": True, "alternating": False, "resize": QHeaderView.ResizeMode.ResizeToContents,
         "sort_column": 0, "sort_order": Qt.SortOrder.DescendingOrder}


def choose_file_to_restore(parent) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a copy of the database to restore"), str(Path.home()),
        _("SI Local databases (*.sqlite *.db);;All files (*)"))
    return path


def choose_backup_target(parent, db_path: Path) -> str:
    default = Path.home() / f"{db_path.stem}-{clock.today():%Y%m%d}.sqlite"
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Back up the database to…"), str(default),
        _("SI Local databases (*.sqlite);;All files (*)"))
    return path


# --- back up now ---------------------------------------------------------------------------------

def backup_now(window) -> None:
    """File › Back up the database now…: a consistent copy to a file the user chooses."""
    target = choose_backup_target(window, window.ctx.db_path)
    if not target:
        return
    if Path(target).resolve() == Path(window.ctx.db_path).resolve():
        messages.warn(window, _("The copy cannot overwrite the database itself."))
        return
    status = window.statusBar()
    status.showMessage(_("Backing up…"))
    db_path = window.ctx.db_path

    def done(path) -> None:
        status.showMessage(_("Copy written to {path}.").format(path=path), 10000)
        messages.tell(window, _("Copy written to {path}.").format(path=path))

    def failed(message: str) -> None:
        status.clearMessage()
        messages.warn(window, message)

    def end() -> None:
        if status.currentMessage() == _("Backing up…"):  # an unexpected error: told apart
            status.clearMessage()

    runner_for(window.ctx).run_task(snap.backup_to, db_path, Path(target), on_done=done,
                                    on_error=failed, on_end=end)


def snapshot_now(ctx, on_done, on_error, on_end=None, parent=None):
    """A manual snapshot through the context's task runner."""
    return runner_for(ctx).run_task(snap.take_snapshot, ctx.db_path, "manual", on_done=on_done,
                                    on_error=on_error, on_end=on_end, parent=parent)


# --- restore ---------------------------------------------------------------------------------------

SNAPSHOT_COLUMNS = [  # rows: snap.list_snapshots()
    Column(N_("Taken on"), lambda s: format_datetime(s.taken_at, seconds=True),
           lambda s: s.taken_at.isoformat()),
    Column(N_("Why"), lambda s: s.reason_label),
    Column(N_("Size"), lambda s: _("{n} KiB").format(n=format_number(round(s.size / 1024))), lambda s: s.size),
    Column(N_("What it holds"), lambda s: snapshot_contents.contents(s.path)),
]


def snapshot_rows(db_path) -> list:
    return list(snap.list_snapshots(db_path, legacy=True))


class RestoreDialog(QDialog):
    """Pick a snapshot (newest first) or a file; the file is checked before anything changes."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(_("Restore the database"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose the copy to bring back. It is checked first; the current file is "
                         "kept as a snapshot, so a restore can itself be undone."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = RowsModel(SNAPSHOT_COLUMNS, self)
        self.view = make_table(self.model, self, **TABLE)
        self.view.setObjectName("snapshot_list")
        layout.addWidget(self.view, 1)
        self.empty = QLabel(_("No snapshot yet: choose a file."), self)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(_("&Restore the selected snapshot"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.file_button = buttons.addButton(_("Restore from a &file…"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self._restore_selected)
        self.file_button.clicked.connect(self._restore_file)
        self.view.doubleClicked.connect(lambda _i: self._restore_selected())
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(snapshot_rows(self.window_.ctx.db_path))
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        has = self.model.rowCount() > 0
        self.empty.setVisible(not has)
        self.restore_button.setEnabled(has)
        if has:
            self.view.selectRow(0)

    def _restore_selected(self) -> None:
        chosen = selected_row(self.view)
        if chosen is not None and perform_restore(self.window_, chosen.path, self):
            self.accept()

    def _restore_file(self) -> None:
        path = choose_file_to_restore(self)
        if path and perform_restore(self.window_, Path(path), self):
            self.accept()


def restore(window) -> None:
    """File › Restore from a snapshot or a file…"""
    if window.ctx.read_only:
        from ..core.write_guard import read_only_message

        messages.warn(window, read_only_message(window.ctx.db_path))
        return
    RestoreDialog(window).exec()


def perform_restore(window, source: Path, parent=None) -> bool:
    """Check ``source``, confirm, then restore it under the window (``replace_database``: the
    context is closed, the file restored, a new context opened, the pages built again)."""
    try:
        snap.check_restorable(source)
    except UserError as exc:
        messages.warn(parent or window, str(exc))
        return False
    if not messages.ask(parent or window, _("Restore the database"),
               _("Replace the current data by the copy {name}? The current file is kept as a "
                 "snapshot first.").format(name=Path(source).name)):
        return False
    try:
        kept = window.replace_database(lambda path: snap.restore(path, source, check_lock=False))
    except UserError as exc:
        messages.warn(parent or window, str(exc))
        return False
    message = _("Database restored from {name}.").format(name=Path(source).name)
    if kept:
        message += " " + _("The previous file was kept as {path}.").format(path=kept)
    messages.tell(parent or window, message)
    return True


# --- audit trail ------------------------------------------------------------------------------------

def show_audit(window) -> None:
    """File › Audit trail…: the trail in a dialog (read-only)."""
    from .sections.audit import AuditView

    dialog = QDialog(window)
    dialog.setWindowTitle(_("Audit trail"))
    layout = QVBoxLayout(dialog)
    view = AuditView(window.ctx, dialog)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(1000, 640)
    dialog.exec()


# --- on close: a snapshot -------------------------------------------------------------------------

def snapshot_on_close(ctx) -> Path | None:
    """CLOSE_HOOK: a snapshot of the database when the window closes (not for a read-only file)."""
    if ctx.read_only or not Path(ctx.db_path).exists():
        return None
    return snap.take_snapshot(ctx.db_path, "on-close")


# --- one window per database file -------------------------------------------------------------------

def instance_key(db_path) -> str:
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"si-local-{digest}"


class InstanceGuard(QObject):
    """The first SI Local on a file listens on a local socket named after the file (to be brought
    to the front) and holds the core lock file (so that the command line notices too)."""

    activated = Signal()

    def __init__(self, db_path, parent=None):
        super().__init__(parent)
        from ..core.lock_file import InstanceLock

        self.db_path = Path(db_path)
        self.key = instance_key(db_path)
        self.lock = InstanceLock(db_path)
        self.server = None
        self.window = None

    def ask_first_to_come_forward(self) -> bool:
        """True when another SI Local answered on this file's socket (and was asked to show)."""
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        sock.connectToServer(self.key)
        if not sock.waitForConnected(500):
            return False
        sock.write(b"activate\n")
        sock.flush()
        sock.waitForBytesWritten(500)
        sock.disconnectFromServer()
        return True

    def claim(self) -> str | None:
        """None when this process now owns the file, else the message explaining why not."""
        from PySide6.QtNetwork import QLocalServer

        from ..core.lock_file import already_open_message

        if self.ask_first_to_come_forward():
            return _("{path} is already open in SI Local: that window was brought to the front.") \
                .format(path=self.db_path)
        if not self.lock.acquire():
            return already_open_message(self.db_path)
        QLocalServer.removeServer(self.key)  # a stale socket left by a crash
        self.server = QLocalServer(self)
        if not self.server.listen(self.key):
            log.warning("local server %s: %s", self.key, self.server.errorString())
        self.server.newConnection.connect(self._on_connection)
        return None

    def _on_connection(self) -> None:
        # Bound methods, not lambdas holding ``self``: a lambda made a reference cycle (guard →
        # server → socket → lambda → guard) that Python's collector freed at a random moment,
        # possibly while Qt was delivering one of the socket's events.
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(sock.deleteLater)

    def _on_ready_read(self) -> None:
        sock = self.sender()
        if sock is not None:
            sock.readAll()
        self._bring_forward()

    def _bring_forward(self) -> None:
        self.activated.emit()
        window = self.window
        if window is not None:
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
            window.show()
            window.raise_()
            window.activateWindow()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()  # with its sockets, when Qt is done with their events
            self.server = None
        self.lock.release()


# --- starting on a file: damaged, newer, read-only ---------------------------------------------------

def recover_damaged(db_path: Path, error: CorruptDatabaseError, parent=None) -> bool:
    """Offer the latest good snapshot of a damaged file; True when it was restored."""
    good = snap.latest_good_snapshot(db_path)
    if good is None:
        messages.warn(parent, str(error) + "\n\n" + _("No sound snapshot of this file was found. Restore a "
                                            "copy with File › Restore, or call for help; the "
                                            "damaged file was not changed."))
        return False
    question = (str(error) + "\n\n" + _(
        "Restore the latest sound snapshot, taken on {date} ({reason})? The damaged file is kept "
        "aside in the snapshots folder.").format(date=format_datetime(good.taken_at),
                                                  reason=good.reason_label))
    if not messages.ask(parent, _("Damaged database"), question):
        return False
    try:
        snap.restore(db_path, good.path, check_lock=False)
    except UserError as exc:
        messages.warn(parent, str(exc))
        return False
    return True


def show_notices(window) -> None:
    """Tell once what the user must know about this file (read-only, …)."""
    notices = list(window.ctx.notices)
    if window.ctx.read_only:
        from ..core.write_guard import read_only_message

        window.statusBar().showMessage(read_only_message(window.ctx.db_path))
    for notice in notices:
        messages.warn(window, notice)
    window.ctx.notices.clear()


def data_folder_widget(db_path, parent=None) -> QWidget:
    """A line saying where snapshots are kept, with a button to open the folder."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    folder = snap.folder_for(db_path)
    label = QLabel(_("Snapshots are kept in {folder}").format(folder=folder), box)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    button = QPushButton(_("Open the folder"), box)
    button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    row.addWidget(label, 1)
    row.addWidget(button)
    return box


def smoke_check(ctx, folder: Path) -> dict:
    """--smoke-test: a snapshot of the temporary database is taken and is sound."""
    from .secrets_panel import store_of

    taken = snap.take_snapshot(ctx.db_path, "manual")
    return {"snapshot_ok": snap.is_good(taken), "secret_backend": store_of(ctx).status.backend,
            "secret_store_available": store_of(ctx).available}
