"""The UI kit's tables: one column spec, one rows model, one proxy, one table view.

A :class:`Column` says what a column shows (an English header, translated when shown; the text of
a row; an optional sort key, colours, alignment, tooltip; a check box). :class:`RowsModel` shows
any list of rows (dicts or objects) through such columns, with the house's roles: :data:`ID_ROLE`
(the row's id), :data:`SORT_ROLE` (one sort key per cell, texts in French order:
:func:`si_local.core.collation.collation_key`), :data:`SEARCH_ROLE` (the row's text
without accents nor case, see :func:`fold`) and :data:`ROW_ROLE` (the row itself).
:func:`make_table` gives the configured view (on a :class:`SearchProxyModel` when sortable) and
:func:`selected_row` the row under the view's selection.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...core.collation import collation_key
from ...core.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the id of the row (a record id)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the sort key of the cell
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # the folded text of the whole row
ROW_ROLE = Qt.ItemDataRole.UserRole + 5  # the row itself (a dict or any object)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):  # Latin-1 and Latin Extended: é -> e, Ç -> C
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and base != char:
            table[code] = base
    table.update({ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE",
                  ord("\u2019"): "'", ord("\u00a0"): " ", ord("\u202f"): " "})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Text without accents nor case, for searching and sorting ("Hôpital" -> "hopital")."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD).casefold()


Colour = Callable[[Any], "str | QColor | None"]


@dataclass
class Column:
    """One column: an English header (translated when shown) and the text of a row.

    ``sort`` gives the cell's sort key (by default: the folded text, or the value itself when
    ``text`` gives a number); ``background`` / ``foreground`` a colour (name or QColor) or None;
    ``align`` the cell's alignment; ``checkable`` a check box kept in :attr:`RowsModel.checked`;
    ``tooltip`` the tooltip's text (by default the cell's text, when the model shows tooltips).
    """

    header: str
    text: Callable[[Any], Any]
    sort: Callable[[Any], Any] | None = None
    background: Colour | None = None
    foreground: Colour | None = None
    align: Qt.AlignmentFlag | None = None
    checkable: bool = False
    tooltip: Callable[[Any], str | None] | None = None


def _brush(colour) -> QBrush | None:
    if colour is None or colour == "":
        return None
    return QBrush(colour if isinstance(colour, QColor) else QColor(colour))


def default_id(row: Any) -> Any:
    return row.get("id") if isinstance(row, dict) else getattr(row, "id", None)


class RowsModel(QAbstractTableModel):
    """Rows (dicts or objects) shown through :class:`Column` specs.

    ``row_colour(row)`` may tint a whole row; ``row_id(row)`` gives the id (``row["id"]`` or
    ``row.id`` by default); ``tooltips`` shows each cell's text as its tooltip. The texts are
    computed once per :meth:`set_rows`; a checkable column keeps the checked ids in
    :attr:`checked`.
    """

    def __init__(self, columns: list[Column], parent=None, *, row_colour: Colour | None = None,
                 row_id: Callable[[Any], Any] = default_id, tooltips: bool = True):
        super().__init__(parent)
        self.columns = list(columns)
        self.row_colour = row_colour
        self.row_id = row_id
        self.tooltips = tooltips
        self.rows: list[Any] = []  # the rows shown, in the model's order (read-only outside)
        self._values: list[list[Any]] = []
        self._search: list[str] = []
        self.checked: set = set()

    # rows ----------------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._values = [self._row_values(r) for r in self.rows]
        self._search = [self._folded(values) for values in self._values]
        self.checked &= {self.row_id(r) for r in self.rows}
        self.endResetModel()

    def replace_row(self, row: int, value: Any) -> None:
        """Put ``value`` in place of the row at ``row`` (after an edit) and repaint it."""
        self.rows[row] = value
        self._values[row] = self._row_values(value)
        self._search[row] = self._folded(self._values[row])
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _row_values(self, row: Any) -> list[Any]:
        return [c.text(row) for c in self.columns]

    def _folded(self, values: list[Any]) -> str:
        return fold(" ".join(self._text(v) for v in values))

    @staticmethod
    def _text(value: Any) -> str:
        return "" if value is None else str(value)

    @property
    def headers(self) -> list[str]:
        """The columns' headers as shown (translated)."""
        return [_(c.header) for c in self.columns]

    def row(self, row: int) -> Any:
        return self.rows[row]

    def row_of(self, record_id: Any) -> int:
        """The model row of the row whose id is ``record_id``, -1 if none."""
        for index, r in enumerate(self.rows):
            if self.row_id(r) == record_id:
                return index
        return -1

    def row_at(self, index: QModelIndex) -> Any:
        """The row under ``index`` (of this model or of a proxy over it), None if none."""
        return index.data(ROW_ROLE) if index.isValid() else None

    def search_text(self, row: int) -> str:
        return self._search[row]

    def set_checked(self, ids) -> None:
        self.beginResetModel()
        self.checked = set(ids)
        self.endResetModel()

    # Qt interface --------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=_DISPLAY):  # noqa: N802
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.headers[section]
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=_DISPLAY):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == _DISPLAY:
            return self._text(self._values[r][c])
        if role == SORT_ROLE:
            return self.sort_key(r, c)
        return self._other(r, c, role)

    def sort_key(self, r: int, c: int) -> Any:
        column = self.columns[c]
        if column.sort is not None:
            return column.sort(self.rows[r])
        value = self._values[r][c]
        if value is None:
            return ""
        # French order (core.collation): the same key core's sorts and the printed lists use
        return value if isinstance(value, (int, float)) else collation_key(str(value))

    def _other(self, r: int, c: int, role):  # noqa: C901 - one branch per role
        row, column = self.rows[r], self.columns[c]
        if role == _TOOLTIP:
            if column.tooltip is not None:
                return column.tooltip(row)
            return self._text(self._values[r][c]) if self.tooltips else None
        if role == ID_ROLE:
            return self.row_id(row)
        if role == ROW_ROLE:
            return row
        if role == SEARCH_ROLE:
            return self._search[r]
        if role == Qt.ItemDataRole.BackgroundRole:
            if column.background is not None:
                return _brush(column.background(row))
            return _brush(self.row_colour(row)) if self.row_colour else None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return None if colour is None else QColor(colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align)
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            return Qt.CheckState.Checked if self.row_id(row) in self.checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if index.isValid() and role == Qt.ItemDataRole.CheckStateRole and self.columns[index.column()].checkable:
            record_id = self.row_id(self.rows[index.row()])
            if Qt.CheckState(value) == Qt.CheckState.Checked:
                self.checked.add(record_id)
            else:
                self.checked.discard(record_id)
            self.dataChanged.emit(index, index, [role])
            return True
        return False


