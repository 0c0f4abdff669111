"""The sentences that count a core-model pack's items, with each count's own plural."""

from __future__ import annotations

from ..i18n import _, ngettext


def share_text(share: dict[str, int]) -> str:
    """« 12 éléments standard, 1 adapté localement, sur 13. »"""
    standard, local = share["standard"], share["local"]
    return _("{standard}, {local}, out of {total}.").format(
        standard=ngettext("{count} standard item", "{count} standard items", standard).format(
            count=standard),
        local=ngettext("{count} item adapted locally", "{count} items adapted locally", local).format(
            count=local),
        total=share["total"])


def plan_text(pack: dict, summary: dict[str, int]) -> str:
    """What taking a pack does: « Groupement X, version 2 : 1 nouvel élément, … »."""
    new, updated, kept = summary["new"], summary["updated"], summary["kept_local"]
    unchanged, absent = summary["unchanged"], summary["absent"]
    counts = ", ".join((
        ngettext("{count} new item", "{count} new items", new).format(count=new),
        ngettext("{count} item updated", "{count} items updated", updated).format(count=updated),
        ngettext("{count} item kept as adapted locally", "{count} items kept as adapted locally",
                 kept).format(count=kept),
        ngettext("{count} item unchanged", "{count} items unchanged", unchanged).format(
            count=unchanged),
        ngettext("{count} item no longer in the pack", "{count} items no longer in the pack",
                 absent).format(count=absent)))
    return _("{group}, version {version}: {counts}.").format(
        group=pack["group"], version=pack["version"], counts=counts)
