"""The table models, without any window: rows, translated headers, sort and search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core import registry as reg
from si_local.ui.models import (
    ID_ROLE,
    SEVERITY_ROLE,
    SORT_ROLE,
    AlertTableModel,
    RecordTableModel,
    SearchProxyModel,
    fold,
)


def _column(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


@pytest.mark.parametrize("key", reg.LISTABLE + ["facility"])
def test_every_kind_lists_every_record_with_french_headers(qapp, demo_db, key):
    kind = reg.KINDS[key]
    model = RecordTableModel(demo_db, kind)
    count = demo_db.execute(f"SELECT count(*) FROM {kind.table}").fetchone()[0]
    assert count > 0
    assert model.rowCount() == count
    assert model.columnCount() == len(kind.list_fields)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [reg._(f.label) for f in kind.list_fields]
    ids = {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())}
    assert ids == {r[0] for r in demo_db.execute(f"SELECT id FROM {kind.table}")}


def test_vm_list_shows_units_host_names_and_french_choices(qapp, demo_db):
    model = RecordTableModel(demo_db, reg.VMS)
    assert model.headerData(model.column_of("server_id"), Qt.Orientation.Horizontal) == "Serveur hôte"
    row = model.row_of(demo_db.execute("SELECT id FROM vm WHERE name = 'VM-DPI01'").fetchone()[0])
    cells = dict(zip([f.name for f in model.fields], _column(model, row), strict=True))
    assert cells["server_id"] == "SRV-HYP-01"
    assert cells["ram_gb"] == "64 Go"
    assert cells["criticality"] == "Vitale"


def test_sort_uses_the_raw_value_not_the_text(qapp, demo_db):
    model = RecordTableModel(demo_db, reg.VMS)
    proxy = SearchProxyModel()
    proxy.setSourceModel(model)
    ram = model.column_of("ram_gb")
    proxy.sort(ram, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, ram).data() for r in range(proxy.rowCount())]
    # as text "16 Go" < "32 Go" < "4 Go" < "64 Go"; as numbers 4 comes first
    assert shown[0] == "4 Go" and shown[-1] == "64 Go"
    proxy.sort(ram, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, model.column_of("name")).data() == "VM-DPI01"


def test_dates_sort_by_date_and_empty_numbers_first(qapp, demo_db):
    model = RecordTableModel(demo_db, reg.RESTORE_TESTS)
    proxy = SearchProxyModel()
    proxy.setSourceModel(model)
    column = model.column_of("tested_on")
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    raw = [demo_db.execute("SELECT tested_on FROM restore_test WHERE id = ?",
                           [proxy.index(r, 0).data(ID_ROLE)]).fetchone()[0]
           for r in range(proxy.rowCount())]
    assert raw == sorted(raw)


def test_search_ignores_accents_case_and_needs_every_word(qapp, demo_db):
    model = RecordTableModel(demo_db, reg.VMS)
    proxy = SearchProxyModel()
    proxy.setSourceModel(model)
    proxy.set_search("BIOLOGIE")
    assert proxy.rowCount() == 1
    proxy.set_search("resultats biologie")  # typed without the accent
    assert proxy.rowCount() == 1
    proxy.set_search("windows 2016")  # the demo's system near its end (core/demo/end_of_support.py)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["VM-GAP01"]
    proxy.set_search("srv-hyp-01")  # a host name: searches displayed references
    assert proxy.rowCount() == 7
    proxy.set_search("nothing-like-this")
    assert proxy.rowCount() == 0
    proxy.set_search("")
    assert proxy.rowCount() == 7


def test_reload_sees_new_records(qapp, demo_db):
    model = RecordTableModel(demo_db, reg.SITES)
    before = model.rowCount()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    reg.save(demo_db, reg.SITES, {"name": "Site de l'Étang"})
    model.reload()
    assert model.rowCount() == before + 1 and resets == [1]
    assert any(fold("Site de l'Étang") in model.search_text(r) for r in range(model.rowCount()))


def test_alert_model_columns_and_roles(qapp, demo_db):
    import datetime as dt

    from si_local.core.alerts import collect

    alerts = collect(demo_db, dt.date(2026, 11, 23))
    model = AlertTableModel(alerts)
    assert model.rowCount() == len(alerts) > 0
    assert model.headerData(AlertTableModel.COL_MESSAGE, Qt.Orientation.Horizontal) == "Points d’attention"
    first = model.index(0, AlertTableModel.COL_SEVERITY)
    assert first.data() == "À traiter maintenant" and first.data(SEVERITY_ROLE) == "high"
    assert model.index(0, AlertTableModel.COL_MESSAGE).data() == alerts[0].message


def test_sorting_keeps_persistent_indexes_and_survives_reload(qapp, demo_db):
    from PySide6.QtCore import QPersistentModelIndex

    model = RecordTableModel(demo_db, reg.VMS)
    lab = model.row_of(demo_db.execute("SELECT id FROM vm WHERE name = 'VM-LAB01'").fetchone()[0])
    kept = QPersistentModelIndex(model.index(lab, 0))
    model.sort(model.column_of("vcpu"), Qt.SortOrder.DescendingOrder)
    assert kept.data() == "VM-LAB01"
    vcpus = [model.index(r, model.column_of("vcpu")).data(SORT_ROLE) for r in range(model.rowCount())]
    assert vcpus == sorted(vcpus, reverse=True)
    model.reload()
    assert [model.index(r, model.column_of("vcpu")).data(SORT_ROLE)
            for r in range(model.rowCount())] == vcpus
    model.sort(-1)  # back to the registry's own order (by name)
    assert [model.index(r, 0).data() for r in range(model.rowCount())][0] == "VM-AD01"
