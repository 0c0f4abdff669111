"""Finding elided texts in a window (tests/ui/test_no_elision.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QCheckBox, QGroupBox, QHeaderView, QLabel, QLineEdit,
    QPushButton, QRadioButton, QStyle, QTabBar, QWidget,
)

SLACK = 1  # pixels of rounding


def _plain(text: str, rich: bool) -> list[str]:
    if rich:
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return [line for line in text.replace("\u2029", "\n").split("\n")]


def _widest(widget: QWidget, lines) -> int:
    metrics = widget.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in lines), default=0)


def _name(widget: QWidget) -> str:
    names = []
    w = widget
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def _label(label: QLabel) -> str | None:
    if label.wordWrap() or not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and re.search(r"<[a-zA-Z/!]", label.text()) is not None)
    text = label.text()
    if not rich and label.textFormat() != Qt.TextFormat.PlainText:  # « &Titre » shows « Titre »
        text = re.sub(r"&(.)", r"\1", text)
    need = _widest(label, _plain(text, rich))
    margins = label.contentsMargins()
    indent = max(label.indent(), 0) if label.frameWidth() else 0
    room = label.contentsRect().width() - 2 * label.margin() - indent
    if need > room + SLACK:
        return f"label {label.text()!r}: {need} px in {room} px"
    return None


def _button(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    need = button.sizeHint().width()
    if isinstance(button, QPushButton) and button.width() + SLACK < need:
        return f"button {button.text()!r}: {need} px in {button.width()} px"
    if isinstance(button, (QCheckBox, QRadioButton)) and button.width() + SLACK < need:
        return f"check {button.text()!r}: {need} px in {button.width()} px"
    return None


def _group(box: QGroupBox) -> str | None:
    if not box.title():
        return None
    need = box.fontMetrics().horizontalAdvance(box.title().replace("&", "")) + 16
    if box.isCheckable():
        need += 20
    if box.width() + SLACK < need:
        return f"group {box.title()!r}: {need} px in {box.width()} px"
    return None


def _tabs(bar: QTabBar) -> list[str]:
    found = []
    for i in range(bar.count()):
        rect = bar.tabRect(i)
        hint = bar.tabSizeHint(i)
        horizontal = bar.shape() in (QTabBar.Shape.RoundedNorth, QTabBar.Shape.RoundedSouth,
                                     QTabBar.Shape.TriangularNorth, QTabBar.Shape.TriangularSouth)
        if horizontal and (rect.width() + SLACK < hint.width() or rect.right() > bar.width()):
            found.append(f"tab {bar.tabText(i)!r}: {hint.width()} px in {rect.width()} px"
                         f" (bar {bar.width()} px)")
    return found


def _header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.isHidden():
        return []
    found = []
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    orientation = header.orientation()
    if orientation != Qt.Orientation.Horizontal:
        return []
    last = header.logicalIndex(header.count() - 1 - sum(
        1 for i in range(header.count()) if header.isSectionHidden(header.logicalIndex(i))))
    if header.length() > header.viewport().width() + SLACK and not header.property("scrolls"):
        found.append(f"columns: {header.length()} px in {header.viewport().width()} px "
                     "(the last ones are out of sight)")
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        mode = header.sectionResizeMode(logical)
        if mode in (QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents):
            continue
        if header.stretchLastSection() and logical == last:
            continue
        text = model.headerData(logical, orientation, Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        need = _widest(header, str(text).split("\n")) + 2 * margin
        width = header.sectionSize(logical)
        if width + SLACK < need:
            found.append(f"header {text!r}: {need} px in {width} px")
    return found


def _line_edit(edit: QLineEdit) -> str | None:
    text = edit.placeholderText()
    if not text:
        return None
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4
    need = edit.fontMetrics().horizontalAdvance(text)
    if need > room + SLACK:
        return f"placeholder {text!r}: {need} px in {room} px"
    return None


def elisions(root: QWidget) -> list[str]:
    """Every text cut in what ``root`` shows: '<widget path>: <what>' lines."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0 or widget.window() is not root.window():
            continue
        problems: list[str] = []
        if isinstance(widget, QLabel):
            problems.append(_label(widget))
        elif isinstance(widget, QAbstractButton):
            problems.append(_button(widget))
        elif isinstance(widget, QGroupBox):
            problems.append(_group(widget))
        elif isinstance(widget, QTabBar):
            problems.extend(_tabs(widget))
        elif isinstance(widget, QHeaderView):
            problems.extend(_header(widget))
        elif isinstance(widget, QLineEdit):
            problems.append(_line_edit(widget))
        found.extend(f"{_name(widget)}: {p}" for p in problems if p)
    return found
