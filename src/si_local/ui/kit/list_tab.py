"""The UI kit's list tab: a table (with a search box when the list has one) and its Add / Edit /
Delete buttons.

Double-click edits the row, the Delete key deletes it; Edit and Delete are enabled
when a row is selected, and no button changes anything in read-only mode. The tab calls the
slots it is given (the area's own dialogs), each reading the selection itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .table import make_table, selected_row

Action = tuple[str, Callable[[], object]]  # (button text, already translated; slot)


class ListTab(QWidget):
    """``model`` shown by :func:`~.table.make_table` (``table`` its options), ``search`` the
    placeholder of a search box above it (None: no box), then the buttons ``add``, ``edit``,
    ``delete`` and ``extra`` ones (``(text, slot, needs_row)``) in one row.

    :attr:`view`, :attr:`search` (or None), :attr:`top` (the search row, for more widgets),
    :attr:`buttons` (by name: "add", "edit", "delete", then the extra texts). ``nested``: no
    margins of its own (the list is inside a tab that has some).
    """

    def __init__(self, model, parent=None, *, add: Action, edit: Action, delete: Action,
                 extra: Sequence[tuple[str, Callable[[], object], bool]] = (), search: str | None = None,
                 read_only: bool = False, table: dict | None = None,
                 nested: bool = False):
        super().__init__(parent)
        self.model = model
        self.read_only = read_only
        layout = QVBoxLayout(self)
        if nested:  # inside a tab that has its own margins
            layout.setContentsMargins(0, 0, 0, 0)
        self.top = QHBoxLayout()
        self.search: QLineEdit | None = None
        if search is not None:
            self.search = QLineEdit(self)
            self.search.setProperty("filter", True)  # not data (see main_window.edit_under_way)
            self.search.setPlaceholderText(search)
            self.search.setClearButtonEnabled(True)
            self.top.addWidget(self.search, 1)
            layout.addLayout(self.top)
        self.view = make_table(model, self, **(table or {}))
        if self.search is not None:
            self.search.textChanged.connect(self.view.model().set_search)
        layout.addWidget(self.view, 1)
        self.buttons: dict[str, QPushButton] = {}
        self._needs_row: list[QPushButton] = []
        bar = QHBoxLayout()
        actions = [("add", *add, False), ("edit", *edit, True), ("delete", *delete, True)]
        actions += [(text, text, slot, needs_row) for text, slot, needs_row in extra]
        for name, text, slot, needs_row in actions:
            b = self._button(text, slot)
            self.buttons[name] = b
            if needs_row:
                self._needs_row.append(b)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self._edit, self._delete = edit[1], delete[1]
        self.view.doubleClicked.connect(lambda _i: self._if_allowed(self._edit))
        self.view.installEventFilter(self)  # the Delete key, while the table has the focus
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        model.modelReset.connect(self.update_buttons)
        self.update_buttons()

    def eventFilter(self, watched, event):  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.KeyPress and \
                event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self._if_allowed(self._delete)
            return True
        return super().eventFilter(watched, event)

    def _button(self, text: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.clicked.connect(slot)
        return b

    def _if_allowed(self, slot) -> None:
        if not self.read_only and self.has_row():
            slot()

    def has_row(self) -> bool:
        return selected_row(self.view) is not None

    def current(self):
        """The row under the selection (the model's row), None if none."""
        return selected_row(self.view)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.update_buttons()

    def update_buttons(self) -> None:
        has_row = self.has_row()
        for b in self.buttons.values():
            b.setEnabled(not self.read_only and (has_row or b not in self._needs_row))
