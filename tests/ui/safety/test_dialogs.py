"""The audit trail's date filters (the kit's date field), typed with real keys."""

from __future__ import annotations

from PySide6.QtCore import Qt



def _view(qtbot, demo_ctx):
    from si_local.ui.sections.audit import AuditView

    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.show()
    return view


def _retype(qtbot, line, text: str) -> None:
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_the_audit_filter_dates_are_typed(qtbot, demo_ctx, demo_db):
    view = _view(qtbot, demo_ctx)
    assert view.since.line.text() == "24/10/2026" and view.until.line.text() == "23/11/2026"
    total = view.model.rowCount()
    assert total > 0
    view.since_check.setChecked(True)
    _retype(qtbot, view.since.line, "01012030")  # a start after every change
    assert view.since.line.text() == "01/01/2030"
    assert view.filters()["since"] == "2030-01-01" and view.model.rowCount() == 0
    _retype(qtbot, view.since.line, "2000-01-01")
    assert view.model.rowCount() == total
    view.until_check.setChecked(True)
    _retype(qtbot, view.until.line, "1/1/01")
    assert view.filters() == {"table": None, "since": "2000-01-01", "until": "2001-01-01"}
    assert view.model.rowCount() == 0


def test_an_audit_filter_date_that_is_no_date_is_said(qtbot, demo_ctx, demo_db):
    view = _view(qtbot, demo_ctx)
    view.since_check.setChecked(True)
    _retype(qtbot, view.since.line, "31/02/2026")
    view.reload()
    assert view.filters()["since"] is None
    assert view.count.text().startswith("Du : le 31/02/2026 n’existe pas")
