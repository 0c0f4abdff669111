"""Everything a user can type prints (issue 14): every text field at its limit, mark-up-like,
right-to-left, emoji, control characters, long words, in every printed document, read back
with pypdf. Built in this process through the core functions (the command line runs the same
code; tests/cli covers it)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from print_checks import pdf_pages
from stress_text import (
    CONTROL, EMOJI, FLAG_THAI, MARKUP, RTL, TRICKY, WORD40, fill, print_everything, set_value,
    stress, text_fields,
)

TODAY = dt.date(2026, 11, 23)
DOCUMENTS = ("pca", "diagnostic", "training", "attendance", "invitations", "group")


def squeezed(text: str) -> str:
    """``text`` without what a PDF reader may move or drop: white space, right-to-left letters
    (readers put them in display order), combining and invisible marks."""
    return "".join(ch for ch in text if not ch.isspace()
                   and unicodedata.bidirectional(ch) not in ("R", "AL", "AN", "NSM")
                   and unicodedata.category(ch) not in ("Mn", "Me", "Cf", "Cc"))


def pages_of(path) -> tuple[str, ...]:
    """The text of each page, read once per version of the file (a stressed plan has a hundred
    pages)."""
    return _pages(str(path), Path(path).stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _pages(path: str, _version: int) -> tuple[str, ...]:
    return tuple(pdf_pages(path))


def read(path) -> str:
    return squeezed(" ".join(pages_of(path)))


# --- the text as it can print --------------------------------------------------------------------

def test_a_character_the_fonts_lack_prints_as_its_code_and_a_flag_as_its_country():
    from si_local.core.reports.common import printable

    assert printable("✅ ไทย 中") == "[U+2705] [U+0E44][U+0E17][U+0E22] [U+4E2D]"
    assert printable("🇫🇷🇹🇭") == "[drapeau FR][drapeau TH]"
    assert printable("😀 é ש م") == "😀 é ש م"  # DejaVu Sans draws these
    # control characters go, every kind of line break is one, a tab is a space
    assert printable(CONTROL) == "abcde\nf\ng\nh i"


def test_mark_up_and_control_characters_print_as_typed(tmp_path):
    from si_local.core.reports.common import DocumentInfo, build_pdf, key_values, p, table

    typed = MARKUP + " " + CONTROL
    info = DocumentInfo(title="Essai", facility=typed)
    out = tmp_path / "typed.pdf"
    build_pdf(out, info, lambda: [p(typed), table([["Nom", "Valeur"], [typed, typed]],
                                                  total_width=400), key_values([(typed, typed)], 400)])
    text = " ".join(pdf_pages(out))
    # header, paragraph, two cells, label and value
    assert squeezed(text).count("<b>gras</b>&amp;<para>]]><i>x</i><br/>&lt;&#x41;") >= 6
    assert not set("\x00\x07\x1b\x7f") & set(text)  # no box for a control character
    assert "abcde\nf\ng\nh i" in text  # every kind of line break is one (\r\n, \x85, \u2028)


# --- every field at its maximum ------------------------------------------------------------------

NOTE_END = "FINDELANOTE"
VM_NAME = "VM" + "x" * 196 + "99"  # a 200-character host name without a space


@pytest.fixture(scope="module")
def worst_case(tmp_path_factory, demo_template):
    """The demo with the worst text in every field of the first row of each table, each field
    at its limit; the step note of the issue (4,100 characters) and a VM name at its limit."""
    folder = tmp_path_factory.mktemp("worst")
    path = folder / "worst.sqlite"
    shutil.copy(demo_template, path)
    stress(path, lambda table, column, limit, row: fill(TRICKY, limit, f"{table}.{column}.{row}"),
           rows=1)
    set_value(path, "continuity_step", "note", fill(TRICKY, 4100 - len(NOTE_END), "NOTE") + NOTE_END)
    set_value(path, "vm", "name", VM_NAME)
    return print_everything(path, folder, TODAY, few=True)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_field_at_its_maximum_prints_and_reads_back(worst_case, name):
    text = read(worst_case[name])
    assert "<b>gras</b>&amp;<para>]]><i>x</i><br/>&lt;&#x41;<fontsize=40>" in text
    assert WORD40 in text
    assert "[drapeauFR][U+1F469]" in text and "😀" in text and "[U+2705]" in text
    assert "[drapeauFR][drapeauTH][U+0E42][U+0E23]" in text
    raw = " ".join(pages_of(worst_case[name]))
    assert set("שלוםمرحبا") <= set(raw)  # right-to-left letters print (in their typed order)
    assert not set("\x00\x07\x1b\x7f") & set(raw)


def test_a_long_note_is_cut_in_its_cell_and_printed_whole_in_the_annex(worst_case):
    pages = pages_of(worst_case["pca"])
    flat = re.sub(r"\s+", " ", " ".join(pages))
    assert "suite en annexe A1" in flat
    annex = next(i for i, page in enumerate(pages) if "Annexe : textes en entier" in page)
    body, end = squeezed(" ".join(pages[:annex])), squeezed(" ".join(pages[annex:]))
    # the 4,100-character step note: cut in the checklist, whole in the annex
    assert NOTE_END not in body and NOTE_END in end
    assert "Remarquedel’étape1" in end
    assert VM_NAME in squeezed(flat)  # the 200-character host name, split in its cell


# --- long words, the facility's name -------------------------------------------------------------

def test_a_long_word_in_every_field_prints(tmp_path, demo_template):
    path = tmp_path / "words.sqlite"
    shutil.copy(demo_template, path)
    # every row: the 7-column checklist of the plan with a 40-letter word in each cell
    stress(path, lambda table, column, limit, row: f"{row} {WORD40} {WORD40}"[:limit])
    stress(path, lambda table, column, limit, row: f"{row}" + "h" * (limit - 4) + ".fr", rows=1)
    for name, pdf in print_everything(path, tmp_path, TODAY, few=True).items():
        text = read(pdf)
        assert WORD40 in text, name
        assert "1" + "h" * 196 + ".fr" in text, name


def test_a_flag_and_thai_facility_name_prints_in_the_diagnostic_report(tmp_path, demo_path):
    from si_local.core.db import open_database
    from si_local.core.reports.diagnostic import print_campaign

    set_value(demo_path, "facility", "name", FLAG_THAI)
    db = open_database(demo_path, create=False)
    try:
        print_campaign(db, tmp_path / "d.pdf", None, TODAY)
    finally:
        db.close()
    first = re.sub(r"\s+", " ", pdf_pages(tmp_path / "d.pdf")[0])
    assert ("Établissement [drapeau FR][drapeau TH] [U+0E42][U+0E23][U+0E07][U+0E1E][U+0E22]"
            in first)


def _header(pdf, number: int) -> tuple[float, float]:
    """Where the left part of the page header ends and where its right part starts."""
    from si_local.core.reports.common import FONT

    page = PdfReader(str(pdf)).pages[number]
    line = float(page.mediabox.height) - 12 * 72 / 25.4
    spans: dict[float, list] = {}

    def visit(text, cm, tm, font, size):
        if text and abs(tm[5] - line) < 1:
            spans.setdefault(round(tm[4], 1), []).append((text.rstrip("\n"), size))

    page.extract_text(visitor_text=visit)
    (left, pieces), (right, _p) = sorted(spans.items())
    text, size = "".join(t for t, _s in pieces), pieces[0][1]
    return left + stringWidth(text, FONT, size), right


@pytest.mark.parametrize("document", ["pca", "diagnostic", "training"])
def test_a_long_facility_name_fits_the_page_header(tmp_path, demo_path, document):
    from si_local.core.db import open_database
    from si_local.core.reports import continuity as pca
    from si_local.core.reports import diagnostic, training

    name = ("Centre hospitalier intercommunal et établissement d’hébergement pour personnes âgées "
            "dépendantes des Deux-Rives, de la vallée et des coteaux, site principal ") * 2
    name = name[:196] + " FIN"
    set_value(demo_path, "facility", "name", name)
    out = tmp_path / f"{document}.pdf"
    db = open_database(demo_path, create=False)
    try:
        {"pca": lambda: pca.print_plan(db, out, TODAY),
         "diagnostic": lambda: diagnostic.print_campaign(db, out, None, TODAY),
         "training": lambda: training.print_plan(db, out, TODAY)}[document]()
    finally:
        db.close()
    for number in (0, 1):
        end, right = _header(out, number)
        assert end < right - 10, (number, end, right)  # the version and date stay clear
    header = pdf_pages(out)[1].splitlines()[0]
    if document != "training":  # in landscape, the name fits in smaller type
        assert "…" in header and "FIN" not in header
    assert squeezed(name) in squeezed(pdf_pages(out)[0])  # whole on the first page


# --- any text ------------------------------------------------------------------------------------

PIECES = [MARKUP, RTL, EMOJI, CONTROL, WORD40, FLAG_THAI, "<", "&", "]]>", "<para>", "\n",
          "\r\n", "\t", "\u202e", "\u200f", "中文", "🇧🇪", "\x00", "'\"", "%(x)s", "{0}"]
any_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30),
                              st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=40,
                                      max_size=220)),
                    min_size=1, max_size=12).map("".join)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("any")


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          phases=(Phase.explicit, Phase.generate),  # no shrinking: an example takes seconds
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=any_text, whole=st.booleans())
def test_any_text_in_every_field_prints(folder, demo_template, text, whole):
    """Generated text in every text field (the first row of each table), as typed or repeated
    up to the field's limit when it is short (``whole``); every document prints and the
    facility's name reads back."""
    path = folder / "any.sqlite"
    shutil.copy(demo_template, path)
    fields = text_fields()

    def value(table, column, limit, row):
        typed = f"{column[:2]}{row} {text}"
        if whole and limit <= 200:
            typed = (typed * (limit // len(typed) + 1))
        return typed[:limit]

    stress(path, value, fields, rows=1)
    out = print_everything(path, folder, TODAY, few=True)
    from si_local.core.reports.common import printable

    expected = squeezed(printable(value("facility", "name", 200, 1)))
    for name in ("pca", "diagnostic", "training", "attendance"):
        assert expected in read(out[name]), name
