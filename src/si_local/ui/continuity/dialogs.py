"""The Continuity page's form dialog: fields from a list, errors shown next to them, the
area's text lengths as limits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError, ValidationError
from ...core.i18n import _, format_date
from ..number_field import FloatField, IntField


class FormDialog(QDialog):
    """A small form: fields are (key, English label, kind, options); ``save(values)`` may raise
    :class:`ValidationError` (shown in the dialog, which stays open) or :class:`UserError`.

    Kinds: text, multiline, int, float, date, choice (options: [(key, label)]), checklist.
    ``limits`` is the area's table of text lengths for the record (``TEXT_COLUMNS[table]``): a
    line edit stops typing at its field's limit; a longer multi-line text is refused on save
    with the message, as the registry's forms do.
    """

    def __init__(self, title: str, fields: list[tuple], values: dict | None, save, parent=None,
                 limits: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.save = save
        self.widgets: dict[str, tuple[str, QWidget]] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        values = values or {}
        for key, label, kind, *rest in fields:
            options = rest[0] if rest else None
            value = values.get(key)
            if kind == "multiline":
                w = QPlainTextEdit(self)
                w.setPlainText(value or "")
                w.setTabChangesFocus(True)
                w.setMinimumHeight(70)
            elif kind == "choice":
                w = QComboBox(self)
                for opt_key, opt_label in options:
                    w.addItem(opt_label, opt_key)
                found = w.findData(value)
                w.setCurrentIndex(max(found, 0))
            elif kind == "checklist":
                w = QListWidget(self)
                chosen = set(value or [])
                for opt_key, opt_label in options:
                    item = QListWidgetItem(opt_label, w)
                    item.setData(Qt.ItemDataRole.UserRole, opt_key)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if opt_key in chosen else Qt.CheckState.Unchecked)
                w.setMaximumHeight(130)
            elif kind == "int":
                w = IntField(self)
                w.setRange(-1, 100000)
                w.setSpecialValueText("—")
                w.setValue(-1 if value is None else int(value))
            elif kind == "float":
                w = FloatField(self)
                w.setRange(-1, 100000)
                w.setDecimals(1)
                w.setSpecialValueText("—")
                w.setValue(-1 if value is None else float(value))
            else:
                w = QLineEdit(self)
                if kind == "date":
                    w.setPlaceholderText(_("DD/MM/YYYY"))
                    w.setText(format_date(value) if value else "")
                else:
                    w.setText("" if value is None else str(value))
                    if limits and key in limits:  # typing or pasting stops at the limit
                        w.setMaxLength(limits[key].limit)
            w.setObjectName(f"field_{key}")
            self.widgets[key] = (kind, w)
            form.addRow(_(label), w)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setProperty("role", "dialog-error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_value = None

    def values(self) -> dict:
        out = {}
        for key, (kind, w) in self.widgets.items():
            if kind == "multiline":
                out[key] = w.toPlainText()
            elif kind == "choice":
                out[key] = w.currentData()
            elif kind == "checklist":
                out[key] = [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
                            if w.item(i).checkState() == Qt.CheckState.Checked]
            elif kind in ("int", "float"):
                out[key] = None if w.value() < 0 else w.value()
            else:
                out[key] = w.text()
        return out

    def _save(self) -> None:
        try:
            self.result_value = self.save(self.values())
        except ValidationError as exc:
            self.error.setText("\n".join(f"{k}\u00a0: {v}" for k, v in exc.errors.items()))
            self.error.show()
            return
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
