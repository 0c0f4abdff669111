"""The one date field: typed as people type dates, shown as DD/MM/YYYY, a calendar that opens on
the value or on today, cleared cleanly, a French message for a text that is no date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from si_local.core import clock
from si_local.core.errors import UserError
from si_local.ui.kit.date_field import DateField, parse_date, parse_datetime

JAN_15 = dt.date(2027, 1, 15)


def _field(qtbot, value=None, **options) -> DateField:
    field = DateField(value, **options)
    qtbot.addWidget(field)
    field.show()
    return field


def _type(qtbot, field: DateField, text: str) -> None:
    qtbot.mouseClick(field.line, Qt.MouseButton.LeftButton)
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Return)  # done typing: the date is shown back


@pytest.mark.parametrize("text", ["15/01/2027", "15012027", "2027-01-15", "15/1/27", "15.01.2027",
                                  "15-01-2027", "150127", " 15/01/2027 "])
def test_every_usual_way_of_typing_a_date_is_read(qtbot, text):
    field = _field(qtbot, optional=True, label="Échéance")
    changes = []
    field.dateChanged.connect(changes.append)
    _type(qtbot, field, text)
    assert field.date() == JAN_15 and field.iso() == "2027-01-15"
    assert field.line.text() == "15/01/2027"
    assert field.error() == "" and changes == [JAN_15]


def test_an_empty_optional_field_takes_exactly_what_is_typed(qtbot):
    field = _field(qtbot, optional=True, label="Date de démarrage", empty_text="non renseignée")
    assert field.line.text() == "" and field.line.placeholderText() == "non renseignée"
    qtbot.mouseClick(field.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field.line, "15012027")
    assert field.line.text() == "15012027"  # never « non renseignée15012027 »
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert field.iso() == "2027-01-15"


def test_an_optional_field_is_cleared_by_keys_and_gives_none(qtbot):
    field = _field(qtbot, JAN_15, optional=True, label="Échéance")
    changes = []
    field.dateChanged.connect(changes.append)
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    assert field.text() == "" and field.iso() is None and field.error() == ""
    assert changes == [None]
    assert field.line.isClearButtonEnabled()


def test_a_required_field_says_a_date_is_needed(qtbot):
    field = _field(qtbot, JAN_15, label="Date")
    assert not field.line.isClearButtonEnabled()
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Backspace)
    assert field.error() == "Date : une date est nécessaire (JJ/MM/AAAA)."
    with pytest.raises(UserError):
        field.iso()


@pytest.mark.parametrize("text", ["32/01/2027", "15/13/2027", "29/02/2027", "demain", "15/01/1850",
                                  "1501202"])
def test_a_text_that_is_no_date_is_kept_with_a_french_message_naming_the_field(qtbot, text):
    field = _field(qtbot, optional=True, label="Échéance")
    changes = []
    field.dateChanged.connect(changes.append)
    _type(qtbot, field, text)
    assert field.line.text() == text  # left as typed, to be corrected
    assert field.date() is None and not field.is_valid() and changes == []
    message = field.error()
    expected = (f"Échéance : le {text} n’existe pas." if text == "29/02/2027"  # a day, not a format
                else f"Échéance : « {text} » n’est pas une date ; saisissez-la au format JJ/MM/AAAA.")
    assert message == expected
    with pytest.raises(UserError, match="Échéance"):
        field.iso()


def test_the_calendar_opens_on_the_value_else_on_today(qtbot):
    clock.set_clock(clock.FixedClock(dt.date(2026, 11, 23)))
    try:
        empty = _field(qtbot, optional=True)
        empty.menu.aboutToShow.emit()
        assert empty.calendar.selectedDate() == QDate(2026, 11, 23)  # never January 2000
        field = _field(qtbot, JAN_15)
        field.menu.aboutToShow.emit()
        assert field.calendar.selectedDate() == QDate(2027, 1, 15)
        changes = []
        field.dateChanged.connect(changes.append)
        field.calendar.clicked.emit(QDate(2027, 2, 3))
        assert field.line.text() == "03/02/2027" and field.iso() == "2027-02-03"
        assert changes == [dt.date(2027, 2, 3)]
    finally:
        clock.set_clock(None)


def test_set_date_takes_dates_iso_texts_qdates_and_none(qtbot):
    field = _field(qtbot, optional=True)
    for value in (JAN_15, "2027-01-15", QDate(2027, 1, 15), dt.datetime(2027, 1, 15, 9, 30)):
        field.setDate(value)
        assert field.line.text() == "15/01/2027"
    field.setDate(None)
    assert field.line.text() == "" and field.date() is None


def test_a_date_and_time_field(qtbot):
    field = _field(qtbot, optional=True, with_time=True, label="Dernier succès")
    _type(qtbot, field, "15012027 14:30")
    assert field.line.text() == "15/01/2027 14:30" and field.iso() == "2027-01-15T14:30:00"
    _type(qtbot, field, "2027-01-15")
    assert field.iso() == "2027-01-15T00:00:00"


def test_parsers():
    assert parse_date("15/01/2027") == JAN_15 and parse_date("") is None
    assert parse_date("31/04/2027") is None
    assert parse_datetime("15/01/2027 25:00") is None
    assert parse_datetime("15/01/2027 9h05") == dt.datetime(2027, 1, 15, 9, 5)
