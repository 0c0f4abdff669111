"""The Group page's table models: the core-model items, the consolidated facilities."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ...core.group import packs
from ...core.i18n import N_, _, format_date, format_number, format_percent


class ItemsModel(QAbstractTableModel):
    STATE, KIND, TITLE, DIFFERENCES, VERSION = range(5)
    HEADERS = (N_("State"), N_("Kind"), N_("Title"), N_("Differs from the standard in"), N_("Pack"))

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.items: list[packs.Item] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.items = packs.items(self.db)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == self.STATE:
                return _(packs.STATES[item.state])
            if column == self.KIND:
                return _(packs.KINDS[item.kind])
            if column == self.TITLE:
                return item.title
            if column == self.DIFFERENCES:
                return item.difference_labels()
            if column == self.VERSION:
                return str(item.pack_version or "")
        if role == Qt.ItemDataRole.ForegroundRole and item.state != packs.STATE_STANDARD:
            from PySide6.QtGui import QColor

            return QColor("#9C5700")
        return None


class FacilitiesModel(QAbstractTableModel):
    HEADERS = (N_("Facility"), N_("Bundle of"), N_("Self-diagnostic (0–4)"),
               N_("High compliance findings"), N_("Last restore test"), N_("Plan next review"),
               N_("Last exercise"), N_("Training coverage"), N_("Units without référent"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.facilities = []

    def set_facilities(self, facilities) -> None:
        self.beginResetModel()
        self.facilities = list(facilities)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.facilities)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        f = self.facilities[index.row()]
        values = [
            f.name, format_date(f.bundle_date),
            format_number(f.overall_score, 1) if f.overall_score is not None else "—",
            str(f.compliance_high),
            format_date(f.last_restore_test) if f.last_restore_test else _("never"),
            format_date(f.plan_next_review) if f.plan_next_review else "—",
            format_date(f.last_exercise) if f.last_exercise else "—",
            format_percent(f.training_share) if f.training_share is not None else "—",
            str(f.units_without_referent),
        ]
        return values[index.column()]
