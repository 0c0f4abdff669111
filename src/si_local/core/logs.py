"""The log file (``logs/si-local.log`` in the data folder) and what must never reach it.

:func:`configure_logging` is called once per process by the command line and by the window
start-up (calling it again adds nothing): one rotating file, 1 MB × 3 old files, so that a window
left open for months never fills the disk.

Secrets never go to the log. Tracebacks are written without local variables, so a secret can only
reach the log through a message quoting it; :mod:`si_local.core.secrets` hands every value it
stores or reads to :func:`remember_secret`, and :func:`redact` (used by the log's formatter and by
the error dialog's details) replaces each one with ``***``.
"""

from __future__ import annotations

import logging
import logging.handlers
import threading
from pathlib import Path

LOG_FILENAME = "si-local.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"
_MIN_SECRET_LENGTH = 4  # shorter values would mask ordinary words and numbers

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def remember_secret(value: str | None) -> None:
    """A secret this process has handled: :func:`redact` masks it from now on."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with every remembered secret replaced by ``***`` (longest first)."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    """The message and its traceback, with secrets masked."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_file() -> Path:
    """Where the log is written (the folder is created)."""
    from .paths import logs_dir

    return logs_dir() / LOG_FILENAME


def _our_handler(root: logging.Logger, path: Path) -> logging.Handler | None:
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return handler
    return None


def configure_logging() -> Path | None:
    """Send INFO and above to the log file; the file's path, or None when it cannot be written
    (a read-only data folder: the program still runs)."""
    try:
        path = log_file().resolve()
    except OSError:
        return None
    root = logging.getLogger()
    if _our_handler(root, path) is None:
        try:
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        except OSError:
            return None
        handler.setFormatter(RedactingFormatter(FORMAT))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
