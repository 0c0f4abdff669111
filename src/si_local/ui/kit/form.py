"""The one form of the application: fields from specs, an error line under each, one general
error, and the dialog that saves it.

:class:`FieldSpec` says what a field is (name, English label, kind, required, maximum length,
choices…); :class:`Form` lays the fields out (label, editor, red line under it) and reads them
back as a dict; :class:`FormDialog` adds the general error and Save / Cancel: Save checks the
dates, calls :meth:`FormDialog.submit` with the values and shows a core
:class:`ValidationError` next to the fields it names (a :class:`UserError`, or a message for
no field of the form, in the general error). Save stays disabled while a required field is
empty.

Kinds: text, longtext, int, float, date, datetime, choice, checklist, bool; any other widget
is added with :meth:`Form.add_widget` (it gets the same error line).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError, ValidationError
from ...core.i18n import _, get_language
from ..number_field import FloatField, IntField
from .date_field import DateField
from .roles import set_role

log = logging.getLogger(__name__)

INT_MAX = 2_000_000_000


@dataclass
class FieldSpec:
    """One field. ``label`` is English (shown through ``_()``); ``choices`` are (key, shown
    text) pairs, already translated; ``empty`` is the text of the "none" choice, or the
    placeholder of an empty number or date; ``max_length`` stops typing in a line edit (from
    the area's ``TEXT_COLUMNS`` or the registry's ``Field.limit``)."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    choices: list[tuple[Any, str]] = field(default_factory=list)
    empty: str | None = None
    placeholder: str = ""
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    decimals: int = 2
    unit: str = ""
    height: int | None = None


def number_locale() -> QLocale:
    """« 2,5 » in French whatever the system says."""
    if get_language() == "fr":
        return QLocale(QLocale.Language.French, QLocale.Country.France)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def _number(spec: FieldSpec, parent) -> QWidget:
    spin = IntField(parent) if spec.kind == "int" else FloatField(parent)
    low = spec.minimum if spec.minimum is not None else -INT_MAX
    high = spec.maximum if spec.maximum is not None else INT_MAX
    spin.setLocale(number_locale())
    if spec.kind == "float":
        spin.setDecimals(spec.decimals)
    # one step below the minimum means "empty" (shown as no text): the field may stay empty
    spin.setRange(int(low) - 1 if spec.kind == "int" else low - 1.0, high)
    spin.setValue(spin.minimum())
    if spec.empty:
        spin.setSpecialValueText(spec.empty)
    if spec.unit:
        spin.setSuffix(" " + spec.unit)
    spin.setKeyboardTracking(True)
    return spin


def _choice(spec: FieldSpec, parent) -> QComboBox:
    combo = QComboBox(parent)
    if spec.empty is not None:
        combo.addItem(spec.empty, None)
    for key, text in spec.choices:
        combo.addItem(text, key)
    return combo


def _checklist(spec: FieldSpec, parent) -> QListWidget:
    listing = QListWidget(parent)
    for key, text in spec.choices:
        item = QListWidgetItem(text, listing)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    listing.setMaximumHeight(spec.height or 130)
    return listing


def make_editor(spec: FieldSpec, parent=None) -> QWidget:
    """The editor of one field, empty."""
    kind = spec.kind
    if kind == "longtext":
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        if spec.placeholder:
            editor.setPlaceholderText(spec.placeholder)
        return editor
    if kind in ("int", "float"):
        return _number(spec, parent)
    if kind in ("date", "datetime"):
        return DateField(None, parent, optional=not spec.required, label=_(spec.label),
                         empty_text=spec.empty or "", with_time=kind == "datetime")
    if kind == "bool":
        return QCheckBox(spec.placeholder, parent)
    if kind == "choice":
        return _choice(spec, parent)
    if kind == "checklist":
        return _checklist(spec, parent)
    line = QLineEdit(parent)
    if spec.max_length is not None:  # typing or pasting stops at the limit
        line.setMaxLength(spec.max_length)
    if spec.placeholder:
        line.setPlaceholderText(spec.placeholder)
    return line


