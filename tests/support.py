"""Helpers shared by test modules (import them with ``from support import ...``).

Not in conftest.py: several conftest modules would shadow each other under ``import conftest``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# real agent outputs from the GLPI project's examples (MIT, LICENSE-glpi-inventory-format.txt beside
# them), kept in the repository so that a clean clone runs every test that reads them
INVENTORIES = ROOT / "tests" / "data" / "inventories"
INVENTORY_EXAMPLES = sorted(INVENTORIES.glob("*.xml")) + sorted(INVENTORIES.glob("*.json"))


def run_cli(*args: str, input: str | None = None, env: dict | None = None):
    """Run ``si-local`` in a separate process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "si_local", *args], input=input, capture_output=True, text=True,
        env=full_env, timeout=120,
    )


def all_rows_checksum(path) -> str:
    """A checksum of every row of every table (audit included): proof that nothing changed."""
    import sqlite3

    from si_local.core.interop.common import rows_checksum

    conn = sqlite3.connect(path)
    try:
        class _Db:
            def execute(self, *a):
                return conn.execute(*a)

        return rows_checksum(_Db())
    finally:
        conn.close()
