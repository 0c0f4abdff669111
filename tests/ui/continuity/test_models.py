"""The Continuity page's table models on the demo: the kit's rows model in its tabs, and the
steps model (drag and drop) that subclasses it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from si_local.core import continuity as c
import dataclasses
from si_local.ui.continuity.models import STEP_MIME, StepsModel
from si_local.ui.kit.table import ID_ROLE, ROW_ROLE, SORT_ROLE, RowsModel, selected_row

pytest.importorskip("pytestqt")


def test_steps_model_lists_a_scenario_in_order_with_the_kit_roles(qapp, demo_db):
    scenario = c.scenarios(demo_db)[0]
    model = StepsModel(demo_db)
    assert isinstance(model, RowsModel)
    model.load(scenario["id"])
    steps = c.steps(demo_db, scenario["id"])
    assert model.rowCount() == len(steps) > 3
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == ["#", "Phase", "Étape"]
    assert [model.index(r, 0).data() for r in range(3)] == ["1", "2", "3"]
    assert [model.index(r, 0).data(SORT_ROLE) for r in range(3)] == [1, 2, 3]
    assert model.index(1, 2).data(ID_ROLE) == steps[1]["id"]
    assert model.row_at(model.index(1, 2))["title"] == steps[1]["title"]
    assert model.index(0, 5).data(SORT_ROLE) == (steps[0]["expected_minutes"] or 0)


def test_steps_model_moves_a_dropped_step_in_the_database(qapp, demo_db):
    scenario = c.scenarios(demo_db)[0]
    model = StepsModel(demo_db)
    model.load(scenario["id"])
    first = model.rows[0]["id"]
    mime = model.mimeData([model.index(0, 0)])
    assert mime.hasFormat(STEP_MIME) and model.canDropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # dropped above the 4th
    assert [s["id"] for s in c.steps(demo_db, scenario["id"])].index(first) == 2
    assert model.rows[2]["id"] == first and model.moved_to == 2
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled


@pytest.fixture
def page(qtbot, demo_ctx):
    from si_local.ui.continuity.page import create_page

    widget = create_page(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_activities_and_compliance_lists_on_the_demo(page, demo_db):
    tab = page.tab["activities"]
    tab.refresh()
    activities = c.activities(demo_db)
    assert tab.model.rowCount() == len(activities) > 0
    proxy = tab.view.model()
    names = [proxy.index(r, 0).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert names == sorted(names)  # sorted on the activity, accents and case ignored
    dmia = proxy.index(0, 2).data(SORT_ROLE)
    assert isinstance(dmia, (int, float))
    tab.view.selectRow(0)
    assert selected_row(tab.view) == proxy.index(0, 0).data(ROW_ROLE)
    findings = page.tab["compliance"]
    findings.refresh()
    colours = {findings.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
               for r in range(findings.model.rowCount())}
    assert colours <= {"#f6cfca", "#fbe7b5", "#e8eef5"} and colours


def test_the_activities_list_tab_follows_selection_and_read_only(qtbot, demo_db, demo_ctx, monkeypatch):
    from si_local.ui.continuity.page import create_page

    for read_only in (False, True):
        page = create_page(dataclasses.replace(demo_ctx, read_only=read_only))
        qtbot.addWidget(page)
        page.show()
        tab = page.tab["activities"]
        tab.refresh()
        buttons = tab.list.buttons
        assert not buttons["edit"].isEnabled() and buttons["add"].isEnabled() != read_only
        opened = []
        monkeypatch.setattr(tab, "_dialog", opened.append)
        rect = tab.view.visualRect(tab.view.model().index(0, 0))
        qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert buttons["edit"].isEnabled() != read_only and buttons["delete"].isEnabled() != read_only
        qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert opened == ([] if read_only else [selected_row(tab.view)])
