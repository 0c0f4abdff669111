"""The « Nouvel incident… » and « Corriger… » dialogs: the incident's fields, the records it
touched (picked from the registry), and what the impact analysis adds, shown before saving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QScrollArea

from ...core import incidents as inc
from ...core.i18n import N_, _
from ..kit.form import FieldSpec, FormDialog
from ..kit.roles import set_role

_T = inc.TEXT_COLUMNS["incident_entry"]


def _text(name: str, kind: str = "text", required: bool = False) -> FieldSpec:
    column = _T[name]
    return FieldSpec(name, column.label, "longtext" if column.type == "longtext" else kind,
                     required=required, max_length=column.limit, height=54 if column.type == "longtext" else None)


def specs(correction: bool) -> list[FieldSpec]:
    out = [_text("title", required=True),
           FieldSpec("started_at", N_("Started at"), "datetime"),
           FieldSpec("detected_at", N_("Detected at"), "datetime", required=True),
           FieldSpec("ended_at", N_("Ended at"), "datetime"),
           _text("description"), _text("consequences_care"), _text("consequences_data"),
           _text("consequences_system"), _text("causes"), _text("actions"),
           FieldSpec("declaration", N_("Declaration"), "choice",
                     choices=[(k, _(v)) for k, v in inc.DECLARATIONS.items()]),
           FieldSpec("declared_at", N_("Declared at"), "datetime"),
           _text("declared_to"), _text("declared_reference"), _text("declarant_name"),
           _text("declarant_role"), _text("declarant_contact")]
    if correction:
        out.append(_text("correction_note"))
    return out


class IncidentDialog(FormDialog):
    """A new incident (``entry`` None) or a correction of ``entry`` (the latest version)."""

    def __init__(self, db, parent=None, entry: dict | None = None, links: list | None = None):
        title = _("Correct incident {number}").format(number=entry["incident_no"]) if entry \
            else _("New incident")
        super().__init__(title, parent, minimum_width=720)
        self.db, self.entry = db, entry
        scroll = QScrollArea(self)  # the fields scroll; the buttons stay in sight at 1366x768
        scroll.setWidgetResizable(True)
        self.layout_.removeWidget(self.form)
        scroll.setWidget(self.form)
        self.layout_.insertWidget(0, scroll)
        self.resize(760, 640)
        for spec in specs(entry is not None):
            self.form.add(spec)
        self.picker = QListWidget(self)
        self.picker.setObjectName("touched_picker")
        self.picker.setMinimumHeight(90)
        chosen = {(link.kind, link.record_id) for link in (links or []) if link.origin == "picked"}
        for kind in inc.PICKED_TABLES:
            for record in inc.pickable(db, kind):
                item = QListWidgetItem(f"{inc.label(inc.LINK_KINDS, kind)} : {record['name']}", self.picker)
                item.setData(Qt.ItemDataRole.UserRole, (kind, record["id"], record["name"]))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = (kind, record["id"]) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.form.add_widget("links", N_("What it touched"), self.picker)
        self.prefill = QLabel(self)
        self.prefill.setObjectName("impact_prefill")
        self.prefill.setWordWrap(True)
        set_role(self.prefill, "hint")
        self.form.add_widget("impact", N_("Added by the impact analysis"), self.prefill)
        self.picker.itemChanged.connect(self.show_prefill)
        if entry:
            self.form.load({k: entry.get(k) for k in inc.ENTRY_FIELDS if k != "correction_note"})
        self.show_prefill()

    def picked(self) -> list[inc.Link]:
        out = []
        for i in range(self.picker.count()):
            item = self.picker.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                kind, record_id, name = item.data(Qt.ItemDataRole.UserRole)
                out.append(inc.Link(kind, name, record_id))
        return out

    def show_prefill(self, *_args) -> None:
        added = inc.impact_links(self.db, self.picked())
        self.prefill.setText("\n".join(f"{inc.label(inc.LINK_KINDS, link.kind)} : {link.name}"
                                       for link in added) or _("Nothing more."))

    def submit(self, values: dict):
        links = inc.with_impact(self.db, self.picked())
        if self.entry is None:
            return inc.add_incident(self.db, values, links)
        inc.correct_incident(self.db, self.entry["id"], values, links, inc.steps_done(self.entry))
        return self.entry["incident_no"]
