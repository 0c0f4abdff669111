"""What every printed document shares: fonts, styles, page frame, tables that fit the page.

Every page carries the document title, the facility, the version and date, and "page X of Y".
Tables are built with :func:`table`, which wraps every cell in a Paragraph and spreads column
widths over the frame, so a long value wraps instead of running off the page; a column is never
narrower than its longest word (:func:`fit_widths`), so a word, a date or a phone number (written
with :func:`nobreak`) is never cut in the middle. Headings are kept with what follows them
(``keepWithNext``). DejaVu Sans is embedded so every accent prints.

Everything a user typed prints, whatever it holds (see docs/ARCHITECTURE.md, "Printed
documents"): every value goes through :func:`printable` (control characters out, line breaks
kept, a character the embedded fonts lack shown as « [U+0E44] » or « [drapeau FR] ») and, in a
paragraph, :func:`esc` (XML escaping for reportlab's parser). A word wider than its column is
split in the cell (a column is widened for a word, but never past :data:`LONG_WORD`); a cell
longer than :data:`CUT_LINES` lines is cut with « … suite en annexe A1 » and printed whole in an
annex at the end of the document (:func:`with_annex`); a row taller than a page continues on the
next one; the page header is shrunk or cut with « … » to its room (:func:`fit_line`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageBreak, PageTemplate,
    Paragraph, Spacer, TableStyle,
)
from reportlab.platypus import Table as _PlatypusTable

from ..i18n import _, format_date
from .. import clock
from .fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts  # noqa: F401
from .text import esc, printable  # noqa: F401
from .widths import (  # noqa: F401
    _BREAKS, CELL_FONT_SIZE, CELL_PADDING, LONG_WORD, cell_min_width, column_widths, fit_widths,
    longest_word, word_width,
)


PRIMARY = colors.HexColor("#1F4E79")
LIGHT = colors.HexColor("#E8EEF5")
GRID = colors.HexColor("#9AA9B8")
MUTED = colors.HexColor("#555555")
WARN = colors.HexColor("#B03A2E")

MARGIN_SIDE = 16 * mm  # left and right margins of every page
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_PADDING = 6  # reportlab's default padding inside a Frame
NBSP = "\u00a0"


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
    """A paragraph of plain text (see :func:`esc`; line breaks kept)."""
    return Paragraph(esc(text), styles()[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph holding reportlab mark-up (<b>, <i>, <br/>): every user value in it goes
    through :func:`esc`."""
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


HEADER_SIZE = 7.5  # the line at the top of every page
HEADER_MIN_SIZE = 6  # it is made smaller down to this size, then cut with « … »
HEADER_GAP = 6 * mm  # between the facility and title (left) and the version and date (right)
ELLIPSIS = "…"


def cut_to_width(text: str, width: float, font: str = FONT, size: float = HEADER_SIZE) -> str:
    """``text`` (one line) as is when it fits ``width``, else cut with « … » to fit."""
    if stringWidth(text, font, size) <= width:
        return text
    room = width - stringWidth(ELLIPSIS, font, size)
    low, high = 0, len(text)  # the longest start of the text that fits
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle], font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def fit_line(text: str, width: float, font: str = FONT, size: float = HEADER_SIZE,
             smallest: float = HEADER_MIN_SIZE) -> tuple[str, float]:
    """``text`` on one line within ``width``: (text, font size), the size made smaller (down
    to ``smallest``), then the text cut with « … »."""
    text = " ".join(printable(text).split())
    need = stringWidth(text, font, size)
    if need <= width:
        return text, size
    smaller = max(smallest, math.floor(size * width / need * 10) / 10)
    return cut_to_width(text, width, font, smaller), smaller


