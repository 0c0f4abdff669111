"""Kinds of records as the command line names them: ``list KIND``, ``--table KIND`` of
``import csv`` / ``export csv`` and ``audit --table`` accept the same names, the English key
(``restore-tests``), its table (``restore_test``) or the French name (« tests-de-restauration »,
« Tests de restauration »: case, accents, spaces and hyphens do not matter)."""

from __future__ import annotations

import re
import unicodedata

from ..core import registry as reg
from ..core.i18n import _


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def french_name(k: reg.Kind) -> str:
    """« serveurs-physiques »: the kind's plural in the current language, as one word."""
    return re.sub(r"\s+", "-", _(k.plural).strip().lower())


def _aliases() -> dict[str, reg.Kind]:
    aliases: dict[str, reg.Kind] = {}
    for key in reg.LISTABLE:
        k = reg.KINDS[key]
        for name in (k.key, k.table, k.singular, k.plural, _(k.singular), _(k.plural)):
            aliases.setdefault(_norm(name), k)
    return aliases


def find_kind(name: str) -> reg.Kind | None:
    return _aliases().get(_norm(name))


def kind_key(name: str) -> str:
    """argparse ``type`` of a KIND argument: the kind's key (an unknown name is given back, for
    argparse's « invalid choice » message)."""
    k = find_kind(name)
    return k.key if k else name


def audit_table(name: str) -> str:
    """argparse ``type`` of ``audit --table``: a kind's table, or the name given (any other
    audited table, continuity or training)."""
    k = find_kind(name)
    return k.table if k else name


def names_help() -> str:
    """« sites, servers (serveurs-physiques), vms (machines-virtuelles), … »."""
    names = []
    for key in reg.LISTABLE:
        french = french_name(reg.KINDS[key])
        names.append(key if _norm(french) == _norm(key) else f"{key} ({french})")
    return ", ".join(names)
