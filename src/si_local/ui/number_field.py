"""Number fields that can be empty, and that give exactly what was typed.

Qt's usual trick for an optional number -- a value one step below the minimum shown as a
``specialValueText`` -- breaks typing: the special text stays in the editor, the cursor sits
before it, and a person who clicks an empty vCPU field and types 12 gets 21.  Here the
"empty" value (the minimum) is shown as an empty text instead, with the label (« — »,
« non renseigné »…) as a placeholder; what is typed is the whole text, and clearing the text
gives the empty value again.  ``value() == minimum()`` still means "empty" to the forms.
"""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


class _EmptyMixin:
    """Shared by :class:`IntField` and :class:`FloatField`: the minimum is shown as no text.

    The unit (« Go », « min »…) is written after the number by :meth:`textFromValue` rather
    than by Qt's suffix, which Qt would also show alone in an empty field.
    """

    _unit = ""

    def _setup(self) -> None:
        self.lineEdit().cursorPositionChanged.connect(self._keep_cursor_before_unit)

    def setSuffix(self, suffix: str) -> None:  # noqa: N802 - Qt's name
        self._unit = suffix
        self.setValue(self.value())  # redraw
        self.lineEdit().setText(self.textFromValue(self.value()))

    def suffix(self) -> str:
        return self._unit

    def _keep_cursor_before_unit(self, _old: int, new: int) -> None:
        line = self.lineEdit()
        text = line.text()
        if line.hasSelectedText():
            return  # a selection (select all) is replaced whole by what is typed
        if self._unit and text.endswith(self._unit) and new > len(text) - len(self._unit):
            line.setCursorPosition(len(text) - len(self._unit))

    def setSpecialValueText(self, text: str) -> None:  # noqa: N802 - Qt's name
        # never Qt's special value (the cause of the reversed digits): a placeholder instead
        self.lineEdit().setPlaceholderText(text.strip())

    def specialValueText(self) -> str:  # noqa: N802 - Qt's name
        return self.lineEdit().placeholderText()

    def _bare(self, text: str) -> str:
        bare = text
        if self.prefix() and bare.startswith(self.prefix()):
            bare = bare[len(self.prefix()):]
        if self._unit.strip() and bare.rstrip().endswith(self._unit.strip()):
            bare = bare.rstrip()[:-len(self._unit.strip())]
        return bare.strip()

    def is_empty(self) -> bool:
        return self.value() == self.minimum()

    def clear_value(self) -> None:
        self.setValue(self.minimum())

    def textFromValue(self, value) -> str:  # noqa: N802 - Qt's name
        if value == self.minimum():
            return ""
        return super().textFromValue(value) + self._unit

    def valueFromText(self, text: str):  # noqa: N802 - Qt's name
        if not self._bare(text):
            return self.minimum()
        return super().valueFromText(self._bare(text))

    def validate(self, text: str, pos: int):
        if not self._bare(text):
            return QValidator.State.Acceptable, text, pos
        state, _text, _pos = super().validate(self._bare(text), pos)
        return state, text, pos


class IntField(_EmptyMixin, QSpinBox):
    """A whole number, empty when it holds its minimum."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._setup()


class FloatField(_EmptyMixin, QDoubleSpinBox):
    """A decimal number, empty when it holds its minimum."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._setup()
