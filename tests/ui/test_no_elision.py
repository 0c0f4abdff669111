"""Nothing is cut at 1366×768 in French: every page, every tab and the dialogs they open, on the
demo, at their default size (labels, buttons, check boxes, group titles, tabs, table headers,
placeholders; the checks are in tests/ui/elision.py)."""

from __future__ import annotations

import os
import re

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView, QApplication, QDialog, QFileDialog, QInputDialog, QMenu, QPushButton, QTabWidget,
)

from elision import elisions  # noqa: E402

WIDTH, HEIGHT = 1366, 768
# The buttons that open a dialog to add, change or import something.
OPENS_A_DIALOG = re.compile(
    r"^(Ajouter|Nouve(au|lle)|Modifier|Importer|Adapter|Planifier|Inscrire|Répéter|"
    r"Créer|Dupliquer|Désigner|Ouvrir la fiche)", re.IGNORECASE)


GRABS = os.environ.get("SI_LOCAL_GRABS")  # a folder: a picture of every place checked


# Tables with more columns than a 1366-pixel screen holds, scrolled sideways on purpose (their
# headers are still checked one by one): the registry's lists, a scenario's steps, the
# exercises, the sessions and their participants, the consolidation of the facilities.
WIDE_TABLES = ("panel_vms/table", "panel_applications/table", "panel_backups/table",
               "panel_contacts/table", "steps_view", "exercises_",
               "participant_view", "ConsolidationTab")


def _wide(line: str) -> bool:
    return "(the last ones are out of sight)" in line and any(t in line for t in WIDE_TABLES)


def _settle(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


class Seen:
    """What was found, by place: a page, a tab or a dialog."""

    def __init__(self):
        self.found: dict[str, list[str]] = {}
        self.dialogs: list[str] = []
        self.place = ""

    def check(self, widget, place: str) -> None:
        _settle()
        if GRABS:
            name = re.sub(r"[^\w]+", "_", place).strip("_")[:80]
            widget.window().grab().save(os.path.join(GRABS, f"{len(self.dialogs):02}-{name}.png"))
        for line in elisions(widget):
            if _wide(line):
                continue
            self.found.setdefault(place, [])
            if line not in self.found[place]:
                self.found[place].append(line)

    def report(self) -> str:
        return "\n".join(f"{place}:\n  " + "\n  ".join(lines)
                         for place, lines in self.found.items())


def _visit_tabs(seen: Seen, root, place: str, depth: int = 0) -> None:
    """Check ``root``, then each tab of each tab widget it shows (tabs inside tabs too)."""
    seen.check(root, place)
    if depth > 3:
        return
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible() or tabs.window() is not root.window():
            continue
        if any(isinstance(a, QTabWidget) and a is not tabs and a.isAncestorOf(tabs)
               for a in root.findChildren(QTabWidget)):
            continue  # reached through its outer tab widget
        shown = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            _settle()
            _visit_tabs(seen, tabs.widget(index), f"{place} › {tabs.tabText(index)}", depth + 1)
            _open_dialogs(seen, tabs.widget(index), f"{place} › {tabs.tabText(index)}")
        tabs.setCurrentIndex(shown)


def _open_dialogs(seen: Seen, root, place: str) -> None:
    """Select the first row of every table shown, then press every button that opens a dialog
    (the dialog is checked and closed by the patched ``QDialog.exec``)."""
    for view in root.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
            view.selectRow(0) if hasattr(view, "selectRow") else None
    _settle()
    for button in root.findChildren(QPushButton):
        text = button.text().replace("&", "")
        if (button.isVisible() and button.isEnabled() and OPENS_A_DIALOG.match(text)
                and button.window() is root.window()):
            seen.place = f"{place} › « {text} »"
            before = set(QApplication.topLevelWidgets())
            button.click()
            _settle()
            for opened in set(QApplication.topLevelWidgets()) - before:
                if opened.isVisible() and not isinstance(opened, QMenu):
                    name = f"{seen.place} → {opened.windowTitle() or type(opened).__name__}"
                    seen.dialogs.append(name)
                    _visit_tabs(seen, opened, name, depth=2)
                    opened.close()


@pytest.fixture
def themed(qapp):
    """The application as ``run_gui`` makes it: Fusion, the palette, the font, the style sheet."""
    from si_local.ui.theme import apply_theme

    style, palette, font, sheet = qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet()
    apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyle(style)


@pytest.fixture
def window(qtbot, themed, demo_ctx, answers, monkeypatch):
    from si_local.ui.main_window import MainWindow

    seen = Seen()

    def exec_checked(dialog):
        dialog.show()
        _settle()
        name = f"{seen.place} → {dialog.windowTitle() or type(dialog).__name__}"
        seen.dialogs.append(name)
        _visit_tabs(seen, dialog, name, depth=2)
        dialog.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", exec_checked)
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    for name in ("getDouble", "getText", "getItem", "getInt"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(lambda *a, **k: (None, False)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(WIDTH, HEIGHT)
    win.show()
    _settle()
    win.seen = seen
    yield win
    win.close()


def test_no_text_is_cut_at_1366_by_768(window):
    from si_local.core import registry as reg
    from si_local.core.diagnostic import campaigns
    from si_local.ui.pages.registry import KIND_ORDER

    seen = window.seen
    assert window.width() == WIDTH
    for key in window.page_names():
        page = window.show_page(key)
        _settle()
        if key == "registry":
            for kind in KIND_ORDER:
                panel = page.show_kind(kind)
                _settle()
                place = f"Registre › {reg.KINDS[kind].plural}"
                _visit_tabs(seen, window, place)
                _open_dialogs(seen, panel, place)
            panel = page.show_kind("software")  # installed programs, with results shown
            panel.line.setText("7-zip < 24.07")
            panel.run_search()
            _settle()
            _visit_tabs(seen, window, "Registre › Logiciels installés")
            continue
        if key == "diagnostic":
            _visit_tabs(seen, window, "Autodiagnostic")
            _open_dialogs(seen, page, "Autodiagnostic")
            page.campaign_id = None
            page.open_campaign(campaigns.latest_campaign_id(window.ctx.db), 0)
        _visit_tabs(seen, window, key)
        _open_dialogs(seen, page, key)
    for action in window.findChildren(type(window.menuBar().actions()[0])):
        name = action.objectName()
        if name.startswith(("action_import", "action_restore", "action_show_audit",
                            "action_show_about")):
            seen.place = action.text()
            action.trigger()
            _settle()
    assert len(seen.dialogs) >= 15, seen.dialogs
    assert not seen.found, "texts cut at 1366×768:\n" + seen.report()
