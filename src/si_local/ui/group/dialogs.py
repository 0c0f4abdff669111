"""The dialog adapting a core-model item locally (its JSON, checked before it is kept)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...core.errors import UserError
from ...core.group import packs
from ...core.i18n import _
from ..kit.form import FormDialog


class AdaptDialog(FormDialog):
    """Edit an item's local version as JSON (the standard is shown beside it); the kit's form
    dialog, its general error saying what is wrong with the JSON."""

    def __init__(self, item: packs.Item, parent=None):
        super().__init__(_("Adapt “{title}” locally").format(title=item.title), parent)
        self.resize(820, 480)
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        standard = QPlainTextEdit(json.dumps(item.standard, ensure_ascii=False, indent=2))
        standard.setReadOnly(True)
        self.editor = QPlainTextEdit(json.dumps(item.effective, ensure_ascii=False, indent=2))
        for title, widget in ((_("Group standard"), standard), (_("Version of this facility"),
                                                                 self.editor)):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(widget)
            row.addLayout(box)
        self.form.add_row(holder)
        self.error = self.general_error
        self.item = item
        self.value = None
        self.finish()

    def submit(self, values: dict):
        try:
            value = json.loads(self.editor.toPlainText())
        except json.JSONDecodeError as exc:
            raise UserError(_("Invalid JSON at line {line}: {error}").format(
                line=exc.lineno, error=exc.msg)) from None
        packs.validate_item({"kind": self.item.kind, "key": self.item.key,
                             "title": self.item.title, "data": value}, "")
        self.value = value
        return value

    def _check(self) -> None:  # the name the page's tests call
        self.try_save()
