"""Table models of the Training page: a generic list of rows, and the coverage matrix."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor

from ...core import training as t
from ...core.i18n import _, format_percent, ngettext
from ..models import ID_ROLE, SORT_ROLE, SearchProxyModel, fold

GOOD = QColor("#CDEBD3")
MIDDLE = QColor("#FBE7B5")
BAD = QColor("#F6CFCA")
NONE = QColor("#EEEEEE")


def ratio_colour(ratio: float | None, target_percent: int) -> QColor:
    if ratio is None:
        return NONE
    if ratio * 100 >= target_percent:
        return GOOD
    if ratio >= 0.5:
        return MIDDLE
    return BAD


class Column:
    """One column: English header, the text of a row, an optional sort key and colour."""

    def __init__(self, header: str, text: Callable[[dict], Any], sort: Callable[[dict], Any] | None = None,
                 background: Callable[[dict], QColor | None] | None = None,
                 checkable: bool = False):
        self.header = header
        self.text = text
        self.sort = sort
        self.background = background
        self.checkable = checkable


class RowsModel(QAbstractTableModel):
    """Rows (dicts with an ``id``) shown through :class:`Column` definitions.

    A column may be checkable: the model then keeps a set of checked ids (used to pick people).
    """

    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self._rows: list[dict] = []
        self._texts: list[list[str]] = []
        self._search: list[str] = []
        self.checked: set[int] = set()

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [[str(c.text(r) if c.text else "") for c in self.columns] for r in self._rows]
        self._search = [fold(" ".join(texts)) for texts in self._texts]
        ids = {r.get("id") for r in self._rows}
        self.checked &= ids
        self.endResetModel()

    def row(self, index: int) -> dict:
        return self._rows[index]

    def rows(self) -> list[dict]:
        return list(self._rows)

    def row_of(self, record_id: int) -> int:
        for index, r in enumerate(self._rows):
            if r.get("id") == record_id:
                return index
        return -1

    def search_text(self, row: int) -> str:
        return self._search[row]

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if (parent is not None and parent.isValid()) else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if (parent is not None and parent.isValid()) else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].header)
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        if role == SORT_ROLE:
            if column.sort is not None:
                return column.sort(row)
            return fold(self._texts[index.row()][index.column()])
        if role == ID_ROLE:
            return row.get("id")
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            colour = column.background(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            return Qt.CheckState.Checked if row.get("id") in self.checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if index.isValid() and role == Qt.ItemDataRole.CheckStateRole and self.columns[index.column()].checkable:
            record_id = self._rows[index.row()].get("id")
            if Qt.CheckState(value) == Qt.CheckState.Checked:
                self.checked.add(record_id)
            else:
                self.checked.discard(record_id)
            self.dataChanged.emit(index, index, [role])
            return True
        return False

    def set_checked(self, ids) -> None:
        self.beginResetModel()
        self.checked = set(ids)
        self.endResetModel()


def proxy_for(model: RowsModel, parent=None) -> SearchProxyModel:
    proxy = SearchProxyModel(parent)
    proxy.setSourceModel(model)
    return proxy


class CoverageModel(QAbstractTableModel):
    """Units × modules: share of the people who need a module and were present at a session."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cov: t.Coverage | None = None

    def set_coverage(self, cov: t.Coverage) -> None:
        self.beginResetModel()
        self.cov = cov
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if (parent is not None and parent.isValid()) or self.cov is None else len(self.cov.units) + 1

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if (parent is not None and parent.isValid()) or self.cov is None else len(self.cov.modules) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.cov is None or orientation != Qt.Orientation.Horizontal or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section == 0:
            text = _("Unit")
        elif section == len(self.cov.modules) + 1:
            text = _("Ready for go-live")
        else:
            text = self.cov.modules[section - 1]["name"]
        # long module names on two or three lines: the columns stay narrow enough to fit
        return textwrap.fill(text, 18) if role == Qt.ItemDataRole.DisplayRole else text

    def _cell(self, row: int, column: int) -> t.Cell | None:
        cov = self.cov
        assert cov is not None
        total_row = row == len(cov.units)
        if column == len(cov.modules) + 1:
            if total_row:
                return t.Cell(sum(r.ready for r in cov.readiness), sum(r.people for r in cov.readiness))
            ready = cov.readiness[row]
            return t.Cell(ready.ready, ready.people)
        module_id = cov.modules[column - 1]["id"]
        if total_row:
            return cov.module_totals.get(module_id, t.Cell())
        return cov.cell(cov.units[row]["id"], module_id)

    def ratio(self, row: int, column: int) -> float | None:
        if column == 0:
            return None
        cell = self._cell(row, column)
        return cell.ratio if cell else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.cov is None:
            return None
        row, column = index.row(), index.column()
        total_row = row == len(self.cov.units)
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("All units") if total_row else self.cov.units[row]["name"]
            if role == Qt.ItemDataRole.FontRole and total_row:
                from PySide6.QtGui import QFont

                font = QFont()
                font.setBold(True)
                return font
            return None
        cell = self._cell(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if cell is None or cell.ratio is None:
                return "—"
            return _("{ratio} ({trained}/{needed})").format(
                ratio=format_percent(cell.ratio), trained=cell.trained, needed=cell.needed)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(ratio_colour(cell.ratio if cell else None, self.cov.target_percent))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1A1A1A"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None and cell.needed:
            return _("{trained} out of {needed}").format(
                trained=ngettext("{count} person trained", "{count} people trained", cell.trained).format(
                    count=cell.trained),
                needed=ngettext("{count} who needs it", "{count} who need it", cell.needed).format(
                    count=cell.needed))
        return None
