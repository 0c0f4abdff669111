"""The one object built at start and handed to windows: paths, database, settings, secrets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clock as _clock


@dataclass
class AppContext:
    db_path: Path
    db: Any  # sqlite_utils.Database
    settings: dict = field(default_factory=dict)
    secrets: Any = None  # si_local.core.secrets.SecretStore, once that area provides it
    read_only: bool = False
    notices: list[str] = field(default_factory=list)  # told to the user once the window shows
    clock: _clock.Clock = field(default_factory=_clock.current)  # the one clock (tests set it)

    def today(self):
        return self.clock.today()

    def close(self) -> None:
        try:
            self.db.close()
        except Exception:  # pragma: no cover - closing twice
            pass
