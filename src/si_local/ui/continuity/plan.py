"""The Plan tab: the plan's identity, its review dates, saving and approving a version."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ...core import continuity as c
from ...core.errors import UserError, ValidationError
from ...core.i18n import N_, _, format_date
from ..kit.date_field import DateField
from .common import _Tab


class PlanTab(_Tab):
    FIELDS = [("title", N_("Title"), "text"), ("author", N_("Author"), "text"),
              ("last_review", N_("Last review"), "date"), ("next_review", N_("Next review"), "date"),
              ("scope", N_("Scope"), "multiline"),
              ("trigger_rules", N_("Who triggers the plan, and when"), "multiline"),
              ("communication", N_("Communication"), "multiline"),
              ("return_to_normal", N_("Return to normal"), "multiline")]

    def __init__(self, page):
        super().__init__(page)
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setObjectName("plan_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        self.widgets = {}
        for key, label, kind in self.FIELDS:
            if kind == "date":  # the one date field: typed or picked, may stay empty
                w = DateField(None, self, optional=True, label=_(label))
            else:
                w = QPlainTextEdit(self) if kind == "multiline" else QLineEdit(self)
            if kind == "multiline":
                w.setTabChangesFocus(True)
                w.setMaximumHeight(80)
            if kind == "text":  # typing stops at the field's limit (the plan's table of lengths)
                w.setMaxLength(c.TEXT_COLUMNS["continuity_plan"][key].limit)
            w.setObjectName(f"plan_{key}")
            self.widgets[key] = (kind, w)
            form.addRow(_(label), w)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "dialog-error")
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        save = QPushButton(_("&Save the plan"), self)
        save.setObjectName("plan_save")
        save.clicked.connect(self.save)
        approve = QPushButton(_("&Approve (new version)…"), self)
        approve.setObjectName("plan_approve")
        approve.clicked.connect(self.approve)
        buttons.addWidget(save)
        buttons.addWidget(approve)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def refresh(self) -> None:
        plan = c.get_plan(self.db)
        status = _("approved") if plan["status"] == "approved" else _("draft")
        text = _("Version {version} ({status})").format(version=plan["version"], status=status)
        if plan["approved_on"]:
            text += " — " + _("approved on {date} by {who}").format(
                date=format_date(plan["approved_on"]), who=plan["approved_by"] or "—")
        self.status.setText(text)
        for key, (kind, w) in self.widgets.items():
            value = plan.get(key)
            if kind == "multiline":
                w.setPlainText(value or "")
            elif kind == "date":
                w.setDate(value or None)
            else:
                w.setText(value or "")
        self.error_label.clear()

    def values(self) -> dict:
        return {k: (w.toPlainText() if kind == "multiline" else
                    w.iso() if kind == "date" and w.is_valid() else w.text())
                for k, (kind, w) in self.widgets.items()}

    def save(self) -> bool:
        try:
            c.save_plan(self.db, self.values())
        except ValidationError as exc:
            self.error_label.setText("; ".join(f"{k}\u00a0: {v}" for k, v in exc.errors.items()))
            return False
        self.refresh()
        self.page.status(_("Plan saved."))
        return True

    def approve(self) -> None:
        if not self.save():
            return
        who, ok = QInputDialog.getText(self, _("Approve the plan"),
                                       _("Approved by (name and function):"))
        if not ok:
            return
        try:
            version = c.approve_plan(self.db, who, self.page.today())
        except UserError as exc:
            self.error(exc)
            return
        self.refresh()
        self.page.status(_("Plan approved: version {version}.").format(version=version))
