"""French typography at the source: a no-break space before ; : ? ! » and after « in every French
msgstr, in the questionnaires, the plan templates and the demo's texts (tools/typography.py), so
that no line of a window or of a PDF starts with one of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import typography  # noqa: E402

from si_local.core.i18n import load_catalogue  # noqa: E402

SIGNS = ";:?!»"


def test_the_tool_finds_nothing_to_fix():
    found = typography.check()
    assert not found, ("texts without a no-break space (run python tools/typography.py --fix):\n"
                       + "\n".join(found[:40]))


def test_the_tool_runs_from_the_command_line():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "typography.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]


def test_every_french_msgstr_has_no_break_spaces():
    catalogue = load_catalogue("fr")
    texts = [*catalogue.items(), *((source, form) for source, forms in catalogue.plurals.items()
                                   for form in forms)]  # msgstr[0], msgstr[1]… too
    bad = {source: text for source, text in texts
           if any(f" {sign}" in text for sign in SIGNS) or "« " in text}
    assert not bad, list(bad.values())[:20]


def test_the_fix_keeps_layout_and_msgids(tmp_path):
    po = ('msgid "Name: « {x} »?"\nmsgstr ""\n"Nom : « {x} »"\n" ? Oui ; non !"\n\n'
          'msgid "a"\nmsgstr[0] "un « b »"\nmsgstr[1] "des « b »"\n')
    fixed, wrong = typography.fix_po(po)
    assert len(wrong) == 3
    assert fixed.splitlines()[0] == 'msgid "Name: « {x} »?"'
    assert fixed.splitlines()[2] == '"Nom\u00a0: «\u00a0{x}\u00a0»"'
    assert fixed.splitlines()[3] == '"\u00a0? Oui\u00a0; non\u00a0!"'
    assert typography.fix_po(fixed) == (fixed, [])
    source = 'SQL = "UPDATE t SET a = ?"\n\n\ndef f():\n    """Docstring « x »: here."""\n    return "Nom : x"\n'
    fixed, wrong = typography.fix_python(source)
    assert wrong == ['"Nom : x"']
    assert fixed == source.replace('"Nom : x"', '"Nom\u00a0: x"')


@pytest.mark.parametrize("document", ["pca", "diagnostic"])
def test_no_pdf_line_starts_with_a_closing_sign(demo_path, tmp_path, capsys, document):
    from si_local import cli

    pdf = tmp_path / f"{document}.pdf"
    assert cli.main(["print", document, "--db", str(demo_path), "-o", str(pdf)]) == 0, \
        capsys.readouterr().err
    bad = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        for line in page.extract_text().splitlines():
            text = line.strip()
            if text and (text[0] in SIGNS or text[-1] == "«"):
                bad.append(f"page {number}: {text}")
    assert not bad, bad[:20]
