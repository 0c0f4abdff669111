"""Table models of the registry lists (one generic model for every kind) and of Home's alerts.

Display text goes through :func:`si_local.core.registry.display_value` (units, French dates and
numbers); sorting uses :data:`SORT_ROLE`, a key of one type per column built from the raw value
(numbers as numbers, dates as ISO text, references and choices by what the user reads). The search
box filters on :data:`SEARCH_ROLE`, one accent- and case-free text per row.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel, Qt

from ..core import registry as reg
from ..core.i18n import N_, _

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id of the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the sort key of the cell
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # the normalised text of the whole row
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 4

_NUMERIC = ("int", "float")
_MISSING_NUMBER = float("-inf")  # empty numbers sort first, like empty text


def fold(text: str) -> str:
    """Text without accents nor case, for searching ("Hôpital" -> "hopital")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class RecordTableModel(QAbstractTableModel):
    """Every record of one registry kind; columns are the kind's ``in_list`` fields."""

    def __init__(self, db, kind: reg.Kind, parent=None):
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.fields: list[reg.Field] = kind.list_fields
        self._ids: list[int] = []
        self._display: list[list[str]] = []
        self._sort: list[list[Any]] = []
        self._search: list[str] = []
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
                links: dict[int, list[int]] = {}
                for owner, ref in self.db.execute(
                    f"SELECT {f.link_owner_col}, {f.link_ref_col} FROM {f.link_table} "
                    f"ORDER BY {f.link_ref_col}"
                ).fetchall():
                    links.setdefault(owner, []).append(ref)
                for record in records:
                    record[f.name] = links.get(record["id"], [])
        cache: dict[tuple[str, Any], str] = {}  # many cells repeat (2 vCPU, "Windows Server")
        ids, display, sort, search = [], [], [], []
        for record in records:
            texts, keys = [], []
            for f in self.fields:
                value = record.get(f.name)
                hashable = tuple(value) if isinstance(value, list) else value
                text = cache.get((f.name, hashable))
                if text is None:
                    text = reg.display_value(f, value, titles.get(f.name))
                    cache[(f.name, hashable)] = text
                texts.append(text)
                if f.type in _NUMERIC:
                    keys.append(float(value) if value is not None else _MISSING_NUMBER)
                elif f.type in ("date", "datetime"):
                    keys.append(str(value or ""))
                elif f.type == "bool":
                    keys.append(float(value or 0))
                else:  # text, choices and references sort by what the user reads
                    keys.append(fold(text))
            ids.append(record["id"])
            display.append(texts)
            sort.append(keys)
            search.append(fold(" \t".join(texts)))
        self._ids, self._display, self._sort, self._search = ids, display, sort, search

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


class SearchProxyModel(QSortFilterProxyModel):
    """Sorts on :data:`SORT_ROLE`; keeps the rows containing every word typed (any column,
    accents and case ignored)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._words: list[str] = []

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


# --- Home: what needs attention -----------------------------------------------------------

SEVERITIES = {
    "high": N_("Act now"),
    "medium": N_("Plan soon"),
    "low": N_("For information"),
}


class AlertTableModel(QAbstractTableModel):
    """The alerts of :func:`si_local.core.alerts.collect`, one per row."""

    COL_SEVERITY, COL_MESSAGE = range(2)
    HEADERS = (N_("Priority"), N_("What needs attention"))

    def __init__(self, alerts=(), parent=None):
        super().__init__(parent)
        self._alerts = list(alerts)

    def set_alerts(self, alerts) -> None:
        self.beginResetModel()
        self._alerts = list(alerts)
        self.endResetModel()

    def alert(self, row: int):
        return self._alerts[row]

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._alerts)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        alert = self._alerts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_SEVERITY:
                return _(SEVERITIES.get(alert.severity, alert.severity))
            return alert.message
        if role == SORT_ROLE:
            from ..core.alerts import SEVERITY_ORDER

            if index.column() == self.COL_SEVERITY:
                return SEVERITY_ORDER.get(alert.severity, 9)
            return fold(alert.message)
        if role == SEVERITY_ROLE:
            return alert.severity
        if role == ID_ROLE:
            return alert.record_id
        return None
