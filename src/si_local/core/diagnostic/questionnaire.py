"""Maturity questionnaires as data: loading and validating ``resources/questionnaires/*.json``.

The format is described in ``docs/diagnostic.md``. Every file of the shipped folder and of the
facility's own folder (``questionnaires/`` in the data folder) is offered, and, given the
database, the questionnaires of the group's core-model packs it took (``core_model_item``, the
local version when the facility adapted one); a questionnaire is
identified by its ``key`` and ``version`` (a campaign stores both). A file that
breaks the format is refused with one message naming the file and the JSON path at fault, e.g.
``maturite-sms-v1.json: $.dimensions[2].themes[0].questions[1].levels: …``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core_model import effective_texts
from ..errors import ImportFileError
from ..i18n import _
from ..interop.common import parse_json
from ..paths import data_dir, resources_dir

FORMAT_NAME = "si-local-questionnaire"
FORMAT_VERSION = 1
LEVELS = (0, 1, 2, 3, 4)
CONTEXT_TYPES = ("text", "integer", "choice")
RULES = ("restore_test_recent", "continuity_plan_reviewed", "offline_backup",
         "critical_vms_mirrored", "referents_every_unit")
OUTCOMES = ("met", "partial", "not_met")


@dataclass(frozen=True)
class Action:
    max_level: int
    title: str
    why: str
    how: str


@dataclass(frozen=True)
class EvidenceRule:
    rule: str
    levels: dict[str, int]  # outcome -> proposed level


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    weight: int
    core: bool
    levels: tuple[str, ...]
    actions: tuple[Action, ...] = ()
    allow_dont_know: bool = True
    allow_not_applicable: bool = False
    help: str = ""
    evidence_rule: EvidenceRule | None = None
    dimension_id: str = ""
    theme_id: str = ""
    # the national programme or text that expects this (e.g. the annual cyber crisis exercise):
    # its actions come first in the action plan, whatever the question's weight
    expected_by: str = ""

    def actions_for(self, level: int) -> list[Action]:
        return [a for a in self.actions if level <= a.max_level]


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    short_title: str
    description: str
    default_target: float
    themes: tuple[Theme, ...]

    @property
    def questions(self) -> list[Question]:
        return [q for t in self.themes for q in t.questions]


@dataclass(frozen=True)
class ContextField:
    key: str
    label: str
    type: str
    choices: tuple[tuple[str, str], ...] = ()

    def display(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        if self.type == "choice":
            return dict(self.choices).get(str(value), str(value))
        return str(value)


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: str
    title: str
    description: str
    language: str
    level_names: tuple[str, ...]
    context: tuple[ContextField, ...]
    dimensions: tuple[Dimension, ...]
    path: Path | None = field(default=None, compare=False)
    from_group: bool = field(default=False, compare=False)  # from a core-model pack

    @property
    def questions(self) -> list[Question]:
        return [q for d in self.dimensions for q in d.questions]

    def question(self, question_id: str) -> Question | None:
        return self._index().get(question_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def _index(self) -> dict[str, Question]:
        cache = self.__dict__.get("_qindex")
        if cache is None:
            cache = {q.id: q for q in self.questions}
            object.__setattr__(self, "_qindex", cache)
        return cache

    def order(self, question_id: str) -> int:
        ids = self.__dict__.get("_order")
        if ids is None:
            ids = {q.id: i for i, q in enumerate(self.questions)}
            object.__setattr__(self, "_order", ids)
        return ids.get(question_id, 10**6)

    @property
    def label(self) -> str:
        return _("{title} (version {version})").format(title=self.title, version=self.version)

    @property
    def picker_label(self) -> str:
        """The label, marked when the questionnaire came with the group's core model."""
        if not self.from_group:
            return self.label
        return _("{label} — group core model").format(label=self.label)


# --- validation ----------------------------------------------------------------------------------

