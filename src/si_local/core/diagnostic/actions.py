"""The action plan of a campaign, its follow-up, and what Home shows about the self-diagnostic.

An action is generated from each weak answer: a question answered with a level below its
dimension's target, whose recommended actions apply to that level (``max_level``). Its priority
score is ``weight × gap`` (gap = target − level). The actions are ranked by :func:`rank_key`:
first those of a question a national programme expects (``expected_by``: the annual cyber crisis
exercise, CaRE's continuity and backups…) whatever their weight, then by decreasing score (ties:
core questions first, then the questionnaire's order); the first six are the priority actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import UserError, ValidationError
from ..i18n import N_, _, format_date, ngettext
from .campaigns import answers, check_lengths, get_campaign, targets
from .questionnaire import Questionnaire
from .. import clock

PRIORITY_COUNT = 6
PRIORITY_DUE_DAYS = 90
OTHER_DUE_DAYS = 365
CAMPAIGN_MAX_AGE_DAYS = 365
OPEN = ("todo", "in_progress")
STATUS_LABELS = {"todo": N_("To do"), "in_progress": N_("In progress"), "done": N_("Done"),
                 "dropped": N_("Dropped")}


def status_label(key: str) -> str:
    return _(STATUS_LABELS.get(key, key))


# --- an open action: the one rule, in Python and in SQL ------------------------------------------

def is_open(action: dict) -> bool:
    """Still to be done: to do or in progress (not done, not dropped)."""
    return action["status"] in OPEN


def is_overdue(action: dict, today: dt.date) -> bool:
    """Open and its due date is past."""
    return is_open(action) and bool(action["due_date"]) and action["due_date"][:10] < today.isoformat()


def overdue_mark(action: dict, today: dt.date) -> str:
    """« late » for an overdue action (screen and paper alike), else an empty text."""
    return _("late") if is_overdue(action, today) else ""


def _open_sql(alias: str = "") -> str:
    """The SQL condition of :func:`is_open` (``alias.status IN (...)``)."""
    column = f"{alias}.status" if alias else "status"
    return f"{column} IN ({', '.join(repr(s) for s in OPEN)})"


def open_counts(db) -> dict[int, int]:
    """How many open actions each campaign has ({campaign id: count}; a campaign without any is
    left out)."""
    return {row[0]: row[1] for row in db.execute(
        f"SELECT campaign_id, count(*) FROM diagnostic_action WHERE {_open_sql()} "
        "GROUP BY campaign_id")}


def default_due_date(campaign_date: dt.date | str, priority: bool) -> dt.date:
    """When a new action is due: 90 days after the campaign for a priority one, a year otherwise
    (``campaign_date`` as a date or an ISO text)."""
    if isinstance(campaign_date, str):
        campaign_date = dt.date.fromisoformat(campaign_date[:10])
    return campaign_date + dt.timedelta(days=PRIORITY_DUE_DAYS if priority else OTHER_DUE_DAYS)


def actions(db, campaign_id: int) -> list[dict]:
    """The actions of a campaign, priority ones first, then by decreasing score."""
    return list(db.query(
        "SELECT * FROM diagnostic_action WHERE campaign_id = ? "
        "ORDER BY is_priority DESC, rank IS NULL, rank, priority_score DESC, id", [campaign_id]))


def get_action(db, action_id: int) -> dict:
    """One action as :func:`actions` gives it."""
    found = list(db.query("SELECT * FROM diagnostic_action WHERE id = ?", [action_id]))
    if not found:
        raise UserError(_("There is no action number {id}.").format(id=action_id))
    return found[0]


def rank_key(q: Questionnaire, question_id: str | None, priority_score: float) -> tuple:
    """How actions are ranked: a national programme's expectation first (its weight cannot push
    it down), then the higher ``weight × gap``, then core questions, then the questionnaire's
    order."""
    question = q.question(question_id or "")
    return (0 if question and question.expected_by else 1, -priority_score,
            0 if question and question.core else 1, q.order(question_id or ""))


def _rank(db, campaign_id: int, q: Questionnaire) -> None:
    rows = list(db.query("SELECT id, question_id, priority_score FROM diagnostic_action "
                         "WHERE campaign_id = ?", [campaign_id]))
    rows.sort(key=lambda r: (*rank_key(q, r["question_id"], r["priority_score"]), r["id"]))
    for index, r in enumerate(rows):
        db.execute("UPDATE diagnostic_action SET is_priority = ?, rank = ? WHERE id = ?",
                   [1 if index < PRIORITY_COUNT else 0, index + 1, r["id"]])


def proposed_actions(q: Questionnaire, given, goal: dict[str, float]) -> list[dict]:
    """What the plan should hold (pure): one entry per recommended action of a weak answer."""
    found = []
    for question in q.questions:
        a = given.get(question.id)
        if a is None or a.status != "level" or a.level is None:
            continue
        dim = q.dimension(question.dimension_id)
        target = goal.get(question.dimension_id, dim.default_target if dim else 3)
        gap = target - a.level
        if gap <= 0:
            continue
        for action in question.actions_for(a.level):
            found.append({"question_id": question.id, "title": action.title, "why": action.why,
                          "how": action.how, "priority_score": round(question.weight * gap, 2)})
    return found


def generate_action_plan(db, campaign_id: int, q: Questionnaire) -> dict[str, int]:
    """Bring the campaign's generated actions in line with its answers (one transaction).

    New weak answers add their actions; an existing action keeps its owner, due date and status
    and gets its score updated; a generated action still "to do" with no owner whose answer is no
    longer weak is removed. Returns counts: added, updated, removed.
    """
    campaign = get_campaign(db, campaign_id)
    wanted = proposed_actions(q, answers(db, campaign_id), targets(db, campaign_id, q))
    counts = {"added": 0, "updated": 0, "removed": 0}
    with db.atomic():
        existing = {(r["question_id"], r["title"]): r for r in db.query(
            "SELECT id, question_id, title, status, owner FROM diagnostic_action "
            "WHERE campaign_id = ? AND question_id IS NOT NULL", [campaign_id])}
        keep = set()
        wanted.sort(key=lambda w: rank_key(q, w["question_id"], w["priority_score"]))
        for index, w in enumerate(wanted):
            k = (w["question_id"], w["title"])
            keep.add(k)
            if k in existing:
                db.execute("UPDATE diagnostic_action SET priority_score = ?, why = ?, how = ? "
                           "WHERE id = ?", [w["priority_score"], w["why"], w["how"], existing[k]["id"]])
                counts["updated"] += 1
            else:
                due = default_due_date(campaign["campaign_date"], priority=index < PRIORITY_COUNT)
                db.execute(
                    "INSERT INTO diagnostic_action (campaign_id, question_id, title, why, how, "
                    "due_date, priority_score) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [campaign_id, w["question_id"], w["title"], w["why"], w["how"],
                     due.isoformat(), w["priority_score"]])
                counts["added"] += 1
        for k, r in existing.items():
            if k not in keep and r["status"] == "todo" and not r["owner"]:
                db.execute("DELETE FROM diagnostic_action WHERE id = ?", [r["id"]])
                counts["removed"] += 1
        _rank(db, campaign_id, q)
    return counts


def add_action(db, campaign_id: int, title: str, *, question_id: str | None = None, why: str = "",
               how: str = "", owner: str = "", due_date: Any = None, priority_score: float = 0) -> int:
    """An action the team adds by hand."""
    get_campaign(db, campaign_id)
    if not (title or "").strip():
        raise ValidationError({_("Title"): _("a title is required.")})
    check_lengths("diagnostic_action", {"title": title, "why": why, "how": how, "owner": owner})
    values = _checked({"owner": owner, "due_date": due_date})
    with db.atomic():
        cur = db.execute(
            "INSERT INTO diagnostic_action (campaign_id, question_id, title, why, how, owner, "
            "due_date, priority_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [campaign_id, question_id, title.strip(), why or None, how or None, values["owner"],
             values["due_date"], float(priority_score)])
    return cur.lastrowid


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    from ..validation import check_date

    check_lengths("diagnostic_action", values)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("owner", "title", "why", "how", "notes"):
            text = (str(value).strip() if value is not None else "")
            if key == "title" and not text:
                raise ValidationError({_("Title"): _("a title is required.")})
            out[key] = text or None
        elif key == "due_date":
            if value in (None, ""):
                out[key] = None
            else:
                try:
                    out[key] = check_date(value if isinstance(value, dt.date) else str(value))
                except ValueError as exc:
                    raise ValidationError({_("Due date"): str(exc)}) from exc
        elif key == "status":
            if value not in STATUS_LABELS:
                raise ValidationError({_("Status"): _("unknown status “{value}”.").format(value=value)})
            out[key] = value
        elif key == "is_priority":
            out[key] = 1 if value else 0
        else:
            raise UserError(_("Unknown action field: {field}.").format(field=key))
    return out


def update_action(db, action_id: int, today: dt.date | None = None, **values: Any) -> None:
    """Change an action's owner, due date, status, title, why, how, notes or priority flag."""
    if db.execute("SELECT 1 FROM diagnostic_action WHERE id = ?", [action_id]).fetchone() is None:
        raise UserError(_("There is no action number {id}.").format(id=action_id))
    clean = _checked(values)
    if "status" in clean:
        clean["done_on"] = (today or clock.today()).isoformat() if clean["status"] == "done" else None
    if not clean:
        return
    with db.atomic():
        sets = ", ".join(f"{k} = ?" for k in clean)
        db.execute(f"UPDATE diagnostic_action SET {sets} WHERE id = ?", [*clean.values(), action_id])


