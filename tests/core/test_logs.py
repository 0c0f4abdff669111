"""The log file: one rotating file in the data folder (1 MB × 3), set up once per process."""

from __future__ import annotations

import logging
import logging.handlers

import pytest


@pytest.fixture
def root_handlers():
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_rotates_in_the_data_folder_and_is_set_up_once(root_handlers, _data_dir):
    from si_local.core.logs import configure_logging

    path = configure_logging()
    assert path == (_data_dir / "logs" / "si-local.log").resolve()
    assert configure_logging() == path  # the window after the command line: nothing added
    ours = [h for h in root_handlers.handlers
            if isinstance(h, logging.FileHandler) and h.baseFilename == str(path)]
    assert len(ours) == 1
    assert isinstance(ours[0], logging.handlers.RotatingFileHandler)
    assert (ours[0].maxBytes, ours[0].backupCount) == (1_000_000, 3)
    logging.getLogger("si_local.test").info("x" * 600_000)
    logging.getLogger("si_local.test").info("y" * 600_000)
    ours[0].flush()
    assert path.with_name("si-local.log.1").exists()
    assert path.stat().st_size < 1_000_000
