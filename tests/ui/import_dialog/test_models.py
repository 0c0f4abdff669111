"""The import dialogs' preview lists: the kit's rows model over lists of texts, in the file's order
until a header is clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from si_local.ui import import_dialog
from si_local.ui.kit.table import SORT_ROLE, RowsModel
from si_local.ui.main_window import MainWindow

pytest.importorskip("pytestqt")

DATA = Path(__file__).parents[2] / "data" / "interop"


@pytest.fixture
def window(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_inventory_preview_on_the_demo(qtbot, window):
    dialog = import_dialog.import_inventories(window, paths=[DATA / "host.json"])
    qtbot.waitUntil(lambda: not dialog.previewing())
    model, view = dialog.model, dialog.view
    assert isinstance(model, RowsModel)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Fichier", "Fiche", "Nom"]
    assert [r[2] for r in model.rows] == ["SRV-HYP-TEST", "VM-TEST-01", "VM-TEST-02"]
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "SRV-HYP-TEST"
    assert view.horizontalHeader().sortIndicatorSection() == -1  # the file's order
    proxy = view.model()
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(2) + header.sectionSize(2) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    keys = [proxy.index(r, 2).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert keys in (sorted(keys), sorted(keys, reverse=True)) and keys[0] != keys[-1]
    dialog.close()