class _Checker:
    def __init__(self, name: str):
        self.name = name

    def fail(self, path: str, message: str):
        raise ImportFileError(_("{file}: {path}: {problem}").format(
            file=self.name, path=path, problem=message))

    def obj(self, value, path) -> dict:
        if not isinstance(value, dict):
            self.fail(path, _("an object {…} is expected."))
        return value

    def lst(self, value, path, non_empty=True) -> list:
        if not isinstance(value, list):
            self.fail(path, _("a list […] is expected."))
        if non_empty and not value:
            self.fail(path, _("the list is empty."))
        return value

    def text(self, parent: dict, key: str, path: str, required=True) -> str:
        value = parent.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            if key not in parent:
                self.fail(f"{path}.{key}", _("this key is missing."))
            self.fail(f"{path}.{key}", _("a non-empty text is expected."))
        return value.strip()

    def boolean(self, parent: dict, key: str, path: str, default: bool) -> bool:
        value = parent.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", _("true or false is expected."))
        return value

    def integer(self, parent: dict, key: str, path: str, low: int, high: int, default=None) -> int:
        value = parent.get(key, default)
        if value is None:
            self.fail(f"{path}.{key}", _("this key is missing."))
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{path}.{key}", _("a whole number from {low} to {high} is expected.")
                      .format(low=low, high=high))
        return value


def _action_lengths(c: _Checker, action: Action, path: str) -> None:
    """An action's texts become an action of the plan (diagnostic_action): one longer than that
    column allows refuses the questionnaire, as a bundle holding it would be refused."""
    from ..validation import check_texts
    from .campaigns import TEXT_COLUMNS

    errors: dict[str, str] = {}
    check_texts(TEXT_COLUMNS["diagnostic_action"],
                {"title": action.title, "why": action.why, "how": action.how}, errors)
    for key, message in errors.items():
        c.fail(f"{path}.{key}", message)


def _question(c: _Checker, raw, path: str, dim_id: str, theme_id: str, seen: set) -> Question:
    c.obj(raw, path)
    qid = c.text(raw, "id", path)
    if not qid.startswith(theme_id + ".") or len(qid.split(".")) != 3:
        c.fail(f"{path}.id", _("“{id}” must be numbered dimension.theme.question and belong to "
                               "theme {theme}.").format(id=qid, theme=theme_id))
    if qid in seen:
        c.fail(f"{path}.id", _("the question id “{id}” is used twice.").format(id=qid))
    seen.add(qid)
    levels = c.lst(raw.get("levels"), f"{path}.levels")
    if len(levels) != len(LEVELS):
        c.fail(f"{path}.levels", _("5 level descriptions are expected (levels 0 to 4), found {n}.")
               .format(n=len(levels)))
    for i, level in enumerate(levels):
        if not isinstance(level, str) or not level.strip():
            c.fail(f"{path}.levels[{i}]", _("a non-empty text is expected."))
    actions = []
    for i, a in enumerate(c.lst(raw.get("actions", []), f"{path}.actions", non_empty=False)):
        apath = f"{path}.actions[{i}]"
        c.obj(a, apath)
        action = Action(c.integer(a, "max_level", apath, 0, 3), c.text(a, "title", apath),
                        c.text(a, "why", apath), c.text(a, "how", apath))
        _action_lengths(c, action, apath)
        actions.append(action)
    rule = None
    if "evidence_rule" in raw:
        rpath = f"{path}.evidence_rule"
        r = c.obj(raw["evidence_rule"], rpath)
        name = c.text(r, "rule", rpath)
        if name not in RULES:
            c.fail(f"{rpath}.rule", _("unknown rule “{rule}” (known rules: {rules}).")
                   .format(rule=name, rules=", ".join(RULES)))
        mapping = c.obj(r.get("levels"), f"{rpath}.levels")
        for outcome in mapping:
            if outcome not in OUTCOMES:
                c.fail(f"{rpath}.levels.{outcome}", _("unknown outcome (expected: {outcomes}).")
                       .format(outcomes=", ".join(OUTCOMES)))
            c.integer(mapping, outcome, f"{rpath}.levels", 0, 4)
        rule = EvidenceRule(name, dict(mapping))
    return Question(
        id=qid, text=c.text(raw, "text", path), weight=c.integer(raw, "weight", path, 1, 3),
        core=c.boolean(raw, "core", path, False), levels=tuple(s.strip() for s in levels),
        actions=tuple(actions),
        allow_dont_know=c.boolean(raw, "allow_dont_know", path, True),
        allow_not_applicable=c.boolean(raw, "allow_not_applicable", path, False),
        help=c.text(raw, "help", path, required=False), evidence_rule=rule,
        dimension_id=dim_id, theme_id=theme_id,
        expected_by=c.text(raw, "expected_by", path, required=False))


