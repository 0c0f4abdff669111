"""The Continuity page's form dialog: the kit's form (:mod:`si_local.ui.kit.form`) built from
the tab's list of fields, with the area's text lengths as limits."""

from __future__ import annotations

from ...core.i18n import _
from ..kit.form import FieldSpec
from ..kit.form import FormDialog as KitFormDialog

_KINDS = {"multiline": "longtext"}


class FormDialog(KitFormDialog):
    """A small form: fields are (key, English label, kind, options); ``save(values)`` may raise
    :class:`ValidationError` (each message under its field; the dialog stays open) or
    :class:`UserError`.

    Kinds: text, multiline, int, float, date, choice (options: [(key, label)]), checklist.
    ``limits`` is the area's table of text lengths for the record (``TEXT_COLUMNS[table]``): a
    line edit stops typing at its field's limit; a longer multi-line text is refused on save
    with the message, as the registry's forms do.
    """

    def __init__(self, title: str, fields: list[tuple], values: dict | None, save, parent=None,
                 limits: dict | None = None):
        super().__init__(title, parent, save=save, minimum_width=520)
        values = values or {}
        for key, label, kind, *rest in fields:
            spec = FieldSpec(key, label, _KINDS.get(kind, kind), choices=list(rest[0]) if rest else [])
            if kind in ("int", "float"):
                spec.minimum, spec.maximum, spec.decimals, spec.empty = 0, 100000, 1, "—"
            elif kind == "text" and limits and key in limits:  # typing or pasting stops there
                spec.max_length = limits[key].limit
            w = self.form.add(spec)
            if kind == "multiline":
                w.setMinimumHeight(70)
            if limits and key in limits:  # the core names a too long text by its column's label
                self.form.aliases[_(limits[key].label)] = key
            if values.get(key) is not None or kind in ("choice", "checklist"):
                self.form.set_value(key, values.get(key))
        self.finish()

    @property
    def widgets(self) -> dict:
        """(kind, editor) by field, as the tabs and their tests read them."""
        return {name: (spec.kind, self.form.editors[name]) for name, spec in self.form.specs.items()}

    def _save(self) -> None:  # the name the tabs' tests call
        self.try_save()
