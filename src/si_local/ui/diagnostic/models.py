"""The table models of campaigns, scores, moves and actions, and the action plan's cell editors."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from ...core import clock
from ...core.collation import collation_key
from ...core.diagnostic import actions as act
from ...core.diagnostic import campaigns as camp
from ...core.diagnostic.scoring import score_text
from ...core.errors import UserError
from ...core.i18n import N_, _, format_date, format_percent
from ..kit.table import Column, RowsModel
from .common import keep_together, message_of, num, signed

CENTRE = Qt.AlignmentFlag.AlignCenter
_EDIT = Qt.ItemDataRole.EditRole


def _or(value, missing):
    """A sort key: ``value``, or ``missing`` when there is none (sorts first)."""
    return missing if value is None else value


class _Model(RowsModel):
    """The self-diagnostic's tables: no tooltips, each column its own sort key."""

    def __init__(self, columns: list[Column], parent=None):
        super().__init__(columns, parent, tooltips=False)


class CampaignModel(_Model):
    def __init__(self, parent=None):
        super().__init__([
            Column(N_("Campaign"), lambda r: r["title"], lambda r: collation_key(r["title"])),
            Column(N_("Date"), lambda r: format_date(r["campaign_date"]), lambda r: r["campaign_date"]),
            Column(N_("Status"), lambda r: _(camp.STATUS_LABELS[r["status"]]), lambda r: r["status"]),
            Column(N_("Progress"), lambda r: "—" if r.get("progress") is None else format_percent(r["progress"]),
                   lambda r: r.get("progress") or 0, align=CENTRE),
            Column(N_("Overall score"), lambda r: num(r.get("score")), lambda r: _or(r.get("score"), -1),
                   align=CENTRE),
            Column(N_("Open actions"), lambda r: str(r.get("open_actions", 0)),
                   lambda r: r.get("open_actions", 0), align=CENTRE),
        ], parent)


class ScoreModel(_Model):
    """Scores per dimension; the target column is editable (``target_changed(key, text)``)."""

    target_changed = Signal(str, object)
    TARGET = 2

    def __init__(self, parent=None):
        super().__init__([
            Column(N_("Dimension"), lambda s: f"{s.key}. {s.title}",
                   lambda s: int(s.key) if s.key.isdigit() else s.key),
            Column(N_("Score"), lambda s: score_text(s.score), lambda s: _or(s.score, -1), align=CENTRE),
            Column(N_("Target"), lambda s: num(s.target, 1), lambda s: s.target, align=CENTRE),
            Column(N_("Gap"), lambda s: num(s.gap), lambda s: _or(s.gap, -9), align=CENTRE),
            Column(N_("Answered"), lambda s: format_percent(s.progress), lambda s: s.progress,
                   align=CENTRE),
            Column(N_("Core score"), lambda s: num(s.core_score), lambda s: _or(s.core_score, -1), align=CENTRE),
            Column(N_("Previous"), lambda s: num(s.previous), lambda s: _or(s.previous, -1), align=CENTRE),
            Column(N_("Change"), lambda s: signed(s.change), lambda s: _or(s.change, -9), align=CENTRE),
        ], parent)

    read_only = False  # a closed campaign: targets shown, not edited

    def flags(self, index):
        base = super().flags(index)
        if index.column() == self.TARGET and not self.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == _EDIT and index.column() == self.TARGET:
            return num(self.row(index.row()).target, 1)
        return super().data(index, role)

    def setData(self, index, value, role=_EDIT):  # noqa: N802
        if role == _EDIT and index.column() == self.TARGET:
            self.target_changed.emit(self.row(index.row()).key, value)
            return True
        return False


def _level(answer) -> int:
    return answer.level if answer and answer.level is not None else -1


class MovedModel(_Model):
    def __init__(self, questionnaire, parent=None):
        self.q = questionnaire
        super().__init__([  # short answers (« 3 · Maîtrisé »): the columns are narrow
            Column(N_("Question"), lambda m: keep_together(f"{m['question'].id} {m['question'].text}"),
                   lambda m: self.q.order(m["question"].id)),
            Column(N_("Before"), lambda m: camp.answer_label(self.q, m["before"], short=True),
                   lambda m: _level(m["before"])),
            Column(N_("Now"), lambda m: camp.answer_label(self.q, m["after"], short=True),
                   lambda m: _level(m["after"])),
            Column(N_("Change"), lambda m: signed(m["delta"], 0), lambda m: _or(m["delta"], -9), align=CENTRE),
        ], parent)


def _overdue(a) -> str | None:
    return "#b3261e" if act.is_overdue(a, clock.today()) else None


class ActionModel(_Model):
    """The action plan; owner, due date and status are edited in place (saved at once, ``failed``
    tells why not)."""

    EDITABLE = {3: "owner", 4: "due_date", 5: "status"}
    failed = Signal(str)

    def __init__(self, db, parent=None):
        self.db = db
        self.position: dict[int, int] = {}  # action id -> its place in actions.actions()
        super().__init__([
            Column(N_("Priority"), lambda a: "★" if a["is_priority"] else "", lambda a: self.position[a["id"]],
                   align=CENTRE),
            Column(N_("Question"), lambda a: a["question_id"] or "—", lambda a: a["question_id"] or ""),
            Column(N_("Action"), lambda a: a["title"], lambda a: collation_key(a["title"])),
            Column(N_("Owner"), lambda a: a["owner"] or "", lambda a: collation_key(a["owner"])),
            Column(N_("Due date"), lambda a: format_date(a["due_date"]), lambda a: a["due_date"] or "",
                   foreground=_overdue),
            Column(N_("Status"), lambda a: act.status_label(a["status"]),
                   lambda a: list(act.STATUS_LABELS).index(a["status"])),
            Column(N_("Weight × gap"), lambda a: num(a["priority_score"], 1), lambda a: a["priority_score"],
                   align=CENTRE),
        ], parent)

    def set_rows(self, rows) -> None:
        """``rows`` in the order of ``actions.actions()`` (priority ones by rank, then the others
        by decreasing score): that order is the first column's ascending sort."""
        rows = list(rows)
        self.position = {a["id"]: index for index, a in enumerate(rows)}
        super().set_rows(rows)

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in self.EDITABLE else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == _EDIT and index.column() in self.EDITABLE:
            a = self.row(index.row())
            field = self.EDITABLE[index.column()]
            return format_date(a["due_date"]) if field == "due_date" else a[field] or ""
        return super().data(index, role)

    def setData(self, index, value, role=_EDIT):  # noqa: N802
        if role != _EDIT or index.column() not in self.EDITABLE:
            return False
        a = self.row(index.row())
        try:
            act.update_action(self.db, a["id"], **{self.EDITABLE[index.column()]: value})
        except UserError as exc:
            self.failed.emit(message_of(exc))
            return False
        self.replace_row(index.row(), act.get_action(self.db, a["id"]))
        return True

    def action(self, row: int) -> dict:
        return self.row(row)


class StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        for key in act.STATUS_LABELS:
            combo.addItem(act.status_label(key), key)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        i = editor.findData(value)
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class LengthDelegate(QStyledItemDelegate):
    """A text cell edited in a line edit that stops typing at ``limit`` characters."""

    def __init__(self, limit: int, parent=None):
        super().__init__(parent)
        self.limit = limit

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setMaxLength(self.limit)
        return editor
