"""Widgets of the self-diagnostic page: big level buttons, question cards, the radar chart (drawn
with QPainter), and the table models of campaigns, scores, moves and actions."""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractTableModel, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ..core.diagnostic import actions as act
from ..core.diagnostic import campaigns as camp
from ..core.errors import UserError
from ..core.i18n import _, format_date, format_number, format_percent

ACCENT = QColor("#2f6690")
TARGET = QColor("#c0504d")
PREVIOUS = QColor("#8c8c8c")
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def num(value, digits: int = 2) -> str:
    return "—" if value is None else format_number(round(value, digits))


def signed(value) -> str:
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return "="
    return ("+" if value > 0 else "−") + format_number(round(abs(value), 2))


class LevelButton(QAbstractButton):
    """A large checkable button: the level number and its one-sentence description, wrapped."""

    def __init__(self, level_text: str, sentence: str, parent=None):
        super().__init__(parent)
        self.level_text = level_text
        self.sentence = sentence
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(QSize(130, 112))
        self.setToolTip(f"{level_text} — {sentence}")
        self.setAccessibleName(f"{level_text} — {sentence}")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(190, 120)

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        checked = self.isChecked()
        background = ACCENT if checked else (QColor("#eaf1f7") if self.underMouse() else QColor("white"))
        painter.setBrush(background)
        pen = QPen(ACCENT if (checked or self.hasFocus()) else QColor("#b8c6d2"),
                   3 if self.hasFocus() else 1.5)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 8, 8)
        fg = QColor("white") if checked else QColor("#1f2d3a")
        painter.setPen(fg)
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.6)
        big.setBold(True)
        painter.setFont(big)
        number, _sep, name = self.level_text.partition(" · ")
        head = QRectF(rect.left() + 10, rect.top() + 6, rect.width() - 20, 30)
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, number)
        advance = painter.fontMetrics().horizontalAdvance(number + " ")
        label_font = QFont(self.font())
        label_font.setPointSizeF(self.font().pointSizeF() * 1.1)
        label_font.setBold(True)
        painter.setFont(label_font)
        name_rect = head.adjusted(advance, 0, 0, 0)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight,
                                                          int(name_rect.width())))
        body = QFont(self.font())
        body.setPointSizeF(self.font().pointSizeF() * 1.05)
        painter.setFont(body)
        text_rect = QRectF(rect.left() + 10, rect.top() + 38, rect.width() - 20, rect.height() - 44)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                        | Qt.TextFlag.TextWordWrap), self.sentence)

    def enterEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().leaveEvent(event)


