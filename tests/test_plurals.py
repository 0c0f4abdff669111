"""Plurals go through the catalogue's plural forms (« 1 page », « 2 pages », « 0 question »):
no « (s) », « (e) », « (es) » or « (x) » in any message, page or printed document."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from si_local.core.i18n import ngettext, set_language

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "si_local"
RESOURCES = ROOT / "resources"

# « ajouté(s) », « inscrit(e) », « nouveau(x) », « entr(y/ies) », « infirmier(ère) »…
PARENTHESISED = re.compile(r"[^\W\d_]\((?:s|e|es|x|ies|y/ies|ère|ere|ne|le|euse|rice)\)")

# Words the staff import recognises in people's own spreadsheets (« Infirmier(e) » typed in a
# profile column): read, never shown.
INPUT_WORDS = {("core/training/staff_csv.py", "_ALIASES")}


def _hits(texts) -> list[str]:
    return [text for text in texts if PARENTHESISED.search(text)]


def test_the_pattern_finds_what_it_must_and_only_that():
    assert _hits(["3 ajouté(s)", "inscrit(e)", "nouveau(x)", "entr(y/ies)", "Infirmier(ère)",
                  "référence(s) d’identifiant"]) == [
        "3 ajouté(s)", "inscrit(e)", "nouveau(x)", "entr(y/ies)", "Infirmier(ère)",
        "référence(s) d’identifiant"]
    assert _hits(["(s)", "Serveur (secours)", "f(x, y)", "{n} (encodage : UTF-8)", "3 (e-mail)"]) == []


def test_no_catalogue_entry_has_a_parenthesised_plural():
    found = []
    for po in sorted((RESOURCES / "i18n").rglob("*.po")):
        for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(("msgid", "msgstr", '"')) and PARENTHESISED.search(line):
                found.append(f"{po.relative_to(ROOT)}:{number}: {line}")
    assert not found, "\n".join(found)


def _exempt_ranges(path: Path, tree: ast.AST) -> list[tuple[int, int]]:
    rel = path.relative_to(SRC).as_posix()
    names = {name for where, name in INPUT_WORDS if where == rel}
    return [(node.lineno, node.end_lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in names for t in node.targets)]


def test_no_string_literal_of_the_code_has_a_parenthesised_plural():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = _exempt_ranges(path, tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and PARENTHESISED.search(node.value)
                    and not any(a <= node.lineno <= b for a, b in exempt)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:100]!r}")
    assert not found, "\n".join(found)


def test_no_shipped_text_has_a_parenthesised_plural():
    """Questionnaires, scenario templates and the other texts shipped in resources/."""
    found = []
    for path in sorted(RESOURCES.rglob("*")):
        if path.is_file() and path.suffix in (".json", ".yaml", ".yml", ".csv", ".txt", ".md", ".html"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PARENTHESISED.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from support import run_cli

    path = tmp_path_factory.mktemp("plurals") / "demo.sqlite"
    done = run_cli("demo", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("document", ["pca", "diagnostic", "training", "attendance", "invitations"])
def test_no_demo_document_has_a_parenthesised_plural(demo_file, tmp_path, document):
    from print_checks import pdf_pages
    from support import run_cli

    out = tmp_path / f"{document}.pdf"
    done = run_cli("print", document, "--db", str(demo_file), "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = [line for page in pdf_pages(out) for line in page.splitlines()]
    assert lines and not _hits(lines), _hits(lines)
    assert not _hits([done.stdout, done.stderr])


def test_the_command_line_help_is_french_and_counts_nothing_by_halves():
    from support import run_cli

    done = run_cli("--help")
    assert done.returncode == 0, done.stderr
    assert "--version            afficher le numéro de version et quitter" in done.stdout
    assert "show program" not in done.stdout and not _hits([done.stdout])


def _visible_texts(widget) -> list[str]:
    from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
    from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QGroupBox, QLabel,
                                   QLineEdit, QTabWidget)

    texts: list[str] = []
    for label in widget.findChildren(QLabel):
        texts.append(label.text())
    for button in widget.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for box in widget.findChildren(QGroupBox):
        texts.append(box.title())
    for edit in widget.findChildren(QLineEdit):
        texts.append(edit.placeholderText())
    for tabs in widget.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        # a list model's columnCount() is private in PySide6: it has one column
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        rows = model.rowCount(QModelIndex())
        for column in range(columns):
            texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
        for row in range(rows):
            for column in range(columns):
                index = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        texts.append(value)
    return texts


@pytest.mark.gui
def test_no_page_of_the_main_window_has_a_parenthesised_plural(qtbot, demo_path):
    from PySide6.QtWidgets import QApplication, QTabWidget

    from si_local.core import registry as reg
    from si_local.core.context import open_context
    from si_local.ui.main_window import MainWindow

    ctx = open_context(demo_path)
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        found = []
        for name in window.page_names():
            page = window.show_page(name)
            QApplication.processEvents()
            if name == "registry":  # one kind of record at a time: each kind of the demo
                for kind in reg.KINDS:
                    page.show_kind(kind)
                    QApplication.processEvents()
                    found += [f"{name}/{kind}: {text}" for text in _hits(_visible_texts(page))]
            for tabs in [page, *page.findChildren(QTabWidget)] if isinstance(page, QTabWidget) \
                    else page.findChildren(QTabWidget):
                for i in range(tabs.count()):
                    tabs.setCurrentIndex(i)
                    QApplication.processEvents()
            found += [f"{name}: {text}" for text in _hits(_visible_texts(page))]
        found += [f"window: {text}" for text in _hits(_visible_texts(window))]
        assert not found, "\n".join(found)
        window.close()
    finally:
        window.ctx.close()


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("fr")


def test_counted_messages_take_the_french_plural_from_two(french):
    from si_local.core.group.pack_texts import plan_text, share_text
    from si_local.core.interop.bundle_preview import rows_text
    from si_local.core.interop.inventory import counts_text
    from si_local.core.training.staff_csv import StaffImport

    def sites(n):
        return ngettext("{count} site", "{count} sites", n).format(count=n)

    assert [sites(n) for n in (0, 1, 2)] == ["0 site", "1 site", "2 sites"]

    def imported(created, updated, bad):
        report = StaffImport(path="personnel.csv", created=created, updated=updated, written=True)
        report.bad_line_count = bad
        return report.summary()

    assert imported(1, 0, 0) == ("Import terminé : 1 personne ajoutée, 0 personne mise à jour, "
                                 "0 ligne écartée. (encodage : UTF-8)")
    assert imported(2, 2, 2) == ("Import terminé : 2 personnes ajoutées, 2 personnes mises à jour, "
                                 "2 lignes écartées. (encodage : UTF-8)")
    dry = StaffImport(path="p.csv", created=0, updated=1, dry_run=True)
    dry.bad_line_count = 2
    assert dry.summary().startswith("Vérification seule, rien n’a été écrit : 0 personne à ajouter, "
                                    "1 personne à mettre à jour, 2 lignes en erreur.")
    failed = StaffImport(path="p.csv", created=2, updated=0)
    failed.bad_line_count = 1
    assert failed.summary().startswith(
        "Rien n’a été importé : 1 ligne en erreur (2 personnes à ajouter et 0 personne à mettre à "
        "jour une fois corrigée, ou importez seulement les lignes correctes).")
    assert counts_text(0, 1, 2, 0) == ("0 fiche créée, 1 fiche mise à jour, 2 fiches inchangées, "
                                       "0 fiche ignorée")
    assert rows_text(2, 1, 0, 3) == ("2 lignes ajoutées, 1 ligne mise à jour, 0 ligne inchangée, "
                                     "3 lignes ignorées")
    assert share_text({"standard": 1, "local": 2, "total": 3}) == (
        "1 élément standard, 2 adaptés localement, sur 3.")
    assert plan_text({"group": "GHT Sud", "version": 2}, {
        "new": 1, "updated": 2, "kept_local": 0, "unchanged": 1, "absent": 2}) == (
        "GHT Sud, version 2 : 1 nouvel élément, 2 éléments mis à jour, 0 élément conservé car "
        "adapté localement, 1 élément inchangé, 2 éléments absents du paquet.")


def test_the_same_messages_in_english(french):
    from si_local.core.interop.inventory import counts_text

    set_language("en")
    assert counts_text(0, 1, 2, 0) == ("0 records created, 1 record updated, 2 records unchanged, "
                                       "0 records skipped")