def header_line(facility: str, title: str, width: float) -> tuple[str, float]:
    """The left part of the page header, « facility — title », and its font size, within
    ``width``: smaller type first; then the facility is cut (the title keeps at least half the
    room), then the title (the full names are on the title page)."""
    facility = " ".join(printable(facility).split())
    title = " ".join(printable(title).split())
    whole = f"{facility} — {title}" if facility else title
    text, size = fit_line(whole, width)
    if not text.endswith(ELLIPSIS) or not facility:
        return text, size
    dash = stringWidth(" — ", FONT, size)
    title_width = min(stringWidth(title, FONT, size), (width - dash) / 2)
    name = cut_to_width(facility, width - dash - title_width, FONT, size)
    rest = cut_to_width(title, width - dash - stringWidth(name, FONT, size), FONT, size)
    return f"{name} — {rest}", size


def _footer_factory(info: DocumentInfo):
    def draw(canvas, doc):
        canvas.saveState()
        width, height = doc.pagesize
        canvas.setFont(FONT, HEADER_SIZE)
        canvas.setFillColor(MUTED)
        bits = []
        if info.version:
            bits.append(_("Version {version}").format(version=info.version))
        bits.append(format_date(info.date))
        right = " — ".join(bits)
        room = (width - doc.leftMargin - doc.rightMargin
                - stringWidth(right, FONT, HEADER_SIZE) - HEADER_GAP)
        top, size = header_line(info.facility, info.title, room)
        canvas.setFont(FONT, size)
        canvas.drawString(doc.leftMargin, height - 12 * mm, top)
        canvas.setFont(FONT, HEADER_SIZE)
        canvas.drawRightString(width - doc.rightMargin, height - 12 * mm, right)
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
    """Build the PDF at ``path`` from ``story_factory()`` (called twice, each time through
    :func:`with_annex`); returns the page count.

    The file is written to a temporary name and renamed at the end: a failure never leaves a
    half-written PDF where the user expects one.
    """
    from ..output_file import part_file

    with part_file(path) as tmp:  # a full disk: one line, no .part left
        doc = _Document(tmp, info)
        doc.build(with_annex(story_factory))
        pages = doc._pages_seen
        doc = _Document(tmp, info)
        doc.total_pages = pages
        doc.build(with_annex(story_factory))
    return pages


# --- long texts: cut in their cell, printed whole in an annex ------------------------------------

CUT_LINES = 20  # a table cell longer than this (about a quarter of a page) is cut
LABEL_LENGTH = 80  # characters of a row's name in the heading of its annex entry


