"""The kit's list tab: a table, its search box, Add / Edit / Delete; double-click edits, the Delete
key deletes, Edit and Delete need a selected row, and a read-only database changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core.i18n import N_
from si_local.ui.kit.list_tab import ListTab
from si_local.ui.kit.table import Column, RowsModel

pytest.importorskip("pytestqt")

ROWS = [{"id": 1, "name": "Bloc opératoire"}, {"id": 2, "name": "Urgences"}, {"id": 3, "name": "Pharmacie"}]


@pytest.fixture
def make(qtbot):
    def build(read_only=False, search=None):
        calls = []
        model = RowsModel([Column(N_("Name"), lambda r: r["name"])])
        model.set_rows(ROWS)
        tab = ListTab(model, None, add=("Ajouter", lambda: calls.append("add")),
                      edit=("Modifier", lambda: calls.append(("edit", tab.current()["id"]))),
                      delete=("Supprimer", lambda: calls.append(("delete", tab.current()["id"]))),
                      extra=[("Monter", lambda: calls.append("up"), True),
                             ("Importer", lambda: calls.append("import"), False)],
                      search=search, read_only=read_only, table={"single": True})
        model.setParent(tab)
        qtbot.addWidget(tab)
        tab.resize(600, 300)
        tab.show()
        qtbot.waitExposed(tab)
        return tab, calls
    return build


def _enabled(tab):
    return {name: b.isEnabled() for name, b in tab.buttons.items()}


def _click_row(qtbot, tab, row, double=False):
    view = tab.view
    centre = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_buttons_follow_the_selection(make, qtbot):
    tab, calls = make()
    assert [b.text() for b in tab.buttons.values()] == ["Ajouter", "Modifier", "Supprimer", "Monter", "Importer"]
    assert _enabled(tab) == {"add": True, "edit": False, "delete": False, "Monter": False, "Importer": True}
    _click_row(qtbot, tab, 1)
    assert _enabled(tab) == dict.fromkeys(tab.buttons, True)
    qtbot.mouseClick(tab.buttons["edit"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.buttons["Monter"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.buttons["add"], Qt.MouseButton.LeftButton)
    assert calls == [("edit", 2), "up", "add"]
    tab.model.set_rows(ROWS)  # a reload clears the selection: Edit and Delete wait for a row
    assert not tab.buttons["edit"].isEnabled() and tab.buttons["add"].isEnabled()


def test_double_click_edits_and_the_delete_key_deletes(make, qtbot):
    tab, calls = make()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)  # nothing selected: nothing deleted
    assert calls == []
    _click_row(qtbot, tab, 2, double=True)
    assert calls == [("edit", 3)]
    qtbot.keyClick(tab.view, Qt.Key.Key_Up)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert calls == [("edit", 3), ("delete", 2)]


def test_read_only_changes_nothing(make, qtbot):
    tab, calls = make(read_only=True)
    _click_row(qtbot, tab, 0, double=True)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert calls == [] and not any(_enabled(tab).values())
    tab.set_read_only(False)
    assert _enabled(tab)["edit"] and _enabled(tab)["delete"]


def test_the_search_box_filters_the_list(make, qtbot):
    tab, _calls = make(search="Chercher…")
    assert tab.search.placeholderText() == "Chercher…" and tab.search.property("filter") is True
    qtbot.keyClicks(tab.search, "operatoire")
    proxy = tab.view.model()
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Bloc opératoire"]
    tab_without, _calls = make()
    assert tab_without.search is None
