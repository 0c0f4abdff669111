"""The Group page: the regional group's core model (standard vs local) and the consolidation of
several facilities' bundles. Business rules live in si_local.core.group; this only lays out."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPlainTextEdit, QProgressBar, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from ...core.errors import UserError
from ...core.group import packs
from ...core.i18n import N_, _, format_date, format_number, format_percent, ngettext
from ..tasks import runner_for

log = logging.getLogger(__name__)


# --- core model --------------------------------------------------------------------------------

class ItemsModel(QAbstractTableModel):
    STATE, KIND, TITLE, DIFFERENCES, VERSION = range(5)
    HEADERS = (N_("State"), N_("Kind"), N_("Title"), N_("Differs from the standard in"), N_("Pack"))

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.items: list[packs.Item] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.items = packs.items(self.db)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == self.STATE:
                return _(packs.STATES[item.state])
            if column == self.KIND:
                return _(packs.KINDS[item.kind])
            if column == self.TITLE:
                return item.title
            if column == self.DIFFERENCES:
                return item.difference_labels()
            if column == self.VERSION:
                return str(item.pack_version or "")
        if role == Qt.ItemDataRole.ForegroundRole and item.state != packs.STATE_STANDARD:
            from PySide6.QtGui import QColor

            return QColor("#9C5700")
        return None


class AdaptDialog(QDialog):
    """Edit an item's local version as JSON (the standard is shown beside it)."""

    def __init__(self, item: packs.Item, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Adapt “{title}” locally").format(title=item.title))
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        standard = QPlainTextEdit(json.dumps(item.standard, ensure_ascii=False, indent=2))
        standard.setReadOnly(True)
        self.editor = QPlainTextEdit(json.dumps(item.effective, ensure_ascii=False, indent=2))
        for title, widget in ((_("Group standard"), standard), (_("Version of this facility"),
                                                                 self.editor)):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(widget)
            row.addLayout(box)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #B03A2E")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.item = item
        self.value = None

    def _check(self) -> None:
        try:
            value = json.loads(self.editor.toPlainText())
            packs.validate_item({"kind": self.item.kind, "key": self.item.key,
                                 "title": self.item.title, "data": value}, "")
        except json.JSONDecodeError as exc:
            self.error.setText(_("Invalid JSON at line {line}: {error}").format(
                line=exc.lineno, error=exc.msg))
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.value = value
        self.accept()


class CoreModelTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel(_("The group's shared standards (core model). Each item either follows the "
                         "standard or is adapted locally; a newer pack never overwrites a local "
                         "adaptation."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        share_row = QHBoxLayout()
        self.share_label = QLabel()
        self.share_bar = QProgressBar()
        self.share_bar.setTextVisible(True)
        self.share_bar.setMinimumWidth(200)
        self.share_bar.setMaximumWidth(320)
        share_row.addWidget(self.share_label, 1)
        share_row.addWidget(self.share_bar)
        layout.addLayout(share_row)
        self.model = ItemsModel(ctx.db, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(ItemsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(lambda _index: self.adapt())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for label, slot, name in (
            (_("Import a pack…"), self.import_pack, "import_pack"),
            (_("Export the pack…"), self.export_pack, "export_pack"),
            (_("Adapt locally…"), self.adapt, "adapt"),
            (_("Back to the standard"), self.take_standard, "take_standard"),
            (_("Keep my version"), self.keep_local, "keep_local"),
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        self.view.resizeColumnsToContents()
        share = packs.share(self.ctx.db)
        if share["total"]:
            ratio = share["standard"] / share["total"]
            self.share_label.setText(_("{standard} standard item(s), {local} adapted locally, out "
                                       "of {total}.").format(**share))
            self.share_bar.setValue(round(ratio * 100))
            self.share_bar.setFormat(_("{percent} standard").format(percent=format_percent(ratio)))
        else:
            self.share_label.setText(_("No core-model pack taken yet: import the one your group "
                                       "sends you."))
            self.share_bar.setValue(0)
            self.share_bar.setFormat("")

    def _selected(self) -> packs.Item | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, _("Core model"), _("Select an item first."))
            return None
        return self.model.items[rows[0].row()]

    def import_pack(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Import a core-model pack"), "", _("Core-model pack (*.json)"))
            if not path:
                return
        try:
            pack = packs.read_pack(path)
            plan = packs.plan_pack(self.ctx.db, pack)
        except UserError as exc:
            QMessageBox.warning(self, _("Core model"), str(exc))
            return
        s = plan.summary()
        text = _("{group}, version {version}: {new} new, {updated} updated, {kept} kept as adapted "
                 "locally, {unchanged} unchanged, {absent} no longer in the pack.").format(
                     group=pack["group"], version=pack["version"], new=s["new"],
                     updated=s["updated"], kept=s["kept_local"], unchanged=s["unchanged"],
                     absent=s["absent"])
        details = "\n".join(_("kept (adapted locally): {title} — the standard changed: {fields}")
                            .format(title=c.title, fields=", ".join(f)) for c, _e, f in plan.kept_local)
        box = QMessageBox(QMessageBox.Icon.Question, _("Take this pack?"), text,
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, self)
        if details:
            box.setDetailedText(details)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return
        try:
            packs.apply_pack(self.ctx.db, pack, plan)
        except UserError as exc:
            QMessageBox.warning(self, _("Core model"), str(exc))
        self.refresh()

    def export_pack(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the core-model pack"), "modele-commun.json", _("Core-model pack (*.json)"))
        if not path:
            return
        try:
            group = packs.last_group_name(self.ctx.db)
            pack = packs.export_pack(self.ctx.db, path, group if group is not None else _("Regional group"))
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, _("Core model"), str(exc))
            return
        QMessageBox.information(self, _("Core model"), packs.written_message(pack, path))

    def adapt(self) -> None:
        item = self._selected()
        if item is None:
            return
        dialog = AdaptDialog(item, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value is not None:
            packs.adapt(self.ctx.db, item.id, dialog.value)
            self.refresh()

    def take_standard(self) -> None:
        item = self._selected()
        if item is not None:
            packs.take_standard(self.ctx.db, item.id)
            self.refresh()

    def keep_local(self) -> None:
        item = self._selected()
        if item is not None:
            packs.keep_local(self.ctx.db, item.id)
            self.refresh()


# --- consolidation -----------------------------------------------------------------------------

class FacilitiesModel(QAbstractTableModel):
    HEADERS = (N_("Facility"), N_("Bundle of"), N_("Self-diagnostic (0–4)"),
               N_("High compliance findings"), N_("Last restore test"), N_("Plan next review"),
               N_("Last exercise"), N_("Training coverage"), N_("Units without référent"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.facilities = []

    def set_facilities(self, facilities) -> None:
        self.beginResetModel()
        self.facilities = list(facilities)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.facilities)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        f = self.facilities[index.row()]
        values = [
            f.name, format_date(f.bundle_date),
            format_number(f.overall_score, 1) if f.overall_score is not None else "—",
            str(f.compliance_high),
            format_date(f.last_restore_test) if f.last_restore_test else _("never"),
            format_date(f.plan_next_review) if f.plan_next_review else "—",
            format_date(f.last_exercise) if f.last_exercise else "—",
            format_percent(f.training_share) if f.training_share is not None else "—",
            str(f.units_without_referent),
        ]
        return values[index.column()]


class ConsolidationTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = runner_for(ctx)
        self.consolidation = None
        self._reading = ""
        layout = QVBoxLayout(self)
        intro = QLabel(_("For the group's IT manager: open the bundles the facilities sent "
                         "(File › Export the facility bundle). Each facility stays apart and "
                         "read-only; nothing is imported into this database."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = FacilitiesModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        below = QHBoxLayout()
        from ..diagnostic.radar import RadarWidget

        self.radar = RadarWidget(self)  # every facility's self-diagnostic scores on one radar
        self.radar.setObjectName("group_radar")
        self.radar.hide()
        below.addWidget(self.radar, 3)
        self.weak = QLabel()
        self.weak.setWordWrap(True)
        self.weak.setAlignment(Qt.AlignmentFlag.AlignTop)
        below.addWidget(self.weak, 2)
        layout.addLayout(below, 2)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open facility bundles…"))
        self.open_button.setShortcut(QKeySequence("Ctrl+O"))
        self.open_button.clicked.connect(lambda: self.open_bundles())
        self.print_button = QPushButton(_("Print the consolidated report…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_report)
        self.status = QLabel()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)

    def open_bundles(self, paths: list[str] | None = None) -> None:
        if not paths:
            paths, _filter = QFileDialog.getOpenFileNames(
                self, _("Open facility bundles"), "", _("SI Local bundle (*.json)"))
            if not paths:
                return
        self._reading = ngettext("Reading {count} bundle…", "Reading {count} bundles…",
                                 len(paths)).format(count=len(paths))
        self.status.setText(self._reading)
        self.open_button.setEnabled(False)
        from ...core.group.consolidation import consolidate

        self.tasks.run_task(consolidate, [Path(p) for p in paths], on_done=self._loaded,
                            on_error=self._failed, on_end=self._ended, parent=self)

    def _ended(self) -> None:
        self.open_button.setEnabled(True)
        if self.status.text() == self._reading:  # an unexpected error: told apart
            self.status.setText("")

    def _loaded(self, consolidation) -> None:
        self.consolidation = consolidation
        self.model.set_facilities(consolidation.facilities)
        self.view.resizeColumnsToContents()
        self.print_button.setEnabled(True)
        self.status.setText(_("{count} facilities.").format(count=len(consolidation.facilities)))
        self._show_radar(consolidation)
        common = consolidation.common_weaknesses(5)
        self.weak.setText("<b>" + _("Most common weaknesses across the group") + "</b><br>"
                          + "<br>".join(f"{text} ({n})" for text, n in common) if common else "")

    def _show_radar(self, consolidation) -> None:
        from PySide6.QtGui import QColor

        labels, series = consolidation.radar_series()
        self.radar.set_data(labels, [(name, values, QColor(colour), style)
                                     for name, values, colour, style in series])
        self.radar.setVisible(bool(labels and series))

    def _failed(self, message: str) -> None:
        self.status.setText("")
        QMessageBox.warning(self, _("Consolidation"), message)

    def print_report(self) -> None:
        if self.consolidation is None:
            return
        from ...core.reports.group import print_group
        from ..pdf_preview import build_and_preview

        consolidation = self.consolidation
        build_and_preview(self.tasks, self, lambda path: print_group(consolidation, path),
                          "consolidation.pdf")


class GroupPage(QWidget):
    LOADED_WHEN_BUILT = True  # see MainWindow._on_page_changed

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        title = QLabel(_("Regional group"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.core_model = CoreModelTab(ctx, self)
        self.consolidation = ConsolidationTab(ctx, self)
        self.tabs.addTab(self.core_model, _("Core model"))
        self.tabs.addTab(self.consolidation, _("Consolidation"))
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.core_model.refresh()


def create_page(ctx, parent=None) -> GroupPage:
    return GroupPage(ctx, parent)
