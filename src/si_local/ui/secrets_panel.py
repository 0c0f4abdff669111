"""The credentials of one registry record (embedded in its form by the registry area).

Lists the record's accounts (account, label, where it is kept on paper, whether the keyring holds
its secret). Add or change a secret in a password field; reveal it on demand; copy it to the
clipboard, cleared after 30 seconds. Without a secure keyring the secret buttons are disabled
and the panel says why: only the account and where it is kept are recorded.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import secrets as sec
from ..core.errors import UserError
from ..core.i18n import N_, _
from .snapshots import TABLE
from .kit import messages
from .kit.table import Column, RowsModel, make_table, selected_row

log = logging.getLogger(__name__)

CLIPBOARD_SECONDS = 30


class ClipboardGuard(QObject):
    """Clears the clipboard a while after a secret was copied, if it still holds that secret.
    Owned by the application, so closing the form does not cancel the clearing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.copied: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CLIPBOARD_SECONDS * 1000)
        self.timer.timeout.connect(self.clear)

    def copy(self, value: str) -> None:
        QGuiApplication.clipboard().setText(value)
        self.copied = value
        self.timer.start()

    def clear(self) -> None:
        self.timer.stop()
        clipboard = QGuiApplication.clipboard()
        if self.copied is not None and clipboard.text() == self.copied:
            clipboard.clear()
        self.copied = None


def clipboard_guard() -> ClipboardGuard:
    app = QGuiApplication.instance()
    guard = app.findChild(ClipboardGuard, "si_local_clipboard_guard")
    if guard is None:
        guard = ClipboardGuard(app)
        guard.setObjectName("si_local_clipboard_guard")
        app.aboutToQuit.connect(guard.clear)
    return guard


def store_of(ctx) -> sec.SecretStore:
    """The context's SecretStore (keyring, slow to load, is consulted on its first use)."""
    return ctx.secrets


def _stored_text(ref: dict) -> str:
    return _("stored in the keyring") if ref["stored"] else _("not stored — to be entered again")


