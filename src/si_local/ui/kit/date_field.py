"""The one date field of the application: typed or picked in a calendar, shown as DD/MM/YYYY.

What is typed is the whole text (never mixed with a special value): « 15/01/2027 »,
« 15012027 », « 2027-01-15 », « 15/1/27 », « 15.01.2027 » are all read as the 15th of January
2027 and shown back as « 15/01/2027 » when the field is left. An optional field may be emptied
(its « not set » label is only a placeholder); a text that is no date keeps its text, shows
a French message naming the field and gives no value (:meth:`DateField.iso` raises
:class:`UserError`). The calendar button opens on the field's date, else on today
(:mod:`si_local.core.clock`).
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ...core import clock
from ...core.errors import UserError
from ...core.i18n import _
from ...core.validation import impossible_date

_SEPARATED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4}|\d{2})$")
_TIME = re.compile(r"^(\d{1,2})[:hH](\d{2})(?::(\d{2}))?$")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def parse_date(text: str) -> dt.date | None:
    """The date a person typed, or None when it is none (empty text included)."""
    text = (text or "").strip()
    parts = None
    if match := _ISO.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := (_SEPARATED.match(text) or _DIGITS.match(text)):
        parts = (int(match[1]), int(match[2]), _year(match[3]))
    if parts is None:
        return None
    day, month, year = parts
    if not 1900 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_datetime(text: str) -> dt.datetime | None:
    """A date, optionally followed by a time (« 15/01/2027 14:30 »); midnight when none."""
    text = (text or "").strip().replace("T", " ")
    day_text, _space, time_text = text.partition(" ")
    day = parse_date(day_text)
    if day is None:
        return None
    if not time_text.strip():
        return dt.datetime.combine(day, dt.time())
    match = _TIME.match(time_text.strip())
    if not match:
        return None
    try:
        return dt.datetime.combine(day, dt.time(int(match[1]), int(match[2]), int(match[3] or 0)))
    except ValueError:
        return None


class DateField(QWidget):
    """A date typed (or picked) as DD/MM/YYYY; ``optional`` lets it be empty.

    ``label`` (already translated) names the field in the message of a text that is no date.
    ``dateChanged(object)`` gives the new date (or None) each time a valid value is set,
    picked, or typed and left.
    """

    dateChanged = Signal(object)  # noqa: N815 - Qt's style of signal names

    def __init__(self, value=None, parent=None, *, optional: bool = False, label: str = "",
                 empty_text: str = "", with_time: bool = False):
        super().__init__(parent)
        self.optional = optional
        self.label = label
        self.with_time = with_time
        self._last: object = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = QLineEdit(self)
        self.line.setObjectName("date_text")
        self.line.setPlaceholderText(empty_text or (_("DD/MM/YYYY HH:MM") if with_time else _("DD/MM/YYYY")))
        self.line.setClearButtonEnabled(optional)
        self.line.setMaximumWidth(180)
        # the placeholder, the clear button and the frame fit: « JJ/MM/AAAA » is never cut
        self.line.setMinimumWidth(min(180, self.line.fontMetrics().horizontalAdvance(
            self.line.placeholderText()) + (40 if optional else 16)))
        layout.addWidget(self.line)
        self.button = QToolButton(self)
        self.button.setObjectName("date_calendar")
        self.button.setText("…")
        self.button.setToolTip(_("Choose in a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._open_calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        self.button.setMenu(self.menu)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self._commit)
        self.line.textChanged.connect(self._cleared)
        self.setDate(value)

    # --- reading -------------------------------------------------------------------------
    def text(self) -> str:
        return self.line.text().strip()

    def _parsed(self):
        text = self.text()
        if self.with_time:
            return parse_datetime(text)
        return parse_date(text)

    def is_valid(self) -> bool:
        return not self.error()

    def error(self) -> str:
        """The message to show for what is typed, or "" when it is a date (or empty and allowed)."""
        if not self.text():
            if self.optional:
                return ""
            return _("{field}: a date is needed (DD/MM/YYYY).").format(field=self._name())
        if self._parsed() is None and impossible_date(self.text().split()[0]):
            return _("{field}: {date} does not exist.").format(field=self._name(),
                                                              date=self.text().split()[0])
        if self._parsed() is None:
            return _("{field}: « {text} » is not a date; type it as DD/MM/YYYY.").format(
                field=self._name(), text=self.text())
        return ""

    def _name(self) -> str:
        return (self.label or _("Date")).rstrip(" :*&").replace("&", "")

    def date(self):
        """The date (a datetime with ``with_time``), or None when empty or not a date."""
        return self._parsed() if self.text() else None

    def iso(self) -> str | None:
        """The ISO text to store, None when empty; :class:`UserError` when it is no date."""
        message = self.error()
        if message:
            raise UserError(message)
        value = self.date()
        return None if value is None else value.isoformat()

    # --- writing -------------------------------------------------------------------------
    def setDate(self, value) -> None:  # noqa: N802 - Qt's name
        """Show ``value`` (a date, datetime, QDate, ISO text or None for empty)."""
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        if isinstance(value, str):
            value = (parse_datetime(value) if self.with_time else parse_date(value[:10])) if value else None
        if isinstance(value, dt.datetime) and not self.with_time:
            value = value.date()
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime) and self.with_time:
            value = dt.datetime.combine(value, dt.time())
        self.line.setText(self._format(value) if value else "")
        self._emit()

    def clear(self) -> None:
        self.setDate(None)

    def _format(self, value) -> str:
        text = value.strftime("%d/%m/%Y")
        return text + value.strftime(" %H:%M") if self.with_time else text

    def _commit(self) -> None:
        value = self._parsed()
        if value is not None:
            formatted = self._format(value)
            if formatted != self.line.text():
                self.line.setText(formatted)
        self._emit()

    def _cleared(self, text: str) -> None:
        if not text:
            self._emit()

    def _emit(self) -> None:
        value = self.date()
        if value is None and self.text():
            return  # not a date (yet): nothing changes
        if value != self._last:
            self._last = value
            self.dateChanged.emit(value)

    # --- the calendar --------------------------------------------------------------------
    def _open_calendar(self) -> None:
        value = self.date() or clock.today()
        day = value.date() if isinstance(value, dt.datetime) else value
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _pick(self, day: QDate) -> None:
        value = day.toPython()
        if self.with_time:
            current = self.date()
            value = dt.datetime.combine(value, current.time() if current else dt.time())
        self.setDate(value)
        self.menu.close()
