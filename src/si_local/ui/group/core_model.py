"""The Core model tab: the group's shared standards, each followed or adapted locally."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton,
    QVBoxLayout, QWidget,
)

from ...core.errors import UserError
from ...core.group import pack_texts, packs
from ...core.i18n import _, format_percent
from ..kit.table import make_table
from .dialogs import AdaptDialog
from .models import ItemsModel
from ..kit import messages


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
        self.view = make_table(self.model, sortable=False, single=True, alternating=False, stretch_last=False)
        self.view.horizontalHeader().setSectionResizeMode(ItemsModel.TITLE, QHeaderView.ResizeMode.Stretch)
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
            self.share_label.setText(pack_texts.share_text(share))
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
            messages.tell(self, _("Select an item first."), title=_("Core model"))
            return None
        return self.model.row(rows[0].row())

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
            messages.warn(self, str(exc), title=_("Core model"))
            return
        s = plan.summary()
        text = pack_texts.plan_text(pack, s)
        details = "\n".join(_("kept (adapted locally): {title} — the standard changed: {fields}")
                            .format(title=c.title, fields=", ".join(f)) for c, _e, f in plan.kept_local)
        question = messages.Question(_("Take this pack?"), text, buttons=(messages.OK, messages.CANCEL),
                                     details=details)
        if messages.choose(self, question) != messages.OK:
            return
        try:
            packs.apply_pack(self.ctx.db, pack, plan)
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Core model"))
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
            messages.warn(self, str(exc), title=_("Core model"))
            return
        messages.tell(self, packs.written_message(pack, path), title=_("Core model"))

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
