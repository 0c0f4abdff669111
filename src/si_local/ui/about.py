"""Help › About SI Local: version, licence, data folder, database and secret store in use.

:func:`about_facts` gathers the facts (shared with Settings › About and the smoke test);
:func:`show_about` is the menu entry.
"""

from __future__ import annotations

import logging
import platform
import sys

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from .. import APP_NAME, __version__
from ..core import paths
from ..core.i18n import _

log = logging.getLogger(__name__)

# As in pyproject.toml (tests/packaging checks that both agree).
LICENCE = "EUPL-1.2"
LICENCE_URL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The application icon from resources/icons (PNG sizes, the SVG as a last resort)."""
    icon = QIcon()
    try:
        folder = paths.resources_dir() / "icons"
    except FileNotFoundError:
        return icon
    for size in ICON_SIZES:
        png = folder / f"si-local-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    if icon.isNull() and (folder / "si-local.svg").is_file():
        icon.addFile(str(folder / "si-local.svg"))
    return icon


def secret_store_description(ctx=None) -> str:
    """Which secret store is in use, in words (the area's SecretStore if present, else keyring)."""
    store = ctx.secrets if ctx is not None else None
    if store is not None:
        for attribute in ("description", "backend_name", "name"):
            value = getattr(store, attribute, None)
            if callable(value):
                try:
                    value = value()
                except Exception:  # a description must never break the dialog
                    log.exception("secret store description failed")
                    value = None
            if value:
                return str(value)
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as exc:  # keyring missing or broken: say so, keep working
        log.warning("keyring unavailable: %s", exc)
        return _("none (no keyring on this workstation)")
    if isinstance(backend, fail.Keyring):
        return _("none (no keyring on this workstation)")
    name = getattr(backend, "name", "") or type(backend).__name__
    return f"{name} ({type(backend).__module__}.{type(backend).__name__})"


def about_facts(ctx=None) -> list[tuple[str, str]]:
    """(label, value) pairs, translated, in the order they are shown."""
    portable = paths.portable_data_dir()
    system = platform.system() or sys.platform
    try:
        data = str(paths.data_dir())
    except OSError as exc:
        data = _("unavailable: {error}").format(error=exc)
    facts = [
        (_("Version"), __version__),
        (_("Licence"), LICENCE),
        (_("Data folder"), data),
        (_("Database in use"), str(ctx.db_path) if ctx is not None else "—"),
        (_("Secret store"), secret_store_description(ctx)),
        (_("Portable mode"), _("yes: data next to the program") if portable else _("no")),
        (_("Components"), f"Python {platform.python_version()}, Qt {qVersion()}, {system}"),
    ]
    if ctx is not None and ctx.read_only:
        facts[3] = (facts[3][0], facts[3][1] + " — " + _("read-only"))
    return facts


def facts_as_text(facts: list[tuple[str, str]]) -> str:
    return "\n".join([APP_NAME] + [f"{label}\u00a0: {value}" for label, value in facts])


class AboutPanel(QWidget):
    """The facts as a form; used by the dialog and by Settings › About."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.values: dict[str, QLabel] = {}
        buttons = QHBoxLayout()
        self.open_folder = QPushButton(_("Open the &data folder"), self)
        self.open_folder.setObjectName("open_data_folder")
        self.open_folder.clicked.connect(self._open_data_folder)
        self.copy = QPushButton(_("&Copy these details"), self)
        self.copy.setObjectName("copy_details")
        self.copy.setToolTip(_("Copy the details above, for a support request"))
        self.copy.clicked.connect(self._copy)
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.copy)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values.clear()
        self.facts = about_facts(self.ctx)
        for label, value in self.facts:
            field = QLabel(value, self)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[label] = field
            self.form.addRow(label + "\u00a0:", field)

    def text(self) -> str:
        return facts_as_text(self.facts)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))


class AboutDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("About SI Local"))
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        logo = QLabel(self)
        icon = app_icon()
        if not icon.isNull():
            logo.setPixmap(icon.pixmap(64, 64))
            self.setWindowIcon(icon)
        else:  # pragma: no cover - resources always ship the icon
            logo.setPixmap(QPixmap())
        header.addWidget(logo)
        titles = QVBoxLayout()
        title = QLabel(f"{APP_NAME} {__version__}", self)
        title.setProperty("role", "title")
        summary = QLabel(_("Registry of the information system, continuity plan, self-diagnostic "
                           "and training plan of a small health facility, offline."), self)
        summary.setWordWrap(True)
        titles.addWidget(title)
        titles.addWidget(summary)
        header.addLayout(titles, 1)
        layout.addLayout(header)
        self.panel = AboutPanel(ctx, self)
        layout.addWidget(self.panel)
        licence = QLabel(_('Free software under the <a href="{url}">European Union Public '
                           'Licence (EUPL) 1.2</a>.').format(url=LICENCE_URL), self)
        licence.setOpenExternalLinks(True)
        licence.setWordWrap(True)
        layout.addWidget(licence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def show_about(window) -> AboutDialog:
    """Menu Help › About SI Local."""
    dialog = AboutDialog(getattr(window, "ctx", None), window)
    dialog.open()
    return dialog

