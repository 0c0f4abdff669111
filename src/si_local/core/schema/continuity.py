"""Schema of the continuity area (owned by that area; nothing landed yet, so it may still change)."""

from __future__ import annotations

TABLES: list[str] = []


def create(db) -> None:
    """Create the continuity tables and their audit triggers."""
