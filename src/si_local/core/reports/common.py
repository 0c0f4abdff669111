"""What every printed document shares: fonts, styles, page frame, tables that fit the page.

Every page carries the document title, the facility, the version and date, and "page X of Y".
Tables are built with :func:`table`, which wraps every cell in a Paragraph and spreads column
widths over the frame, so a long value wraps instead of running off the page; a column is never
narrower than its longest word (:func:`fit_widths`), so a word, a date or a phone number (written
with :func:`nobreak`) is never cut in the middle. Headings are kept with what follows them
(``keepWithNext``). DejaVu Sans is embedded so every accent prints.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageBreak, PageTemplate,
    Paragraph, Spacer, TableStyle,
)
from reportlab.platypus import Table as _PlatypusTable

from ..i18n import _, format_date
from ..paths import resource
from .. import clock

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

PRIMARY = colors.HexColor("#1F4E79")
LIGHT = colors.HexColor("#E8EEF5")
GRID = colors.HexColor("#9AA9B8")
MUTED = colors.HexColor("#555555")
WARN = colors.HexColor("#B03A2E")

MARGIN_SIDE = 16 * mm  # left and right margins of every page
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm

_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    faces = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
             FONT_ITALIC: "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf"}
    for name, filename in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic="DejaVuSans-BoldOblique")
    _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_muted": ParagraphStyle("cell_muted", parent=base, fontSize=8.5, leading=10.5,
                                     spaceAfter=0, textColor=MUTED),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=10.5, spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=10.5,
                                     spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5,
                               textColor=colors.white, spaceAfter=0),
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=8.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=27,
                                textColor=PRIMARY, spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17, textColor=MUTED,
                                   spaceAfter=14),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19,
                             textColor=PRIMARY, spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15,
                             textColor=PRIMARY, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10, leading=13,
                             spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "warn": ParagraphStyle("warn", parent=base, textColor=WARN),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
    }


STYLES: dict[str, ParagraphStyle] = {}


def styles() -> dict[str, ParagraphStyle]:
    if not STYLES:
        STYLES.update(_styles())
    return STYLES


def p(text: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    value = "" if text is None else str(text)
    return Paragraph(escape(value).replace("\n", "<br/>"), styles()[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph holding reportlab mark-up (<b>, <i>, <br/>): escape user values yourself."""
    return Paragraph(text, styles()[style])


def heading(text: str, level: int = 1) -> Paragraph:
    return p(text, f"h{level}")


@dataclass
class DocumentInfo:
    title: str  # already translated
    facility: str = ""
    version: str = ""
    date: dt.date = field(default_factory=clock.today)
    author: str = ""
    subject: str = ""
    landscape: bool = False


class _NumberedCanvasMixin:
    pass


def _footer_factory(info: DocumentInfo):
    def draw(canvas, doc):
        canvas.saveState()
        width, height = doc.pagesize
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        top = f"{info.facility} — {info.title}" if info.facility else info.title
        canvas.drawString(doc.leftMargin, height - 12 * mm, top)
        bits = []
        if info.version:
            bits.append(_("Version {version}").format(version=info.version))
        bits.append(format_date(info.date))
        canvas.drawRightString(width - doc.rightMargin, height - 12 * mm, " — ".join(bits))
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(doc.leftMargin, height - 13.5 * mm, width - doc.rightMargin, height - 13.5 * mm)
        canvas.line(doc.leftMargin, 13.5 * mm, width - doc.rightMargin, 13.5 * mm)
        canvas.drawString(doc.leftMargin, 10 * mm, "SI Local")
        canvas.drawRightString(
            width - doc.rightMargin, 10 * mm,
            _("Page {page} of {total}").format(page=canvas.getPageNumber(), total="%(total)s"),
        )
        canvas.restoreState()
    return draw


class _Document(BaseDocTemplate):
    """A document whose footers say "page X of Y": built twice, the second time with Y known."""

    def __init__(self, filename, info: DocumentInfo, **kw):
        pagesize = landscape(A4) if info.landscape else A4
        super().__init__(
            str(filename), pagesize=pagesize, leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=info.title,
            author=info.author or "SI Local", subject=info.subject, creator="SI Local", **kw)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.info = info
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])
        self.total_pages = 0

    def _on_page(self, canvas, doc):
        draw = _footer_factory(self.info)
        # Replace the %(total)s placeholder once the total is known (second pass).
        original = canvas.drawRightString

        def draw_right(x, y, text, *a, **k):
            return original(x, y, text.replace("%(total)s", str(self.total_pages or "?")), *a, **k)

        canvas.drawRightString = draw_right
        try:
            draw(canvas, doc)
        finally:
            canvas.drawRightString = original

    def afterPage(self):  # noqa: N802
        self._pages_seen = getattr(self, "_pages_seen", 0) + 1


