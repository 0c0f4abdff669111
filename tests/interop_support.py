"""Helpers of the import/export tests: our own small inventories (always present).

Not a conftest.py: a second conftest module would shadow tests/conftest.py for every test file
that does ``from conftest import run_cli``.
"""

from __future__ import annotations

from pathlib import Path

from support import all_rows_checksum  # noqa: F401  (the interop tests import it from here)

DATA = Path(__file__).parent / "data" / "interop"


