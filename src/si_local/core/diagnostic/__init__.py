"""The self-diagnostic: questionnaires as data, campaigns, scores, registry proofs, action plan.

No Qt here. Modules: :mod:`.questionnaire` (format and validation), :mod:`.campaigns` (writes),
:mod:`.scoring`, :mod:`.proposals` (answers the registry can prove), :mod:`.actions` (plan and
Home alerts), :mod:`.export` (CSV). ``alerts(db, today)`` is the Home provider.
"""

from __future__ import annotations

from .actions import alerts

__all__ = ["alerts"]
