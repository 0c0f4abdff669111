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
