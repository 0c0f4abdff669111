"""The group report as it looks on paper, read back with pypdf: French day counts, no word cut
by a narrow column."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from print_checks import available_width, cut_cells, pdf_text, too_wide
from si_local.core.demo.group import build_group_bundles
from si_local.core.group.consolidation import consolidate
from si_local.core.reports import group as report
from si_local.core.reports.common import DocumentInfo, frame_width

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    return build_group_bundles(tmp_path_factory.mktemp("bundles"), TODAY)


def test_day_counts_are_french_and_no_word_is_cut(bundles, tmp_path):
    c = consolidate(bundles, TODAY)
    out = tmp_path / "groupe.pdf"
    report.print_group(c, out, TODAY)
    text = pdf_text(out)
    # bundles of the day: « 0 jour » (never « 0 jours »); older tests keep the plural
    assert re.search(r"\b0 jour\b", text) and not re.search(r"\b0 jours", text)
    assert "412 jours" in text and "67 jours" in text
    assert "11/11/2026" in text and "07/10/2026" in text  # each bundle with its own date
    assert "Scores de 0 à 4." in text
    info = DocumentInfo(title="", landscape=True)
    story = report._story(c, frame_width(info))
    assert cut_cells(story) == []
    assert too_wide(story, available_width(info)) == []


def test_day_counts_in_english(bundles, tmp_path, english):
    c = consolidate(bundles, TODAY)
    out = tmp_path / "group.pdf"
    report.print_group(c, out, TODAY)
    text = pdf_text(out)
    assert re.search(r"\b0 days", text) and "412 days" in text
