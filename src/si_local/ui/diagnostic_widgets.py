"""Widgets of the self-diagnostic page: big level buttons, question cards, the radar chart (drawn
with QPainter), and the table models of campaigns, scores, moves and actions."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QAbstractTableModel, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
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
    QSizePolicy,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ..core.diagnostic import actions as act
from ..core.diagnostic import campaigns as camp
from ..core.errors import UserError, ValidationError
from ..core.i18n import _, format_date, format_number, format_percent
from si_local.core import clock


def message_of(exc: Exception) -> str:
    """What a dialog says about ``exc``: each field of a :class:`ValidationError` on its line as
    « Intitulé : 300 caractères, au plus 200. », the message of any other error."""
    if isinstance(exc, ValidationError):
        return "\n".join(f"{field} : {message}" for field, message in exc.errors.items())
    return str(exc)


ACCENT = QColor("#2f6690")
TARGET = QColor("#c0504d")
PREVIOUS = QColor("#8c8c8c")
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def num(value, digits: int = 2) -> str:
    """A score with a fixed number of decimals (« 2,20 », not « 2,2 » beside « 1,89 »)."""
    return "—" if value is None else format_number(round(value, digits), digits)


def keep_together(text: str) -> str:
    """French punctuation stays on the line of the word before it: no lone « ? » when wrapping."""
    return re.sub(r" ([?!:;»])", "\u00a0\\1", re.sub(r"« ", "«\u00a0", text or ""))


def signed(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return "="
    return ("+" if value > 0 else "−") + format_number(round(abs(value), digits), digits)


class LevelButton(QAbstractButton):
    """A large checkable button: the level number and its one-sentence description, wrapped."""

    def __init__(self, level_text: str, sentence: str, parent=None):
        super().__init__(parent)
        self.level_text = level_text
        self.sentence = sentence
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumWidth(130)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip(f"{level_text} — {sentence}")
        self.setAccessibleName(f"{level_text} — {sentence}")

    def _body_font(self) -> QFont:
        body = QFont(self.font())
        body.setPointSizeF(self.font().pointSizeF() * 1.05)
        return body

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """Tall enough for the whole sentence: a level description is never cut."""
        text_width = max(40, width - 23)
        needed = QFontMetricsF(self._body_font()).boundingRect(
            QRectF(0, 0, text_width, 10000), int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            self.sentence).height()
        return max(112, math.ceil(needed) + 38 + 10)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(190, self.heightForWidth(190))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(130, 112)

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
        painter.setFont(self._body_font())
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
        self.text = QLabel(keep_together(question.text), self)
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
                                 keep_together(sentence), self)
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
        limits = camp.TEXT_COLUMNS["diagnostic_answer"]  # typing stops at each field's limit
        self.comment = QLineEdit(self)
        self.comment.setMaxLength(limits["comment"].limit)
        self.comment.setPlaceholderText(_("What the team said, what is missing…"))
        self.comment.editingFinished.connect(self._save_comment)
        self.evidence = QLineEdit(self)
        self.evidence.setMaxLength(limits["evidence"].limit)
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
            QMessageBox.warning(self, _("Self-diagnostic"), message_of(exc))
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
        self._mark_saved(self.comment, self.answer.comment)

    def _save_evidence(self) -> None:
        if self.evidence.text().strip() != self.answer.evidence:
            self._save(evidence=self.evidence.text())
        self._mark_saved(self.evidence, self.answer.evidence)

    @staticmethod
    def _mark_saved(field: QLineEdit, saved: str) -> None:
        """A field saved as typed holds no pending edit (the window may then refresh the page)."""
        if field.text().strip() == saved:
            field.setModified(False)


class RadarWidget(QWidget):
    """Radar chart of the dimension scores against the targets and the previous campaign.

    Every label is measured, and the chart takes the largest radius that keeps all of them inside
    the widget: it uses the room it is given and never cuts a label. A label is "name\\nsub-line";
    the sub-line (the score) is drawn in the accent colour under the name.
    """

    LABEL_WIDTH = 150  # a dimension name wraps beyond this width
    GAP = 10  # between the outer ring and a label
    MARGIN = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[tuple[str, list, QColor, str]] = []
        self._shifted: dict[int, bool] = {}
        self.setMinimumSize(QSize(340, 260))

    def set_data(self, labels: list[str], series: list[tuple[str, list, QColor, str]]) -> None:
        self.labels = labels
        self.series = series
        self.update()

    # --- geometry ------------------------------------------------------------------------------

    def _angle(self, i: int) -> float:
        return math.pi / 2 - 2 * math.pi * i / len(self.labels)

    def _fonts(self) -> tuple[QFont, QFont]:
        name = QFont(self.font())
        name.setBold(True)
        return name, QFont(self.font())

    def _label_sizes(self) -> list[tuple[float, float]]:
        name_font, sub_font = self._fonts()
        fn, fs = QFontMetricsF(name_font), QFontMetricsF(sub_font)
        sizes = []
        for label in self.labels:
            name, _sep, sub = label.partition("\n")
            rect = fn.boundingRect(QRectF(0, 0, self.LABEL_WIDTH, 1000), int(Qt.TextFlag.TextWordWrap), name)
            w, h = rect.width(), rect.height()
            if sub:
                w = max(w, fs.horizontalAdvance(sub))
                h += fs.height()
            sizes.append((math.ceil(w) + 2, math.ceil(h)))
        return sizes

    def _fit(self, cx: float, cy: float, width: float, height: float, sizes) -> float:
        """The largest radius for a centre at (cx, cy) that keeps every label inside the area."""
        m, g = self.MARGIN, self.GAP
        limit = min(cx, cy, height - cy) - m
        for i, (lw, lh) in enumerate(sizes):
            c, s = math.cos(self._angle(i)), math.sin(self._angle(i))
            if abs(c) < 0.2:  # above or below the end of the axis, centred on it
                if s > 0:
                    limit = min(limit, (cy - lh - m) / s - g)
                else:
                    limit = min(limit, (height - m - lh - cy) / -s - g)
                if abs(c) > 0.01:
                    room = (width - m - lw / 2 - cx) if c > 0 else (cx - lw / 2 - m)
                    limit = min(limit, room / abs(c) - g)
            else:  # beside the end of the axis: centred on it, or above / below it when steep
                room = (width - m - lw - cx) if c > 0 else (cx - lw - m)
                limit = min(limit, room / abs(c) - g)
                top, bottom = self._vertical_extent(i, lh)
                if s > 0.01:
                    limit = min(limit, (cy - m + top) / s - g)
                elif s < -0.01:
                    limit = min(limit, (height - m - bottom - cy) / -s - g)
        return limit

    def _vertical_extent(self, i: int, lh: float) -> tuple[float, float]:
        """How far a side label reaches above (negative) and below the end of its axis: centred
        on it, unless that would cover the chart (see :meth:`_layout`); then it sits above the
        end of an axis of the upper half, or hangs below one of the lower half."""
        if self._shifted.get(i):
            if math.sin(self._angle(i)) > 0:
                return -(lh - 4), 4.0
            return -4.0, lh - 4
        return -lh / 2, lh / 2

    def _layout(self, width: float, height: float, sizes) -> tuple[float, float, float]:
        """Centre and radius; a side label that would cover the outer ring is moved off its
        axis's end (a few rounds, as moving one changes the radius)."""
        self._shifted = {}
        for _round in range(4):
            cx, cy, radius = self._best_centre(width, height, sizes)
            outer = QPolygonF([QPointF(cx + radius * math.cos(self._angle(i)),
                                       cy - radius * math.sin(self._angle(i)))
                               for i in range(len(self.labels))])
            moved = False
            for i, size in enumerate(sizes):
                if self._shifted.get(i) or abs(math.cos(self._angle(i))) < 0.2:
                    continue
                rect = self._label_rect(i, cx, cy, radius, size)[0]
                if QPolygonF(rect).intersects(outer):
                    self._shifted[i] = True
                    moved = True
            if not moved:
                break
        return cx, cy, radius

    def _best_centre(self, width: float, height: float, sizes) -> tuple[float, float, float]:
        cx = width / 2
        best = (cx, height / 2, -1.0)
        for step in range(41):  # the centre may sit a little above or below the middle
            cy = height * (0.35 + 0.3 * step / 40)
            radius = self._fit(cx, cy, width, height, sizes)
            if radius > best[2]:
                best = (cx, cy, radius)
        return best[0], best[1], max(30.0, best[2])

    def _label_rect(self, i: int, cx: float, cy: float, radius: float, size) -> tuple[QRectF, Qt.AlignmentFlag]:
        lw, lh = size
        angle = self._angle(i)
        c, s = math.cos(angle), math.sin(angle)
        px, py = cx + (radius + self.GAP) * c, cy - (radius + self.GAP) * s
        if abs(c) < 0.2:
            return QRectF(px - lw / 2, py - lh if s > 0 else py, lw, lh), Qt.AlignmentFlag.AlignHCenter
        top = py + self._vertical_extent(i, lh)[0]
        if c > 0:
            return QRectF(px, top, lw, lh), Qt.AlignmentFlag.AlignLeft
        return QRectF(px - lw, top, lw, lh), Qt.AlignmentFlag.AlignRight

    def _legend_lines(self, width: float) -> list[list[float]]:
        """The legend entries' widths, split into lines that fit ``width``."""
        fm = QFontMetricsF(self.font())
        lines: list[list[float]] = [[]]
        for legend, *_rest in self.series:
            entry = 34 + fm.horizontalAdvance(legend) + 18
            if lines[-1] and sum(lines[-1]) + entry > width - 2 * self.MARGIN:
                lines.append([])
            lines[-1].append(entry)
        return lines

    def _legend_size(self) -> tuple[float, float]:
        fm = QFontMetricsF(self.font())
        width = 34 + max((fm.horizontalAdvance(legend) for legend, *_rest in self.series), default=0)
        return width, 20.0 * len(self.series)

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        n = len(self.labels)
        if n < 3:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No scores yet."))
            return
        sizes = self._label_sizes()
        w, h = float(self.width()), float(self.height())
        # The legend goes in the top left corner when nothing is there, else in a band below.
        legend_w, legend_h = self._legend_size()
        legend = QRectF(self.MARGIN, self.MARGIN, legend_w, legend_h)
        cx, cy, radius = self._layout(w, h, sizes)
        rects = [self._label_rect(i, cx, cy, radius, sizes[i])[0] for i in range(n)]
        corner = QPointF(legend.right(), legend.bottom())
        stacked = not any(r.intersects(legend) for r in rects) and math.hypot(
            corner.x() - cx, corner.y() - cy) > radius + 4
        if not stacked:
            lines = self._legend_lines(w)
            band = 10.0 + 20.0 * len(lines)
            cx, cy, radius = self._layout(w, h - band, sizes)

        def point(i: int, value: float) -> QPointF:
            angle = self._angle(i)
            r = radius * max(0.0, min(value or 0.0, 4.0)) / 4
            return QPointF(cx + r * math.cos(angle), cy - r * math.sin(angle))

        grid = QPen(QColor("#b8c6d2"), 1)
        for ring in range(1, 5):
            painter.setPen(QPen(QColor("#9fb0be"), 1.4) if ring == 4 else grid)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        painter.setPen(grid)
        for i in range(n):
            painter.drawLine(QPointF(cx, cy), point(i, 4))
        painter.setPen(QColor("#6b7a86"))
        for ring in range(1, 5):  # ring numbers on the edge between the last axis and the first
            a, b = point(n - 1, ring), point(0, ring)
            at = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            painter.drawText(QRectF(at.x() - 22, at.y() - 14, 18, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(ring))
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
        name_font, sub_font = self._fonts()
        for i, label in enumerate(self.labels):
            rect, align = self._label_rect(i, cx, cy, radius, sizes[i])
            name, _sep, sub = label.partition("\n")
            sub_h = QFontMetricsF(sub_font).height() if sub else 0.0
            painter.setFont(name_font)
            painter.setPen(QColor("#1f2d3a"))
            painter.drawText(rect.adjusted(0, 0, 0, -sub_h),
                             int(align | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap), name)
            if sub:
                painter.setFont(sub_font)
                painter.setPen(ACCENT)
                painter.drawText(QRectF(rect.left(), rect.bottom() - sub_h, rect.width(), sub_h),
                                 int(align | Qt.AlignmentFlag.AlignVCenter), sub)
        painter.setFont(self.font())
        if stacked:
            entries = [(legend.left(), legend.top() + 10 + 20 * k) for k in range(len(self.series))]
        else:  # centred lines under the chart, as many as the width needs
            entries = []
            for row, line in enumerate(lines):
                x = max(self.MARGIN, (w - sum(line)) / 2)
                y = h - 15 - 20 * (len(lines) - 1 - row)
                for width in line:
                    entries.append((x, y))
                    x += width
        for (x, y), (text, _values, colour, style) in zip(entries, self.series, strict=True):
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
            painter.drawText(QPointF(x + 32, y + 5), text)


# --- table models --------------------------------------------------------------------------------

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


class BigLabel(QLabel):
    def __init__(self, text: str = "", size: float = 12, bold: bool = False, parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"font-size: {size}pt;" + (" font-weight: bold;" if bold else ""))


__all__ = ["ActionModel", "BigLabel", "CampaignModel", "LevelButton", "MovedModel", "QuestionCard",
           "RadarWidget", "ScoreModel", "StatusDelegate", "LengthDelegate", "QWidget"]
