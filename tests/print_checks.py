"""Checks on printed documents shared by the areas (``from print_checks import ...``).

``cut_cells`` looks at the tables of a story before it is built: a cell whose longest word (or,
for a plain string, whose line) is wider than its column would be cut in the middle of a word or
run outside its column on paper. ``too_wide`` lists the tables wider than the page's frame (they
stick out past the margin). ``body_lines`` reads a page of the real PDF back without its header
and footer; ``pdf_pages``, ``flat`` and ``pdf_text`` read the text of a real PDF back.
"""

from __future__ import annotations

import re

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

FUZZ = 0.5


def _tables(flowables):
    for f in flowables:
        if isinstance(f, Table):
            yield f
            for row in f._cellvalues:
                for value in row:
                    if isinstance(value, (list, tuple)):
                        yield from _tables(value)
                    elif isinstance(value, Flowable):
                        yield from _tables([value])
        for attr in ("_content", "_flowables"):
            inner = getattr(f, attr, None)
            if isinstance(inner, (list, tuple)):
                yield from _tables(inner)


def _spanned(table: Table) -> set[tuple[int, int]]:
    cells = set()
    rows, cols = len(table._cellvalues), len(table._colWidths)
    for _name, (c0, r0), (c1, r1) in table._spanCmds:
        c0, c1 = c0 % cols, c1 % cols
        r0, r1 = r0 % rows, r1 % rows
        cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    return cells


def cut_cells(flowables) -> list[tuple[int, int, str, float, float]]:
    """Every (row, column, text, needed width, available width) of a cell that does not fit."""
    found = []
    for table in _tables(flowables):
        spans = _spanned(table)
        for r, row in enumerate(table._cellvalues):
            for c, value in enumerate(row):
                if (r, c) in spans:
                    continue
                style = table._cellStyles[r][c]
                avail = table._colWidths[c] - style.leftPadding - style.rightPadding
                if isinstance(value, Paragraph):
                    need, text = value.minWidth(), value.getPlainText()
                elif isinstance(value, Flowable):
                    need, text = getattr(value, "width", 0), type(value).__name__
                elif isinstance(value, str):
                    need = max((stringWidth(line, style.fontname, style.fontsize)
                                for line in value.split("\n")), default=0)
                    text = value
                else:
                    continue
                if need > avail + FUZZ:
                    found.append((r, c, text, round(need, 1), round(avail, 1)))
    return found


def available_width(info) -> float:
    """The width inside the frame of a real document of ``info`` (margins and padding off)."""
    from si_local.core.reports.common import _Document

    doc = _Document("unused.pdf", info)
    return doc.pageTemplates[0].frames[0]._getAvailableWidth()


def too_wide(flowables, width: float) -> list[float]:
    """The widths of the top-level tables (and tables kept together) wider than ``width``."""
    found = []
    for f in flowables:
        tables = [f] if isinstance(f, Table) else [
            t for t in getattr(f, "_content", []) if isinstance(t, Table)]
        found += [round(sum(t._colWidths), 1) for t in tables if sum(t._colWidths) > width + FUZZ]
    return found


def body_lines(page_text: str) -> list[str]:
    """The lines of a page read back with pypdf, without the header and footer drawn first
    (facility — title, version — date, « SI Local ») nor the « Page X sur Y » drawn last."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    if "SI Local" in lines:
        lines = lines[lines.index("SI Local") + 1:]
    return [line for line in lines if not re.fullmatch(r"Page \d+ sur \d+", line)]


def pdf_pages(path) -> list[str]:
    """The text of each page of the PDF at ``path``, read back with pypdf."""
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def flat(pages: list[str]) -> str:
    """The pages as one line: every run of spaces and line breaks made a single space."""
    return re.sub(r"\s+", " ", " ".join(pages))


def pdf_text(path) -> str:
    """The whole text of the PDF at ``path`` on one line (see :func:`flat`)."""
    return flat(pdf_pages(path))