class QuestionCard(QFrame):
    """One question of the walk-through; every change is saved at once (its own transaction)."""

    changed = Signal(str)

    def __init__(self, db, campaign_id: int, questionnaire, question, answer, proposal, parent=None):
        super().__init__(parent)
        self.db = db
        self.campaign_id = campaign_id
        self.q = questionnaire
        self.question = question
        self.proposal = proposal
        self.setObjectName(f"card_{question.id}")
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        head = QHBoxLayout()
        number = QLabel(question.id, self)
        number.setStyleSheet("font-size: 15pt; font-weight: bold; color: #2f6690;")
        head.addWidget(number)
        self.text = QLabel(question.text, self)
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 14pt; font-weight: bold;")
        head.addWidget(self.text, 1)
        badges = []
        if question.core:
            badges.append(_("Core question"))
        badges.append(_("Weight {weight}").format(weight=question.weight))
        badge = QLabel(" · ".join(badges), self)
        badge.setProperty("role", "hint")
        head.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        if question.help:
            help_label = QLabel(question.help, self)
            help_label.setWordWrap(True)
            help_label.setProperty("role", "hint")
            layout.addWidget(help_label)

        self.proposal_box = QFrame(self)
        self.proposal_box.setObjectName("proposal")
        self.proposal_box.setStyleSheet(
            "QFrame#proposal { background: #fff6d6; border: 1px solid #e0c46c; border-radius: 6px; }")
        pl = QHBoxLayout(self.proposal_box)
        self.proposal_label = QLabel(self.proposal_box)
        self.proposal_label.setWordWrap(True)
        self.proposal_label.setStyleSheet("font-size: 11pt;")
        pl.addWidget(self.proposal_label, 1)
        self.confirm_button = QPushButton(_("Confirm this answer"), self.proposal_box)
        self.confirm_button.clicked.connect(self.confirm_proposal)
        pl.addWidget(self.confirm_button)
        layout.addWidget(self.proposal_box)

        grid = QGridLayout()
        grid.setSpacing(8)
        self.level_buttons: list[LevelButton] = []
        for level, sentence in enumerate(question.levels):
            button = LevelButton(_("{level} · {name}").format(level=level, name=questionnaire.level_names[level]),
                                 sentence, self)
            button.setObjectName(f"level_{question.id}_{level}")
            button.clicked.connect(lambda _c=False, n=level: self.choose_level(n))
            grid.addWidget(button, 0, level)
            grid.setColumnStretch(level, 1)
            self.level_buttons.append(button)
        layout.addLayout(grid)

        row = QHBoxLayout()
        self.dont_know = QPushButton(_("Don't know"), self)
        self.dont_know.setCheckable(True)
        self.dont_know.setMinimumHeight(40)
        self.dont_know.clicked.connect(lambda: self.choose_status("dont_know"))
        self.dont_know.setVisible(question.allow_dont_know)
        self.not_applicable = QPushButton(_("Not applicable"), self)
        self.not_applicable.setCheckable(True)
        self.not_applicable.setMinimumHeight(40)
        self.not_applicable.clicked.connect(lambda: self.choose_status("not_applicable"))
        self.not_applicable.setVisible(question.allow_not_applicable)
        for b in (self.dont_know, self.not_applicable):
            b.setStyleSheet("QPushButton { font-size: 11pt; padding: 6px 18px; } "
                            "QPushButton:checked { background: #2f6690; color: white; }")
            row.addWidget(b)
        self.to_review = QCheckBox(_("To review"), self)
        self.to_review.setStyleSheet("font-size: 11pt;")
        self.to_review.toggled.connect(self._save_review)
        row.addWidget(self.to_review)
        row.addStretch(1)
        layout.addLayout(row)
        form = QGridLayout()
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(_("What the team said, what is missing…"))
        self.comment.editingFinished.connect(self._save_comment)
        self.evidence = QLineEdit(self)
        self.evidence.setPlaceholderText(_("Document, record or test that shows it"))
        self.evidence.editingFinished.connect(self._save_evidence)
        for r, (label, edit) in enumerate(((_("Comment"), self.comment), (_("Evidence"), self.evidence))):
            lab = QLabel(label, self)
            lab.setBuddy(edit)
            form.addWidget(lab, r, 0)
            form.addWidget(edit, r, 1)
        layout.addLayout(form)
        self.answer = answer or camp.Answer(question.id)
        self.show_answer()

    # --- state -----------------------------------------------------------------------------------

    def show_answer(self) -> None:
        a = self.answer
        for level, button in enumerate(self.level_buttons):
            button.setChecked(a.status == "level" and a.level == level)
        self.dont_know.setChecked(a.status == "dont_know")
        self.not_applicable.setChecked(a.status == "not_applicable")
        self.to_review.blockSignals(True)
        self.to_review.setChecked(a.to_review)
        self.to_review.blockSignals(False)
        if self.comment.text() != a.comment:
            self.comment.setText(a.comment)
        if self.evidence.text() != a.evidence:
            self.evidence.setText(a.evidence)
        p = self.proposal
        if p is None:
            self.proposal_box.hide()
            return
        self.proposal_box.show()
        confirmed = a.proposed_from_registry and a.level == p.level
        if confirmed:
            text = _("Confirmed from the registry: level {level}. {evidence}")
        else:
            text = _("The registry suggests level {level}: {evidence}")
        self.proposal_label.setText(text.format(level=p.level, evidence=p.evidence))
        self.confirm_button.setVisible(not confirmed)

    def _save(self, **values) -> None:
        try:
            self.answer = camp.save_answer(self.db, self.campaign_id, self.question, **values)
        except UserError as exc:
            QMessageBox.warning(self, _("Self-diagnostic"), str(exc))
        self.show_answer()
        self.changed.emit(self.question.id)

    def choose_level(self, level: int) -> None:
        self._save(level=level)

    def choose_status(self, status: str) -> None:
        current = self.answer.status
        self._save(status=None if current == status else status)

    def confirm_proposal(self) -> None:
        p = self.proposal
        if p is not None:
            self._save(level=p.level, evidence=p.evidence, proposed_from_registry=True)

    def _save_review(self, checked: bool) -> None:
        if checked != self.answer.to_review:
            self._save(to_review=checked)

    def _save_comment(self) -> None:
        if self.comment.text().strip() != self.answer.comment:
            self._save(comment=self.comment.text())

    def _save_evidence(self) -> None:
        if self.evidence.text().strip() != self.answer.evidence:
            self._save(evidence=self.evidence.text())


