"""Table models of the Training page: the kit's list of rows (re-exported), and the coverage matrix."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor

from ...core import training as t
from ...core.i18n import _, format_percent, ngettext
from ..kit.table import Column, RowsModel, SearchProxyModel

__all__ = ["BAD", "GOOD", "MIDDLE", "NONE", "Column", "CoverageModel", "RowsModel", "proxy_for", "ratio_colour"]

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
