"""Every text field a user can type, and the worst texts to put in them (``from stress_text
import ...``): the stressed databases of the print tests.

The registry's fields and limits come from ``registry.KINDS``; the continuity, training and
diagnostic fields are listed here with the limits of their kind (200 for names, titles and short
text, 10,000 for notes, descriptions and long text).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

SHORT, LONG = 200, 10_000

OTHER_FIELDS: dict[str, dict[str, int]] = {
    "continuity_plan": {"title": SHORT, "author": SHORT, "approved_by": SHORT, "scope": LONG,
                        "trigger_rules": LONG, "communication": LONG, "return_to_normal": LONG,
                        "notes": LONG},
    "continuity_plan_version": {"approved_by": SHORT, "summary": LONG},
    "continuity_activity": {"name": SHORT, "description": LONG, "owner_role": SHORT,
                            "degraded_procedure": LONG},
    "continuity_scenario": {"name": SHORT, "description": LONG},
    "continuity_step": {"title": SHORT, "owner_role": SHORT, "standin_role": SHORT, "note": LONG},
    "continuity_crisis_role": {"role": SHORT, "calls": LONG, "duties": LONG},
    "continuity_exercise": {"participants": LONG, "notes": LONG},
    "continuity_exercise_step": {"step_title": SHORT, "note": LONG},
    "continuity_finding": {"finding": LONG, "action": LONG, "owner": SHORT},
    "training_plan": {"notes": LONG},
    "training_unit": {"name": SHORT, "manager_name": SHORT, "notes": LONG},
    "training_staff": {"last_name": SHORT, "first_name": SHORT, "notes": LONG},
    "training_referent": {"mission": LONG},
    "training_module": {"name": SHORT, "description": LONG},
    "training_session": {"trainer_name": SHORT, "room": SHORT, "notes": LONG},
    "training_participant": {"comment": LONG},
    "diagnostic_campaign": {"title": SHORT, "notes": LONG},
    "diagnostic_participant": {"name": SHORT, "role": SHORT},
    "diagnostic_answer": {"comment": LONG, "evidence": LONG},
    "diagnostic_action": {"title": SHORT, "why": LONG, "how": LONG, "owner": SHORT, "notes": LONG},
}


def text_fields() -> dict[str, dict[str, int]]:
    """{table: {column: most characters}} for every text field a user can type."""
    from si_local.core.registry import KINDS

    fields: dict[str, dict[str, int]] = {}
    for kind in KINDS.values():
        columns = {f.name: f.limit for f in kind.columns if f.limit}
        if columns:
            fields.setdefault(kind.table, {}).update(columns)
    fields.update(OTHER_FIELDS)
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


def print_everything(path: Path | str, folder: Path, today: dt.date) -> dict[str, Path]:
    """Every printed document of the database at ``path``, built in this process through the
    core functions (the group report from the facility's own bundle); {name: pdf}."""
    from si_local.core.db import open_database
    from si_local.core.group.consolidation import consolidate
    from si_local.core.interop.bundle import export_bundle
    from si_local.core.reports import diagnostic, group, pca, training

    out = {name: folder / f"{name}.pdf" for name in
           ("pca", "diagnostic", "training", "attendance", "invitations", "group")}
    db = open_database(path, create=False)
    try:
        pca.print_plan(db, out["pca"], today)
        diagnostic.print_campaign(db, out["diagnostic"], None, today)
        training.print_plan(db, out["training"], today)
        sessions = [r[0] for r in db.execute("SELECT id FROM training_session ORDER BY id")]
        training.print_attendance(db, out["attendance"], sessions, today)
        training.print_invitations(db, out["invitations"], today)
        bundle = folder / "bundle.json"
        export_bundle(db, bundle, dt.datetime.combine(today, dt.time(9)))
    finally:
        db.close()
    group.print_group(consolidate([bundle], today), out["group"], today)
    return out