def parse_questionnaire(data: Any, name: str, path: Path | None = None,
                        from_group: bool = False) -> Questionnaire:
    """Validate the decoded JSON ``data`` of the file ``name`` and build the questionnaire.
    The checks run in the file's order and the first problem found is raised."""
    c = _Checker(name)
    root = c.obj(data, "$")
    key, version, level_names = _header(c, root)
    context = _context_fields(c, root)
    dimensions = _dimensions(c, root)
    return Questionnaire(
        key=key, version=version.strip(), title=c.text(root, "title", "$"),
        description=c.text(root, "description", "$", required=False),
        language=c.text(root, "language", "$", required=False) or "fr",
        level_names=tuple(n.strip() for n in level_names), context=tuple(context),
        dimensions=tuple(dimensions), path=path, from_group=from_group)


def _header(c: _Checker, root: dict) -> tuple[str, str, list]:
    """The format, its version, the key, the version and the level names."""
    if root.get("format") != FORMAT_NAME:
        c.fail("$.format", _("“{expected}” is expected.").format(expected=FORMAT_NAME))
    c.integer(root, "format_version", "$", FORMAT_VERSION, FORMAT_VERSION)
    key = c.text(root, "key", "$")
    version = root.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version.strip():
        c.fail("$.version", _("a non-empty text is expected."))
    level_names = root.get("level_names", ["0", "1", "2", "3", "4"])
    if not isinstance(level_names, list) or len(level_names) != 5 or not all(
            isinstance(n, str) and n.strip() for n in level_names):
        c.fail("$.level_names", _("5 level names are expected (levels 0 to 4)."))
    return key, version, level_names


def _context_fields(c: _Checker, root: dict) -> list[ContextField]:
    context = []
    keys: set[str] = set()
    for i, f in enumerate(c.lst(root.get("context", []), "$.context", non_empty=False)):
        fpath = f"$.context[{i}]"
        c.obj(f, fpath)
        fkey = c.text(f, "key", fpath)
        if fkey in keys:
            c.fail(f"{fpath}.key", _("the key “{key}” is used twice.").format(key=fkey))
        keys.add(fkey)
        ftype = f.get("type", "text")
        if ftype not in CONTEXT_TYPES:
            c.fail(f"{fpath}.type", _("unknown type (expected: {types}).")
                   .format(types=", ".join(CONTEXT_TYPES)))
        choices = []
        if ftype == "choice":
            for j, ch in enumerate(c.lst(f.get("choices"), f"{fpath}.choices")):
                cpath = f"{fpath}.choices[{j}]"
                c.obj(ch, cpath)
                choices.append((c.text(ch, "key", cpath), c.text(ch, "label", cpath)))
        context.append(ContextField(fkey, c.text(f, "label", fpath), ftype, tuple(choices)))
    return context


def _dimensions(c: _Checker, root: dict) -> list[Dimension]:
    dimensions = []
    seen_questions: set[str] = set()
    seen_dims: set[str] = set()
    for i, d in enumerate(c.lst(root.get("dimensions"), "$.dimensions")):
        dpath = f"$.dimensions[{i}]"
        c.obj(d, dpath)
        did = c.text(d, "id", dpath)
        if "." in did or did in seen_dims:
            c.fail(f"{dpath}.id", _("“{id}” must be a unique number without a dot.").format(id=did))
        seen_dims.add(did)
        target = d.get("default_target", 3)
        if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 <= target <= 4:
            c.fail(f"{dpath}.default_target", _("a number from 0 to 4 is expected."))
        themes = _themes(c, d, dpath, did, seen_questions)
        title = c.text(d, "title", dpath)
        dimensions.append(Dimension(
            did, title, c.text(d, "short_title", dpath, required=False) or title,
            c.text(d, "description", dpath, required=False), float(target), tuple(themes)))
    return dimensions


def _themes(c: _Checker, d: dict, dpath: str, did: str, seen_questions: set[str]) -> list[Theme]:
    themes = []
    seen_themes: set[str] = set()
    for j, t in enumerate(c.lst(d.get("themes"), f"{dpath}.themes")):
        tpath = f"{dpath}.themes[{j}]"
        c.obj(t, tpath)
        tid = c.text(t, "id", tpath)
        if not tid.startswith(did + ".") or len(tid.split(".")) != 2 or tid in seen_themes:
            c.fail(f"{tpath}.id", _("“{id}” must be a unique theme number dimension.theme of "
                                    "dimension {dimension}.").format(id=tid, dimension=did))
        seen_themes.add(tid)
        questions = tuple(
            _question(c, q, f"{tpath}.questions[{k}]", did, tid, seen_questions)
            for k, q in enumerate(c.lst(t.get("questions"), f"{tpath}.questions")))
        themes.append(Theme(tid, c.text(t, "title", tpath), questions))
    return themes


