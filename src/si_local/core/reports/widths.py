"""Column widths of the printed tables: in proportion to their weights, none narrower than its
longest word (see :mod:`.common`, which re-exports these names)."""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from .fonts import FONT, FONT_BOLD, register_fonts
from .text import printable

CELL_PADDING = 3
CELL_FONT_SIZE = 8.5  # table cells (the "cell" and "head" styles)
_BREAKS = re.compile(r"[ \t\n]+")  # where a line may break (not at a non-breaking space)


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
    return longest_word(printable(value), font, size) + padding


LONG_WORD = 0.6  # a column is widened for a word (an e-mail address) up to this share of the width


def column_widths(rows: list[list[object]], weights: list[float], total_width: float,
                  header: bool, padding: float = 2 * CELL_PADDING) -> list[float]:
    """Widths in proportion to ``weights``, widened where a word would not fit (see
    :func:`fit_widths`): a column is as wide as its longest word, up to :data:`LONG_WORD` of the
    table (a longer word, a 200-character host name, is split in its cell). Drawn flowables (a
    box to tick, a line to write on) always keep their width."""
    count = len(weights)
    mins, floors = [0.0] * count, [0.0] * count
    cap = LONG_WORD * total_width
    for index, row in enumerate(rows):
        font = FONT_BOLD if header and index == 0 else FONT
        for col, value in enumerate(row[:count]):
            need = cell_min_width(value, font, CELL_FONT_SIZE, padding)
            if isinstance(value, Flowable) and not isinstance(value, Paragraph):
                mins[col] = max(mins[col], need)
                floors[col] = max(floors[col], need)
            else:
                mins[col] = max(mins[col], min(need, cap))
    return fit_widths(weights, total_width, mins, floors)


def fit_widths(weights: list[float], total_width: float, minimums: list[float],
               floors: list[float] | None = None) -> list[float]:
    """Column widths in proportion to ``weights`` over ``total_width``, none narrower than its
    minimum: what a column needs is taken from the others, in proportion to their weights.

    When even the minimums do not fit: without ``floors``, the widths follow the minimums; with
    ``floors`` (what a column cannot do without: a box to tick, 0 for words), every column whose
    words are shorter than some width W keeps them whole, and the columns of longer words get W
    each, the largest W that fits (their words are split there, never run off the page)."""
    count = len(weights)
    mins = [min(m, total_width) for m in minimums] + [0.0] * (count - len(minimums))
    if sum(mins) >= total_width:
        return _squeezed_widths(total_width, mins, floors, count)
    return _weighted_widths(weights, total_width, mins, count)


def _squeezed_widths(total_width: float, mins: list[float], floors: list[float] | None,
                     count: int) -> list[float]:
    """The widths when the minimums do not fit (see :func:`fit_widths`)."""
    if floors is None:
        return [total_width * m / sum(mins) for m in mins]
    lows = [min(f, m) for f, m in zip(list(floors) + [0.0] * count, mins)]
    if sum(lows) >= total_width:
        return [total_width * f / sum(lows) for f in lows]

    def widths_at(level: float) -> list[float]:
        return [max(low, min(m, level)) for low, m in zip(lows, mins)]

    low_level, high_level = 0.0, max(mins)
    for _step in range(60):  # the level where the widths fill the table exactly
        middle = (low_level + high_level) / 2
        if sum(widths_at(middle)) > total_width:
            high_level = middle
        else:
            low_level = middle
    result = widths_at(low_level)
    spare = total_width - sum(result)
    return [w + spare / count for w in result]


def _weighted_widths(weights: list[float], total_width: float, mins: list[float],
                     count: int) -> list[float]:
    """The widths when the minimums fit: in proportion to the weights, a column too narrow
    set at its minimum and the others shared again."""
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
