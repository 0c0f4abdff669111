"""What every part of the self-diagnostic page shares: the colours, how a number or
an error is written, a word-wrapped large label, and the sortable table view."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QMessageBox, QTableView

from ...core.errors import ValidationError
from ...core.i18n import _, format_number
from ..kit.table import make_table


def message_of(exc: Exception) -> str:
    """What a dialog says about ``exc``: each field of a :class:`ValidationError` on its line as
    « Intitulé : 300 caractères, au plus 200. », the message of any other error."""
    if isinstance(exc, ValidationError):
        return "\n".join(f"{field} : {message}" for field, message in exc.errors.items())
    return str(exc)


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
        self.setStyleSheet(f"font-size: {size}pt;" + (" font-weight: bold;" if bold else ""))


def warn(parent, exc: Exception) -> None:
    QMessageBox.warning(parent, _("Self-diagnostic"), message_of(exc))


def sortable_table(model, parent) -> QTableView:
    """The self-diagnostic's lists: the kit's table, one row selected, re-sorted when edited."""
    return make_table(model, parent, dynamic_sort=True, single=True, editable=True)