"""Tab 2 of a campaign: the scores, the radar chart and what moved since the previous campaign."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.diagnostic import campaigns as camp
from ...core.diagnostic.scoring import campaign_results
from ...core.errors import UserError
from ...core.i18n import _, format_date, format_percent, ngettext
from .common import ACCENT, PREVIOUS, TARGET, BigLabel, num, sortable_table, warn
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
        self.scores = ScoreModel(self)
        self.scores.target_changed.connect(self.change_target)
        self.score_view = sortable_table(self.scores, self)
        self.score_view.setObjectName("scores")
        self.score_view.horizontalHeader().setStretchLastSection(False)
        # as tall as its rows (no scrolling) when there is room; scrolls on a small screen
        self.score_view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.score_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(QLabel(_("Scores and gaps per dimension (double-click a target to change it)"), self))
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

    def load(self, db, campaign_id: int, q) -> None:
        self.db, self.campaign_id, self.q = db, campaign_id, q
        r = campaign_results(db, campaign_id, q)
        self.results = r
        o = r.overall
        text = _("Overall score: <b>{score}</b> / 4 · core questions: <b>{core}</b> / 4 · answered: "
                 "<b>{share}</b> ({dont_know} “don't know”, {na} not applicable, {left} not answered)").format(
            score=num(o.score), core=num(o.core_score), share=format_percent(o.share_answered),
            dont_know=o.dont_know, na=o.not_applicable, left=o.unanswered)
        if r.previous_campaign_id is not None:
            prev = camp.get_campaign(db, r.previous_campaign_id)
            text += "<br/>" + _("Previous campaign “{title}” of {date}: {score} / 4.").format(
                title=prev["title"], date=format_date(prev["campaign_date"]), score=num(o.previous))
        self.summary.setText(text)
        self.scores.set_rows(r.dimensions)
        self._fit_score_table()
        series = [(_("Target"), [s.target for s in r.dimensions], TARGET, "dash")]
        if r.previous_campaign_id is not None:
            series.append((_("Previous campaign"), [s.previous for s in r.dimensions], PREVIOUS, "dot"))
        series.append((_("Score"), [s.score for s in r.dimensions], ACCENT, "fill"))
        self.radar.set_data([f"{d.id}. {d.short_title}\n" + _("{score} (target {target})").format(
            score=num(s.score, 1), target=num(s.target, 1)) for d, s in zip(
            q.dimensions, r.dimensions, strict=True)], series)
        moved = MovedModel(q, self)
        moved.set_rows(r.moved)
        self.moved_view.setModel(moved)
        self.moved_view.resizeColumnsToContents()
        self.moved_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.moved_title.setText(ngettext("What moved since the previous campaign ({n} question)",
                                          "What moved since the previous campaign ({n} questions)",
                                          len(r.moved)).format(
            n=len(r.moved)) if r.previous_campaign_id is not None else
            _("First campaign: nothing to compare yet."))

    def change_target(self, dimension_id: str, value) -> None:
        try:
            camp.set_target(self.db, self.campaign_id, dimension_id, value)
        except UserError as exc:
            warn(self, exc)
        self.load(self.db, self.campaign_id, self.q)
