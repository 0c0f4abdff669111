"""The sign-in sheet (feuille d'émargement) every printed list of people to sign shares: the
training sessions' and the crisis exercises' (a title, the details, one numbered line per person
with room to sign, blank lines for people who come unannounced, two boxes to sign at the end)."""

from __future__ import annotations

from reportlab.platypus import TableStyle

from ..i18n import _
from .common import GRID, KeepTogether, Spacer, Table, key_values, mm, p, table

SIGN_HEIGHT = 9 * mm


def sign_in_sheet(details: list[tuple[str, str]], headings: list[str], rows: list[list[str]],
                  blank: int, widths: list[float], width: float, note: str,
                  boxes: tuple[str, str]) -> list:
    """The flowables of one sheet: ``rows`` hold the columns of ``headings`` (their relative
    ``widths``), a number before them and the signature after; ``blank`` empty lines follow."""
    out: list = [p(_("Sign-in sheet"), "title")]
    out.append(key_values(details, width))
    out.append(Spacer(1, 4 * mm))
    lines: list[list[object]] = [["#", *headings, _("Signature")]]
    for index, row in enumerate(rows, start=1):
        lines.append([str(index), *row, Spacer(1, SIGN_HEIGHT)])
    for index in range(blank):
        lines.append([str(len(rows) + index + 1), *([""] * len(headings)), Spacer(1, SIGN_HEIGHT)])
    out.append(table(lines, [0.35, *widths, 3.0], total_width=width, zebra=False,
                     style_extra=[("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    out.append(Spacer(1, 3 * mm))
    out.append(p(note, "small"))
    out.append(Spacer(1, 5 * mm))
    box = Table([[p(boxes[0], "cell_bold"), p(boxes[1], "cell_bold")],
                 [Spacer(1, 16 * mm), ""]], colWidths=[width / 2, width / 2])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GRID),
                             ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
                             ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(KeepTogether([box]))
    return out
