"""What the schema's triggers say, for people. A trigger refuses a write with ``RAISE(ABORT,
'…')``: its English text is frozen in the migration step that created it (``core/migrations/``,
never edited), and it reaches Python as the text of a ``sqlite3.IntegrityError``. The texts are
listed here (each its own catalogue entry), so that wherever such an error is caught and shown
(a bundle's import, the group's consolidation) the person reads French."""

from __future__ import annotations

from .i18n import N_, _

TRIGGER_TEXTS = frozenset({
    # m001 (audit), m003 (continuity), m013 (incidents), m019 (installed programs)
    N_("the audit trail cannot be modified"),
    N_("the mandatory scenario cannot be deleted"),
    N_("the incident register is append-only: record a correction"),
    N_("this incident number is taken"),
    N_("a correction belongs to the incident of the entry it corrects"),
    N_("a program name is never deleted: the lists refer to its id"),
    N_("a program name is never changed: the lists refer to its id"),
    N_("a program release is never deleted: the lists refer to its id"),
    N_("a program release is never changed: the lists refer to its id"),
})


def refusal_text(exc: BaseException) -> str:
    """The text of a database error to quote to a person: a trigger's refusal in the user's
    language, any other error as it is."""
    text = str(exc)
    return _(text) if text in TRIGGER_TEXTS else text
