"""`si-local print crisis-kit` as a user runs it, on the demo and on a new, empty file."""

from __future__ import annotations

from pypdf import PdfReader

from support import run_cli


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_print_crisis_kit_on_a_new_empty_database(tmp_path):
    from si_local.core.context import open_context

    path = tmp_path / "nouveau.sqlite"
    open_context(path).close()  # a new file, as the window creates it: nothing recorded yet
    pdf = tmp_path / "kit.pdf"
    done = run_cli("print", "crisis-kit", "--db", str(path), "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "Kit de crise écrit dans" in done.stdout
    text = _text(pdf)
    assert "7. Réflexes de la première heure" in text and "Directeur de crise" in text


def test_print_crisis_kit_on_the_demo(demo_path, tmp_path):
    pdf = tmp_path / "kit.pdf"
    done = run_cli("print", "crisis-kit", "--db", str(demo_path), "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    text = _text(pdf)
    assert "Laurent Morel" in text and "Support BioLien" in text
    missing = run_cli("print", "crisis-kit", "--db", str(tmp_path / "absent.sqlite"), "-o", str(pdf))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
