"""Home's alerts (the kit's rows model) and the registry's fast model, which keeps the kit's roles."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from si_local.core import registry as reg
from si_local.core.alerts import SEVERITY_ORDER, collect
from si_local.core.collation import collation_key
from si_local.ui import models
from si_local.ui.kit import table as kit
from si_local.ui.models import SEVERITY_ROLE, AlertTableModel, RecordTableModel

pytest.importorskip("pytestqt")


def test_alerts_sort_by_severity_and_give_their_record(qapp, demo_db):
    alerts = collect(demo_db, dt.date(2026, 11, 23))
    model = AlertTableModel(alerts)
    assert isinstance(model, kit.RowsModel) and model.rowCount() == len(alerts) > 0
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Priorité"
    for row, alert in enumerate(alerts):
        assert model.index(row, 0).data(kit.SORT_ROLE) == SEVERITY_ORDER[alert.severity]
        assert model.index(row, 1).data(kit.SORT_ROLE) == collation_key(alert.message)  # French order
        assert model.index(row, 1).data(kit.ID_ROLE) == alert.record_id
        assert model.index(row, 1).data(SEVERITY_ROLE) == alert.severity
        assert model.alert(row) is alert
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) is None
    model.set_alerts(alerts[:1])
    assert model.rowCount() == 1


def test_the_registry_model_uses_the_kit_roles_and_proxy(qapp, demo_db):
    assert (models.ID_ROLE, models.SORT_ROLE, models.SEARCH_ROLE) == (kit.ID_ROLE, kit.SORT_ROLE, kit.SEARCH_ROLE)
    assert models.SEVERITY_ROLE not in (kit.ID_ROLE, kit.SORT_ROLE, kit.SEARCH_ROLE, kit.ROW_ROLE)
    model = RecordTableModel(demo_db, reg.VMS)
    proxy = kit.SearchProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(model.column_of("name"), Qt.SortOrder.DescendingOrder)  # handed to the model
    names = [model.index(r, model.column_of("name")).data(kit.SORT_ROLE) for r in range(model.rowCount())]
    assert names == sorted(names, reverse=True)
    assert model.index(0, 0).data(kit.ID_ROLE) == model.record_id(0)
    assert model.index(0, 0).data(kit.SEARCH_ROLE) == model.search_text(0)
