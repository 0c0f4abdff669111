"""The registry page: a sub-navigation of the kinds, each a searchable, sortable list.

The facility is a single record edited in place; every other kind is a :class:`KindPanel`
(a table over :class:`RecordTableModel` + :class:`SearchProxyModel`). Lists are built when first
shown, so opening the application stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import end_of_support as eos
from ...core import registry as reg
from ...core import summary
from ...core.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from ..forms import RecordDialog, RecordForm
from ..end_of_support import open_end_of_support
from ..kit import messages
from ..kit.table import ID_ROLE, NO_INDICATOR, SearchProxyModel, make_table
from ..models import RecordTableModel

# The sub-navigation, in the order a facility is described.
KIND_ORDER = ["facility", "sites", "servers", "vms", "replications", "applications", "backups",
              "restore-tests", "equipment", "contacts", "contracts", "certificates"]
# after the kinds: panels that are not a list of records (key, English title)
EXTRA_PANELS = [("software", N_("Installed programs"))]


def _title(text: str, parent=None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "title")
    return label


class FacilityPanel(QWidget):
    """The facility: one record, edited in place."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = reg.FACILITY
        layout = QVBoxLayout(self)
        layout.addWidget(_title(_("Facility"), self))
        hint = QLabel(_("The legal name, FINESS number and type of the facility."), self)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setProperty("role", "hint")
        buttons.addWidget(self.status, 1)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.form: RecordForm | None = None
        self.reload()

    def reload(self) -> None:
        from ..forms import RecordForm, top_aligned

        row = summary.first_facility(self.ctx.db)
        self.form = RecordForm(self.ctx, self.kind, row[0] if row else None)
        self.scroll.setWidget(top_aligned(self.form, max_width=760))
        self.status.clear()

    def save(self) -> None:
        from ...core.errors import UserError

        try:
            saved = self.form.save()
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Facility"))
            return
        self.status.setText(_("Saved.") if saved is not None else _("Not saved: see the messages in red."))

    def open_record(self, record_id: int | None, edit: bool = False) -> None:
        pass


