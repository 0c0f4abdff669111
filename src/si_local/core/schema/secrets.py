"""Schema of the secrets area (owned by that area; nothing landed yet, so it may still change)."""

from __future__ import annotations

TABLES: list[str] = []


def create(db) -> None:
    """Create the secrets tables and their audit triggers."""
