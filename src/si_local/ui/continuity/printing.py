"""The Print / preview tab: the printed plan and the crisis kit, built off the GUI thread and
previewed."""

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
        kit_text = QLabel(_(
            "The crisis kit is what the crisis cell needs when every screen is dark: the call "
            "tree, the suppliers' hotlines, the restart order, the degraded-mode checklists, "
            "numbered main courante sheets, a blank incident declaration and the first-hour "
            "reflexes. Keep it with the printed plan."), self)
        kit_text.setWordWrap(True)
        layout.addWidget(kit_text)
        self.kit_button = QPushButton(_("Print the crisis &kit…"), self)
        self.kit_button.setObjectName("print_crisis_kit")
        self.kit_button.clicked.connect(self.preview_kit)
        layout.addWidget(self.kit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.state = QLabel(self)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.last_pdf: Path | None = None

    def preview(self, *, show: bool = True):
        from ...core.reports.continuity import print_plan

        return self._preview(print_plan, "plan-continuite.pdf", self.button, show=show,
                             building=_("Building the plan…"), built=_("Plan built: {path}"))

    def preview_kit(self, *, show: bool = True):
        from ...core.reports.crisis_kit import print_crisis_kit

        return self._preview(print_crisis_kit, "kit-de-crise.pdf", self.kit_button, show=show,
                             building=_("Building the crisis kit…"),
                             built=_("Crisis kit built: {path}"))

    def _preview(self, printer, file_name: str, button: QPushButton, *, show: bool, building: str,
                 built: str):
        db_path = self.page.ctx.db_path
        today = self.page.today()

        def build(path: Path) -> int:
            from ...core.db import open_database

            db = open_database(db_path, create=False, read_only=True)
            try:
                return printer(db, path, today)
            finally:
                db.close()

        button.setEnabled(False)
        self.state.setText(building)

        def ready(path: Path) -> None:
            self.last_pdf = path
            button.setEnabled(True)
            self.state.setText(built.format(path=path))

        def end() -> None:
            if not button.isEnabled():  # not built: the message was told apart
                button.setEnabled(True)
                self.state.clear()

        return build_and_preview(runner_for(self.page.ctx), self, build, file_name,
                                 show=show, on_ready=ready, on_end=end)
