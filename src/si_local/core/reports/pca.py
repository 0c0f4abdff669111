"""The printed continuity plan under its earlier name: the window and the tests import
``reports.pca``; the document is :mod:`.continuity` (named after its area)."""

from __future__ import annotations

from .continuity import SECTIONS, PlanData, collect, print_plan, story  # noqa: F401