class KindPanel(QWidget):
    """The list of one kind, with its search box, count and buttons."""

    def __init__(self, ctx, kind: reg.Kind, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.dialog: RecordDialog | None = None
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(_title(_(kind.plural), self))
        header.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.count_label.setProperty("role", "hint")
        header.addWidget(self.count_label)
        layout.addLayout(header)

        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setProperty("filter", True)  # not data: an outside change may refresh the list
        self.search.setPlaceholderText(_("Search (Ctrl+F): any column, accents ignored"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.new_button = QPushButton(_("New"), self)
        self.new_button.setToolTip(_("Add a record (Ctrl+N)"))
        self.edit_button = QPushButton(_("Edit"), self)
        self.edit_button.setToolTip(_("Edit the selected record (Enter or double-click)"))
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.setToolTip(_("Delete the selected record (Del)"))
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        if kind.key in ("servers", "vms"):  # their systems' end of support (ui/end_of_support.py)
            self.end_of_support_button = QPushButton(_("End of support…"), self)
            self.end_of_support_button.clicked.connect(lambda: open_end_of_support(ctx, self))
            bar.addWidget(self.end_of_support_button)
        self.budget_button: QPushButton | None = None
        if kind.key == "contracts":  # the yearly budget: print or export (ui/contracts_budget.py)
            self.budget_button = QPushButton(_("Budget…"), self)
            self.budget_button.setObjectName("budget")
            self.budget_button.setToolTip(_("The contracts' cost for a year: print or export"))
            self.budget_button.clicked.connect(self.open_budget)
            bar.addWidget(self.budget_button)
        layout.addLayout(bar)

        self.model = RecordTableModel(ctx.db, kind, self)
        # no sort indicator yet: the registry's own order (sorting is done by the model)
        self.table = make_table(self.model, self, sort_column=NO_INDICATOR, single=True, word_wrap=False,
                                resize=QHeaderView.ResizeMode.Interactive)
        self.proxy: SearchProxyModel = self.table.model()
        self.table.setObjectName("table")
        self.table.verticalHeader().setDefaultSectionSize(26)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setProperty("role", "hint")
        layout.addWidget(self.empty_label)

        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._focus_table)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        for keys, slot in ((QKeySequence.StandardKey.New, self.new_record),
                           (QKeySequence.StandardKey.Find, self._focus_search),
                           (QKeySequence(Qt.Key.Key_Delete), self.delete_current)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while this list is shown
            shortcut.activated.connect(slot)
        self._fit_columns()
        self._update_count()
        self._update_buttons()

    # --- list ----------------------------------------------------------------------------
    def reload(self, keep_id: int | None = None) -> None:
        if keep_id is None:
            keep_id = self.current_id()
        self.model.reload()
        self._update_count()
        if keep_id is not None:
            self.select(keep_id)
        self._update_buttons()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column in range(self.model.columnCount()):
            sample = [self.model.index(r, column).data() or "" for r in range(min(50, self.model.rowCount()))]
            title = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
            width = max([metrics.horizontalAdvance(title) + 30]
                        + [metrics.horizontalAdvance(t) + 16 for t in sample])
            header.resizeSection(column, min(width, 280))

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            self.count_label.setText(ngettext("{count} record", "{count} records", total).format(count=total))
        else:
            self.count_label.setText(ngettext("{shown} of {count} record", "{shown} of {count} records", total).format(
                shown=shown, count=total))
        if total == 0:
            self.empty_label.setText(_("No record yet: add one with « New » (Ctrl+N)."))
        elif shown == 0:
            self.empty_label.setText(_("No record matches the search."))
        else:
            self.empty_label.clear()
        self.empty_label.setVisible(bool(self.empty_label.text()))

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.current_id() is None and self.proxy.rowCount():
            self.table.selectRow(0)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return index.siblingAtColumn(0).data(ID_ROLE)

    def select(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the search: clear it
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    # --- actions -------------------------------------------------------------------------
    def new_record(self) -> RecordDialog:
        return self._open_dialog(None)

    def edit_current(self) -> RecordDialog | None:
        record_id = self.current_id()
        if record_id is None:
            return None
        return self._open_dialog(record_id)

    def open_record(self, record_id: int | None, edit: bool = False) -> RecordDialog | None:
        if record_id is None or not self.select(record_id):
            return None
        return self._open_dialog(record_id) if edit else None

    def _open_dialog(self, record_id: int | None) -> RecordDialog:
        from ..forms import RecordDialog

        dialog = RecordDialog(self.ctx, self.kind, record_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: RecordDialog) -> None:
        from ..forms import RecordDialog

        if self.dialog is dialog:
            self.dialog = None
        if dialog.deleted:
            self.reload(keep_id=None)
            self.table.clearSelection()
        elif dialog.result() == RecordDialog.DialogCode.Accepted and dialog.record_id is not None:
            self.reload(keep_id=dialog.record_id)
        self._update_buttons()
        self.table.setFocus()

    def open_budget(self):
        from ..contracts_budget import BudgetDialog

        dialog = BudgetDialog(self.ctx, self)
        dialog.exec()
        return dialog

    def delete_current(self) -> bool:
        record_id = self.current_id()
        if record_id is None:
            return False
        from ..forms import confirm_delete

        if not confirm_delete(self.ctx, self.kind, record_id, self):
            return False
        self.reload(keep_id=None)
        self.table.clearSelection()
        self._update_buttons()
        return True


class RegistryPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget(self)
        self.nav.setObjectName("subnav")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.panels: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        for key in KIND_ORDER:
            kind = reg.KINDS[key]
            item = QListWidgetItem(_(kind.plural), self.nav)
            item.setData(Qt.ItemDataRole.UserRole, key)
            placeholder = QWidget(self.stack)
            self.stack.addWidget(placeholder)
        for key, title in EXTRA_PANELS:
            item = QListWidgetItem(_(title), self.nav)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.stack.addWidget(QWidget(self.stack))
        self.keys = [*KIND_ORDER, *(key for key, _title in EXTRA_PANELS)]
        # The first list is built when the page is first shown (keeps the start fast).
        self.nav.setCurrentRow(KIND_ORDER.index("servers"))
        self.nav.currentRowChanged.connect(self._on_kind_changed)

    def panel(self, key: str) -> QWidget:
        """The panel of a kind, built on first use."""
        panel = self.panels.get(key)
        if panel is None:
            index = self.keys.index(key)
            panel = self._new_panel(key)
            panel.setObjectName(f"panel_{key.replace('-', '_')}")
            old = self.stack.widget(index)
            self.stack.insertWidget(index, panel)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.panels[key] = panel
        elif key in self._stale:
            panel.reload()
        self._stale.discard(key)
        return panel

    def _new_panel(self, key: str) -> QWidget:
        if key == "software":
            from ..registry.software import SoftwarePanel

            return SoftwarePanel(self.ctx, self)
        if key == "facility":
            return FacilityPanel(self.ctx, self)
        return KindPanel(self.ctx, reg.KINDS[key], self)

    def current_kind(self) -> str:
        return self.keys[self.nav.currentRow()]

    def show_kind(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.keys.index(key))
        return self.panel(key)

    def _on_kind_changed(self, row: int) -> None:
        if row < 0:
            return
        panel = self.panel(self.keys[row])
        self.stack.setCurrentWidget(panel)

    def open_record(self, key: str, record_id: int | None, edit: bool = True):
        """Show a kind and select one record (Home's alerts); opens its form when ``edit``."""
        panel = self.show_kind(key)
        return panel.open_record(record_id, edit)

    def open_alert(self, alert):
        """Home's end-of-support alerts: the list of end of support, on that machine."""
        kind = eos.ALERT_KINDS.get(alert.kind or "")
        return open_end_of_support(self.ctx, self, kind, alert.record_id) if kind else None

    def refresh(self) -> None:
        """Data may have changed elsewhere (imports, restores): re-read the list shown now."""
        self._stale.update(self.panels)
        self._on_kind_changed(self.nav.currentRow())

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.current_kind() not in self.panels:
            self._on_kind_changed(self.nav.currentRow())
        super().showEvent(event)



def create_page(ctx, parent=None) -> RegistryPage:
    return RegistryPage(ctx, parent)
