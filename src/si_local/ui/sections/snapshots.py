"""Settings › Snapshots: the automatic copies of the database, "back up now", "restore…"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.i18n import N_, _
from .. import snapshots as safety
from ..kit.table import RowsModel, make_table

TITLE = N_("Snapshots")


class SnapshotsSection(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel(_("SI Local copies the database when it closes and before every update or "
                         "import. The last 10 copies are kept, plus one per week for 8 weeks."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(safety.data_folder_widget(ctx.db_path, self))
        self.model = RowsModel(safety.SNAPSHOT_COLUMNS, self)
        self.view = make_table(self.model, self, **safety.TABLE)
        self.view.setObjectName("snapshots")
        self.view.setMinimumHeight(180)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        self.backup_button = QPushButton(_("&Back up now"), self)
        self.backup_button.setObjectName("backup_now")
        self.restore_button = QPushButton(_("&Restore…"), self)
        self.restore_button.setObjectName("restore")
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setProperty("role", "hint")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.open_restore)
        if ctx.read_only:
            self.backup_button.setEnabled(True)  # copying a read-only file is fine
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip(_("The database is read-only."))
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(safety.snapshot_rows(self.ctx.db_path))
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        if self.model.rowCount() == 0:
            self.status.setText(_("No snapshot yet."))

    def back_up_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText(_("Backing up…"))

        def done(path):
            self.status.setText(_("Copy written to {path}.").format(path=path))
            self.refresh()

        def failed(message):
            self.status.setText(message)

        def end():
            self.backup_button.setEnabled(True)
            if self.status.text() == _("Backing up…"):  # an unexpected error: told apart
                self.status.clear()

        self.job = safety.snapshot_now(self.ctx, done, failed, end, parent=self)

    def open_restore(self) -> None:
        window = self.window()
        if hasattr(window, "ctx"):
            safety.restore(window)
        self.refresh()


def create_section(ctx, parent=None) -> QWidget:
    return SnapshotsSection(ctx, parent)
