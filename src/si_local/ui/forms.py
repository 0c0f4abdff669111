"""The record form of every registry kind, built from its fields (core.registry.Kind).

:class:`RecordForm` is the grid of fields with an error line under each; :class:`RecordDialog`
wraps it with Save / Cancel / Delete. Saving calls :func:`si_local.core.registry.save`; a
:class:`ValidationError` puts each message in red under its field and nothing is written.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core import registry as reg
from ..core.errors import UserError, ValidationError
from ..core.i18n import N_, _
from ..core.references import counted_label
from .kit import messages
from .kit.date_field import DateField
from .kit.form import FieldSpec, Form, make_editor

log = logging.getLogger(__name__)

UNITS = {"GB": N_("GB"), "h": N_("h"), "min": N_("min"), "€": "€", "days": N_("days")}


def unit_text(unit: str) -> str:
    label = UNITS.get(unit, unit)
    return _(label) if label != "€" else label


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


class RecordForm(Form):
    """The fields of one kind (a :class:`~.kit.form.Form` built from the registry's Field
    metadata); values() gives what core.registry.save expects."""

    def __init__(self, ctx, kind: reg.Kind, record_id: int | None = None, parent=None):
        super().__init__(parent, mark_required=True,
                         label_alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         spacing=6)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        for f in kind.fields:
            spec = self._spec(f)
            self.add(spec, self._editor(f, spec))
        self.add_required_note()
        if record_id is not None:
            self.load(reg.get(ctx.db, kind, record_id))

    # --- building ------------------------------------------------------------------------
    def _spec(self, f: reg.Field) -> FieldSpec:
        kind = {"longtext": "longtext", "int": "int", "float": "float", "date": "date",
                "datetime": "datetime", "bool": "bool", "choice": "choice", "ref": "choice",
                "multiref": "checklist"}.get(f.type, "text")
        spec = FieldSpec(f.name, f.label, kind, required=f.required, max_length=f.limit,
                         help=f.help, minimum=f.minimum, maximum=f.maximum,
                         unit=unit_text(f.unit) if f.unit else "")
        if f.type == "choice":
            spec.empty = None if f.required else "—"
            spec.choices = [(key, _(label)) for key, label in (f.choices or {}).items()]
        elif f.type in ("ref", "multiref"):
            spec.empty = "—" if f.type == "ref" else None
            spec.choices = [(rid, title) for rid, title in reg.ref_choices(self.ctx.db, self.kind, f)
                            if f.type == "multiref" or not (f.ref == self.kind.key and rid == self.record_id)]
            # a contact cannot stand in for themselves
        elif kind == "text":
            placeholder = {
                "address": N_("for example 10.0.0.12 or srv.local"),
                "addresses": N_("one or more addresses, separated by commas"),
                "email": N_("name@example.fr"),
                "phone": N_("for example 04 70 00 00 00"),
                "finess": N_("9 characters, for example 030000012"),
            }.get(f.type) or f.help
            spec.placeholder = _(placeholder) if placeholder else ""
        return spec

    def _editor(self, f: reg.Field, spec: FieldSpec) -> QWidget:
        editor = make_editor(spec, self)
        if f.type == "longtext":
            editor.setFixedHeight(70)
        elif f.type in ("int", "float"):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
            editor.setMaximumWidth(200)
        elif f.type == "multiref":
            editor.setMaximumHeight(min(150, 24 * max(2, editor.count()) + 6))
        return editor

    # --- values --------------------------------------------------------------------------
    def load(self, record: dict[str, Any]) -> None:
        for f in self.kind.fields:
            self.set_value(f.name, record.get(f.name))

    def value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, DateField):  # the core says what is wrong with a non-date
            return editor.iso() if editor.is_valid() else editor.text()
        return super().value(name)

    def values(self) -> dict[str, Any]:
        return {f.name: self.value(f.name) for f in self.kind.fields}

    def field_error(self, name: str) -> str:
        """The core's rule for the one field (``registry.clean_value``): « 31/02/2026 » says the
        day does not exist, a corrected value says nothing."""
        field = next((f for f in self.kind.fields if f.name == name), None)
        if field is None:
            return super().field_error(name)
        try:
            reg.clean_value(field, self.value(name))
        except ValueError as exc:
            return str(exc)
        return ""

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        unknown = super().show_errors(errors)
        if unknown:  # an error on no field of the form: say it anyway
            log.warning("validation errors on unknown fields: %s", unknown)
        return unknown

    def save(self) -> int | None:
        """Validate and write; returns the id, or None when a message was shown."""
        try:  # a date that is no date is refused by the core, with the others at once
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
    question = messages.Question(
        _("Delete a record"), deletion_text(ctx.db, kind, record_id), icon="warning",
        buttons=(("delete", _("Delete"), "destructive"), ("cancel", _("Cancel"), "reject")),
        default="cancel")
    if messages.choose(parent, question) != "delete":
        return False
    try:
        reg.delete(ctx.db, kind, record_id)
    except UserError as exc:
        messages.warn(parent, str(exc), title=_("Delete a record"))
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
        holder = top_aligned(self.form)
        if kind.key == "backups" and record_id is not None:  # what the backup tool reported
            from .backup_runs_panel import BackupRunsPanel

            holder.layout().insertWidget(1, BackupRunsPanel(ctx, record_id, holder))
        scroll.setWidget(holder)
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
            messages.warn(self, str(exc), title=self.windowTitle())
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
