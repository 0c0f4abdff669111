"""A list on screen sorts in French order, with the key core's sorts use (core.collation)."""

from __future__ import annotations

from si_local.core import registry as reg


def test_a_list_on_screen_sorts_in_french_order(qtbot, db):
    from PySide6.QtCore import Qt

    from si_local.ui.kit.table import Column, RowsModel, make_table
    from si_local.ui.models import RecordTableModel

    names = ["SSR", "Salle 10", "Équipe de nuit", "Salle 2", "œuvre", "Oeuvre", "ovale"]
    for name in names:
        reg.save(db, reg.SITES, {"name": name})
    expected = ["Équipe de nuit", "œuvre", "Oeuvre", "ovale", "Salle 2", "Salle 10", "SSR"]
    registry = RecordTableModel(db, reg.SITES)  # the registry's list, in its own order
    assert [registry.index(r, 0).data() for r in range(registry.rowCount())] == expected
    registry.sort(0, Qt.SortOrder.DescendingOrder)
    registry.sort(0, Qt.SortOrder.AscendingOrder)  # a click on the header
    assert [registry.index(r, 0).data() for r in range(registry.rowCount())] == expected
    # the kit's table (every other list): clicking the header sorts in the same order
    model = RowsModel([Column("Name", lambda r: r["name"])])
    model.set_rows([{"id": i, "name": n} for i, n in enumerate(names)])
    view = make_table(model)
    qtbot.addWidget(view)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    shown = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert shown == expected
