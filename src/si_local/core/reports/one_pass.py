"""The faster layout of big documents (the continuity plan): a table whose short cells are
plain strings, and a build in one layout pass ("page X of Y" written at the end).

Same look as ``common.table`` and ``common.build_pdf``; only the work differs.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from ..output_file import part_file
from .common import (
    CELL_PADDING,
    FONT,
    MUTED,
    DocumentInfo,
    Table,
    _Document,
    _footer_factory,
    cell_label,
    clip,
    column_widths,
    empty_row,
    esc,
    styles,
    table_style,
    word_width,
)


def _line_width(line: str, font: str = FONT) -> float:
    """Width of a line of a table cell (its words are remembered: a big plan repeats them)."""
    words = line.split(" ")
    return sum(word_width(w, font) for w in words) + (len(words) - 1) * word_width(" ", font)


def _wrap_line(text: str, width: float) -> list[str] | None:
    """``text`` cut into lines of at most ``width`` at its spaces (never at a non-breaking
    space: a phone number stays whole); None when a word alone is wider than ``width``."""
    space = word_width(" ")
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split(" "):
        size = word_width(word)
        if size > width:
            return None
        if line and used + space + size <= width:
            line.append(word)
            used += space + size
        else:
            if line:
                lines.append(" ".join(line))
            line, used = [word], size
    return lines + [" ".join(line)]


def _plain_cell(text: str, width: float, st) -> object:
    """A plain-text cell (``text`` already :func:`printable`): pre-wrapped into lines when
    every line fits (cheap to lay out and draw), otherwise a wrapped paragraph (a word longer
    than the column is split there)."""
    if "\n" not in text and _line_width(text) <= width:
        return text
    lines: list[str] = []
    for part in text.split("\n"):
        wrapped = _wrap_line(part, width)
        if wrapped is None:
            return Paragraph(esc(text), st["cell"])
        lines += wrapped
    return "\n".join(lines)


def _column_widths(rows: list[list[object]], weights: list[float], total_width: float,
                   header: bool) -> list[float]:
    """Widths in proportion to ``weights``, widened where a word would not fit (see
    ``common.column_widths``)."""
    return column_widths(rows, weights, total_width, header, 2 * CELL_PADDING + 1)


def table(rows: list[list[object]], widths: list[float] | None = None, *, total_width: float,
          header: bool = True, zebra: bool = True, empty: str | None = None) -> Table:
    """Same look as ``common.table`` (wrapped cells that fit the frame, no word cut, ``empty``
    said across the table when it has no row), faster on big plans: a short one-line value that
    fits its column is drawn as a plain string, only longer values become wrapped paragraphs."""
    st = styles()
    count = max(len(r) for r in rows) if rows else 1
    weights = list(widths or [1] * count)
    col_widths = _column_widths(rows, weights, total_width, header)
    notice_row = empty_row(rows, header, empty, count)
    data = []
    for index, row in enumerate(rows):
        cells: list = []
        for col, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
                continue
            if header and index == 0:
                cells.append(Paragraph(esc(value), st["head"]))
            else:
                inner = col_widths[col] - 2 * CELL_PADDING - 1
                text = clip(value, inner, cell_label(rows, index, col, header))
                cells.append(_plain_cell(text, inner, st))
        cells += [""] * (count - len(cells))
        data.append(cells)
    if notice_row:
        data.append(notice_row)
    t = Table(data, colWidths=col_widths, repeatRows=1 if header else 0, hAlign="LEFT")
    t.setStyle(TableStyle(table_style(len(data), header, zebra, bool(notice_row), plain_cells=True)))
    return t


class _DeferredTotalCanvas(Canvas):
    """A canvas that holds its pages until the end, then writes "page X of Y" on each: one
    layout pass instead of two (the common ``build_pdf`` lays the document out twice)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self._deferred: list[tuple] = []

    def showPage(self):  # noqa: N802 (reportlab naming)
        self._held.append(dict(self.__dict__))
        self._deferred = []
        self._startPage()

    def save(self):
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            for x, y, text in self._deferred:
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(x, y, text.replace("%(total)s", str(total)))
            Canvas.showPage(self)
        Canvas.save(self)


class _OnePassDocument(_Document):
    def _on_page(self, canvas, doc):
        draw = _footer_factory(self.info)
        original = canvas.drawRightString

        def draw_right(x, y, text, *a, **k):
            if "%(total)s" in text:
                canvas._deferred.append((x, y, text))
                return None
            return original(x, y, text, *a, **k)

        canvas.drawRightString = draw_right
        try:
            draw(canvas, doc)
        finally:
            canvas.drawRightString = original

    def afterPage(self):  # noqa: N802
        self._pages_seen = getattr(self, "_pages_seen", 0) + 1


def build_one_pass(path: Path | str, info: DocumentInfo, flowables: list) -> int:
    """Like ``common.build_pdf`` (same page frame, footer, .part file renamed at the end) in one
    layout pass."""
    with part_file(path) as tmp:
        doc = _OnePassDocument(tmp, info)
        doc.build(flowables, canvasmaker=_DeferredTotalCanvas)
    return doc._pages_seen


# --- a table of contents with page numbers -----------------------------------------------------

CONTENTS_LEVELS = {"h1": 0}  # the headings the contents lists, by style


def contents_table() -> TableOfContents:
    """The contents: each heading of :data:`CONTENTS_LEVELS` with its page, filled in by
    :func:`build_with_contents`."""
    toc = TableOfContents(dotsMinLevel=0)
    body = styles()["body"]
    toc.levelStyles = [ParagraphStyle("toc0", parent=body, fontSize=10, leading=14, spaceAfter=2,
                                      leftIndent=0, firstLineIndent=0)]
    return toc


class _ContentsDocument(_OnePassDocument):
    def build(self, flowables, **kw):
        self._pages_seen = 0  # laid out again at each pass of multiBuild
        super().build(flowables, **kw)

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab naming)
        level = CONTENTS_LEVELS.get(getattr(getattr(flowable, "style", None), "name", None))
        if level is not None and isinstance(flowable, Paragraph):
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


def build_with_contents(path: Path | str, info: DocumentInfo, flowables: list) -> int:
    """Like :func:`build_one_pass`, laid out again until the pages of the contents (see
    :func:`contents_table`) stop changing (twice for most documents)."""
    with part_file(path) as tmp:
        doc = _ContentsDocument(tmp, info)
        doc.multiBuild(flowables, canvasmaker=_DeferredTotalCanvas)
    return doc._pages_seen
