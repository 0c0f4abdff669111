"""Tables of the printed documents (reports/common.py): column widths that keep words whole, no
row left alone at a page break, an empty table that says so. Read back from real PDFs."""

from __future__ import annotations

import re

from pypdf import PdfReader

from print_checks import cut_cells
from si_local.core.reports.common import (
    DocumentInfo, Spacer, build_pdf, fit_widths, frame_width, mm, table,
)


def test_fit_widths_keeps_the_proportions_when_every_word_fits():
    assert fit_widths([1, 3], 400, [10, 10]) == [100, 300]


def test_fit_widths_widens_a_narrow_column_at_the_expense_of_the_others():
    widths = fit_widths([1, 1, 2], 400, [150, 0, 0])
    assert widths[0] == 150 and abs(sum(widths) - 400) < 1e-6
    assert abs(widths[2] - 2 * widths[1]) < 1e-6  # the others keep their proportions


def test_fit_widths_follows_the_minimums_when_they_do_not_fit():
    widths = fit_widths([1, 1], 100, [90, 30])
    assert abs(sum(widths) - 100) < 1e-6 and abs(widths[0] - 3 * widths[1]) < 1e-6


def test_a_narrow_column_is_widened_for_its_longest_word(tmp_path):
    info = DocumentInfo(title="Essai")
    width = frame_width(info)
    rows = [["Nom", "Fréquence", "Adresse électronique"],
            ["Astreinte", "24 h", "astreinte.informatique@hopital-deux-rives.example"]]
    t = table(rows, [3, 0.4, 0.6], total_width=width)
    assert cut_cells([t]) == []
    out = tmp_path / "t.pdf"
    build_pdf(out, info, lambda: [table(rows, [3, 0.4, 0.6], total_width=width)])
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "astreinte.informatique@hopital-deux-rives.example" in text
    assert "Fréquence" in text


def test_an_empty_table_says_so_across_its_columns(tmp_path):
    info = DocumentInfo(title="Essai")
    out = tmp_path / "t.pdf"
    build_pdf(out, info, lambda: [table([["Nom", "Rôle", "Téléphone"]], total_width=frame_width(info),
                                        empty="Aucun contact pour l’instant.")])
    text = re.sub(r"\s+", " ", PdfReader(str(out)).pages[0].extract_text())
    assert "Nom Rôle Téléphone Aucun contact pour l’instant." in text


def _rows_per_page(path) -> list[int]:
    return [len(re.findall(r"\bligne \d+\b", page.extract_text()))
            for page in PdfReader(str(path)).pages]


def test_no_row_is_left_alone_at_a_page_break(tmp_path):
    """Whatever the room left above the table, a page never holds a single row of it."""
    info = DocumentInfo(title="Essai")
    width = frame_width(info)
    rows = [["N°", "Libellé"]] + [[str(i), f"ligne {i}"] for i in range(1, 41)]
    seen = set()
    for above in range(60, 250, 6):
        out = tmp_path / f"t{above}.pdf"
        build_pdf(out, info, lambda above=above: [Spacer(1, above * mm), table(rows, [1, 5], total_width=width)])
        counts = [n for n in _rows_per_page(out) if n]
        assert sum(counts) == 40
        assert min(counts) >= 2, (above, counts)
        seen.add(tuple(counts))
    assert len(seen) > 5  # the break fell at many different rows


def test_radar_legend_of_ten_facilities_wraps_inside_the_page(tmp_path):
    """Ten long facility names: every legend entry is printed, none past the right edge."""
    from reportlab.lib import colors

    from si_local.core.reports.common import heading
    from si_local.core.reports.diagnostic import radar_drawing

    names = [f"Maison d’accueil spécialisée numéro {n} de Haute-Combraille" for n in range(10)]
    series = [(name, [1 + n % 3] * 7, colors.black, "dash" if n else "fill")
              for n, name in enumerate(names)]
    info = DocumentInfo(title="Radar", facility="Test", landscape=True)
    width = frame_width(info)
    path = tmp_path / "radar.pdf"
    build_pdf(path, info, lambda: [heading("Radar"), radar_drawing(
        [f"{k}. Dimension" for k in range(1, 8)], series, width, 120 * mm)])
    text = PdfReader(path).pages[0].extract_text()
    flat = re.sub(r"\s+", " ", text)
    for name in names:
        assert name in flat, name
    drawing = radar_drawing([f"{k}. Dimension" for k in range(1, 8)], series, width, 120 * mm)
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for item in drawing.contents:
        if isinstance(item, String) and item.text in names:
            assert 0 <= item.x and item.x + stringWidth(item.text, item.fontName, item.fontSize) <= width
