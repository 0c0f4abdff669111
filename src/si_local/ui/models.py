"""Table models of the registry lists (one generic model for every kind) and of Home's alerts.

Display text goes through :func:`si_local.core.registry.display_value` (units, French dates and
numbers); sorting uses :data:`SORT_ROLE`, a key of one type per column built from the raw value
(numbers as numbers, dates as ISO text, references and choices by what the user reads). The search
box filters on :data:`SEARCH_ROLE`, one accent- and case-free text per row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt

from ..core import registry as reg
from ..core.collation import collation_key
from ..core.i18n import N_, _
from .kit.table import ID_ROLE, SEARCH_ROLE, SORT_ROLE, Column, RowsModel, SearchProxyModel, fold

__all__ = ["ID_ROLE", "SEARCH_ROLE", "SEVERITY_ROLE", "SORT_ROLE", "AlertTableModel", "RecordTableModel",
           "SearchProxyModel", "fold"]

SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 4

_NUMERIC = ("int", "float")
_PLAIN = ("text", "longtext", "address", "addresses", "email", "phone", "finess")
_MISSING_NUMBER = float("-inf")  # empty numbers sort first, like empty text


class RecordTableModel(QAbstractTableModel):
    """Every record of one registry kind; columns are the kind's ``in_list`` fields.

    A special fast model for 10,000 rows (texts, sort keys and search texts computed once, sorted
    here): it keeps the kit's roles (:mod:`si_local.ui.kit.table`).
    """

    SORTS_ITSELF = True  # SearchProxyModel hands it the sorting

    def __init__(self, db, kind: reg.Kind, parent=None):
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.fields: list[reg.Field] = kind.list_fields
        self._ids: list[int] = []
        self._display: list[list[str]] = []
        self._sort: list[list[Any]] = []
        self._search: list[str] = []
        self._position: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.reload()

    # named columns: the position of a field in the list
    def column_of(self, field_name: str) -> int:
        for index, f in enumerate(self.fields):
            if f.name == field_name:
                return index
        raise KeyError(field_name)

    def reload(self) -> None:
        self.beginResetModel()
        try:
            self._load()
        finally:
            self.endResetModel()

    def _load(self) -> None:
        titles: dict[str, dict[int, str]] = {}
        for f in self.fields:
            if f.type in ("ref", "multiref"):
                titles[f.name] = dict(reg.choices_for(self.db, reg.KINDS[f.ref]))
        records = reg.rows(self.db, self.kind)
        for f in self.fields:
            if f.type == "multiref":  # links are not columns of the table: read them once
                links = reg.links(self.db, f)
                for record in records:
                    record[f.name] = links.get(record["id"], [])
        # One cache per column: many cells repeat (2 vCPU, "Windows Server 2022", the host).
        caches: list[dict[Any, tuple[str, str, Any]]] = [{} for _f in self.fields]
        ids, display, sort, search = [], [], [], []
        for record in records:
            texts, keys, folded = [], [], []
            for f, cache in zip(self.fields, caches, strict=True):
                value = record.get(f.name)
                hashable = tuple(value) if isinstance(value, list) else value
                cell = cache.get(hashable)
                if cell is None:
                    cell = cache[hashable] = self._cell(f, value, titles.get(f.name))
                texts.append(cell[0])
                folded.append(cell[1])
                keys.append(cell[2])
            ids.append(record["id"])
            display.append(texts)
            sort.append(keys)
            search.append(" \t".join(folded))
        self._ids, self._display, self._sort, self._search = ids, display, sort, search
        self._position = list(range(len(ids)))  # the registry's own order, for "unsorted"
        if self._sort_column >= 0:
            self._apply_sort(self._sort_column, self._sort_order)

    # Sorting is done here, in Python, once per click: sorting in the proxy would call data()
    # hundreds of thousands of times for 10,000 rows.
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old_rows = list(self._ids)
        self._apply_sort(column, order)
        new_row = {record_id: row for row, record_id in enumerate(self._ids)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [
            self.index(new_row[old_rows[i.row()]], i.column()) for i in old])
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order) -> None:
        self._sort_column, self._sort_order = column, order
        if 0 <= column < len(self.fields):
            keys = self._sort
            perm = sorted(range(len(self._ids)), key=lambda i: (keys[i][column], self._position[i]),
                          reverse=order == Qt.SortOrder.DescendingOrder)
        else:
            perm = sorted(range(len(self._ids)), key=self._position.__getitem__)
        for name in ("_ids", "_display", "_sort", "_search", "_position"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in perm])

    @staticmethod
    def _cell(f: reg.Field, value: Any, titles: dict[int, str] | None) -> tuple[str, str, Any]:
        """(display text, folded text for the search, sort key) of one value."""
        if f.type in _PLAIN:
            text = "" if value is None else str(value)
        else:
            text = reg.display_value(f, value, titles)
        folded = fold(text)
        if f.type in _NUMERIC:
            key: Any = float(value) if value is not None else _MISSING_NUMBER
        elif f.type in ("date", "datetime"):
            key = str(value or "")
        elif f.type == "bool":
            key = float(value or 0)
        else:  # text, choices and references sort by what the user reads, in French order
            key = collation_key(text)
        return text, folded, key

    # Qt interface
    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.fields)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.fields):
            f = self.fields[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return _(f.label)
            if role == Qt.ItemDataRole.ToolTipRole and f.help:
                return _(f.help)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[row][column]
        if role == SORT_ROLE:
            return self._sort[row][column]
        if role == ID_ROLE:
            return self._ids[row]
        if role == SEARCH_ROLE:
            return self._search[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._display[row][column]
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and self.fields[column].type in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # helpers for the page and the tests
    def record_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def search_text(self, row: int) -> str:
        return self._search[row]


# --- Home: what needs attention -----------------------------------------------------------

SEVERITIES = {
    "high": N_("Act now"),
    "medium": N_("Plan soon"),
    "low": N_("For information"),
}


def _severity_order(alert) -> int:
    from ..core.alerts import SEVERITY_ORDER

    return SEVERITY_ORDER.get(alert.severity, 9)


class AlertTableModel(RowsModel):
    """The alerts of :func:`si_local.core.alerts.collect`, one per row (:data:`SEVERITY_ROLE`:
    its severity key; :data:`ID_ROLE`: the record it is about)."""

    COL_SEVERITY, COL_MESSAGE = range(2)

    def __init__(self, alerts=(), parent=None):
        super().__init__([
            Column(N_("Priority"), lambda a: _(SEVERITIES.get(a.severity, a.severity)), _severity_order),
            Column(N_("What needs attention"), lambda a: a.message),
        ], parent, row_id=lambda a: a.record_id, tooltips=False)
        self.set_rows(alerts)

    def set_alerts(self, alerts) -> None:
        self.set_rows(alerts)

    def alert(self, row: int):
        return self.row(row)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == SEVERITY_ROLE and index.isValid():
            return self.row(index.row()).severity
        return super().data(index, role)
