"""The registry's record dialog on the kit's form: its date fields typed the usual ways, the
calendar on the value or today, read back from the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from si_local.core import registry as reg
from si_local.ui.forms import RecordDialog
from si_local.ui.kit.date_field import DateField


@pytest.fixture
def ctx(demo_ctx):
    return demo_ctx


def _retype(qtbot, line, text: str) -> None:
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _server(ctx) -> int:
    return ctx.db.execute("SELECT id FROM server ORDER BY id LIMIT 1").fetchone()[0]


@pytest.mark.parametrize(("text", "stored"), [("15012027", "2027-01-15"), ("2027-01-15", "2027-01-15"),
                                              ("15/1/27", "2027-01-15"), ("", None)])
def test_a_server_warranty_end_is_typed_and_saved(qtbot, ctx, text, stored):
    server_id = _server(ctx)
    dialog = RecordDialog(ctx, reg.SERVERS, server_id)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.form.editors["warranty_end"]
    assert isinstance(field, DateField) and field.optional
    _retype(qtbot, field.line, text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {}
    assert reg.get(ctx.db, reg.SERVERS, server_id)["warranty_end"] == stored


def test_a_required_date_opens_its_calendar_on_today_and_a_pick_is_saved(qtbot, ctx):
    dialog = RecordDialog(ctx, reg.RESTORE_TESTS)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.form.editors["tested_on"]
    assert not field.optional and dialog.form.labels["tested_on"].text() == "Date *"
    field.menu.aboutToShow.emit()
    assert field.calendar.selectedDate() == QDate(2026, 11, 23)  # the suite's day, not 2000
    field.calendar.clicked.emit(QDate(2026, 11, 20))
    assert field.line.text() == "20/11/2026"
    assert dialog.form.value("tested_on") == "2026-11-20"