def build_pdf(path: Path | str, info: DocumentInfo, story_factory) -> int:
    """Build the PDF at ``path`` from ``story_factory()`` (called twice); returns the page count.

    The file is written to a temporary name and renamed at the end: a failure never leaves a
    half-written PDF where the user expects one.
    """
    from ..safety import part_file

    with part_file(path) as tmp:  # a full disk: one line, no .part left
        doc = _Document(tmp, info)
        doc.build(story_factory())
        pages = doc._pages_seen
        doc = _Document(tmp, info)
        doc.total_pages = pages
        doc.build(story_factory())
    return pages


FRAME_PADDING = 6  # reportlab's default padding inside a Frame
CELL_PADDING = 3
CELL_FONT_SIZE = 8.5  # table cells (the "cell" and "head" styles)
NBSP = "\u00a0"
_BREAKS = re.compile(r"[ \t\n]+")  # where a line may break (not at a non-breaking space)


def frame_width(info: DocumentInfo) -> float:
    """The width a table or a drawing may take: the page between the margins, less the frame's
    padding on each side (a table as wide as the margins stuck out 6 pt on the right, past the
    rule of the header and footer)."""
    width = (landscape(A4) if info.landscape else A4)[0]
    return width - 2 * MARGIN_SIDE - 2 * FRAME_PADDING


def frame_top(info: DocumentInfo) -> float:
    """The height on the page of the top of the first thing drawn in the frame."""
    height = (landscape(A4) if info.landscape else A4)[1]
    return height - MARGIN_TOP - FRAME_PADDING


def nobreak(text: str | None) -> str:
    """The text with non-breaking spaces: a phone number stays on one line."""
    return (text or "").strip().replace(" ", NBSP)


@lru_cache(maxsize=65536)
def word_width(word: str, font: str = FONT, size: float = CELL_FONT_SIZE) -> float:
    """Width of a word, remembered: tables repeat the same words, and measuring is slow."""
    register_fonts()
    return stringWidth(word, font, size)


def longest_word(text: str, font: str, size: float) -> float:
    """Width of the longest piece of ``text`` that cannot be broken across lines."""
    return max((word_width(w, font, size) for w in _BREAKS.split(text) if w), default=0.0)


def cell_min_width(value: object, font: str = FONT, size: float = CELL_FONT_SIZE,
                   padding: float = 2 * CELL_PADDING) -> float:
    """The narrowest a column can be for ``value`` to print without a word cut in two."""
    if isinstance(value, Paragraph):
        return value.minWidth() + padding
    if isinstance(value, Flowable):
        return getattr(value, "width", 0) + padding
    return longest_word("" if value is None else str(value), font, size) + padding


def fit_widths(weights: list[float], total_width: float, minimums: list[float]) -> list[float]:
    """Column widths in proportion to ``weights`` over ``total_width``, none narrower than its
    minimum: what a column needs is taken from the others, in proportion to their weights. When
    even the minimums do not fit, the widths follow the minimums (words are then cut, never run
    off the page)."""
    count = len(weights)
    mins = [min(m, total_width) for m in minimums] + [0.0] * (count - len(minimums))
    if sum(mins) >= total_width:
        return [total_width * m / sum(mins) for m in mins]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(count) if i not in fixed]
        if not free:
            break
        remaining = total_width - sum(fixed.values())
        weight = sum(weights[i] for i in free) or 1
        widths = {i: remaining * weights[i] / weight for i in free}
        short = [i for i in free if widths[i] < mins[i]]
        if not short:
            fixed.update(widths)
            break
        for i in short:
            fixed[i] = mins[i]
    result = [fixed[i] for i in range(count)]
    spare = total_width - sum(result)
    if spare > 0.01:  # every column at its minimum: share what is left
        result = [w + spare / count for w in result]
    return result


def empty_row(rows: list[list[object]], header: bool, empty: str | None, count: int):
    """The row that says a table has nothing in it (spans every column), or None."""
    if empty is None or len(rows) > (1 if header else 0):
        return None
    return [Paragraph(escape(empty), styles()["cell_muted"])] + [""] * (count - 1)


class Table(_PlatypusTable):
    """A table that never leaves one row alone at a page break: at least two rows under the
    heading row at the bottom of a page, and at least two on the next page (a lone last row of a
    list on its own page is easy to lose)."""

    MIN_ROWS = 2

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab naming)
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        first = len(parts[0]._cellvalues) - head
        rest = len(parts[1]._cellvalues) - head
        if first < self.MIN_ROWS:
            # the heading row and a single row at the bottom of a page: the whole table moves to
            # the next page (when two rows surely fit on a page)
            if sum(self._rowHeights[:head + self.MIN_ROWS]) < A4[1] / 3:
                return []
            return parts
        if rest >= self.MIN_ROWS or first - (self.MIN_ROWS - rest) < self.MIN_ROWS:
            return parts
        keep = head + first - (self.MIN_ROWS - rest)  # rows left on this page
        moved = super().split(availWidth, sum(self._rowHeights[:keep]) + 0.01)
        return moved if len(moved) == 2 else parts


