"""Tab 2 of a campaign: the scores, the radar chart and what moved since the campaign compared
with (the previous one by default, another one chosen in the combo). A dimension with no level
given is « not assessed » in the table and a gap on the radar; results with unanswered questions
are marked provisional, and the overall score says how many questions it rests on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.diagnostic import campaigns as camp
from ...core.diagnostic.scoring import basis_text, campaign_results, score_text
from ...core.errors import UserError
from ...core.i18n import _, format_date, format_percent, ngettext
from ..kit import messages
from .common import ACCENT, PREVIOUS, TARGET, BigLabel, num, sortable_table
from .models import MovedModel, ScoreModel
from .radar import RadarWidget


class ResultsView(QWidget):
    """The summary, the score table across the whole width (every column visible), then the
    radar chart beside what moved since the previous campaign."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        self.summary = BigLabel("", 12, False, self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        compare = QHBoxLayout()  # the table's title, then the campaign compared with on its right
        self.scores_label = QLabel(self)
        compare.addWidget(self.scores_label, 1)
        self.compare_label = QLabel(_("&Compare with:"), self)
        self.compare = QComboBox(self)
        self.compare.setObjectName("compare")
        self.compare_label.setBuddy(self.compare)
        self.compare.activated.connect(self._compare_changed)
        compare.addWidget(self.compare_label)
        compare.addWidget(self.compare)
        layout.addLayout(compare)
        self.compare_with: int | None = None
        self.scores = ScoreModel(self)
        self.scores.target_changed.connect(self.change_target)
        self.score_view = sortable_table(self.scores, self)
        self.score_view.setObjectName("scores")
        self.score_view.horizontalHeader().setStretchLastSection(False)
        # as tall as its rows (no scrolling) when there is room; scrolls on a small screen
        self.score_view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.score_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.score_view)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.radar = RadarWidget(split)
        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.moved_title = QLabel(right)
        self.moved_title.setWordWrap(True)
        rl.addWidget(self.moved_title)
        self.moved_view = QTableView(right)
        self.moved_view.verticalHeader().hide()
        self.moved_view.setAlternatingRowColors(True)
        self.moved_view.setWordWrap(True)
        # wrapped questions: row heights follow the width of the question column
        self.moved_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rl.addWidget(self.moved_view, 1)
        split.addWidget(self.radar)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 520])
        layout.addWidget(split, 1)

    def _fit_score_table(self) -> None:
        """Columns sized to their content (the numbers alike), rows all visible, no scrolling."""
        view = self.score_view
        header = view.horizontalHeader()
        view.resizeColumnsToContents()
        same = max((header.sectionSize(i) for i in range(1, header.count())), default=0)
        for i in range(1, header.count()):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, same)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.resizeRowsToContents()
        rows = view.verticalHeader()
        top = header.sizeHint().height() + 2 * view.frameWidth() + 2
        view.setMaximumHeight(top + rows.length())
        view.setMinimumHeight(top + sum(rows.sectionSize(i) for i in range(min(3, rows.count()))))

    def _fill_compare(self, db, campaign_id: int) -> None:
        """The campaigns this one can be compared with, the previous one first selected."""
        if getattr(self, "_compare_for", None) != campaign_id:
            self._compare_for, self.compare_with = campaign_id, None
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem(_("No comparison"), 0)
        for c in camp.comparable_campaigns(db, campaign_id):
            self.compare.addItem(f"{c['title']} — {format_date(c['campaign_date'])}", c["id"])
        chosen = self.compare_with if self.compare_with is not None else camp.previous_campaign_id(
            db, campaign_id)
        self.compare.setCurrentIndex(max(0, self.compare.findData(chosen or 0)))
        self.compare.blockSignals(False)

    def _compare_changed(self, _index: int) -> None:
        self.compare_with = self.compare.currentData() or 0
        self.load(self.db, self.campaign_id, self.q)

    def _summary(self, db, r) -> str:
        o = r.overall
        text = _("Overall score: <b>{score}</b> / 4 ({basis}) · core questions: <b>{core}</b> / 4").format(
            score=score_text(o.score), basis=basis_text(o), core=score_text(o.core_score))
        text += "<br/>" + _("Answered: <b>{share}</b> ({dont_know} “don't know”, {na} not applicable)").format(
            share=format_percent(o.progress), dont_know=o.dont_know, na=o.not_applicable)
        if r.provisional:
            text = "<span style='color:#B03A2E'><b>" + _("Provisional results:") + "</b> " + ngettext(
                "{count} question not answered yet, the scores may still change.",
                "{count} questions not answered yet, the scores may still change.",
                o.unanswered).format(count=o.unanswered) + "</span><br/>" + text
        if r.previous_campaign_id is not None:
            prev = camp.get_campaign(db, r.previous_campaign_id)
            text += " · " + _("compared with “{title}” of {date}: {score} / 4.").format(
                title=prev["title"], date=format_date(prev["campaign_date"]), score=num(o.previous))
        return text

    def load(self, db, campaign_id: int, q) -> None:
        self.db, self.campaign_id, self.q = db, campaign_id, q
        self._fill_compare(db, campaign_id)
        chosen = self.compare.currentData()
        r = campaign_results(db, campaign_id, q, compare=bool(chosen), compare_with=chosen or None)
        self.results = r
        closed = camp.is_closed(camp.get_campaign(db, campaign_id))
        self.scores.read_only = closed
        self.scores_label.setText(
            _("Scores and gaps per dimension (closed campaign: targets are read-only)") if closed
            else _("Scores and gaps per dimension (double-click a target to change it)"))
        self.summary.setText(self._summary(db, r))
        self.scores.set_rows(r.dimensions)
        self._fit_score_table()
        series = [(_("Target"), [s.target for s in r.dimensions], TARGET, "dash")]
        if r.previous_campaign_id is not None:
            series.append((_("Previous campaign"), [s.previous for s in r.dimensions], PREVIOUS, "dot"))
        series.append((_("Score"), [s.score for s in r.dimensions], ACCENT, "fill"))
        self.radar.set_data([f"{d.id}. {d.short_title}\n" + _("{score} (target {target})").format(
            score=score_text(s.score, 1), target=num(s.target, 1)) for d, s in zip(
            q.dimensions, r.dimensions, strict=True)], series)
        moved = MovedModel(q, self)
        moved.set_rows(r.moved)
        self.moved_view.setModel(moved)
        self.moved_view.resizeColumnsToContents()
        self.moved_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.moved_title.setText(ngettext("What moved since the campaign compared with ({n} question)",
                                          "What moved since the campaign compared with ({n} questions)",
                                          len(r.moved)).format(
            n=len(r.moved)) if r.previous_campaign_id is not None else
            _("No campaign to compare with."))

    def change_target(self, dimension_id: str, value) -> None:
        try:
            camp.set_target(self.db, self.campaign_id, dimension_id, value)
        except UserError as exc:
            messages.warn(self, exc, title=_("Self-diagnostic"))
        self.load(self.db, self.campaign_id, self.q)
