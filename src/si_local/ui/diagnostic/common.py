"""What every part of the self-diagnostic page shares: the colours, the sort role, how a number or
an error is written, a word-wrapped large label, and the sortable table view."""

from __future__ import annotations

import re

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView

from ...core.i18n import format_number
from ..kit.messages import message_of  # noqa: F401  (the page's modules read it here)

ACCENT = QColor("#2f6690")
TARGET = QColor("#c0504d")
PREVIOUS = QColor("#8c8c8c")
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def num(value, digits: int = 2) -> str:
    """A score with a fixed number of decimals (« 2,20 », not « 2,2 » beside « 1,89 »)."""
    return "—" if value is None else format_number(round(value, digits), digits)


def keep_together(text: str) -> str:
    """French punctuation stays on the line of the word before it: no lone « ? » when wrapping."""
    return re.sub(r" ([?!:;»])", "\u00a0\\1", re.sub(r"« ", "«\u00a0", text or ""))


def signed(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return "="
    return ("+" if value > 0 else "−") + format_number(round(abs(value), digits), digits)


class BigLabel(QLabel):
    def __init__(self, text: str = "", size: float = 12, bold: bool = False, parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setProperty("textsize", f"{size:g}" + ("-bold" if bold else ""))  # sizes in ui/theme.py


def sortable_table(model, parent) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(True)
    return view