def delete_action(db, action_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM diagnostic_action WHERE id = ?", [action_id])


def overdue_actions(db, today: dt.date) -> list[dict]:
    return list(db.query(
        "SELECT a.*, c.title AS campaign_title FROM diagnostic_action a "
        "JOIN diagnostic_campaign c ON c.id = a.campaign_id "
        f"WHERE {_open_sql('a')} AND a.due_date IS NOT NULL AND a.due_date < ? "
        "ORDER BY a.due_date, a.id", [today.isoformat()]))


def alerts(db, today: dt.date):
    """Home and ``si-local check``: overdue actions, and no campaign in the last 12 months."""
    from ..alerts import Alert

    found = []
    latest = db.execute("SELECT id FROM diagnostic_campaign "
                        "ORDER BY campaign_date DESC, id DESC LIMIT 1").fetchone()
    older = []
    carried = {(r["question_id"], r["title"]) for r in db.query(
        "SELECT question_id, title FROM diagnostic_action WHERE campaign_id = ?",
        [latest[0] if latest else None])}
    for a in overdue_actions(db, today):
        if latest is None or a["campaign_id"] != latest[0]:
            if (a["question_id"], a["title"]) not in carried:  # else followed in the latest one
                older.append(a)
            continue
        found.append(Alert("high" if a["is_priority"] else "medium", "diagnostic", _(
            "Self-diagnostic action “{title}” ({owner}) was due on {date}.").format(
            title=a["title"], owner=a["owner"] or _("no owner"), date=format_date(a["due_date"])),
            "diagnostic_action", a["id"]))
    if older:
        found.append(Alert("medium", "diagnostic", ngettext(
            "{count} action of an earlier self-diagnostic campaign is overdue (due on {date}): "
            "finish, drop or carry it over.",
            "{count} actions of earlier self-diagnostic campaigns are overdue (oldest due on "
            "{date}): finish, drop or carry them over.", len(older)).format(
            count=len(older), date=format_date(older[0]["due_date"])),
            "diagnostic_action", older[0]["id"]))
    row = db.execute("SELECT id, campaign_date FROM diagnostic_campaign "
                     "ORDER BY campaign_date DESC, id DESC LIMIT 1").fetchone()
    if row is None:
        found.append(Alert("low", "diagnostic", _(
            "No self-diagnostic yet: gather the team and go through the questionnaire."),
            "diagnostic_campaign", None))
    elif (today - dt.date.fromisoformat(row[1][:10])).days > CAMPAIGN_MAX_AGE_DAYS:
        found.append(Alert("medium", "diagnostic", _(
            "Last self-diagnostic on {date}, more than 12 months ago: plan the next one.").format(
            date=format_date(row[1])), "diagnostic_campaign", row[0]))
    return found
