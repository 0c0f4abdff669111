"""The Impact tab: what stops when an item of the registry fails."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ...core import continuity as c
from ...core.errors import UserError
from ...core.i18n import _
from ...core.summary import records_by_name
from ..pdf_preview import build_and_preview
from ..tasks import runner_for
from .common import _Tab


class ImpactTab(_Tab):
    def __init__(self, page):
        super().__init__(page)
        self._filled_kind: str | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.setObjectName("impact_kind")
        for key in c.IMPACT_KINDS:
            self.kind.addItem(_(c.IMPACT_KIND_LABELS[key]), key)
        self.kind.currentIndexChanged.connect(self.fill_items)
        self.item = QComboBox(self)
        self.item.setObjectName("impact_item")
        self.item.setMinimumWidth(320)
        go = QPushButton(_("&Show the impact"), self)
        go.setObjectName("impact_go")
        go.clicked.connect(self.run)
        label = QLabel(_("If this fails:"), self)
        label.setBuddy(self.kind)
        bar.addWidget(label)
        bar.addWidget(self.kind)
        bar.addWidget(self.item, 1)
        bar.addWidget(go)
        self.print_button = QPushButton(_("&Print the impact…"), self)
        self.print_button.setObjectName("impact_print")
        self.print_button.clicked.connect(lambda: self.print_impact())
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.result = QPlainTextEdit(self)
        self.result.setObjectName("impact_result")
        self.result.setReadOnly(True)
        layout.addWidget(self.result, 1)
        self.item.currentIndexChanged.connect(lambda _i: self.run())

    def refresh(self) -> None:
        self.fill_items()

    def fill_items(self) -> None:
        kind = self.kind.currentData()
        current = self.item.currentData() if kind == self._filled_kind else None
        self._filled_kind = kind
        self.item.blockSignals(True)
        self.item.clear()
        for r in records_by_name(self.db, kind):
            self.item.addItem(r["name"], r["id"])
        if current is not None and self.item.findData(current) >= 0:
            self.item.setCurrentIndex(self.item.findData(current))
        self.item.blockSignals(False)
        self.run()

    def run(self) -> None:
        if self.item.currentData() is None:
            self.result.setPlainText(_("Nothing to analyse: the registry has no item of this kind."))
            return
        try:
            result = c.impact(self.db, self.kind.currentData(), str(self.item.currentData()))
        except UserError as exc:
            self.result.setPlainText(str(exc))
            return
        self.result.setPlainText("\n".join(c.impact_lines(result)))

    def print_impact(self, *, show: bool = True):
        """The impact of the chosen item as a PDF, built off the GUI thread and previewed (as
        the plan is); returns the path it is built at, or None with nothing chosen."""
        kind, item = self.kind.currentData(), self.item.currentData()
        if item is None:
            return None
        db_path = self.page.ctx.db_path
        today = self.page.today()

        def build(path):
            from ...core.db import open_database
            from ...core.reports.impact import print_impact

            db = open_database(db_path, create=False, read_only=True)
            try:
                return print_impact(db, kind, str(item), path, today)
            finally:
                db.close()

        self.print_button.setEnabled(False)
        return build_and_preview(runner_for(self.page.ctx), self, build, "impact.pdf", show=show,
                                 on_end=lambda: self.print_button.setEnabled(True))
