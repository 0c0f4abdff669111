"""Snapshots in the window: back up now, restore (a snapshot or a file), the snapshot taken on
close, the offer of the latest good snapshot for a damaged file, the start-up notices, the data
folder, and the packaged smoke check of all this.

Core work (copies, checks, restore) is in :mod:`si_local.core.snapshots`; long copies run off the
GUI thread through the context's task runner (:mod:`si_local.ui.tasks`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
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

from ..core import clock, snapshot_contents
from ..core import snapshots as snap
from ..core.errors import CorruptDatabaseError, UserError
from ..core.i18n import N_, _, format_datetime, format_number
from .kit import messages
from .kit.table import Column, RowsModel, make_table, selected_row
from .tasks import runner_for

log = logging.getLogger(__name__)


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


def snapshot_on_close(ctx) -> Path | None:
    """CLOSE_HOOK: a snapshot of the database when the window closes (not for a read-only file)."""
    if ctx.read_only or not Path(ctx.db_path).exists():
        return None
    return snap.take_snapshot(ctx.db_path, "on-close")


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
