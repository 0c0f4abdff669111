"""The dialog adapting a core-model item locally (its JSON, checked before it is kept)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout,
)

from ...core.errors import UserError
from ...core.group import packs
from ...core.i18n import _


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
        self.error.setProperty("role", "dialog-error")
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