def table(rows: list[list[object]], widths: list[float] | None = None, *, total_width: float,
          header: bool = True, zebra: bool = True, style_extra: list | None = None,
          repeat_header: bool = True, empty: str | None = None) -> Table:
    """A table that fits the frame: cells become wrapped paragraphs; ``widths`` are relative
    (a column is widened when one of its words would not fit). ``empty``: what to say, on a row
    across the table, when there is no row under the header."""
    st = styles()
    count = max(len(r) for r in rows) if rows else 1
    weights = list(widths or [1] * count)
    notice_row = empty_row(rows, header, empty, count)
    mins = [0.0] * count
    for index, row in enumerate(rows):
        bold = header and index == 0
        for col, value in enumerate(row):
            mins[col] = max(mins[col], cell_min_width(value, FONT_BOLD if bold else FONT))
    col_widths = fit_widths(weights, total_width, mins)
    data = []
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                style = st["head"] if header and index == 0 else st["cell"]
                cells.append(Paragraph(escape("" if value is None else str(value)).replace("\n", "<br/>"), style))
        cells += [""] * (count - len(cells))
        data.append(cells)
    if notice_row:
        data.append(notice_row)
    t = Table(data, colWidths=col_widths, repeatRows=1 if header and repeat_header else 0,
              hAlign="LEFT")
    t.setStyle(TableStyle(table_style(len(data), header, zebra, bool(notice_row))
                          + (style_extra or [])))
    return t


def table_style(row_count: int, header: bool = True, zebra: bool = True,
                spans_notice: bool = False, plain_cells: bool = False) -> list:
    """The style commands every table of our documents shares: grid, padding, the header band,
    zebra rows, the "nothing yet" row spanning the table (``spans_notice``: the last row is the
    one :func:`empty_row` made). ``plain_cells``: font commands for cells given as plain strings
    rather than paragraphs."""
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if plain_cells:
        commands += [("FONTNAME", (0, 0), (-1, -1), FONT),
                     ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
                     ("LEADING", (0, 0), (-1, -1), 10.5)]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), PRIMARY))
    if zebra:
        start = 1 if header else 0
        commands += [("BACKGROUND", (0, r), (-1, r), LIGHT)
                     for r in range(start, row_count) if (r - start) % 2 == 1]
    if spans_notice:
        commands.append(("SPAN", (0, row_count - 1), (-1, row_count - 1)))
    return commands


class ContinuedHeading(Flowable):
    """A heading that says what it continues when it lands at the top of a page: on paper, a
    page that starts with « Retour à la normale » must still say which scenario it belongs to.

    Both texts are laid out; the one drawn is chosen at drawing time, from where the heading
    ends up on the page (``top``: see :func:`frame_top`)."""

    def __init__(self, text: str, continued: str, style: str, top: float):
        super().__init__()
        st = styles()[style]
        self.style = st
        self.normal = Paragraph(escape(text), st)
        self.continued = Paragraph(escape(continued), st)
        self.top = top

    def wrap(self, avail_width, avail_height):
        heights = [f.wrap(avail_width, avail_height)[1] for f in (self.normal, self.continued)]
        self.width, self.height = avail_width, max(heights)
        return self.width, self.height

    def getSpaceBefore(self):  # noqa: N802 (reportlab naming)
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def draw(self):
        _x, top = self.canv.absolutePosition(0, self.height)
        at_top = top >= self.top - 1
        chosen = self.continued if at_top else self.normal
        chosen.drawOn(self.canv, 0, self.height - chosen.height)


class CheckBox(Flowable):
    """An empty square to tick with a pen."""

    def __init__(self, size: float = 3.6 * mm):
        super().__init__()
        self.size = size
        self.width = self.height = size

    def draw(self):
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size)


class WriteLine(Flowable):
    """A blank line to write on (time, name, signature)."""

    def __init__(self, width: float = 25 * mm, height: float = 5 * mm):
        super().__init__()
        self.width = width
        self.height = height

    def draw(self):
        self.canv.setLineWidth(0.4)
        self.canv.setStrokeColor(MUTED)
        self.canv.line(0, 1, self.width, 1)


def key_values(pairs: list[tuple[str, object]], total_width: float) -> Table:
    """A two-column table of labels and values, without header (an empty value prints « — »)."""
    st = styles()
    rows = [[Paragraph(escape(k), st["cell_bold"]),
             Paragraph(escape("—" if v is None or v == "" else str(v)), st["cell"])]
            for k, v in pairs]
    return table(rows, [1, 2.6], total_width=total_width, header=False, zebra=False)


__all__ = [
    "A4", "CheckBox", "CondPageBreak", "ContinuedHeading", "DocumentInfo", "KeepTogether",
    "PageBreak", "Spacer", "Table", "WriteLine", "build_pdf", "cell_min_width", "empty_row",
    "fit_widths", "frame_top", "frame_width", "heading", "key_values", "markup", "mm", "nobreak", "p", "styles",
    "table", "word_width",
]
