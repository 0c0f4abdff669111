"""Scenario templates: the shipped file (resources/continuity/templates.json) and those of the
group's core-model packs; their format is checked (docs/continuity.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core_model import effective_texts
from ..errors import ImportFileError
from ..i18n import _, format_number
from ..interop.common import parse_json
from ..paths import resource
from ..validation import check_texts
from .common import PHASES, SCENARIO_KINDS, TEXT_COLUMNS


# --- templates ---------------------------------------------------------------------------------

@dataclass
class TemplateStep:
    phase: str
    title: str
    owner_role: str | None
    standin_role: str | None
    minutes: int | None
    note: str | None = None


@dataclass
class Template:
    key: str
    kind: str
    name: str
    description: str
    steps: list[TemplateStep]
    from_group: bool = False  # from a core-model pack of the group

    @property
    def picker_label(self) -> str:
        """The name, marked when the template came with the group's core model."""
        return _("{name} — group core model").format(name=self.name) if self.from_group else self.name


# The longest expected duration of a template's step: a year. A pack's template goes into the
# database when a scenario is added from it, and SQLite cannot store an integer of 2**63 or more.
MAX_STEP_MINUTES = 525_600


def templates_path() -> Path:
    return resource("continuity", "templates.json")


def load_templates(path: Path | str | None = None, db=None) -> list[Template]:
    """Read and validate the scenario templates (format in docs/continuity.md).

    With ``db``, the templates of the group's core-model packs this database took are added (the
    facility's adapted version when it has one); one with the key of a shipped template takes
    its place. They are read from the database, so they need no file and no write."""
    path = Path(path) if path else templates_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImportFileError(_("{path}: the file cannot be read ({error}).")
                              .format(path=path, error=exc.strerror or exc)) from exc
    except UnicodeDecodeError:
        raise ImportFileError(_("{file}: the file is not UTF-8 text.").format(file=path)) from None
    data = parse_json(text, path)
    result = parse_templates(data, str(path))
    if db is not None:
        index = {t.key: i for i, t in enumerate(result)}
        for tpl in group_templates(db):
            if tpl.key in index:
                result[index[tpl.key]] = tpl
            else:
                index[tpl.key] = len(result)
                result.append(tpl)
    return result


def group_templates(db) -> list[Template]:
    """The scenario templates of the core-model packs this database took."""
    found = []
    for source, text in effective_texts(db, "scenario_template"):
        raw = json.loads(text)
        tpl = parse_templates({"format": 1, "templates": [raw]}, source)[0]
        tpl.from_group = True
        found.append(tpl)
    return found


def _parse_step(st: Any, bad) -> TemplateStep:
    """One step of a template; ``bad(what)`` makes the error naming it."""
    if not isinstance(st, dict):
        raise bad(_("expected an object."))
    if st.get("phase") not in PHASES:
        raise bad(_("unknown phase \"{phase}\".").format(phase=st.get("phase")))
    if not isinstance(st.get("title"), str) or not st["title"].strip():
        raise bad(_("\"{field}\" is missing or empty.").format(field="title"))
    for name in ("owner_role", "standin_role", "note"):  # written as they are
        if st.get(name) is not None and not isinstance(st[name], str):
            raise bad(_("\"{field}\" must be text.").format(field=name))
    minutes = st.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool)
                                or minutes < 0):
        raise bad(_("\"minutes\" must be a whole number of minutes."))
    if minutes is not None and minutes > MAX_STEP_MINUTES:  # SQLite stops at 2**63
        raise bad(_("\"minutes\" must be at most {maximum} (a year).").format(
            maximum=format_number(MAX_STEP_MINUTES)))
    _template_lengths("continuity_step", st, bad)
    return TemplateStep(st["phase"], st["title"].strip(), st.get("owner_role"),
                        st.get("standin_role"), minutes, st.get("note"))


def _parse_template(raw: Any, number: int, keys: set[str], bad) -> Template:
    """Template ``number`` (from 1); ``bad(where, what)`` makes the error, ``keys`` the keys seen."""
    where = _("template {number}").format(number=number)
    if not isinstance(raw, dict):
        raise bad(where, _("expected an object."))
    for name in ("key", "kind", "name"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise bad(where, _("\"{field}\" is missing or empty.").format(field=name))
    if raw["kind"] not in SCENARIO_KINDS:
        raise bad(where, _("unknown kind \"{kind}\".").format(kind=raw["kind"]))
    if raw["key"] in keys:
        raise bad(where, _("the key \"{key}\" is used twice.").format(key=raw["key"]))
    keys.add(raw["key"])
    _template_lengths("continuity_scenario", raw, lambda m: bad(where, m))
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise bad(where, _("\"steps\" must be a non-empty list."))
    parsed = []
    for j, st in enumerate(steps, start=1):
        swhere = _("template {number}, step {step}").format(number=number, step=j)
        parsed.append(_parse_step(st, lambda m, w=swhere: bad(w, m)))
    return Template(raw["key"], raw["kind"], raw["name"].strip(), str(raw.get("description") or ""),
                    parsed)


def parse_templates(data: Any, path: str) -> list[Template]:
    """Check decoded template data (``{"format": 1, "templates": [...]}``) named ``path`` in
    messages; raises :class:`ImportFileError` naming the template and the step at fault."""
    def bad(where: str, what: str):
        return ImportFileError(_("{path}: {where}: {what}").format(path=path, where=where, what=what))

    if not isinstance(data, dict) or data.get("format") != 1 or not isinstance(data.get("templates"), list):
        raise bad("format", _("expected an object with \"format\": 1 and a \"templates\" list."))
    keys: set[str] = set()
    return [_parse_template(raw, i, keys, bad) for i, raw in enumerate(data["templates"], start=1)]


def _template_lengths(table: str, raw: dict, bad) -> None:
    """A template's text longer than the column it goes to refuses the template file or pack
    (its steps are written as they are, as the user could not have typed them)."""
    errors: dict[str, str] = {}
    check_texts(TEXT_COLUMNS[table], {k: v for k, v in raw.items() if isinstance(v, str)}, errors)
    if errors:
        raise bad(next(iter(errors.values())))
