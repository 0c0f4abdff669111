"""Campaigns, participants, answers and targets: the writes of the self-diagnostic.

Every write is one transaction (``with db.atomic():``): the walk-through saves each answer as soon
as it is given, so a meeting can stop at any moment and resume later.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..errors import UserError, ValidationError
from ..i18n import N_, _
from ..validation import Text, check_texts
from .questionnaire import Question, Questionnaire, get_questionnaire
from .. import clock

STATUS_LABELS = {"in_progress": N_("In progress"), "closed": N_("Closed")}
ANSWER_LABELS = {"dont_know": N_("Don't know"), "not_applicable": N_("Not applicable")}

# The longest text each free-text column holds (validation.MAX_LENGTHS by type: one line 200,
# "longtext" 10,000): read by the save functions of campaigns and actions, the windows' line edits
# and bundle imports. A text answer to a context question is one line (CONTEXT_TEXT).
TEXT_COLUMNS: dict[str, dict[str, Text]] = {
    "diagnostic_campaign": {"title": Text(N_("Title")), "notes": Text(N_("Notes"), "longtext")},
    "diagnostic_participant": {"name": Text(N_("Participant")), "role": Text(N_("Role"))},
    "diagnostic_answer": {"comment": Text(N_("Comment"), "longtext"),
                          "evidence": Text(N_("Evidence"), "longtext")},
    "diagnostic_action": {"title": Text(N_("Title")), "why": Text(N_("Why"), "longtext"),
                          "how": Text(N_("How"), "longtext"), "owner": Text(N_("Owner")),
                          "notes": Text(N_("Notes"), "longtext")},
}
CONTEXT_TEXT = Text(N_("Context"))
# TEXT columns that hold no free text: dates and times (ISO), choice keys, the numbers of
# questions and dimensions and the questionnaire's key and version (from the questionnaire file);
# context_json is a JSON object whose text answers are checked one by one (CONTEXT_TEXT).
OTHER_TEXT_COLUMNS = {
    "diagnostic_campaign": {"campaign_date", "questionnaire_key", "questionnaire_version",
                            "status", "context_json", "closed_on"},
    "diagnostic_answer": {"question_id", "status", "answered_at"},
    "diagnostic_target": {"dimension_id"},
    "diagnostic_action": {"question_id", "due_date", "status", "done_on"},
}


def check_lengths(table: str, values: dict[str, Any]) -> None:
    """:class:`ValidationError` naming each field of ``table`` whose value is too long."""
    errors: dict[str, str] = {}
    check_texts(TEXT_COLUMNS[table], values, errors, by_label=True)
    if errors:
        raise ValidationError(errors)


@dataclass
class Answer:
    question_id: str
    status: str | None = None  # "level", "dont_know", "not_applicable" or None (not answered)
    level: int | None = None
    comment: str = ""
    evidence: str = ""
    to_review: bool = False
    proposed_from_registry: bool = False
    answered_at: str | None = None

    @property
    def answered(self) -> bool:
        return self.status is not None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: Any, field: str) -> str:
    from ..validation import check_date  # French or ISO dates

    try:
        return check_date(value if isinstance(value, dt.date) else str(value or ""))
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc


def get_campaign(db, campaign_id: int) -> dict:
    row = db.execute("SELECT * FROM diagnostic_campaign WHERE id = ?", [campaign_id]).fetchone()
    if row is None:
        raise UserError(_("There is no self-diagnostic campaign number {id}.").format(id=campaign_id))
    cols = [c[0] for c in db.execute("SELECT * FROM diagnostic_campaign LIMIT 0").description]
    campaign = dict(zip(cols, row, strict=True))
    campaign["context"] = json.loads(campaign.get("context_json") or "{}")
    return campaign


def campaigns(db) -> list[dict]:
    """Every campaign, the most recent first."""
    rows = list(db.query("SELECT * FROM diagnostic_campaign ORDER BY campaign_date DESC, id DESC"))
    for r in rows:
        r["context"] = json.loads(r.get("context_json") or "{}")
    return rows


def latest_campaign_id(db) -> int | None:
    row = db.execute(
        "SELECT id FROM diagnostic_campaign ORDER BY campaign_date DESC, id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def questionnaire_of(db, campaign_id: int) -> Questionnaire:
    c = get_campaign(db, campaign_id)
    return get_questionnaire(c["questionnaire_key"], c["questionnaire_version"], db=db)


def previous_campaign_id(db, campaign_id: int) -> int | None:
    """The campaign before this one with the same questionnaire key (for comparisons)."""
    c = get_campaign(db, campaign_id)
    row = db.execute(
        "SELECT id FROM diagnostic_campaign WHERE questionnaire_key = ? AND id <> ? AND "
        "(campaign_date < ? OR (campaign_date = ? AND id < ?)) "
        "ORDER BY campaign_date DESC, id DESC LIMIT 1",
        [c["questionnaire_key"], campaign_id, c["campaign_date"], c["campaign_date"], campaign_id],
    ).fetchone()
    return row[0] if row else None


def comparable_campaigns(db, campaign_id: int) -> list[dict]:
    """The campaigns this one can be compared with: the others with the same questionnaire key,
    the most recent first (the default comparison, :func:`previous_campaign_id`, is among them)."""
    c = get_campaign(db, campaign_id)
    return list(db.query(
        "SELECT id, title, campaign_date, status FROM diagnostic_campaign "
        "WHERE questionnaire_key = ? AND id <> ? ORDER BY campaign_date DESC, id DESC",
        [c["questionnaire_key"], campaign_id]))


def comparison_id(db, campaign_id: int, compare_with: int | None = None) -> int | None:
    """The campaign to compare with: ``compare_with`` when given (it must share the questionnaire
    key), else the previous campaign."""
    if compare_with is None:
        return previous_campaign_id(db, campaign_id)
    if compare_with not in {r["id"] for r in comparable_campaigns(db, campaign_id)}:
        raise UserError(_("Campaign {other} cannot be compared with campaign {id}: it must be "
                          "another campaign of the same questionnaire.").format(
            other=compare_with, id=campaign_id))
    return compare_with


def is_closed(campaign: dict) -> bool:
    return campaign["status"] == "closed"


def ensure_open(db, campaign_id: int) -> dict:
    """The campaign, or a :class:`UserError` when it is closed (its answers, targets and
    participants are then read-only)."""
    c = get_campaign(db, campaign_id)
    if is_closed(c):
        raise UserError(_("The campaign “{title}” is closed: its answers and targets can no longer "
                          "be changed. Reopen it first.").format(title=c["title"]))
    return c


def _previous_for(db, questionnaire_key: str, day: str) -> int | None:
    """The latest campaign of this questionnaire key on or before ``day`` (before a new one)."""
    row = db.execute("SELECT id FROM diagnostic_campaign WHERE questionnaire_key = ? AND "
                     "campaign_date <= ? ORDER BY campaign_date DESC, id DESC LIMIT 1",
                     [questionnaire_key, day]).fetchone()
    return row[0] if row else None


def _carry_over_actions(db, previous_id: int, campaign_id: int) -> int:
    """Copy the open actions of the previous campaign into the new one (owner, due date, status
    and notes kept, the origin noted); returns how many."""
    title = get_campaign(db, previous_id)["title"]
    note = _("Carried over from “{title}”.").format(title=title)
    rows = list(db.query("SELECT * FROM diagnostic_action WHERE campaign_id = ? AND "
                         "status IN ('todo', 'in_progress') ORDER BY rank IS NULL, rank, id",
                         [previous_id]))
    for r in rows:
        db.execute(
            "INSERT INTO diagnostic_action (campaign_id, question_id, title, why, how, owner, "
            "due_date, status, priority_score, is_priority, rank, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [campaign_id, r["question_id"], r["title"], r["why"], r["how"], r["owner"],
             r["due_date"], r["status"], r["priority_score"], r["is_priority"], r["rank"],
             "\n".join(x for x in (r["notes"], note) if x)])
    return len(rows)


def _check_context(q: Questionnaire, context: dict) -> dict:
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    fields = {f.key: f for f in q.context}
    for key, value in (context or {}).items():
        f = fields.get(key)
        if f is None or value is None or str(value).strip() == "":
            continue
        if f.type == "integer":
            try:
                number = int(str(value).replace("\u202f", "").replace(" ", ""))
                if number < 0:
                    raise ValueError
                clean[key] = number
            except ValueError:
                errors[f.label] = _("a whole number (0 or more) is expected.")
        elif f.type == "choice":
            if str(value) not in dict(f.choices):
                errors[f.label] = _("unknown choice “{value}”.").format(value=value)
            else:
                clean[key] = str(value)
        else:
            clean[key] = str(value).strip()
            check_texts({key: Text(f.label, max_length=CONTEXT_TEXT.limit)}, clean, errors,
                        by_label=True)
    if errors:
        raise ValidationError(errors)
    return clean


def create_campaign(db, title: str, campaign_date, questionnaire: Questionnaire,
                    participants: list[tuple[str, str]] | None = None,
                    context: dict | None = None, targets: dict[str, float] | None = None) -> int:
    """A new campaign with its participants, context and one target per dimension.

    Without ``targets``, each dimension keeps the target of the previous campaign of the same
    questionnaire key (the questionnaire's default for a dimension it did not have); the open
    actions of that campaign are carried over into the new one.
    """
    title = _clean(title)
    if not title:
        raise ValidationError({_("Title"): _("a title is required.")})
    check_lengths("diagnostic_campaign", {"title": title})
    day = _date(campaign_date, _("Date"))
    ctx = _check_context(questionnaire, context or {})
    _check_participants(participants or [])
    with db.atomic():
        previous = _previous_for(db, questionnaire.key, day)
        cur = db.execute(
            "INSERT INTO diagnostic_campaign (title, campaign_date, questionnaire_key, "
            "questionnaire_version, context_json) VALUES (?, ?, ?, ?, ?)",
            [title, day, questionnaire.key, questionnaire.version, json.dumps(ctx, ensure_ascii=False)])
        campaign_id = cur.lastrowid
        if targets is None and previous is not None:
            targets = {r["dimension_id"]: r["target"] for r in db.query(
                "SELECT dimension_id, target FROM diagnostic_target WHERE campaign_id = ?", [previous])}
        set_participants(db, campaign_id, participants or [])
        if previous is not None:
            _carry_over_actions(db, previous, campaign_id)
        for d in questionnaire.dimensions:
            value = (targets or {}).get(d.id, d.default_target)
            db.execute("INSERT INTO diagnostic_target (campaign_id, dimension_id, target) "
                       "VALUES (?, ?, ?)", [campaign_id, d.id, float(value)])
    return campaign_id


def set_status(db, campaign_id: int, status: str, today: dt.date | None = None) -> None:
    if status not in STATUS_LABELS:
        raise UserError(_("Unknown campaign status: {status}.").format(status=status))
    get_campaign(db, campaign_id)
    with db.atomic():
        db.execute("UPDATE diagnostic_campaign SET status = ?, closed_on = ? WHERE id = ?",
                   [status, (today or clock.today()).isoformat() if status == "closed" else None,
                    campaign_id])


def delete_campaign(db, campaign_id: int) -> None:
    get_campaign(db, campaign_id)
    with db.atomic():
        db.execute("DELETE FROM diagnostic_campaign WHERE id = ?", [campaign_id])


def participants(db, campaign_id: int) -> list[dict]:
    return list(db.query("SELECT id, name, role FROM diagnostic_participant WHERE campaign_id = ? "
                         "ORDER BY id", [campaign_id]))


def set_participants(db, campaign_id: int, people: list[tuple[str, str]]) -> None:
    """Replace the participants of a campaign (name, role); blank names are skipped."""
    _check_participants(people)
    with db.atomic():
        db.execute("DELETE FROM diagnostic_participant WHERE campaign_id = ?", [campaign_id])
        for name, role in people:
            if _clean(name):
                db.execute("INSERT INTO diagnostic_participant (campaign_id, name, role) "
                           "VALUES (?, ?, ?)", [campaign_id, _clean(name), _clean(role)])


def _check_participants(people: list[tuple[str, str]]) -> None:
    for name, role in people:
        check_lengths("diagnostic_participant", {"name": name, "role": role})


def parse_participants(text: str) -> list[tuple[str, str]]:
    """One person a line, "Name — role" (also "Name, role" or "Name; role")."""
    people = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in (" — ", " – ", " - ", ";", ","):
            if sep in line:
                name, role = line.split(sep, 1)
                people.append((name.strip(), role.strip()))
                break
        else:
            people.append((line, ""))
    return people


# --- answers -------------------------------------------------------------------------------------

def answers(db, campaign_id: int) -> dict[str, Answer]:
    result = {}
    for r in db.query("SELECT * FROM diagnostic_answer WHERE campaign_id = ?", [campaign_id]):
        result[r["question_id"]] = Answer(
            r["question_id"], r["status"], r["level"], r["comment"] or "", r["evidence"] or "",
            bool(r["to_review"]), bool(r["proposed_from_registry"]), r["answered_at"])
    return result


_UNSET = object()


def save_answer(db, campaign_id: int, question: Question, *, status: Any = _UNSET,
                level: Any = _UNSET, comment: Any = _UNSET, evidence: Any = _UNSET,
                to_review: Any = _UNSET, proposed_from_registry: Any = _UNSET) -> Answer:
    """Save what changed in one answer (one transaction) and return the whole answer.

    ``status="level"`` needs ``level`` 0–4; "dont_know" and "not_applicable" clear the level;
    ``status=None`` clears the answer but keeps comment and evidence.
    """
    check_lengths("diagnostic_answer", {k: v for k, v in (("comment", comment), ("evidence", evidence))
                                        if v is not _UNSET})
    ensure_open(db, campaign_id)
    current = answers_one(db, campaign_id, question.id)
    if status is not _UNSET:
        _set_status(current, question, status)
    if level is not _UNSET:
        _set_level(current, question, level)
    if current.status == "level" and current.level is None:
        raise UserError(_("Question {id}: choose a level from 0 to 4.").format(id=question.id))
    _set_notes(current, comment, evidence, to_review)
    by_hand = status is not _UNSET or level is not _UNSET
    if proposed_from_registry is not _UNSET:
        current.proposed_from_registry = bool(proposed_from_registry)
    elif by_hand:
        current.proposed_from_registry = False  # the team changed it by hand
    if by_hand:
        current.answered_at = clock.now().replace(microsecond=0).isoformat()
    _write_answer(db, campaign_id, question, current)
    return current


def _set_status(current: Answer, question: Question, status: Any) -> None:
    if status not in (None, "level", "dont_know", "not_applicable"):
        raise UserError(_("Unknown answer: {status}.").format(status=status))
    if status == "not_applicable" and not question.allow_not_applicable:
        raise UserError(_("Question {id}: “not applicable” is not allowed.").format(id=question.id))
    if status == "dont_know" and not question.allow_dont_know:
        raise UserError(_("Question {id}: “don't know” is not allowed.").format(id=question.id))
    current.status = status
    if status != "level":
        current.level = None


def _set_level(current: Answer, question: Question, level: Any) -> None:
    if level is not None:
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            raise UserError(_("Question {id}: the level must be from 0 to 4.").format(id=question.id))
        current.status = "level"
    elif current.status == "level":
        current.status = None
    current.level = level


def _set_notes(current: Answer, comment: Any, evidence: Any, to_review: Any) -> None:
    if comment is not _UNSET:
        current.comment = _clean(comment) or ""
    if evidence is not _UNSET:
        current.evidence = _clean(evidence) or ""
    if to_review is not _UNSET:
        current.to_review = bool(to_review)


def _write_answer(db, campaign_id: int, question: Question, current: Answer) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO diagnostic_answer (campaign_id, question_id, status, level, comment, "
            "evidence, to_review, proposed_from_registry, answered_at) VALUES (?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (campaign_id, question_id) DO UPDATE SET status = excluded.status, "
            "level = excluded.level, comment = excluded.comment, evidence = excluded.evidence, "
            "to_review = excluded.to_review, proposed_from_registry = excluded.proposed_from_registry, "
            "answered_at = excluded.answered_at",
            [campaign_id, question.id, current.status, current.level, current.comment or None,
             current.evidence or None, int(current.to_review), int(current.proposed_from_registry),
             current.answered_at])


def answers_one(db, campaign_id: int, question_id: str) -> Answer:
    r = db.execute("SELECT status, level, comment, evidence, to_review, proposed_from_registry, "
                   "answered_at FROM diagnostic_answer WHERE campaign_id = ? AND question_id = ?",
                   [campaign_id, question_id]).fetchone()
    if r is None:
        return Answer(question_id)
    return Answer(question_id, r[0], r[1], r[2] or "", r[3] or "", bool(r[4]), bool(r[5]), r[6])


def answer_label(q: Questionnaire, answer: Answer | None, *, short: bool = False) -> str:
    """« Level 3 — Maîtrisé », or with ``short`` « 3 · Maîtrisé » (narrow columns)."""
    if answer is None or answer.status is None:
        return _("Not answered")
    if answer.status == "level":
        text = _("{level} · {name}") if short else _("Level {level} — {name}")
        return text.format(level=answer.level, name=q.level_names[answer.level])
    return _(ANSWER_LABELS[answer.status])


# --- targets -------------------------------------------------------------------------------------

def targets(db, campaign_id: int, questionnaire: Questionnaire | None = None) -> dict[str, float]:
    found = {r["dimension_id"]: r["target"] for r in db.query(
        "SELECT dimension_id, target FROM diagnostic_target WHERE campaign_id = ?", [campaign_id])}
    if questionnaire is not None:
        for d in questionnaire.dimensions:
            found.setdefault(d.id, d.default_target)
    return found


def set_target(db, campaign_id: int, dimension_id: str, target: float) -> None:
    try:
        value = float(str(target).replace(",", "."))
    except ValueError:
        value = -1
    if not 0 <= value <= 4:
        raise ValidationError({_("Target"): _("a number from 0 to 4 is expected.")})
    ensure_open(db, campaign_id)
    with db.atomic():
        db.execute("INSERT INTO diagnostic_target (campaign_id, dimension_id, target) VALUES (?,?,?) "
                   "ON CONFLICT (campaign_id, dimension_id) DO UPDATE SET target = excluded.target",
                   [campaign_id, dimension_id, value])