def read_editor(editor: QWidget) -> Any:
    """What an editor holds, as the core's save functions take it (dates as ISO text)."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        return None if editor.value() == editor.minimum() else editor.value()
    if isinstance(editor, DateField):
        return editor.iso()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QListWidget):
        return [editor.item(i).data(Qt.ItemDataRole.UserRole) for i in range(editor.count())
                if editor.item(i).checkState() == Qt.CheckState.Checked]
    if isinstance(editor, QLineEdit):
        return editor.text()
    return None


def write_editor(editor: QWidget, value: Any) -> None:
    """Show ``value`` (None for empty) in an editor made by :func:`make_editor`."""
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText("" if value is None else str(value))
    elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        editor.setValue(editor.minimum() if value is None else value)
    elif isinstance(editor, DateField):
        editor.setDate(value or None)
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(editor.findData(value), 0))
    elif isinstance(editor, QListWidget):
        wanted = set(value or [])
        for i in range(editor.count()):
            item = editor.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    elif isinstance(editor, QLineEdit):
        editor.setText("" if value is None else str(value))
        editor.setCursorPosition(0)  # show the beginning of a long value


def _is_empty(editor: QWidget) -> bool:
    value = read_editor(editor) if not isinstance(editor, DateField) else editor.text()
    return value is None or (isinstance(value, str) and not value.strip())


class Form(QWidget):
    """Fields in a grid, each with its error line; :meth:`values` reads them as a dict."""

    def __init__(self, parent=None, *, mark_required: bool = False,
                 label_alignment: Qt.AlignmentFlag | None = None, spacing: int | None = None):
        super().__init__(parent)
        self.mark_required = mark_required
        self.specs: dict[str, FieldSpec] = {}
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.aliases: dict[str, str] = {}  # other labels the core names a field by
        self.on_required_change: Callable[[], None] | None = None
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if label_alignment is not None:
            self.layout_.setLabelAlignment(label_alignment)
        if spacing is not None:
            self.layout_.setVerticalSpacing(spacing)

    # --- building ------------------------------------------------------------------------
    def add(self, spec: FieldSpec, editor: QWidget | None = None) -> QWidget:
        """Add the field ``spec`` (with ``editor`` instead of the kind's own, when given)."""
        editor = editor if editor is not None else make_editor(spec, self)
        self.specs[spec.name] = spec
        text = _(spec.label) + (" *" if spec.required and self.mark_required else "")
        self._row(spec.name, text, editor)
        if spec.help:
            self.labels[spec.name].setToolTip(_(spec.help))
            editor.setToolTip(_(spec.help))
        if spec.required:
            self._watch(editor)
        return editor

    def add_widget(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A row made by the caller (``label`` already translated), with its error line."""
        self._row(name, label, widget)
        return widget

    def add_row(self, widget: QWidget) -> QWidget:
        """A row across the form (a note, a hint), with no error line."""
        self.layout_.addRow(widget)
        return widget

    def add_required_note(self) -> None:
        if self.mark_required and any(s.required for s in self.specs.values()):
            note = QLabel(_("* required"), self)
            note.setProperty("role", "hint")
            self.layout_.addRow("", note)

    def _row(self, name: str, text: str, editor: QWidget) -> None:
        editor.setObjectName(f"field_{name}")
        self.editors[name] = editor
        label = QLabel(text, self)
        label.setBuddy(editor.focusProxy() or editor)
        self.labels[name] = label
        error = QLabel(self)
        error.setObjectName(f"error_{name}")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        self.error_labels[name] = error
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(error)
        self.layout_.addRow(label, cell)
        self._recheck_on_edit(name, editor)

    # --- an error goes as soon as the field is corrected ------------------------------------
    def _recheck_on_edit(self, name: str, editor: QWidget) -> None:
        source = editor.line if isinstance(editor, DateField) else editor
        for signal in ("textChanged", "currentIndexChanged", "valueChanged", "toggled",
                       "itemChanged"):
            if hasattr(source, signal):
                getattr(source, signal).connect(lambda *_a, n=name: self.recheck(n))
                break

    def field_error(self, name: str) -> str:
        """What is wrong with the field as it is now ("" when nothing is known to be): a date
        that is no date, a required field left empty; a form may know more (the registry's)."""
        editor = self.editors[name]
        if isinstance(editor, DateField):
            return editor.error()
        spec = self.specs.get(name)
        if spec is not None and spec.required and _is_empty(editor):
            return self.error_labels[name].text()
        return ""

    def recheck(self, name: str) -> None:
        """The field was edited: its error line goes when it is now valid (a new error shows)."""
        label = self.error_labels.get(name)
        if label is None or label.isHidden():
            return
        message = self.field_error(name)
        label.setText(message)
        label.setVisible(bool(message))
        set_role(self.labels[name], "error-strong" if message else None)

    def _watch(self, editor: QWidget) -> None:
        """A required field calls :attr:`on_required_change` when it changes (the dialog
        enables its Save button)."""
        source = editor.line if isinstance(editor, DateField) else editor
        for signal in ("textChanged", "currentIndexChanged", "valueChanged"):
            if hasattr(source, signal):
                getattr(source, signal).connect(lambda *_a: self._required_changed())

    def _required_changed(self) -> None:
        if self.on_required_change is not None:
            self.on_required_change()

    # --- values --------------------------------------------------------------------------
    def set_value(self, name: str, value: Any) -> None:
        write_editor(self.editors[name], value)

    def load(self, values: dict[str, Any]) -> None:
        for name in self.specs:
            if name in values:
                self.set_value(name, values[name])

    def value(self, name: str) -> Any:
        return read_editor(self.editors[name])

    def values(self) -> dict[str, Any]:
        """The values of the fields made from specs; a date that is no date raises
        :class:`ValidationError` naming its field."""
        problems = self.check()
        if problems:
            raise ValidationError(problems)
        return {name: self.value(name) for name in self.specs}

    def check(self) -> dict[str, str]:
        """The messages of the date fields holding no date, by field."""
        return {name: editor.error() for name, editor in self.editors.items()
                if isinstance(editor, DateField) and editor.error()}

    def missing(self) -> list[str]:
        """The required fields still empty."""
        return [name for name, spec in self.specs.items()
                if spec.required and _is_empty(self.editors[name])]

    # --- errors --------------------------------------------------------------------------
    def name_for(self, key: str) -> str | None:
        """The field an error's key names: its name, or its label as shown (the areas whose
        core keys errors by label: « Nom : requis »)."""
        if key in self.error_labels:
            return key
        return self.aliases.get(key) or next(
            (n for n, lab in self.labels.items() if lab.text().rstrip(" *").replace("&", "") == key), None)

    def by_field(self, errors: dict[str, str]) -> dict[str, str]:
        """``errors`` keyed by field name where a key names a field (a label key stays in the
        message, « Nom : requis »), else left as they are."""
        out: dict[str, str] = {}
        for key, message in errors.items():
            name = self.name_for(key)
            if name is None:
                out[key] = message
            else:
                text = message if name == key else _("{field}: {message}").format(field=key, message=message)
                out[name] = "\n".join(filter(None, [out.get(name), text]))
        return out

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Each message under its field; returns those naming no field of the form."""
        errors = self.by_field(errors)
        first = None
        for name, label in self.error_labels.items():
            message = errors.get(name)
            label.setText(message or "")
            label.setVisible(bool(message))
            set_role(self.labels[name], "error-strong" if message else None)
            if message and first is None:
                first = self.editors[name]
        if first is not None:
            first.setFocus()
        return {k: v for k, v in errors.items() if k not in self.error_labels}

    def errors(self) -> dict[str, str]:
        """The messages currently shown, by field (for tests and screen readers)."""
        return {n: lab.text() for n, lab in self.error_labels.items() if not lab.isHidden()}


class FormDialog(QDialog):
    """A :class:`Form` with a general error and Save / Cancel.

    ``save(values)`` (or an override of :meth:`submit`) writes; what it returns is kept in
    ``result_value``. The dialog stays open on an error."""

    def __init__(self, title: str, parent=None, *, save: Callable[[dict], Any] | None = None,
                 ok_text: str | None = None, minimum_width: int = 480, form: Form | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(minimum_width)
        self._save_fn = save
        self.result_value: Any = None
        self.layout_ = QVBoxLayout(self)
        self.form = form if form is not None else Form(self)
        self.form.layout_.setContentsMargins(0, 0, 0, 0)
        self.form.on_required_change = self.update_ok
        self.layout_.addWidget(self.form)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("form_error")
        self.general_error.setProperty("role", "dialog-error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text or _("Save"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.try_save)
        self._finished = False

    @property
    def error_labels(self) -> dict[str, QLabel]:
        return self.form.error_labels

    def finish(self) -> None:
        """Put the general error and the buttons under the fields (once every row is added)."""
        if self._finished:
            return
        self._finished = True
        self.form.add_required_note()
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.buttons)
        self.update_ok()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.finish()
        super().showEvent(event)

    def update_ok(self) -> None:
        self.ok_button.setEnabled(not self.form.missing())

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def show_errors(self, errors: dict[str, str]) -> None:
        other = self.form.show_errors(errors)
        if other:
            log.info("errors on no field of the form: %s", sorted(other))
        self.general_error.setText("\n".join(other.values()))
        self.general_error.setVisible(bool(other))

    def submit(self, values: dict[str, Any]) -> Any:
        """Write ``values``; may raise :class:`ValidationError` or :class:`UserError`."""
        return self._save_fn(values) if self._save_fn is not None else values

    def try_save(self) -> bool:
        try:
            self.result_value = self.submit(self.values())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except UserError as exc:
            self.show_errors({"": str(exc)})
            return False
        self.show_errors({})
        self.done(QDialog.DialogCode.Accepted)  # not accept(): a dialog may make it save
        return True
