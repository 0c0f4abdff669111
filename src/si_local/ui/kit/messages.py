"""The one seam through which the window asks and tells the user.

Every question, notice, warning and error box of the window goes through these functions, so a
test patches this module (the ``answers`` fixture of tests/conftest.py) instead of Qt. The
standard buttons are Qt's own (« Oui », « Non », « OK », « Annuler » through Qt's French
translation, as before); other buttons carry their text from the catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ... import APP_NAME
from ...core.errors import ValidationError

SB = QMessageBox.StandardButton

YES, NO, OK, CANCEL = "yes", "no", "ok", "cancel"
_STANDARD = {YES: SB.Yes, NO: SB.No, OK: SB.Ok, CANCEL: SB.Cancel}
_ROLES = {"accept": QMessageBox.ButtonRole.AcceptRole, "reject": QMessageBox.ButtonRole.RejectRole,
          "destructive": QMessageBox.ButtonRole.DestructiveRole,
          "action": QMessageBox.ButtonRole.ActionRole}
_ICONS = {"question": QMessageBox.Icon.Question, "warning": QMessageBox.Icon.Warning,
          "information": QMessageBox.Icon.Information, "critical": QMessageBox.Icon.Critical}


def message_of(value) -> str:
    """What a box says about ``value``: each field of a :class:`ValidationError` on its line as
    « Intitulé : 300 caractères, au plus 200. », the message of any other error, a text as it is."""
    if isinstance(value, ValidationError):
        return "\n".join(f"{field}\u00a0: {message}" for field, message in value.errors.items())
    return str(value)


def ask(parent, title: str, text: str, *, default_no: bool = True) -> bool:
    """A Yes/No question; True for « Oui ». ``default_no=False`` lets Qt choose the default button
    (« Oui »), as a plain question box does."""
    answer = QMessageBox.question(parent, title, text, SB.Yes | SB.No,
                                  SB.No if default_no else SB.NoButton)
    return answer == SB.Yes


def tell(parent, text: str, *, title: str | None = None) -> None:
    """A notice (information icon, « OK »)."""
    QMessageBox.information(parent, title or APP_NAME, text)


def warn(parent, text_or_exception, *, title: str | None = None) -> None:
    """A warning: something the user asked for could not be done; an exception is written
    with :func:`message_of`."""
    QMessageBox.warning(parent, title or APP_NAME, message_of(text_or_exception))


def error(parent, text_or_exception, *, title: str | None = None) -> None:
    """An error that stops what was going on (critical icon)."""
    QMessageBox.critical(parent, title or APP_NAME, message_of(text_or_exception))


@dataclass(frozen=True)
class Question:
    """A box with its own buttons. ``buttons`` are standard keys (YES, NO, OK, CANCEL) or
    ``(key, label, role)`` with role « accept », « reject », « destructive » or « action ».
    :func:`choose` returns the key of the button pressed, None when the box is closed otherwise."""

    title: str
    text: str
    buttons: Sequence = (YES, NO)
    default: str | None = None
    escape: str | None = None
    icon: str = "question"
    informative: str = ""
    details: str = ""
    plain: bool = False
    name: str = ""


def build(parent, question: Question) -> QMessageBox:
    """The box of ``question`` (not shown); each button carries its key in the « key » property."""
    box = QMessageBox(parent)
    box.setIcon(_ICONS[question.icon])
    box.setWindowTitle(question.title)
    box.setText(question.text)
    if question.name:
        box.setObjectName(question.name)
    if question.plain:
        box.setTextFormat(Qt.TextFormat.PlainText)
    if question.informative:
        box.setInformativeText(question.informative)
    if question.details:
        box.setDetailedText(question.details)
    for entry in question.buttons:
        if isinstance(entry, str):
            button = box.addButton(_STANDARD[entry])
            key = entry
        else:
            key, label, role = entry
            button = box.addButton(label, _ROLES[role])
        button.setProperty("key", key)
        if key == question.default:
            box.setDefaultButton(button)
        if key == question.escape:
            box.setEscapeButton(button)
    return box


def button(box: QMessageBox, key: str):
    """The button of ``box`` (made by :func:`build`) that carries ``key``."""
    return next(b for b in box.buttons() if b.property("key") == key)


def choose(parent, question: Question) -> str | None:
    """Show ``question`` modally; the key of the button pressed (None: closed otherwise)."""
    box = build(parent, question)
    box.exec()
    clicked = box.clickedButton()
    return clicked.property("key") if clicked is not None else None