class SearchProxyModel(QSortFilterProxyModel):
    """Sorts on :data:`SORT_ROLE` and keeps the rows containing every word typed (any column,
    accents and case ignored, through the source's ``search_text(row)``).

    A source that sorts itself (``SORTS_ITSELF``, the registry's 10,000-row model) is handed the
    sorting.
    """

    def __init__(self, parent=None, dynamic: bool = False):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(dynamic)
        self._words: list[str] = []

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if getattr(source, "SORTS_ITSELF", False):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_search(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802
        if not self._words:
            return True
        text = self.sourceModel().search_text(source_row)
        return all(word in text for word in self._words)


KEEP_ORDER = None  # make_table(sort_column=KEEP_ORDER): sortable, the rows stay in the model's order
NO_INDICATOR = -1  # make_table(sort_column=NO_INDICATOR): the same, and no sort arrow shown


def make_table(model: QAbstractItemModel, parent=None, *, sortable: bool = True,  # noqa: C901
               sort_column: int | None = KEEP_ORDER,
               sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder, dynamic_sort: bool = False,
               single: bool = False, alternating: bool = True, word_wrap: bool = True,
               resize: QHeaderView.ResizeMode | None = None, stretch_last: bool = True,
               editable: bool = False, view: QTableView | None = None) -> QTableView:
    """The house's table view over ``model``: whole rows selected (one when ``single``), no row
    numbers, alternating colours, read-only unless ``editable``.

    When ``sortable`` the view shows a :class:`SearchProxyModel` over the model (``view.model()``)
    and sorts by ``sort_column`` (:data:`KEEP_ORDER`: the model's order until a header click);
    ``dynamic_sort`` re-sorts edited rows at once. ``view`` configures an existing view (a
    subclass) instead of a new QTableView.
    """
    view = view if view is not None else QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.setWordWrap(word_wrap)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setStretchLastSection(stretch_last)
    if resize is not None:
        header.setSectionResizeMode(resize)
    if not sortable:
        view.setModel(model)
        fit_headers(view)
        return view
    proxy = SearchProxyModel(view, dynamic=dynamic_sort)
    proxy.setSourceModel(model)
    if sort_column is None or sort_column < 0:
        view.setSortingEnabled(True)  # before the model: the rows keep the model's order
        view.setModel(proxy)
        if sort_column is not None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(sort_column, sort_order)
    fit_headers(view)
    return view


def fit_headers(view: QTableView) -> None:
    """Widen each column whose title does not fit (« Session à venir » cut at the default 100
    pixels); a column already wide enough keeps its width."""
    header = view.horizontalHeader()
    for section in range(header.count()):
        needed = header.sectionSizeHint(section)
        if header.sectionSize(section) < needed:
            header.resizeSection(section, needed)


def selected_row(view: QAbstractItemView) -> Any:
    """The row (of a :class:`RowsModel`) under the view's current index (else its first selected
    row), None if none."""
    index = view.currentIndex()  # the current row first: it changes before the selection does
    if not index.isValid():
        selection = view.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        index = rows[0] if rows else index
    return index.data(ROW_ROLE) if index.isValid() else None


def select_id(view: QAbstractItemView, row_id: Any) -> bool:
    """Make the row whose id (:data:`ID_ROLE`) is ``row_id`` current, whatever the sort or the
    filter of the view's model; False when no row has it."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == row_id:
            view.setCurrentIndex(index)
            view.scrollTo(index)
            return True
    return False
