"""The walk-through's widgets: a big level button and the card of one question (saved at once)."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from ...core.diagnostic import campaigns as camp
from ...core.errors import UserError
from ...core.i18n import _
from ..kit import messages
from .common import ACCENT, keep_together


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
        number.setProperty("role", "question-number")
        head.addWidget(number)
        self.text = QLabel(keep_together(question.text), self)
        self.text.setWordWrap(True)
        self.text.setProperty("role", "question-text")
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
        self.proposal_box.setObjectName("proposal")  # its frame: ui/theme.py
        pl = QHBoxLayout(self.proposal_box)
        self.proposal_label = QLabel(self.proposal_box)
        self.proposal_label.setWordWrap(True)
        self.proposal_label.setProperty("textsize", "11")
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
            b.setProperty("role", "answer-status")
            row.addWidget(b)
        self.to_review = QCheckBox(_("To review"), self)
        self.to_review.setProperty("textsize", "11")
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
            messages.warn(self, exc, title=_("Self-diagnostic"))
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
