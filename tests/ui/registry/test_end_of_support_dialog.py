"""« Fins de support »: reached from the VMs list and from Home's alert; the measure is set with
real key presses and quiets the alert."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from si_local.core import alerts as core_alerts
from si_local.core import clock
from si_local.ui.end_of_support import EndOfSupportDialog, MeasureDialog
from si_local.ui.kit.table import selected_row
from si_local.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def window(qtbot, demo_ctx):
    demo_ctx.clock = clock.FixedClock(TODAY)
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _dialog(window) -> EndOfSupportDialog:
    return next(w for w in window.findChildren(EndOfSupportDialog) if w.isVisible())


def test_the_list_from_the_vms_and_a_measure_typed(qtbot, window, demo_ctx):
    panel = window.show_page("registry").show_kind("vms")
    qtbot.mouseClick(panel.end_of_support_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    assert "endoflife.date" in dialog.source.text() and "22/08/2026" in dialog.source.text()
    rows = {dialog.model.rows[i].name: dialog.model.rows[i] for i in range(len(dialog.model.rows))}
    assert rows["VM-LAB01"].status == "ended" and rows["VM-LAB01"].measure is not None
    assert rows["VM-GAP01"].status == "soon_high" and rows["VM-GAP01"].measure is None
    gap = demo_ctx.db.execute("SELECT id FROM vm WHERE name = 'VM-GAP01'").fetchone()[0]
    assert dialog.select(f"vms:{gap}") and selected_row(dialog.table).name == "VM-GAP01"
    assert not dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.measure_button, Qt.MouseButton.LeftButton)
    measure = next(w for w in dialog.findChildren(MeasureDialog) if w.isVisible())
    kind = measure.form.editors["kind"]
    kind.setFocus()
    qtbot.keyClicks(kind, "Remp")
    assert kind.currentData() == "replacement"
    day = measure.form.editors["replacement_on"]
    qtbot.mouseClick(day.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(day.line, "30/06/2027")
    qtbot.keyClick(day.line, Qt.Key.Key_Return)
    qtbot.keyClicks(measure.form.editors["note"], "Migration vers Windows Server 2025")
    qtbot.mouseClick(measure.ok_button, Qt.MouseButton.LeftButton)
    assert not measure.isVisible()
    row = demo_ctx.db.execute("SELECT kind, replacement_on, note FROM end_of_support_measure "
                              "WHERE vm_id = ?", [gap]).fetchone()
    assert tuple(row) == ("replacement", "2027-06-30", "Migration vers Windows Server 2025")
    assert selected_row(dialog.table).measure.text().startswith("Remplacement prévu le 30/06/2027")
    alert = next(a for a in core_alerts.collect(demo_ctx.db, TODAY) if a.record_id == gap
                 and a.kind == "end_of_support_vms")
    assert alert.severity == "low" and "Mesure compensatoire" in alert.message


def test_home_alert_opens_the_list_on_that_machine(qtbot, window, demo_ctx):
    home = window.show_page("home")
    home.today = TODAY
    home.refresh()
    group = home.groups["high"]
    row = next(r for r in range(group.proxy.rowCount())
               if group.proxy.index(r, 1).data().startswith("VM-GAP01"))
    group.view.activated.emit(group.proxy.index(row, 1))
    dialog = _dialog(window)
    assert selected_row(dialog.table).name == "VM-GAP01"
    dialog.reject()
