"""The Training page's table models on the demo: its lists are the kit's rows model (search,
sort keys, colours, checks), and the coverage matrix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core import training as t
from si_local.ui.kit.table import ID_ROLE, ROW_ROLE, SORT_ROLE, RowsModel, SearchProxyModel
from si_local.ui.training.models import MIDDLE, CoverageModel

pytest.importorskip("pytestqt")


@pytest.fixture
def page(qtbot, demo_ctx):
    from si_local.ui.training import page as training_page

    widget = training_page.create_page(demo_ctx)
    widget.refresh()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_staff_list_is_searched_by_typing(page, qtbot, demo_db):
    staff = t.staff(demo_db)
    assert isinstance(page.staff_model, RowsModel) and isinstance(page.staff_proxy, SearchProxyModel)
    assert page.staff_model.rowCount() == len(staff) > 10
    assert {page.staff_model.index(r, 0).data(ID_ROLE) for r in range(len(staff))} == {s["id"] for s in staff}
    someone = staff[0]
    qtbot.keyClicks(page.staff_search, someone["last_name"].upper() + " " + someone["first_name"].lower())
    shown = [page.staff_proxy.index(r, 0).data(ROW_ROLE)["id"] for r in range(page.staff_proxy.rowCount())]
    assert someone["id"] in shown and len(shown) < len(staff)


def test_units_sort_on_numbers_and_colour_missing_referents(page, demo_db):
    units = t.units(demo_db)
    model = page.unit_model
    assert model.rowCount() == len(units)
    people = [model.index(r, 4).data(SORT_ROLE) for r in range(model.rowCount())]
    assert people == [u["staff_count"] for u in units] and all(isinstance(p, int) for p in people)
    for row, unit in enumerate(units):
        brush = model.index(row, 5).data(Qt.ItemDataRole.BackgroundRole)
        assert (brush.color() == MIDDLE) if not unit["referents"] else brush is None
    proxy = page.unit_view.model()
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 4).data(SORT_ROLE) for r in range(proxy.rowCount())] == sorted(people, reverse=True)


def test_modules_duration_sorts_as_minutes(page, demo_db):
    modules = t.modules(demo_db)
    model = page.module_model
    assert [model.index(r, 3).data(SORT_ROLE) for r in range(model.rowCount())] == \
        [m["duration_minutes"] or 0 for m in modules]
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Durée"


def test_coverage_matrix_on_the_demo(qapp, demo_db):
    cov = t.coverage(demo_db)
    model = CoverageModel()
    model.set_coverage(cov)
    assert model.rowCount() == len(cov.units) + 1 and model.columnCount() == len(cov.modules) + 2
    assert model.index(len(cov.units), 0).data() == "Toutes les unités"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter)
