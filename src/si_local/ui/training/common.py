"""What the Training tabs share: the tabs' keys and titles, a button with its shortcut, and the
selected ids of a view (the tables are the kit's, :func:`si_local.ui.kit.table.make_table`)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QTableView

from ...core.i18n import N_
from ..kit.list_tab import ListTab
from ..kit.table import ID_ROLE


TABS = [("todo", N_("To do")), ("units", N_("Units and référents")), ("staff", N_("Staff")),
        ("modules", N_("Modules")), ("sessions", N_("Sessions and attendance")),
        ("coverage", N_("Coverage"))]


def button(text: str, slot, shortcut: str | None = None, tip: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(slot)
    if shortcut:
        b.setShortcut(QKeySequence(shortcut))
        b.setToolTip((tip + " " if tip else "") + f"({shortcut})")
    elif tip:
        b.setToolTip(tip)
    return b


def list_tab(page, model, add, edit, delete, extra=(), search: str | None = None) -> ListTab:
    """A tab of the page that lists ``model`` (the kit's list tab): ``add``, ``edit``, ``delete``
    are (text, slot); read-only databases change nothing."""
    return ListTab(model, None, add=add, edit=edit, delete=delete, extra=extra, search=search,
                   read_only=page.ctx.read_only)


def selected_ids(view: QTableView) -> list[int]:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return [r.data(ID_ROLE) for r in rows]


def select_id(view: QTableView, record_id: int | None) -> bool:
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == record_id:
            view.selectRow(row)
            view.scrollTo(index)
            return True
    return False
