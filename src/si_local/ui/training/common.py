"""What the Training tabs share: the tabs' keys and titles, a table view, a button with its
shortcut, and the selected ids of a view."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView

from ...core.i18n import N_
from ..models import ID_ROLE


TABS = [("todo", N_("To do")), ("units", N_("Units and référents")), ("staff", N_("Staff")),
        ("modules", N_("Modules")), ("sessions", N_("Sessions and attendance")),
        ("coverage", N_("Coverage"))]


def table_view(parent=None) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def button(text: str, slot, shortcut: str | None = None, tip: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(slot)
    if shortcut:
        b.setShortcut(QKeySequence(shortcut))
        b.setToolTip((tip + " " if tip else "") + f"({shortcut})")
    elif tip:
        b.setToolTip(tip)
    return b


def selected_ids(view: QTableView) -> list[int]:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return [r.data(ID_ROLE) for r in rows]


def select_id(view: QTableView, record_id: int | None) -> bool:
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == record_id:
            view.selectRow(row)
            view.scrollTo(index)
            return True
    return False
