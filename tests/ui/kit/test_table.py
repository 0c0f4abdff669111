"""The kit's table: one column spec, one rows model, one proxy and one table view for every list.

Rows are plain dicts and objects; the view is clicked and typed into like a person would."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from si_local.core.i18n import N_
from si_local.ui.kit.table import (
    ID_ROLE,
    NO_INDICATOR,
    ROW_ROLE,
    SEARCH_ROLE,
    SORT_ROLE,
    Column,
    RowsModel,
    SearchProxyModel,
    fold,
    make_table,
    selected_row,
)

pytest.importorskip("pytestqt")

ROWS = [
    {"id": 7, "name": "Éric", "beds": 12, "opened": "2024-03-01", "note": None, "level": "high"},
    {"id": 3, "name": "anne", "beds": 9, "opened": "2019-11-20", "note": "à revoir", "level": "low"},
    {"id": 5, "name": "Zoé", "beds": 100, "opened": "2021-06-15", "note": "", "level": "medium"},
]


def _columns():
    return [
        Column(N_("Name"), lambda r: r["name"]),
        Column(N_("Size"), lambda r: r["beds"], align=Qt.AlignmentFlag.AlignRight),
        Column(N_("Date"), lambda r: r["opened"][8:] + "/" + r["opened"][5:7], lambda r: r["opened"]),
        Column(N_("Note"), lambda r: r["note"], background=lambda r: "#F6CFCA" if r["note"] else None),
    ]


def _model(rows=ROWS, **options):
    model = RowsModel(_columns(), **options)
    model.set_rows(rows)
    return model


def _cells(model, column, role=Qt.ItemDataRole.DisplayRole):
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def test_headers_are_english_in_code_french_when_shown(qapp):
    model = _model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == model.headers == ["Nom", "Taille", "Date", "Remarque"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_roles_of_a_cell(qapp):
    model = _model()
    assert _cells(model, 0) == ["Éric", "anne", "Zoé"]
    assert _cells(model, 1) == ["12", "9", "100"]  # numbers shown as text
    assert _cells(model, 3) == ["", "à revoir", ""]  # None shown empty
    assert _cells(model, 0, Qt.ItemDataRole.ToolTipRole) == ["Éric", "anne", "Zoé"]
    assert _cells(model, 2, ID_ROLE) == [7, 3, 5]
    assert _cells(model, 1, ROW_ROLE) == ROWS
    assert model.index(1, 2).data(SEARCH_ROLE) == "anne 9 20/11 a revoir"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignRight)
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) is None


def test_sort_keys_of_each_type(qapp):
    model = _model()
    from si_local.core.collation import collation_key

    texts = _cells(model, 0)
    assert _cells(model, 0, SORT_ROLE) == [collation_key(t) for t in texts]  # text: French order
    assert _cells(model, 1, SORT_ROLE) == [12, 9, 100]  # numbers: the numbers
    assert _cells(model, 2, SORT_ROLE) == ["2024-03-01", "2019-11-20", "2021-06-15"]  # own key
    assert _cells(model, 3, SORT_ROLE) == ["", collation_key(_cells(model, 3)[1]), ""]  # nothing: empty


def test_objects_rows_and_a_row_id_of_their_own(qapp):
    alerts = [SimpleNamespace(record_id=4, text="Sauvegarde"), SimpleNamespace(record_id=None, text="Plan")]
    model = RowsModel([Column(N_("Name"), lambda a: a.text)], row_id=lambda a: a.record_id, tooltips=False)
    model.set_rows(alerts)
    assert _cells(model, 0) == ["Sauvegarde", "Plan"]
    assert _cells(model, 0, ID_ROLE) == [4, None]
    assert _cells(model, 0, Qt.ItemDataRole.ToolTipRole) == [None, None]
    assert model.row_of(4) == 0 and model.row_of(99) == -1
    plain = RowsModel([Column(N_("Name"), lambda a: a.text)])
    plain.set_rows([SimpleNamespace(id=8, text="x")])
    assert plain.index(0, 0).data(ID_ROLE) == 8


def test_backgrounds_of_a_column_and_of_a_row(qapp):
    model = _model(row_colour=lambda r: {"high": "#FBE7B5"}.get(r["level"]))
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#F6CFCA")
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#FBE7B5")
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    coloured = RowsModel([Column(N_("Name"), lambda r: r["name"], foreground=lambda r: QColor("#9C5700"))])
    coloured.set_rows(ROWS)
    assert coloured.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == QColor("#9C5700")


def test_a_checkable_column_keeps_the_checked_ids(qapp):
    model = RowsModel([Column(N_("Add"), lambda r: "", checkable=True)] + _columns())
    model.set_rows(ROWS)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.checked == {3}
    assert model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not model.setData(model.index(1, 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.set_checked({7, 5})
    model.set_rows(ROWS[:2])  # a row gone: its check goes with it
    assert model.checked == {7}


def test_replace_row_repaints_it(qapp, qtbot):
    model = _model()
    with qtbot.waitSignal(model.dataChanged):
        model.replace_row(1, {**ROWS[1], "name": "Anne-Lise"})
    assert model.index(1, 0).data() == "Anne-Lise" and "anne-lise" in model.search_text(1)


def test_fold_drops_accents_case_and_typographic_marks():
    assert fold("Hôpital ÉTANG l\u2019Œuvre\u00a0Noël") == "hopital etang l'oeuvre noel"
    assert fold("ABC") == "abc"


def _shown(view, column=0):
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _header_click(qtbot, view, column):
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def _row_click(qtbot, view, row, double=False):
    rect = view.visualRect(view.model().index(row, 0))
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    if double:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def shown(qtbot):
    kept = []

    def show(model, **options):
        box = QWidget()
        kept.append((box, model))
        model.setParent(box)
        layout = QVBoxLayout(box)
        search = QLineEdit(box)
        layout.addWidget(search)
        view = make_table(model, box, **options)
        layout.addWidget(view)
        qtbot.addWidget(box)
        box.resize(700, 300)
        box.show()
        qtbot.waitExposed(box)
        return view, search
    return show


def test_make_table_keeps_the_model_order_then_sorts_on_header_clicks(qtbot, shown):
    view, _search = shown(_model())
    assert isinstance(view.model(), SearchProxyModel)
    assert _shown(view) == ["Éric", "anne", "Zoé"]  # the model's order until a click
    _header_click(qtbot, view, 0)
    assert view.horizontalHeader().sortIndicatorSection() == 0
    first = _shown(view)
    assert first in (["anne", "Éric", "Zoé"], ["Zoé", "Éric", "anne"])  # accents and case ignored
    _header_click(qtbot, view, 0)
    assert _shown(view) == list(reversed(first))
    _header_click(qtbot, view, 1)  # numbers as numbers: 9 < 12 < 100
    assert _shown(view, 1) in (["9", "12", "100"], ["100", "12", "9"])
    _header_click(qtbot, view, 2)  # the column's own key (ISO dates) under shown text
    assert _shown(view) in (["anne", "Zoé", "Éric"], ["Éric", "Zoé", "anne"])


def test_make_table_sorted_at_first_or_without_an_indicator(qtbot, shown):
    view, _search = shown(_model(), sort_column=1, sort_order=Qt.SortOrder.DescendingOrder)
    assert _shown(view, 1) == ["100", "12", "9"]
    view, _search = shown(_model(), sort_column=NO_INDICATOR)
    assert _shown(view) == ["Éric", "anne", "Zoé"]
    assert view.horizontalHeader().sortIndicatorSection() == -1
    view, _search = shown(_model(), sortable=False)
    assert isinstance(view.model(), RowsModel) and not view.isSortingEnabled()


def test_clicks_and_keys_select_whole_rows_and_selected_row_gives_the_row(qtbot, shown):
    model = _model()
    view, _search = shown(model, single=True, sort_column=0)
    assert selected_row(view) is None
    _row_click(qtbot, view, 1)
    assert selected_row(view) == {**ROWS[0]}  # sorted: anne, Éric, Zoé
    assert view.selectionModel().isRowSelected(1)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert selected_row(view)["name"] == "Zoé"
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # one row only
    assert len(view.selectionModel().selectedRows()) == 1
    opened = []
    view.doubleClicked.connect(lambda index: opened.append(index.data(ROW_ROLE)["id"]))
    _row_click(qtbot, view, 0, double=True)
    assert opened == [3]
    assert view.editTriggers() == view.EditTrigger.NoEditTriggers


def test_typing_in_the_search_box_keeps_the_rows_with_every_word(qtbot, shown):
    view, search = shown(_model())
    search.textChanged.connect(view.model().set_search)
    qtbot.keyClicks(search, "REVOIR")
    assert _shown(view) == ["anne"]
    search.clear()
    qtbot.keyClicks(search, "R 03")  # every word, in any column: « r » alone keeps anne too
    assert _shown(view) == ["Éric"]
    search.clear()
    assert _shown(view) == ["Éric", "anne", "Zoé"]
