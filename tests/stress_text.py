"""Every text field a user can type, and the worst texts to put in them (``from stress_text
import ...``): the stressed databases of the print tests.

The fields and their limits are the application's own: the registry's fields (``Field.limit``)
and every other area's ``TEXT_COLUMNS`` (gathered by ``bundle.area_text_columns``): 200 for names,
titles and short text, 2,000 for lists of addresses, 10,000 for notes and descriptions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# derived by the application, not typed: a core-model item's key is its name case-folded
NOT_TYPED = {("core_model_item", "key")}


def text_fields() -> dict[str, dict[str, int]]:
    """{table: {column: most characters}} for every text field a user can type."""
    from si_local.core.interop.bundle import area_text_columns
    from si_local.core.registry import KINDS

    fields: dict[str, dict[str, int]] = {}
    for kind in KINDS.values():
        columns = {f.name: f.limit for f in kind.columns if f.limit}
        if columns:
            fields.setdefault(kind.table, {}).update(columns)
    for table, columns in area_text_columns().items():
        fields.setdefault(table, {}).update(
            {name: text.limit for name, text in columns.items() if (table, name) not in NOT_TYPED})
    return fields


WORD40 = "Anticonstitutionnellementdesinstitution"[:39] + "s"  # 40 letters, no break
MARKUP = "<b>gras</b> &amp; <para> ]]> <i>x</i> <br/> &lt;&#x41; <font size=40>"
RTL = "مرحبا بالعالم שלום עולם"
EMOJI = "😀 🇫🇷 👩‍⚕️ ✅"
CONTROL = "a\x00b\x07c\x1bd\x7fe\u0085f\u2028g\r\nh\ti"
FLAG_THAI = "🇫🇷🇹🇭 โรงพยาบาลสมุทรปราการ"
TRICKY = " ".join([MARKUP, RTL, EMOJI, CONTROL, WORD40, FLAG_THAI])


def fill(text: str, limit: int, tag: str) -> str:
    """``tag`` then ``text`` repeated (with line breaks now and then) up to ``limit`` characters."""
    out = tag + " "
    n = 0
    while len(out) < limit:
        n += 1
        out += text + ("\n" if n % 3 == 0 else " ")
    return out[:limit]


def stress(path: Path | str, value, tables: dict[str, dict[str, int]] | None = None,
           rows: int | None = None) -> None:
    """Write ``value(table, column, limit, row_id)`` in every text field of the database at
    ``path`` (the first ``rows`` rows of each table when given)."""
    from si_local.core.db import open_database

    db = open_database(path)
    try:
        with db.atomic():
            for table, columns in (tables or text_fields()).items():
                if not db[table].exists():
                    continue
                limit = f" ORDER BY id LIMIT {int(rows)}" if rows else ""
                ids = [r[0] for r in db.execute(f"SELECT id FROM [{table}]{limit}").fetchall()]
                for row_id in ids:
                    changes = {col: value(table, col, size, row_id) for col, size in columns.items()}
                    changes = {k: v for k, v in changes.items() if v is not None}
                    sets = ", ".join(f"[{k}] = ?" for k in changes)
                    db.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?",
                               [*changes.values(), row_id])
    finally:
        db.close()


def set_value(path: Path | str, table: str, column: str, value: str, row_id: int = 1) -> None:
    """Write ``value`` in one field of the database at ``path``, as the SQL of a bundle would."""
    from si_local.core.db import open_database

    db = open_database(path)
    try:
        with db.atomic():
            db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE id = ?", [value, row_id])
    finally:
        db.close()


def print_everything(path: Path | str, folder: Path, today: dt.date,
                     few: bool = False) -> dict[str, Path]:
    """Every printed document of the database at ``path``, built in this process through the
    core functions (the group report from the facility's own bundle); {name: pdf}. ``few``: the
    sign-in sheets of the first session and the invitations of the first unit only (the rows
    :func:`stress` fills with ``rows=1``)."""
    from si_local.core.db import open_database
    from si_local.core.group.consolidation import consolidate
    from si_local.core.interop.bundle import export_bundle
    from si_local.core.reports import continuity as pca
    from si_local.core.reports import diagnostic, group, training

    out = {name: folder / f"{name}.pdf" for name in
           ("pca", "diagnostic", "training", "attendance", "invitations", "group")}
    db = open_database(path, create=False)
    try:
        pca.print_plan(db, out["pca"], today)
        diagnostic.print_campaign(db, out["diagnostic"], None, today)
        training.print_plan(db, out["training"], today)
        sessions = [r[0] for r in db.execute("SELECT id FROM training_session ORDER BY id")]
        units = [r[0] for r in db.execute("SELECT id FROM training_unit ORDER BY id")]
        training.print_attendance(db, out["attendance"], sessions[:1] if few else sessions, today)
        training.print_invitations(db, out["invitations"], today, units[:1] if few else None)
        bundle = folder / "bundle.json"
        export_bundle(db, bundle, dt.datetime.combine(today, dt.time(9)))
    finally:
        db.close()
    group.print_group(consolidate([bundle], today), out["group"], today)
    return out
