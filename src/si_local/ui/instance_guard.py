"""The « already open » guard: a second window on the same database brings the first one to the
front and exits.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from ..core.i18n import _

log = logging.getLogger(__name__)


def instance_key(db_path) -> str:
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"si-local-{digest}"


class InstanceGuard(QObject):
    """The first SI Local on a file listens on a local socket named after the file (to be brought
    to the front) and holds the core lock file (so that the command line notices too)."""

    activated = Signal()

    def __init__(self, db_path, parent=None):
        super().__init__(parent)
        from ..core.lock_file import InstanceLock

        self.db_path = Path(db_path)
        self.key = instance_key(db_path)
        self.lock = InstanceLock(db_path)
        self.server = None
        self.window = None

    def ask_first_to_come_forward(self) -> bool:
        """True when another SI Local answered on this file's socket (and was asked to show)."""
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        sock.connectToServer(self.key)
        if not sock.waitForConnected(500):
            return False
        sock.write(b"activate\n")
        sock.flush()
        sock.waitForBytesWritten(500)
        sock.disconnectFromServer()
        return True

    def claim(self) -> str | None:
        """None when this process now owns the file, else the message explaining why not."""
        from PySide6.QtNetwork import QLocalServer

        from ..core.lock_file import already_open_message

        if self.ask_first_to_come_forward():
            return _("{path} is already open in SI Local: that window was brought to the front.") \
                .format(path=self.db_path)
        if not self.lock.acquire():
            return already_open_message(self.db_path)
        QLocalServer.removeServer(self.key)  # a stale socket left by a crash
        self.server = QLocalServer(self)
        if not self.server.listen(self.key):
            log.warning("local server %s: %s", self.key, self.server.errorString())
        self.server.newConnection.connect(self._on_connection)
        return None

    def _on_connection(self) -> None:
        # Bound methods, not lambdas holding ``self``: a lambda made a reference cycle (guard →
        # server → socket → lambda → guard) that Python's collector freed at a random moment,
        # possibly while Qt was delivering one of the socket's events.
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(sock.deleteLater)

    def _on_ready_read(self) -> None:
        sock = self.sender()
        if sock is not None:
            sock.readAll()
        self._bring_forward()

    def _bring_forward(self) -> None:
        self.activated.emit()
        window = self.window
        if window is not None:
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
            window.show()
            window.raise_()
            window.activateWindow()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()  # with its sockets, when Qt is done with their events
            self.server = None
        self.lock.release()
