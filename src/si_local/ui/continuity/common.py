"""What the Continuity tabs share: a table view on a rows model, column fitting, the selected
row, and :class:`_Tab` (the page, its database, the one error box)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ...core.i18n import _
from ..kit import messages
from .models import RowsModel, proxy_for

if TYPE_CHECKING:
    from .page import ContinuityPage


def _table(model, parent, sortable: bool = True) -> QTableView:
    view = QTableView(parent)
    view.setModel(proxy_for(model, view) if sortable else model)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(True)
    if sortable:
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view


def _fit(view: QTableView, max_width: int = 320) -> None:
    """Columns as wide as their content (up to ``max_width``), rows as tall as their text."""
    view.resizeColumnsToContents()
    for col in range(view.model().columnCount() - 1):
        if view.columnWidth(col) > max_width:
            view.setColumnWidth(col, max_width)
    view.resizeRowsToContents()


def _selected(view: QTableView, model: RowsModel) -> dict | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    proxy = view.model()
    if proxy is not model:
        index = proxy.mapToSource(index)
    return model.row_of(index)


class _Tab(QWidget):
    def __init__(self, page: ContinuityPage):
        super().__init__(page)
        self.page = page
        self.db = page.db

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def error(self, exc: Exception) -> None:
        # a ValidationError one field a line: « Approuvé par : 300 caractères, au plus 200. »
        messages.warn(self, exc, title=_("Continuity"))