class RadarWidget(QWidget):
    """Radar chart of the dimension scores against the targets and the previous campaign."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[tuple[str, list, QColor, str]] = []
        self.setMinimumSize(QSize(460, 400))

    def set_data(self, labels: list[str], series: list[tuple[str, list, QColor, str]]) -> None:
        self.labels = labels
        self.series = series
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        n = len(self.labels)
        if n < 3:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No scores yet."))
            return
        legend_h = 34
        w, h = self.width(), self.height() - legend_h
        cx, cy = w / 2, h / 2 + 6
        radius = max(40.0, min(w / 2 - 118, h / 2 - 58))

        def point(i: int, value: float) -> QPointF:
            angle = math.pi / 2 - 2 * math.pi * i / n
            r = radius * max(0.0, min(value or 0.0, 4.0)) / 4
            return QPointF(cx + r * math.cos(angle), cy - r * math.sin(angle))

        grid = QPen(QColor("#b8c6d2"), 1)
        for ring in range(1, 5):
            painter.setPen(grid)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
            a, b = point(n - 1, ring), point(0, ring)
            painter.setPen(QColor("#6b7a86"))
            painter.drawText(QPointF((a.x() + b.x()) / 2 - 12, (a.y() + b.y()) / 2 + 4), str(ring))
        painter.setPen(grid)
        for i in range(n):
            painter.drawLine(QPointF(cx, cy), point(i, 4))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#1f2d3a"))
        for i, label in enumerate(self.labels):
            angle = math.pi / 2 - 2 * math.pi * i / n
            px = cx + (radius + 14) * math.cos(angle)
            py = cy - (radius + 14) * math.sin(angle)
            box_w, box_h = 108, 52
            if abs(math.cos(angle)) < 0.2:
                rect = QRectF(px - box_w / 2, py - (box_h if math.sin(angle) > 0 else 0), box_w, box_h)
                align = Qt.AlignmentFlag.AlignHCenter
            elif math.cos(angle) > 0:
                rect = QRectF(px, py - box_h / 2, box_w, box_h)
                align = Qt.AlignmentFlag.AlignLeft
            else:
                rect = QRectF(px - box_w, py - box_h / 2, box_w, box_h)
                align = Qt.AlignmentFlag.AlignRight
            vertical = Qt.AlignmentFlag.AlignVCenter
            if abs(math.cos(angle)) < 0.2:
                vertical = Qt.AlignmentFlag.AlignBottom if math.sin(angle) > 0 else Qt.AlignmentFlag.AlignTop
            painter.drawText(rect, int(align | vertical | Qt.TextFlag.TextWordWrap), label)
        painter.setFont(self.font())
        for _legend, values, colour, style in self.series:
            poly = QPolygonF([point(i, v) for i, v in enumerate(values)])
            if style == "fill":
                fill = QColor(colour)
                fill.setAlpha(60)
                painter.setBrush(QBrush(fill))
                painter.setPen(QPen(colour, 2.5))
                painter.drawPolygon(poly)
                painter.setBrush(colour)
                for i, v in enumerate(values):
                    painter.drawEllipse(point(i, v), 3.5, 3.5)
            else:
                pen = QPen(colour, 2, Qt.PenStyle.DashLine if style == "dash" else Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolygon(poly)
        x = 16.0
        y = self.height() - legend_h / 2
        for legend, _values, colour, style in self.series:
            if style == "fill":
                fill = QColor(colour)
                fill.setAlpha(90)
                painter.setBrush(fill)
                painter.setPen(QPen(colour, 1.5))
                painter.drawRect(QRectF(x, y - 6, 24, 12))
            else:
                painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if style == "dash" else Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(x, y), QPointF(x + 24, y))
            painter.setPen(QColor("#1f2d3a"))
            painter.drawText(QPointF(x + 30, y + 5), legend)
            x += 40 + painter.fontMetrics().horizontalAdvance(legend) + 20


# --- table models --------------------------------------------------------------------------------

class _Model(QAbstractTableModel):
    headers: list[str] = []

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
        display, key = self.cells(self.rows[index.row()])[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display
        if role == SORT_ROLE:
            return key
        return None


class CampaignModel(_Model):
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

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [_("Dimension"), _("Score"), _("Target"), _("Gap"), _("Answered"),
                        _("Core score"), _("Previous"), _("Change")]

    def cells(self, s):
        return [
            (f"{s.key}. {s.short_title}", int(s.key) if s.key.isdigit() else s.key),
            (num(s.score), s.score if s.score is not None else -1),
            (num(s.target, 1), s.target),
            (num(s.gap), s.gap if s.gap is not None else -9),
            (format_percent(s.share_answered), s.share_answered),
            (num(s.core_score), s.core_score if s.core_score is not None else -1),
            (num(s.previous), s.previous if s.previous is not None else -1),
            (signed(s.change), s.change if s.change is not None else -9),
        ]

    def flags(self, index):
        base = super().flags(index)
        if index.column() == 2:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.EditRole and index.column() == 2:
            return num(self.rows[index.row()].target, 1)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role == Qt.ItemDataRole.EditRole and index.column() == 2:
            self.target_changed.emit(self.rows[index.row()].key, value)
            return True
        return False


class MovedModel(_Model):
    def __init__(self, questionnaire, parent=None):
        super().__init__(parent)
        self.q = questionnaire
        self.headers = [_("Question"), _("Before"), _("Now"), _("Change")]

    def cells(self, m):
        question = m["question"]
        return [
            (f"{question.id} {question.text}", self.q.order(question.id)),
            (camp.answer_label(self.q, m["before"]), m["before"].level if m["before"] and m["before"].level is not None else -1),
            (camp.answer_label(self.q, m["after"]), m["after"].level if m["after"] and m["after"].level is not None else -1),
            (signed(m["delta"]), m["delta"] if m["delta"] is not None else -9),
        ]


class ActionModel(_Model):
    """The action plan; owner, due date and status are edited in place (saved at once)."""

    EDITABLE = {3: "owner", 4: "due_date", 5: "status"}
    failed = Signal(str)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.headers = [_("Priority"), _("Question"), _("Action"), _("Owner"), _("Due date"),
                        _("Status"), _("Score")]

    def cells(self, a):
        return [
            ("★" if a["is_priority"] else "", -(a["rank"] or 999) if a["is_priority"] else -1000),
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
            import datetime as dt

            if a["due_date"] and a["status"] in act.OPEN and a["due_date"] < dt.date.today().isoformat():
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
            self.failed.emit(str(exc))
            return False
        fresh = self.db.execute("SELECT * FROM diagnostic_action WHERE id = ?", [a["id"]]).fetchone()
        cols = [c[0] for c in self.db.execute("SELECT * FROM diagnostic_action LIMIT 0").description]
        self.rows[index.row()] = dict(zip(cols, fresh, strict=True))
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


class BigLabel(QLabel):
    def __init__(self, text: str = "", size: float = 12, bold: bool = False, parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"font-size: {size}pt;" + (" font-weight: bold;" if bold else ""))


__all__ = ["ActionModel", "BigLabel", "CampaignModel", "LevelButton", "MovedModel", "QuestionCard",
           "RadarWidget", "ScoreModel", "StatusDelegate", "QWidget"]