class CredentialDialog(QDialog):
    """Account, label, where it is kept, and the secret (a password field, never shown)."""

    def __init__(self, store: sec.SecretStore, ref: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Credential") if ref is None else _("Change the credential"))
        form = QFormLayout(self)
        self.account = QLineEdit((ref or {}).get("account", ""), self)
        self.account.setObjectName("account")
        self.label = QLineEdit((ref or {}).get("label", ""), self)
        self.location = QLineEdit((ref or {}).get("location_note", ""), self)
        self.location.setPlaceholderText(_("For example: sealed envelope in the director's safe"))
        self.secret = QLineEdit(self)
        self.secret.setObjectName("secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        if store.available:
            self.secret.setPlaceholderText(
                _("leave empty to keep the stored secret") if ref else _("the password or key"))
        else:
            self.secret.setEnabled(False)
            self.secret.setPlaceholderText(_("not stored: no secure store on this workstation"))
        limits = sec.TEXT_COLUMNS["secret_ref"]  # typing stops at each field's limit
        for edit, column in ((self.account, "account"), (self.label, "label"),
                             (self.location, "location_note")):
            edit.setMaxLength(limits[column].limit)
        form.addRow(_("&Account:"), self.account)
        form.addRow(_("&Label:"), self.label)
        form.addRow(_("&Kept on paper at:"), self.location)
        form.addRow(_("&Secret:"), self.secret)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 220)


class SecretsPanel(QWidget):
    KINDS = {"servers", "vms", "applications", "backups", "equipment"}

    def __init__(self, ctx, kind_key: str, record_id: int, parent=None):
        super().__init__(parent)
        if kind_key not in self.KINDS:
            raise ValueError(kind_key)
        self.ctx = ctx
        self.kind_key = kind_key
        self.record_id = record_id
        self.store = store_of(ctx)
        self.clipboard = clipboard_guard()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(_("Passwords and keys"), self)
        outer.addWidget(box)
        layout = QVBoxLayout(box)
        self.notice = QLabel(self.store.describe(), box)
        self.notice.setObjectName("secrets_notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "hint")
        layout.addWidget(self.notice)
        self.model = RowsModel([
            Column(N_("Account"), lambda r: r["account"], lambda r: r["account"]),
            Column(N_("Label"), lambda r: r["label"], lambda r: r["label"]),
            Column(N_("Kept on paper at"), lambda r: r["location_note"], lambda r: r["location_note"] or ""),
            Column(N_("Secret"), _stored_text, _stored_text),
        ], self)
        self.view = make_table(self.model, box, **TABLE)
        self.view.setObjectName("credentials")
        self.view.setMinimumHeight(70)
        self.view.setMaximumHeight(130)
        layout.addWidget(self.view)
        self.revealed = QLineEdit(box)
        self.revealed.setObjectName("revealed")
        self.revealed.setReadOnly(True)
        self.revealed.setVisible(False)
        layout.addWidget(self.revealed)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add…"), box)
        self.edit_button = QPushButton(_("C&hange…"), box)
        self.reveal_button = QPushButton(_("Sho&w"), box)
        self.reveal_button.setCheckable(True)
        self.copy_button = QPushButton(_("&Copy"), box)
        self.copy_button.setToolTip(_("Copy the secret; the clipboard is cleared after {n} s.")
                                    .format(n=CLIPBOARD_SECONDS))
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.delete_button = QPushButton(_("&Remove"), box)
        for button in (self.add_button, self.edit_button, self.reveal_button, self.copy_button,
                       self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(box)
        self.status.setProperty("role", "hint")
        layout.addWidget(self.status)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.reveal_button.toggled.connect(self.reveal)
        self.copy_button.clicked.connect(self.copy)
        self.delete_button.clicked.connect(self.remove)
        self.view.doubleClicked.connect(lambda _i: self.edit(self.selected()))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.reload()

    # --- data
    def reload(self) -> None:
        refs = sec.refs_for(self.ctx.db, self.kind_key, self.record_id)
        rows = [{**r, "stored": sec.is_stored(self.store, r)} for r in refs]
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self._hide_revealed()
        self._update_buttons()

    def selected(self) -> dict | None:
        return selected_row(self.view)

    def _update_buttons(self) -> None:
        ref = self.selected()
        writable = not self.ctx.read_only
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and ref is not None)
        self.delete_button.setEnabled(writable and ref is not None)
        has_secret = bool(ref and ref.get("stored")) and self.store.available
        self.reveal_button.setEnabled(has_secret)
        self.copy_button.setEnabled(has_secret)
        if not self.store.available:
            for button in (self.reveal_button, self.copy_button):
                button.setToolTip(_("No secure store on this workstation: secrets are not stored."))

    # --- actions
    def edit(self, ref: dict | None, values: dict | None = None) -> bool:
        """Add (ref None) or change a credential. ``values`` fills the dialog without showing it
        (tests, scripted use)."""
        dialog = CredentialDialog(self.store, ref, self)
        if values is not None:
            dialog.account.setText(values.get("account", dialog.account.text()))
            dialog.label.setText(values.get("label", dialog.label.text()))
            dialog.location.setText(values.get("location_note", dialog.location.text()))
            if dialog.secret.isEnabled():
                dialog.secret.setText(values.get("secret", ""))
        while True:
            if values is None and dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            try:
                ref_id = sec.save_ref(self.ctx.db, self.kind_key, self.record_id,
                                      dialog.account.text(), dialog.label.text(),
                                      dialog.location.text(), ref_id=(ref or {}).get("id"))
                secret = dialog.secret.text() if dialog.secret.isEnabled() else ""
                dialog.secret.clear()
                if secret:
                    sec.store_secret(self.ctx.db, self.store, ref_id, secret)
            except UserError as exc:
                dialog.error.setText(str(exc))
                if values is not None:
                    self.status.setText(str(exc))
                    return False
                continue
            break
        self.status.setText(_("Saved."))
        self.reload()
        return True

    def secret_of_selected(self) -> str | None:
        ref = self.selected()
        if ref is None:
            return None
        try:
            return sec.reveal(self.ctx.db, self.store, ref["id"])
        except UserError as exc:
            self.status.setText(str(exc))
            return None

    def reveal(self, on: bool) -> None:
        if not on:
            self._hide_revealed()
            return
        value = self.secret_of_selected()
        if value is None:
            self.reveal_button.setChecked(False)
            return
        self.revealed.setText(value)
        self.revealed.setVisible(True)
        self.reveal_button.setText(_("Hi&de"))

    def _hide_revealed(self) -> None:
        self.revealed.clear()
        self.revealed.setVisible(False)
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(False)
        self.reveal_button.blockSignals(False)
        self.reveal_button.setText(_("Sho&w"))

    def copy(self) -> None:
        value = self.secret_of_selected()
        if value is None:
            return
        self.clipboard.copy(value)
        self.status.setText(_("Copied; the clipboard will be cleared in {n} s.")
                            .format(n=round(self.clipboard.timer.interval() / 1000)))

    def remove(self, confirmed: bool = False) -> None:
        ref = self.selected()
        if ref is None:
            return
        if not confirmed and not messages.ask(
                self, _("Remove the credential"),
                _("Remove the credential “{account}” and its stored secret?").format(
                    account=ref["account"])):
            return
        try:
            sec.delete_ref(self.ctx.db, self.store, ref["id"])
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.reload()

    def hideEvent(self, event) -> None:  # noqa: N802 - a revealed secret does not stay on screen
        self._hide_revealed()
        super().hideEvent(event)

