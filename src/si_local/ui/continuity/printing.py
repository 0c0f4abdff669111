"""The Print / preview tab: the printed plan, built off the GUI thread and previewed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

from ...core.i18n import _
from ..pdf_preview import build_and_preview
from ..tasks import runner_for
from .common import _Tab


class PrintTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "The printed plan holds the identity page, the crisis cell and call tree, the critical "
            "activities, each scenario as a checklist, the degraded-mode sheets, the IT restart "
            "order, the backups and where their credentials are kept, the contacts, the compliance "
            "findings, the last exercise and the inventory annexes. Print it after each change and "
            "keep copies where they will be needed when the computers are down."), self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.button = QPushButton(_("&Preview and print the plan…"), self)
        self.button.setObjectName("print_preview")
        self.button.setToolTip("Ctrl+P")
        self.button.clicked.connect(self.preview)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.state = QLabel(self)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.last_pdf: Path | None = None

    def preview(self, *, show: bool = True):
        db_path = self.page.ctx.db_path
        today = self.page.today()

        def build(path: Path) -> int:
            from ...core.db import open_database
            from ...core.reports.continuity import print_plan

            db = open_database(db_path, create=False, read_only=True)
            try:
                return print_plan(db, path, today)
            finally:
                db.close()

        self.button.setEnabled(False)
        self.state.setText(_("Building the plan…"))

        def ready(path: Path) -> None:
            self.last_pdf = path
            self.button.setEnabled(True)
            self.state.setText(_("Plan built: {path}").format(path=path))

        def end() -> None:
            if not self.button.isEnabled():  # not built: the message was told apart
                self.button.setEnabled(True)
                self.state.clear()

        return build_and_preview(runner_for(self.page.ctx), self, build, "plan-continuite.pdf",
                                 show=show, on_ready=ready, on_end=end)
