"""What the Continuity tabs share: a table view on a rows model (the kit's), column fitting, the
selected row, and :class:`_Tab` (the page, its database, the one error box)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTableView, QWidget

from ...core.i18n import _
from ..kit import messages
from ..kit.list_tab import ListTab
from ..kit.table import make_table, selected_row

if TYPE_CHECKING:
    from .page import ContinuityPage

__all__ = ["_Tab", "_fit", "_list", "_table", "selected_row"]


def _table(model, parent, sortable: bool = True) -> QTableView:
    """A list of the page: sorted on its first column when ``sortable``."""
    return make_table(model, parent, sortable=sortable, sort_column=0 if sortable else None,
                      dynamic_sort=True, single=True)


def _list(tab: _Tab, model, add_text: str, sortable: bool = True, extra=()) -> ListTab:
    """A tab's list (the kit's list tab): its add button says what it adds; Edit and Delete call
    the tab's ``edit`` and ``delete``; read-only databases change nothing."""
    return ListTab(model, tab, add=(add_text, tab.add), edit=(_("&Edit…"), tab.edit),
                   delete=(_("&Delete"), tab.delete), extra=extra, nested=True,
                   read_only=tab.page.ctx.read_only,
                   table={"sortable": sortable, "sort_column": 0 if sortable else None,
                          "dynamic_sort": True, "single": True})


def _fit(view: QTableView, max_width: int = 320) -> None:
    """Columns as wide as their content (up to ``max_width``), rows as tall as their text."""
    view.resizeColumnsToContents()
    for col in range(view.model().columnCount() - 1):
        if view.columnWidth(col) > max_width:
            view.setColumnWidth(col, max_width)
    view.resizeRowsToContents()


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
