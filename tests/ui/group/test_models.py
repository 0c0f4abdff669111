"""The Group page's table models on the demo: the core-model items (adapted ones in brown) and the
consolidated facilities, both the kit's rows model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from si_local.core.group import packs
from si_local.core.group.consolidation import FacilitySummary
from si_local.ui.group.models import FacilitiesModel, ItemsModel
from si_local.ui.kit.table import ID_ROLE, ROW_ROLE, RowsModel

pytest.importorskip("pytestqt")


def test_items_of_the_core_model(qapp, demo_db):
    model = ItemsModel(demo_db)
    items = packs.items(demo_db)
    assert isinstance(model, RowsModel) and model.rowCount() == len(items) > 0
    assert model.headerData(ItemsModel.TITLE, Qt.Orientation.Horizontal) == "Intitulé"
    assert model.index(0, ItemsModel.TITLE).data() == items[0].title
    assert model.index(0, ItemsModel.STATE).data() == "Standard"
    assert model.index(0, 0).data(ID_ROLE) == items[0].id
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    item = items[0]
    packs.adapt(demo_db, item.id, {**item.standard, "pattern": "X+"} if "pattern" in item.standard
                else {**item.standard, "field": "notes"})
    model.reload()
    adapted = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ID_ROLE) == item.id)
    assert model.index(adapted, 0).data() == "Adapté localement"
    assert model.index(adapted, 2).data(Qt.ItemDataRole.ForegroundRole) == QColor("#9C5700")
    assert model.index(adapted, 0).data(ROW_ROLE).state == packs.STATE_LOCAL


def test_consolidated_facilities(qapp):
    model = FacilitiesModel()
    model.set_rows([
        FacilitySummary(source="a.zip", name="CH de l’Étang", finess="010000001", bundle_date="2026-11-20T10:00:00",
                        overall_score=2.345, compliance_high=2, last_restore_test=None),
        FacilitySummary(source="b.zip", name="EHPAD", finess=None, bundle_date="2026-11-21T10:00:00"),
    ])
    assert model.columnCount() == 9 and model.headerData(0, Qt.Orientation.Horizontal) == "Établissement"
    assert [model.index(0, c).data() for c in range(4)] == ["CH de l’Étang", "20/11/2026", "2,3", "2"]
    assert model.index(0, 4).data() == "jamais" and model.index(1, 2).data() == "—"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
