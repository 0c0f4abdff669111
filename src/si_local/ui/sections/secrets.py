"""Settings › Passwords and keys: which secure store holds the secrets on this workstation."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core import secrets
from ...core.i18n import N_, _, ngettext
from ..secrets_panel import store_of

TITLE = N_("Passwords and keys")


class SecretsSection(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setObjectName("secrets_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setProperty("role", "hint")
        layout.addWidget(self.details)
        self.refresh()

    def refresh(self) -> None:
        store = store_of(self.ctx)
        self.status.setText(store.describe())
        count = 0
        try:
            count = secrets.ref_count(self.ctx.db)
        except Exception:  # an older file without the table
            pass
        lines = [ngettext("{count} credential recorded: the database holds only the account and where "
                          "the secret is kept, never the secret.",
                          "{count} credentials recorded: the database holds only the account and where "
                          "the secret is kept, never the secret.", count).format(count=count)]
        if store.available:
            lines.append(_("Open a server, a VM, an application, a backup or a piece of equipment "
                           "to add, show or copy its passwords."))
        else:
            lines.append(_("SI Local keeps working: record where each secret is kept on paper "
                           "(for example a sealed envelope in the director's safe). On Linux, "
                           "install and unlock a Secret Service keyring (GNOME Keyring, KeePassXC) "
                           "or KWallet, then restart SI Local."))
        self.details.setText("\n".join(lines))


def create_section(ctx, parent=None) -> QWidget:
    return SecretsSection(ctx, parent)
