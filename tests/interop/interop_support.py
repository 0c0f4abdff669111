"""Helpers of the import/export tests: our own small inventories (always present).

Not a conftest.py: a second conftest module would shadow tests/conftest.py for every test file
that does ``from conftest import run_cli``.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


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
