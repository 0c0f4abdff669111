"""Fixtures of the registry GUI tests: an AppContext on a real demo database copy."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_ctx(demo_path, demo_db):
    from si_local.core.context import AppContext

    return AppContext(db_path=demo_path, db=demo_db)


@pytest.fixture
def empty_ctx(db_path, db):
    from si_local.core.context import AppContext

    return AppContext(db_path=db_path, db=db)
