"""User preferences (language, last database) in ``settings.json`` of the data folder.

Not in the database: a preference belongs to the workstation, and a restored database must not
change the language of the interface.
"""

from __future__ import annotations

import json
import logging
import os

from .paths import data_dir

log = logging.getLogger(__name__)

DEFAULTS = {"language": "fr"}


def _path():
    return data_dir() / "settings.json"


def load() -> dict:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return dict(DEFAULTS)
    except (OSError, ValueError) as exc:
        log.warning("settings unreadable, defaults used: %s", exc)
        return dict(DEFAULTS)
    return {**DEFAULTS, **(data if isinstance(data, dict) else {})}


def save(values: dict) -> None:
    path = _path()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({**load(), **values}, indent=2, ensure_ascii=False), encoding="utf-8")
    try:
        os.chmod(tmp, 0o600)
    except OSError:  # pragma: no cover
        pass
    os.replace(tmp, path)
