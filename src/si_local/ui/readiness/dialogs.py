"""Declare an expectation met, or withdraw a declaration: the kit's FormDialog over
``core.readiness.declare`` / ``withdraw`` (one transaction each)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ...core import readiness as r
from ...core.i18n import _
from ..kit.form import FieldSpec, FormDialog

_TEXTS = r.TEXT_COLUMNS["readiness_declaration"]


def _who() -> FieldSpec:
    return FieldSpec("by", "Declared by", required=True, max_length=_TEXTS["declared_by"].limit)


class DocumentField(QWidget):
    """A file's path typed or chosen; only its path and SHA-256 are kept."""

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("document_path")
        self.edit.setMaxLength(_TEXTS["document_path"].limit)
        self.edit.setPlaceholderText(_("optional: a file that proves it"))
        choose = QPushButton(_("Choose…"), self)
        choose.setObjectName("choose_document")
        choose.clicked.connect(self.choose)
        box.addWidget(self.edit, 1)
        box.addWidget(choose)
        self.setFocusProxy(self.edit)

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose the document"), str(Path.home()))
        if name:
            self.edit.setText(name)


class DeclareDialog(FormDialog):
    def __init__(self, db, expectations, status, today, parent=None):
        super().__init__(_("Declare: {id}").format(id=status.id), parent, ok_text=_("Declare"),
                         minimum_width=560)
        self.setObjectName("readiness_declare")
        self.db, self.expectations, self.status, self.today = db, expectations, status, today
        self.form.add_row(self._wording())
        self.form.add(_who())
        self.form.add(FieldSpec("note", "Note", "longtext", max_length=_TEXTS["note"].limit,
                                height=90))
        self.document = self.form.add_widget("document", _("Document"), DocumentField(self))

    def _wording(self):
        from PySide6.QtWidgets import QLabel

        label = QLabel(self.status.expectation.wording, self)
        label.setWordWrap(True)
        label.setProperty("role", "hint")
        return label

    def submit(self, values):
        return r.declare(self.db, self.expectations, self.status.id, values.get("by"), self.today,
                         note=values.get("note"), document=self.document.edit.text().strip() or None)


class WithdrawDialog(FormDialog):
    def __init__(self, db, expectations, status, today, parent=None):
        super().__init__(_("Withdraw the declaration: {id}").format(id=status.id), parent,
                         ok_text=_("Withdraw"), minimum_width=520)
        self.setObjectName("readiness_withdraw")
        self.db, self.expectations, self.status, self.today = db, expectations, status, today
        self.form.add(_who())
        self.form.add(FieldSpec("note", "Reason", "longtext", max_length=_TEXTS["note"].limit,
                                height=70))

    def submit(self, values):
        return r.withdraw(self.db, self.expectations, self.status.id, values.get("by"), self.today,
                          note=values.get("note"))
