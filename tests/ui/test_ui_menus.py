"""The menu bar and the sidebar are built from ui/areas.py, and each entry does what it says.

A menu entry's module is imported only when the entry is first used (a faster start): a wrong
wiring would only show on click. Here every action of the real window is triggered, with the
dialog function it should open replaced by a recorder, in the order of the menus.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from si_local.ui import (about, areas, backup_reports, certificate_import, guide, import_dialog,
                         obligations, snapshots)
from si_local.ui.sections import audit
from si_local.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

# entry name -> the module whose function of that name the entry opens
OPENS = {
    "import_inventories": import_dialog, "import_csv": import_dialog, "export_csv": import_dialog,
    "import_certificates": certificate_import,
    "import_bundle": import_dialog, "export_bundle": import_dialog,
    "import_backup_reports": backup_reports, "show_calendar": obligations,
    "backup_now": snapshots, "restore": snapshots, "show_audit": audit,
    "show_guide": guide, "show_about": about,
}


def _entries():
    for _title, entries in areas.MENUS:
        for entry in entries:
            if entry is not None:
                yield entry


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return win


def test_every_menu_entry_opens_its_function(window, monkeypatch):
    called = []
    for name, module in OPENS.items():
        assert callable(getattr(module, name)), f"{module.__name__}.{name}"
        monkeypatch.setattr(module, name, lambda win, name=name: called.append((name, win)))
    monkeypatch.setattr(window, "close", lambda: called.append(("quit_app", window)))
    for entry in _entries():
        action = window.findChild(QAction, f"action_{entry.name}")
        assert action is not None, entry.name
        action.trigger()
    assert called == [(entry.name, window) for entry in _entries()]
    assert {entry.name for entry in _entries()} == set(OPENS) | {"quit_app"}


def test_menus_and_sidebar_are_those_of_the_areas_in_order(window):
    from si_local.core.i18n import _

    bar = [(menu.title(), [a.text() for a in menu.actions()])
           for menu in (a.menu() for a in window.menuBar().actions())]
    assert bar == [(_(title), ["" if e is None else _(e.label) for e in entries])
                   for title, entries in areas.MENUS]
    assert bar[0][0] == "&Fichier" and bar[1][0] == "&Aide"
    assert window.page_names() == ["home", "registry", "continuity", "diagnostic", "training",
                                   "group", "readiness", "incidents", "settings"]
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "Accueil", "Registre", "Continuité", "Autodiagnostic", "Formation", "Groupement",
        "Conformité", "Incidents", "Paramètres"]


def test_every_page_is_built_by_its_area(window):
    for index, page in enumerate(areas.PAGES):
        widget = window.show_page(page.key)
        assert widget.objectName() == f"page_{page.key}"
        assert window.stack.widget(index) is widget
        # ui/pages/<area>.py, or ui/<area>/page.py for an area that is a package
        assert type(widget).__module__ in (f"si_local.ui.pages.{page.key}", f"si_local.ui.{page.key}.page")


def test_menu_entries_have_unique_object_names():
    names = [entry.name for entry in _entries()]
    assert len(names) == len(set(names))  # each becomes the action's objectName
