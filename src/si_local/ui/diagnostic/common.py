"""What every part of the self-diagnostic page shares: the colours, how a number or
an error is written, a word-wrapped large label, and the sortable table view."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableView

from ..kit.table import make_table

from ...core.i18n import format_number
from ..kit.messages import message_of  # noqa: F401  (the page's modules read it here)

ACCENT = QColor("#2f6690")
TARGET = QColor("#c0504d")
PREVIOUS = QColor("#8c8c8c")


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
    """The self-diagnostic's lists: the kit's table, one row selected, re-sorted when edited."""
    return make_table(model, parent, dynamic_sort=True, single=True, editable=True)