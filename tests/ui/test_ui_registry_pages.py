"""The registry, Home and Settings pages inside the real main window."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from si_local.core import alerts as core_alerts
from si_local.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_ctx(ctx):
    return ctx
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def window(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def test_registry_lists_search_as_you_type_and_count(qtbot, window):
    page = window.show_page("registry")
    panel = page.show_kind("vms")
    assert panel.count_label.text() == "7 fiches"
    qtbot.keyClicks(panel.search, "windows 2022")
    assert panel.proxy.rowCount() == 5
    assert panel.count_label.text() == "5 sur 7 fiches"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "zzz")
    assert panel.empty_label.text() == "Aucune fiche ne correspond à la recherche."
    panel.search.clear()
    assert panel.proxy.rowCount() == 7


def test_kinds_are_all_offered_in_french(window):
    page = window.show_page("registry")
    names = [page.nav.item(i).text() for i in range(page.nav.count())]
    assert names == ["Établissement", "Sites", "Serveurs physiques", "Machines virtuelles",
                     "Réplications", "Applications", "Sauvegardes", "Tests de restauration",
                     "Équipements", "Contacts", "Contrats", "Certificats", "Logiciels installés"]
    for i in range(page.nav.count()):  # every panel builds
        page.nav.setCurrentRow(i)
    assert page.panel("facility").form.editors["finess"].text() == "030000012"


def test_keyboard_new_edit_and_enter(qtbot, window):
    page = window.show_page("registry")
    panel = page.show_kind("sites")
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = panel.dialog
    assert dialog is not None and dialog.record_id is None
    qtbot.keyClicks(dialog.form.editors["name"], "Site de la Gare")
    qtbot.keyClicks(dialog.form.editors["department"], "Allier (03)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 3
    assert panel.current_id() == dialog.record_id  # the new record is selected
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.dialog is not None and panel.dialog.record_id == dialog.record_id
    panel.dialog.reject()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()


def test_facility_form_saves_in_place(qtbot, window, demo_ctx):
    page = window.show_page("registry")
    panel = page.show_kind("facility")
    finess = panel.form.editors["finess"]
    finess.setText("030000013")  # wrong check digit
    panel.save_button.click()
    assert "clé" in panel.form.errors()["finess"]
    finess.setText("030000012")
    panel.form.editors["phone"].setText("04 70 00 00 00")
    panel.save_button.click()
    assert panel.status.text() == "Enregistré."
    assert demo_ctx.db.execute("SELECT phone FROM facility").fetchone() == ("04 70 00 00 00",)


def test_home_shows_the_demo_alerts_grouped_by_priority(window, demo_ctx):
    home = window.show_page("home")
    home.today = TODAY
    home.refresh()
    expected = core_alerts.collect(demo_ctx.db, TODAY)
    assert len(expected) >= 5
    assert home.attention_title.text() == f"Points d’attention ({len(expected)})"
    shown = {}
    for severity, group in home.groups.items():
        shown[severity] = [group.proxy.index(r, 1).data() for r in range(group.proxy.rowCount())]
        if shown[severity]:
            assert group.heading.text().endswith(f"({len(shown[severity])})")
    assert shown["high"] == [a.message for a in expected if a.severity == "high"]
    assert shown["medium"] == [a.message for a in expected if a.severity == "medium"]
    assert any("SRV-HYP-01 : la garantie se termine le" in m for m in shown["medium"])
    assert any("PDMA" in m for m in shown["high"])
    assert home.cards["vms"].value.text() == "7"
    assert home.cards["servers"].value.text() == "2"
    assert home.facility_label.text() == "Hôpital local des Deux-Rives"


def test_home_alert_opens_the_record(qtbot, window, demo_ctx):
    home = window.show_page("home")
    home.today = TODAY
    home.refresh()
    group = home.groups["medium"]
    row = next(r for r in range(group.proxy.rowCount())
               if group.proxy.index(r, 1).data().startswith("SRV-HYP-02"))
    group.view.activated.emit(group.proxy.index(row, 1))
    registry = window.pages["registry"]
    assert window.stack.currentWidget() is registry
    assert registry.current_kind() == "servers"
    panel = registry.panel("servers")
    server = demo_ctx.db.execute("SELECT id FROM server WHERE name = 'SRV-HYP-02'").fetchone()[0]
    assert panel.current_id() == server
    assert panel.dialog is not None and panel.dialog.record_id == server
    panel.dialog.reject()


def test_home_on_an_empty_database(qtbot, empty_ctx):
    win = MainWindow(empty_ctx)
    qtbot.addWidget(win)
    home = win.pages["home"]
    assert home.facility_label.text() == "Bienvenue dans SI Local"
    # a new file has nothing wrong in its (empty) registry, but the first steps are listed
    assert {a.area for a in home.alerts} == {"continuity", "diagnostic", "readiness"}
    messages = " ".join(a.message for a in home.alerts)
    assert "jamais revu ni approuvé" in messages and "Aucun autodiagnostic" in messages
    assert "attentes des autorités n’ont pas encore de preuve" in messages  # one summary line
    assert not home.nothing_label.isVisibleTo(home)


def test_settings_language_is_saved(qtbot, window, _data_dir):
    settings = window.show_page("settings")
    boxes = [b.title() for b in settings.findChildren(QGroupBox)]
    assert "Langue" in boxes
    combo = settings.sections["language"].combo
    combo.setCurrentIndex(combo.findData("en"))
    assert json.loads((_data_dir / "settings.json").read_text())["language"] == "en"
    assert "prochain démarrage" in settings.sections["language"].status.text()


def test_delete_key_asks_then_deletes(qtbot, window, demo_ctx):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    page = window.show_page("registry")
    panel = page.show_kind("equipment")
    printer = demo_ctx.db.execute("SELECT id FROM equipment WHERE name = 'IMP-URG-01'").fetchone()[0]
    panel.select(printer)
    panel.table.setFocus()
    texts = []

    def answer():
        box = QApplication.activeModalWidget()
        texts.append(box.text())
        next(b for b in box.buttons() if b.text() == "Supprimer").click()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert texts and "IMP-URG-01" in texts[0]
    assert demo_ctx.db.execute("SELECT count(*) FROM equipment WHERE id = ?", [printer]).fetchone()[0] == 0
    assert panel.model.row_of(printer) == -1
    assert panel.count_label.text() == "6 fiches"


def test_home_reads_once_when_opened_and_again_when_shown_again(qtbot, demo_ctx, monkeypatch):
    calls = []
    real_collect = core_alerts.collect
    monkeypatch.setattr(core_alerts, "collect", lambda db, today=None: calls.append(1) or real_collect(db, today))
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    assert len(calls) == 1  # built for the first showing: the alerts are computed once, not twice
    home = win.pages["home"]
    with demo_ctx.db.conn:
        demo_ctx.db.execute("UPDATE facility SET name = 'Centre hospitalier renommé'")
    win.sidebar.setCurrentRow(1)  # Registry
    win.sidebar.setCurrentRow(0)  # back to Home: read again
    assert len(calls) == 2
    assert home.facility_label.text() == "Centre hospitalier renommé"
