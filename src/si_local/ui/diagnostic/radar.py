"""The radar chart (drawn with QPainter) of the self-diagnostic results and of the group's facilities."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from ...core.diagnostic.scoring import radar_runs
from ...core.i18n import _
from .common import ACCENT


@dataclass(frozen=True)
class _Chart:
    """Where the chart is drawn this time: centre, radius, the labels' sizes, the legend."""

    cx: float
    cy: float
    radius: float
    sizes: list[tuple[float, float]]
    legend: QRectF  # the legend's place when stacked in the top left corner
    lines: list[list[float]] | None  # the legend's lines under the chart; None: stacked


class RadarWidget(QWidget):
    """Radar chart of the dimension scores against the targets and the previous campaign.

    Every label is measured, and the chart takes the largest radius that keeps all of them inside
    the widget: it uses the room it is given and never cuts a label. A label is "name\\nsub-line";
    the sub-line (the score) is drawn in the accent colour under the name. A value of None (a
    dimension not assessed) is a gap in its series, never a point at 0.
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
        if len(self.labels) < 3:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No scores yet."))
            return
        chart = self._chart()
        self._draw_grid(painter, chart)
        self._draw_ring_numbers(painter, chart)
        for _legend, values, colour, style in self.series:
            self._draw_series(painter, chart, values, colour, style)
        self._draw_labels(painter, chart)
        painter.setFont(self.font())
        for (x, y), (text, _values, colour, style) in zip(self._legend_positions(chart), self.series,
                                                          strict=True):
            self._draw_legend_entry(painter, x, y, text, colour, style)

    def _chart(self) -> _Chart:
        """The centre and radius, and where the legend goes: in the top left corner when nothing
        is there, else in a band below the chart (whose room is then smaller)."""
        sizes = self._label_sizes()
        w, h = float(self.width()), float(self.height())
        legend_w, legend_h = self._legend_size()
        legend = QRectF(self.MARGIN, self.MARGIN, legend_w, legend_h)
        cx, cy, radius = self._layout(w, h, sizes)
        rects = [self._label_rect(i, cx, cy, radius, sizes[i])[0] for i in range(len(self.labels))]
        corner = QPointF(legend.right(), legend.bottom())
        stacked = not any(r.intersects(legend) for r in rects) and math.hypot(
            corner.x() - cx, corner.y() - cy) > radius + 4
        if stacked:
            return _Chart(cx, cy, radius, sizes, legend, None)
        lines = self._legend_lines(w)
        band = 10.0 + 20.0 * len(lines)
        cx, cy, radius = self._layout(w, h - band, sizes)
        return _Chart(cx, cy, radius, sizes, legend, lines)

    def _point(self, chart: _Chart, i: int, value: float) -> QPointF:
        """Where ``value`` (0 to 4) lies on axis ``i``."""
        angle = self._angle(i)
        r = chart.radius * max(0.0, min(value or 0.0, 4.0)) / 4
        return QPointF(chart.cx + r * math.cos(angle), chart.cy - r * math.sin(angle))

    def _draw_grid(self, painter: QPainter, chart: _Chart) -> None:
        """The four rings (the outer one darker) and the axes."""
        n = len(self.labels)
        grid = QPen(QColor("#b8c6d2"), 1)
        for ring in range(1, 5):
            painter.setPen(QPen(QColor("#9fb0be"), 1.4) if ring == 4 else grid)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(QPolygonF([self._point(chart, i, ring) for i in range(n)]))
        painter.setPen(grid)
        for i in range(n):
            painter.drawLine(QPointF(chart.cx, chart.cy), self._point(chart, i, 4))

    def _draw_ring_numbers(self, painter: QPainter, chart: _Chart) -> None:
        """The ring numbers, on the edge between the last axis and the first."""
        n = len(self.labels)
        painter.setPen(QColor("#6b7a86"))
        for ring in range(1, 5):
            a, b = self._point(chart, n - 1, ring), self._point(chart, 0, ring)
            at = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            painter.drawText(QRectF(at.x() - 22, at.y() - 14, 18, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(ring))

    @staticmethod
    def segments(values) -> list[list[int]]:
        return radar_runs(values)

    def _draw_partial(self, painter: QPainter, chart: _Chart, values, colour: QColor, style: str) -> None:
        """A series with dimensions not assessed: lines between neighbouring axes that have a
        value and a dot on each, no filled area; the missing axes stay empty."""
        solid = style == "fill"
        painter.setPen(QPen(colour, 2.5 if solid else 2, Qt.PenStyle.SolidLine if solid else (
            Qt.PenStyle.DashLine if style == "dash" else Qt.PenStyle.DotLine)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for run in self.segments(values):
            painter.drawPolyline(QPolygonF([self._point(chart, i, values[i]) for i in run]))
            if solid:
                painter.setBrush(colour)
                for i in run:
                    painter.drawEllipse(self._point(chart, i, values[i]), 3.5, 3.5)
                painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_series(self, painter: QPainter, chart: _Chart, values, colour: QColor, style: str) -> None:
        """One series: filled with a dot on each axis ("fill"), else a dashed or dotted outline."""
        if any(v is None for v in values):
            self._draw_partial(painter, chart, values, colour, style)
            return
        poly = QPolygonF([self._point(chart, i, v) for i, v in enumerate(values)])
        if style == "fill":
            fill = QColor(colour)
            fill.setAlpha(60)
            painter.setBrush(QBrush(fill))
            painter.setPen(QPen(colour, 2.5))
            painter.drawPolygon(poly)
            painter.setBrush(colour)
            for i, v in enumerate(values):
                painter.drawEllipse(self._point(chart, i, v), 3.5, 3.5)
            return
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if style == "dash" else Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(poly)

    def _draw_labels(self, painter: QPainter, chart: _Chart) -> None:
        """Each axis's name in bold, its sub-line (the score) under it in the accent colour."""
        name_font, sub_font = self._fonts()
        for i, label in enumerate(self.labels):
            rect, align = self._label_rect(i, chart.cx, chart.cy, chart.radius, chart.sizes[i])
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

    def _legend_positions(self, chart: _Chart) -> list[tuple[float, float]]:
        """Where each legend entry starts: stacked in the corner, or in centred lines under the
        chart (as many as the width needs)."""
        if chart.lines is None:
            return [(chart.legend.left(), chart.legend.top() + 10 + 20 * k) for k in range(len(self.series))]
        w, h = float(self.width()), float(self.height())
        entries = []
        for row, line in enumerate(chart.lines):
            x = max(self.MARGIN, (w - sum(line)) / 2)
            y = h - 15 - 20 * (len(chart.lines) - 1 - row)
            for width in line:
                entries.append((x, y))
                x += width
        return entries

    @staticmethod
    def _draw_legend_entry(painter: QPainter, x: float, y: float, text: str, colour: QColor,
                           style: str) -> None:
        """A small sample of the series (a filled box or a line), then its name."""
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