def load_questionnaire(path: Path | str) -> Questionnaire:
    """Read and validate one questionnaire file (raises :class:`ImportFileError`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ImportFileError(_("{file}: no such file.").format(file=path)) from exc
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("{file}: the file is not UTF-8 text.").format(file=path.name)) from exc
    except OSError as exc:
        raise ImportFileError(_("{file}: the file cannot be read ({error}).")
                              .format(file=path, error=exc.strerror)) from exc
    data = parse_json(text, path.name)
    return parse_questionnaire(data, path.name, path)


def questionnaires_dir() -> Path:
    return resources_dir() / "questionnaires"


@lru_cache(maxsize=8)
def _load_folder(folder: str, stamp: tuple) -> tuple[list[Questionnaire], list[str]]:
    found: list[Questionnaire] = []
    problems: list[str] = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            found.append(load_questionnaire(path))
        except ImportFileError as exc:
            problems.append(str(exc))
    return found, problems


def _stamp(folder: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.json")))


def user_questionnaires_dir() -> Path:
    """The facility's own questionnaires: ``questionnaires/`` in the data folder (not created
    here). Files there are offered beside the shipped ones and survive an update of the program."""
    return data_dir() / "questionnaires"


@lru_cache(maxsize=32)
def _parse_group_item(text: str, name: str) -> tuple[Questionnaire | None, str]:
    try:
        return parse_questionnaire(json.loads(text), name, from_group=True), ""
    except (ImportFileError, ValueError) as exc:
        return None, str(exc)


def group_questionnaires(db) -> tuple[list[Questionnaire], list[str]]:
    """The questionnaires of the core-model packs this database took: the facility's adapted
    version when it has one, else the group's standard. Read from the database, so that a
    campaign on one reopens on any workstation, read-only files included."""
    if db is None:
        return [], []
    found: list[Questionnaire] = []
    problems: list[str] = []
    for name, text in effective_texts(db, "questionnaire"):
        q, problem = _parse_group_item(text, name)
        if q is None:
            problems.append(problem)
        else:
            found.append(q)
    return found, problems


def available(folder: Path | None = None, db=None) -> tuple[list[Questionnaire], list[str]]:
    """Every valid questionnaire, and the messages of the files that are not.

    With no ``folder``: the shipped questionnaires, then the facility's own ones; with ``db``,
    then those of the group's core model (:func:`group_questionnaires`). A questionnaire whose
    key and version are already offered is left out (a campaign names its questionnaire by both),
    silently when it is the same questionnaire.
    """
    folders = [folder] if folder else [questionnaires_dir(), user_questionnaires_dir()]
    found: list[Questionnaire] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], Questionnaire] = {}

    def offer(q: Questionnaire) -> None:
        first = seen.get((q.key, q.version))
        if first is None:
            seen[(q.key, q.version)] = q
            found.append(q)
        elif q.from_group:
            if q != first:
                problems.append(_("Group core model: the questionnaire “{key}” version {version} "
                                  "differs from the one of {other} and is left out; it needs "
                                  "another version.").format(
                    key=q.key, version=q.version, other=first.path or first.key))
        else:
            problems.append(_("{file}: the questionnaire “{key}” version {version} is already "
                              "offered by {other}; give this file another version.").format(
                file=q.path.name if q.path else q.key, key=q.key, version=q.version,
                other=first.path or first.key))

    for f in folders:
        if not f.is_dir():
            continue
        loaded, bad = _load_folder(str(f), _stamp(f))
        problems += bad
        for q in loaded:
            offer(q)
    loaded, bad = group_questionnaires(db)
    problems += bad
    for q in loaded:
        offer(q)
    return found, problems


def get_questionnaire(key: str, version: str, folder: Path | None = None, db=None) -> Questionnaire:
    found, problems = available(folder, db)
    for q in found:
        if q.key == key and q.version == str(version):
            return q
    hint = (" " + problems[0]) if problems else ""
    raise ImportFileError(_("The questionnaire “{key}” version {version} is not in {folder}.")
                          .format(key=key, version=version, folder=folder or questionnaires_dir())
                          + hint)


def default_questionnaire(folder: Path | None = None, db=None) -> Questionnaire:
    found, problems = available(folder, db)
    if not found:
        raise ImportFileError(problems[0] if problems else _(
            "No questionnaire found in {folder}.").format(folder=folder or questionnaires_dir()))
    same = [q for q in found if q.key == "maturite-sms"] or found
    return same[-1]
