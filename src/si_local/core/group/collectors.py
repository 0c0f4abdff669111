"""What the other areas contribute to a core-model pack, and how taken items reach them.

- questionnaires: every questionnaire file offered by the self-diagnostic;
- continuity scenario templates: the templates offered by the continuity plan;
- training modules: the modules of this database, with the profiles that need them. Modules are
  the one kind applied to the facility's own tables: taking a pack creates or updates the module
  (unless the facility changed it, which is then recorded as a local adaptation).
"""

from __future__ import annotations

import json


def questionnaires(db) -> list[dict]:
    from ..diagnostic.questionnaire import questionnaires_dir

    found = []
    for path in sorted(questionnaires_dir().glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append({"kind": "questionnaire", "key": f"{data['key']}-v{data['version']}",
                      "title": data.get("title") or data["key"], "data": data})
    return found


def scenario_templates(db) -> list[dict]:
    from ..continuity import templates_path

    data = json.loads(templates_path().read_text(encoding="utf-8"))
    return [{"kind": "scenario_template", "key": t["key"], "title": t["name"], "data": t}
            for t in data["templates"]]


def module_data(row: dict) -> dict:
    return {"name": row["name"], "duration_minutes": row.get("duration_minutes"),
            "modality": row.get("modality"), "description": row.get("description"),
            "profiles": sorted(row.get("profiles") or [])}


def training_modules(db) -> list[dict]:
    from .. import training

    return [{"kind": "training_module", "key": m["name"].casefold(), "title": m["name"],
             "data": module_data(m)} for m in training.modules(db)]


def module_rows(db) -> dict[str, dict]:
    from .. import training

    return {m["name"].casefold(): module_data(m) for m in training.modules(db)}


def apply_training_modules(db, items) -> None:
    """Write the effective value of every module item into the training tables."""
    from .. import training

    rows = {m["name"].casefold(): m for m in training.modules(db)}
    for item in items:
        if item.kind != "training_module":
            continue
        data = item.effective
        values = {"name": data["name"], "duration_minutes": data.get("duration_minutes"),
                  "modality": data.get("modality") or "classroom",
                  "description": data.get("description"), "profiles": data.get("profiles") or []}
        current = rows.get(item.key)
        if current is None:
            training.save_module(db, values)
        elif module_data(current) != module_data({**current, **values}):
            training.save_module(db, {**values, "application_id": current.get("application_id")},
                                 current["id"])


COLLECTORS = [questionnaires, scenario_templates, training_modules]
