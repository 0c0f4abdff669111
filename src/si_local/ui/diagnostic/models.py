"""The table models of campaigns, scores, moves and actions, and the action plan's cell editors."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from ...core import clock
from ...core.diagnostic import actions as act
from ...core.diagnostic import campaigns as camp
from ...core.diagnostic.scoring import score_text
from ...core.errors import UserError
from ...core.i18n import _, format_date, format_percent
from .common import SORT_ROLE, keep_together, message_of, num, signed


class _Model(QAbstractTableModel):
    headers: list[str] = []
    CENTRED: frozenset[int] = frozenset()  # the columns whose cells are centred

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def cells(self, row) -> list[tuple[str, object]]:  # (display, sort key)
        raise NotImplementedError

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter) if index.column() in self.CENTRED else None
        display, key = self.cells(self.rows[index.row()])[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display
        if role == SORT_ROLE:
            return key
        return None


class CampaignModel(_Model):
    CENTRED = frozenset({3, 4, 5})  # progress, score, open actions

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [_("Campaign"), _("Date"), _("Status"), _("Progress"), _("Overall score"),
                        _("Open actions")]

    def cells(self, r):
        progress = r.get("progress")
        return [
            (r["title"], r["title"].lower()),
            (format_date(r["campaign_date"]), r["campaign_date"]),
            (_(camp.STATUS_LABELS[r["status"]]), r["status"]),
            (format_percent(progress) if progress is not None else "—", progress or 0),
            (num(r.get("score")), r.get("score") if r.get("score") is not None else -1),
            (str(r.get("open_actions", 0)), r.get("open_actions", 0)),
        ]


class ScoreModel(_Model):
    """Scores per dimension; the target column is editable."""

    target_changed = Signal(str, object)
    CENTRED = frozenset(range(1, 8))  # every column but the dimension

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [_("Dimension"), _("Score"), _("Target"), _("Gap"), _("Answered"),
                        _("Core score"), _("Previous"), _("Change")]

    def cells(self, s):
        return [
            (f"{s.key}. {s.title}", int(s.key) if s.key.isdigit() else s.key),
            (score_text(s.score), s.score if s.score is not None else -1),
            (num(s.target, 1), s.target),
            (num(s.gap), s.gap if s.gap is not None else -9),
            (format_percent(s.progress), s.progress),
            (num(s.core_score), s.core_score if s.core_score is not None else -1),
            (num(s.previous), s.previous if s.previous is not None else -1),
            (signed(s.change), s.change if s.change is not None else -9),
        ]

    read_only = False  # a closed campaign: targets shown, not edited

    def flags(self, index):
        base = super().flags(index)
        if index.column() == 2 and not self.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.EditRole and index.column() == 2:
            return num(self.rows[index.row()].target, 1)
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role == Qt.ItemDataRole.EditRole and index.column() == 2:
            self.target_changed.emit(self.rows[index.row()].key, value)
            return True
        return False


class MovedModel(_Model):
    CENTRED = frozenset({3})  # change

    def __init__(self, questionnaire, parent=None):
        super().__init__(parent)
        self.q = questionnaire
        self.headers = [_("Question"), _("Before"), _("Now"), _("Change")]

    def cells(self, m):
        question = m["question"]
        before, after = m["before"], m["after"]
        return [  # short answers (« 3 · Maîtrisé »): the columns are narrow
            (keep_together(f"{question.id} {question.text}"), self.q.order(question.id)),
            (camp.answer_label(self.q, before, short=True),
             before.level if before and before.level is not None else -1),
            (camp.answer_label(self.q, after, short=True),
             after.level if after and after.level is not None else -1),
            (signed(m["delta"], 0), m["delta"] if m["delta"] is not None else -9),
        ]


class ActionModel(_Model):
    """The action plan; owner, due date and status are edited in place (saved at once)."""

    EDITABLE = {3: "owner", 4: "due_date", 5: "status"}
    CENTRED = frozenset({0, 6})  # priority, weight × gap
    failed = Signal(str)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.position: dict[int, int] = {}  # action id -> its place in actions.actions()
        self.headers = [_("Priority"), _("Question"), _("Action"), _("Owner"), _("Due date"),
                        _("Status"), _("Weight × gap")]

    def set_rows(self, rows) -> None:
        """``rows`` in the order of ``actions.actions()`` (priority ones by rank, then the others
        by decreasing score): that order is the first column's ascending sort."""
        rows = list(rows)
        self.position = {a["id"]: index for index, a in enumerate(rows)}
        super().set_rows(rows)

    def cells(self, a):
        return [
            ("★" if a["is_priority"] else "", self.position[a["id"]]),
            (a["question_id"] or "—", a["question_id"] or ""),
            (a["title"], a["title"].lower()),
            (a["owner"] or "", (a["owner"] or "").lower()),
            (format_date(a["due_date"]), a["due_date"] or ""),
            (act.status_label(a["status"]), list(act.STATUS_LABELS).index(a["status"])),
            (num(a["priority_score"], 1), a["priority_score"]),
        ]

    def flags(self, index):
        base = super().flags(index)
        if index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.EditRole and index.column() in self.EDITABLE:
            a = self.rows[index.row()]
            field = self.EDITABLE[index.column()]
            if field == "due_date":
                return format_date(a["due_date"])
            return a[field] or ""
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            a = self.rows[index.row()]

            if act.is_overdue(a, clock.today()):
                return QColor("#b3261e")
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        a = self.rows[index.row()]
        field = self.EDITABLE[index.column()]
        try:
            act.update_action(self.db, a["id"], **{field: value})
        except UserError as exc:
            self.failed.emit(message_of(exc))
            return False
        self.rows[index.row()] = act.get_action(self.db, a["id"])
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        return True

    def action(self, row: int) -> dict:
        return self.rows[row]


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
