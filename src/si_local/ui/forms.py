"""The record form of every registry kind, built from its fields (core.registry.Kind).

:class:`RecordForm` is the grid of fields with an error line under each; :class:`RecordDialog`
wraps it with Save / Cancel / Delete. Saving calls :func:`si_local.core.registry.save`; a
:class:`ValidationError` puts each message in red under its field and nothing is written.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ..core import registry as reg
from ..core.errors import UserError, ValidationError
from ..core.i18n import N_, _, format_date, format_datetime, get_language
from ..core.references import counted_label
from .number_field import FloatField, IntField

log = logging.getLogger(__name__)

UNITS = {"GB": N_("GB"), "h": N_("h"), "min": N_("min"), "€": "€", "days": N_("days")}
_INT_MAX = 2_000_000_000


def unit_text(unit: str) -> str:
    label = UNITS.get(unit, unit)
    return _(label) if label != "€" else label


def _number_locale() -> QLocale:
    if get_language() == "fr":
        return QLocale(QLocale.Language.French, QLocale.Country.France)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class DateEdit(QWidget):
    """A date typed as DD/MM/YYYY (may stay empty), with a calendar button."""

    def __init__(self, with_time: bool = False, parent=None):
        super().__init__(parent)
        self.with_time = with_time
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(_("DD/MM/YYYY HH:MM") if with_time else _("DD/MM/YYYY"))
        self.line.setMaximumWidth(180)
        layout.addWidget(self.line)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(_("Choose in a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.calendar.clicked.connect(lambda d: (self._pick(d), menu.close()))
        self.button.setMenu(menu)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def _pick(self, day: QDate) -> None:
        text = day.toString("dd/MM/yyyy")
        if self.with_time:
            text += " 00:00"
        self.line.setText(text)

    def text(self) -> str:
        return self.line.text().strip()

    def set_value(self, value: str | None) -> None:
        if not value:
            self.line.clear()
            return
        self.line.setText(format_datetime(value) if self.with_time else format_date(value))


def top_aligned(widget: QWidget, max_width: int | None = None) -> QWidget:
    """``widget`` at the top of a container that takes the extra height (for scroll areas)."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    if max_width:
        widget.setMaximumWidth(max_width)
    return holder


class RecordForm(QWidget):
    """The fields of one kind; values() gives what core.registry.save expects."""

    def __init__(self, ctx, kind: reg.Kind, record_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.setVerticalSpacing(6)
        for f in kind.fields:
            editor = self._editor(f)
            editor.setObjectName(f"field_{f.name}")
            self.editors[f.name] = editor
            text = _(f.label) + (" *" if f.required else "")
            label = QLabel(text, self)
            label.setBuddy(editor.focusProxy() or editor)
            if f.help:
                label.setToolTip(_(f.help))
                editor.setToolTip(_(f.help))
            self.labels[f.name] = label
            error = QLabel(self)
            error.setObjectName(f"error_{f.name}")
            error.setProperty("role", "error")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            self.error_labels[f.name] = error
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(error)
            layout.addRow(label, cell)
        if any(f.required for f in kind.fields):
            note = QLabel(_("* required"), self)
            note.setProperty("role", "hint")
            layout.addRow("", note)
        if record_id is not None:
            self.load(reg.get(ctx.db, kind, record_id))

    # --- building ------------------------------------------------------------------------
    def _editor(self, f: reg.Field) -> QWidget:
        db = self.ctx.db
        if f.type == "longtext":
            editor = QPlainTextEdit(self)
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(70)
            return editor
        if f.type in ("int", "float"):
            spin = IntField(self) if f.type == "int" else FloatField(self)
            low = f.minimum if f.minimum is not None else -_INT_MAX
            high = f.maximum if f.maximum is not None else _INT_MAX
            spin.setLocale(_number_locale())  # "2,5" in French whatever the system says
            if f.type == "float":
                spin.setDecimals(2)
            # one step below the minimum means "empty" (shown as no text): the field is optional
            spin.setRange(low - 1 if f.type == "int" else low - 1.0, high)
            spin.setValue(spin.minimum())
            if f.unit:
                spin.setSuffix(" " + unit_text(f.unit))
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setMaximumWidth(200)
            spin.setKeyboardTracking(True)
            return spin
        if f.type in ("date", "datetime"):
            return DateEdit(with_time=f.type == "datetime", parent=self)
        if f.type == "bool":
            return QCheckBox(self)
        if f.type == "choice":
            combo = QComboBox(self)
            if not f.required:
                combo.addItem("—", None)
            for key, label in (f.choices or {}).items():
                combo.addItem(_(label), key)
            return combo
        if f.type == "ref":
            combo = QComboBox(self)
            combo.addItem("—", None)
            for rid, title in reg.choices_for(db, reg.KINDS[f.ref]):
                if f.ref == self.kind.key and rid == self.record_id:
                    continue  # a contact cannot stand in for themselves
                combo.addItem(title, rid)
            return combo
        if f.type == "multiref":
            listing = QListWidget(self)
            for rid, title in reg.choices_for(db, reg.KINDS[f.ref]):
                item = QListWidgetItem(title, listing)
                item.setData(Qt.ItemDataRole.UserRole, rid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            listing.setMaximumHeight(min(150, 24 * max(2, listing.count()) + 6))
            return listing
        line = QLineEdit(self)
        if f.limit is not None:  # the registry's limit: typing or pasting stops there
            line.setMaxLength(f.limit)
        placeholder = {
            "address": N_("for example 10.0.0.12 or srv.local"),
            "addresses": N_("one or more addresses, separated by commas"),
            "email": N_("name@example.fr"),
            "phone": N_("for example 04 70 00 00 00"),
            "finess": N_("9 characters, for example 030000012"),
        }.get(f.type)
        if placeholder:
            line.setPlaceholderText(_(placeholder))
        elif f.help:
            line.setPlaceholderText(_(f.help))
        return line

    # --- values --------------------------------------------------------------------------
    def load(self, record: dict[str, Any]) -> None:
        for f in self.kind.fields:
            self.set_value(f.name, record.get(f.name))

    def set_value(self, name: str, value: Any) -> None:
        f = self.kind.field(name)
        editor = self.editors[name]
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(editor.minimum() if value is None else value)
        elif isinstance(editor, DateEdit):
            editor.set_value(value)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QListWidget):
            wanted = set(value or [])
            for i in range(editor.count()):
                item = editor.item(i)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        else:
            editor.setText("" if value is None else str(value))
            editor.setCursorPosition(0)  # show the beginning of a long value
        del f

    def value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            return None if editor.value() == editor.minimum() else editor.value()
        if isinstance(editor, DateEdit):
            return editor.text()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QListWidget):
            return [editor.item(i).data(Qt.ItemDataRole.UserRole) for i in range(editor.count())
                    if editor.item(i).checkState() == Qt.CheckState.Checked]
        return editor.text()

    def values(self) -> dict[str, Any]:
        return {f.name: self.value(f.name) for f in self.kind.fields}

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for name, label in self.error_labels.items():
            message = errors.get(name)
            label.setText(message or "")
            label.setVisible(bool(message))
            self.labels[name].setStyleSheet("color: #b00020; font-weight: bold;" if message else "")
            if message and first is None:
                first = self.editors[name]
        unknown = {k: v for k, v in errors.items() if k not in self.error_labels}
        if unknown:  # an error on no field of the form: say it anyway
            log.warning("validation errors on unknown fields: %s", unknown)
        if first is not None:
            first.setFocus()

    def errors(self) -> dict[str, str]:
        """The messages currently shown, by field (for tests and screen readers)."""
        return {n: lab.text() for n, lab in self.error_labels.items() if not lab.isHidden()}

    def save(self) -> int | None:
        """Validate and write; returns the id, or None when a message was shown."""
        try:
            record_id = reg.save(self.ctx.db, self.kind, self.values(), self.record_id)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return None
        self.show_errors({})
        self.record_id = record_id
        return record_id


