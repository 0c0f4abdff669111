"""The core-model items this database took, as the areas read them (the read side of
``group/packs.py``, kept below the areas).

The continuity templates and the self-diagnostic questionnaires take items from here; the group
package (packs, collectors) imports those areas to validate and collect items, so they must not
import it back: ``tests/core/test_import_cycles.py`` fails on a circle.
"""

from __future__ import annotations

from .i18n import _


def effective_texts(db, kind: str) -> list[tuple[str, str]]:
    """The items of one kind as this facility uses them, in key order: (where, JSON text), where
    names the item in messages and the text is the local version if there is one, else the
    standard (as ``group.packs.Item.effective``). The stored text, not a decoded value, so that a caller
    may cache what it parses from it. [] for a database without the group tables."""
    if not db["core_model_item"].exists():
        return []
    rows = db.execute("SELECT title, standard, local FROM core_model_item WHERE kind = ? "
                      "ORDER BY key", [kind]).fetchall()
    return [(_("group core model, “{title}”").format(title=title),
             local if local is not None else standard) for title, standard, local in rows]