@dataclass
class Annex:
    """The texts cut in the tables of one document, printed whole at its end."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (number, label, text)

    def add(self, label: str, text: str) -> str:
        number = _("A{number}").format(number=len(self.entries) + 1)
        self.entries.append((number, label, text))
        return number

    def flowables(self) -> list:
        if not self.entries:
            return []
        out: list = [PageBreak(), heading(_("Annex: texts in full"), 1),
                     p(_("The texts too long for their place in the document, printed whole; "
                         "each one is marked « continued in annex » where it is cut."), "muted")]
        # a text may be longer than a page: its heading is not kept with it (that would start
        # every long text on a new page), only never left alone at the foot of a page
        loose = ParagraphStyle("h3_loose", parent=styles()["h3"], keepWithNext=0)
        for number, label, text in self.entries:
            out.append(CondPageBreak(25 * mm))
            out.append(Paragraph(esc(f"{number}. {label}" if label else number), loose))
            out.append(p(text))
        return out


_ANNEX: ContextVar[Annex | None] = ContextVar("si_local_annex", default=None)


def with_annex(story_factory) -> list:
    """``story_factory()`` followed by the annex of the texts its tables cut (see :func:`clip`);
    outside of it, nothing is cut."""
    annex = Annex()
    token = _ANNEX.set(annex)
    try:
        story = list(story_factory())
    finally:
        _ANNEX.reset(token)
    return story + annex.flowables()


def clip(text: object, width: float, label: str = "", font: str = FONT,
         size: float = CELL_FONT_SIZE, lines: int = CUT_LINES) -> str:
    """``text`` (made :func:`printable`) as it goes in a cell ``width`` wide: whole when it takes
    at most ``lines`` lines, else its beginning and « … suite en annexe A1 », the whole text
    going to the annex of the document under ``label`` (see :func:`with_annex`)."""
    value = printable(text)
    annex = _ANNEX.get()
    if annex is None or len(value) < lines * 4 or width <= 0:
        return value
    used = 0
    kept: list[str] = []
    for part in value.split("\n"):
        # words do not fill their lines to the end: one line in ten is lost
        count = max(1, math.ceil(stringWidth(part, font, size) * 1.1 / width))
        if used + count > lines:
            room = lines - used
            if room > 0:
                cut = int(len(part) * room / count)
                piece = part[:cut]
                space = piece.rfind(" ")
                kept.append(piece[:space] if space > cut * 0.8 else piece)
            number = annex.add(label, value)
            return ("\n".join(kept).rstrip() + " " + ELLIPSIS + " "
                    + _("continued in annex {number}").format(number=number)).lstrip()
        used += count
        kept.append(part)
    return value


def _short(text: str, length: int = LABEL_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + ELLIPSIS


def _cell_text(value: object) -> str:
    if isinstance(value, Paragraph):
        return value.getPlainText()
    if isinstance(value, str):
        return printable(value)
    return ""


def cell_label(rows: list[list[object]], row: int, col: int, header: bool) -> str:
    """What names a cell in the annex: « column — row », the row named by its first cell that
    holds a word (not a number)."""
    bits = []
    if header and rows and col < len(rows[0]):
        bits.append(_cell_text(rows[0][col]))
    for index, value in enumerate(rows[row]):
        text = _cell_text(value)
        if index != col and re.search(r"[^\W\d_]", text):
            bits.append(_short(text))
            break
    return " — ".join(b for b in bits if b)




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


def empty_row(rows: list[list[object]], header: bool, empty: str | None, count: int):
    """The row that says a table has nothing in it (spans every column), or None."""
    if empty is None or len(rows) > (1 if header else 0):
        return None
    return [Paragraph(esc(empty), styles()["cell_muted"])] + [""] * (count - 1)


class Table(_PlatypusTable):
    """A table that never leaves one row alone at a page break: at least two rows under the
    heading row at the bottom of a page, and at least two on the next page (a lone last row of a
    list on its own page is easy to lose)."""

    MIN_ROWS = 2

    def __init__(self, data, *args, splitInRow=1, **kw):  # noqa: N803 (reportlab naming)
        # a row taller than the page continues on the next one (never "Flowable too large")
        super().__init__(data, *args, splitInRow=splitInRow, **kw)

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
    col_widths = column_widths(rows, weights, total_width, header)
    data = []
    for index, row in enumerate(rows):
        cells = []
        for col, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
            elif header and index == 0:
                cells.append(Paragraph(esc(value), st["head"]))
            else:
                text = clip(value, col_widths[col] - 2 * CELL_PADDING,
                            cell_label(rows, index, col, header))
                cells.append(Paragraph(esc(text), st["cell"]))
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
        self.normal = Paragraph(esc(text), st)
        self.continued = Paragraph(esc(continued), st)
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
    rows = [[Paragraph(esc(k), st["cell_bold"]), "—" if v is None or v == "" else str(v)]
            for k, v in pairs]
    return table(rows, [1, 2.6], total_width=total_width, header=False, zebra=False)


__all__ = [
    "A4", "CheckBox", "CondPageBreak", "ContinuedHeading", "DocumentInfo", "KeepTogether",
    "PageBreak", "Spacer", "Table", "WriteLine", "build_pdf", "cell_label", "cell_min_width",
    "clip", "column_widths", "empty_row", "esc", "fit_line", "fit_widths", "frame_top",
    "frame_width", "heading", "key_values", "markup", "mm", "nobreak", "p", "printable", "styles",
    "table", "with_annex", "word_width",
]