# --- deletion ------------------------------------------------------------------------------

def deletion_text(db, kind: reg.Kind, record_id: int) -> str:
    """What the confirmation says: the record, then what depends on it and what happens to it."""
    title = reg.title_of(db, kind, record_id) or str(record_id)
    lines = [_("Delete the record « {title} » ({kind})?").format(title=title, kind=_(kind.singular))]
    found = reg.dependents(db, kind, record_id)
    if not found:
        lines.append(_("Nothing else depends on it."))
    else:
        lines.append(_("Records that depend on it:"))
        for label, count, effect in found:
            if effect == "delete":
                line = _("Deleted with it: {count} {what}.")
            else:
                line = _("Kept, only the link is removed: {count} {what}.")
            lines.append("• " + line.format(count=count, what=counted_label(label, count)))
    lines.append(_("The deletion is kept in the audit trail."))
    return "\n".join(lines)


def confirm_delete(ctx, kind: reg.Kind, record_id: int, parent=None) -> bool:
    """Ask, then delete in one transaction. Returns True when the record was deleted."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Delete a record"))
    box.setText(deletion_text(ctx.db, kind, record_id))
    delete_button = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    if box.clickedButton() is not delete_button:
        return False
    try:
        reg.delete(ctx.db, kind, record_id)
    except UserError as exc:
        QMessageBox.warning(parent, _("Delete a record"), str(exc))
        return False
    return True


# --- the dialog ----------------------------------------------------------------------------

class RecordDialog(QDialog):
    """Add or edit one record. ``record_id`` is set once saved; ``deleted`` after a deletion."""

    saved = Signal(int)

    def __init__(self, ctx, kind: reg.Kind, record_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.deleted = False
        self.setObjectName("record_dialog")
        if record_id is None:
            self.setWindowTitle(_("{kind} — new record").format(kind=_(kind.singular)))
        else:
            self.setWindowTitle(_("{kind} — {title}").format(
                kind=_(kind.singular), title=reg.title_of(ctx.db, kind, record_id)))
        layout = QVBoxLayout(self)
        self.form = RecordForm(ctx, kind, record_id, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(top_aligned(self.form))
        layout.addWidget(scroll, 1)
        self.secrets_panel = self._secrets_panel(record_id)
        if self.secrets_panel is not None:
            layout.addWidget(self.secrets_panel)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        cancel = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.try_save)
        self.delete_button: QPushButton | None = None
        if record_id is not None:
            self.delete_button = self.buttons.addButton(
                _("Delete…"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button.clicked.connect(self._delete)
        layout.addWidget(self.buttons)
        self.resize(620, min(760, 140 + 46 * len(kind.fields)))

    @property
    def record_id(self) -> int | None:
        return self.form.record_id

    def _secrets_panel(self, record_id: int | None):
        if record_id is None:
            return None
        from .secrets_panel import SecretsPanel

        try:
            if self.kind.key not in SecretsPanel.KINDS:
                return None
            return SecretsPanel(self.ctx, self.kind.key, record_id, self)
        except Exception:  # another area's panel must never prevent editing the record
            log.exception("secrets panel failed")
            return None

    def try_save(self) -> bool:
        try:
            record_id = self.form.save()
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        if record_id is None:
            return False
        self.saved.emit(record_id)
        self.accept()
        return True

    def _delete(self) -> None:
        if self.record_id is not None and confirm_delete(self.ctx, self.kind, self.record_id, self):
            self.deleted = True
            self.accept()
