"""Home speaks to whoever opens it (a start page of one's own, « Par où commencer ? » on a new
database) and Settings scrolls as one page, its snapshots told apart."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from si_local.core import snapshots as snap
from si_local.core.context import open_context


def _window(qtbot, ctx):
    from si_local.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_chosen_start_page_is_the_one_a_new_window_opens_on(qtbot, ctx, db_path):
    window = _window(qtbot, ctx)
    assert window.stack.currentWidget().objectName() == "page_home"
    settings = window.show_page("settings")
    combo = settings.sections["start_page"].combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Accueil", "Registre", "Continuité", "Autodiagnostic", "Formation", "Groupement"]
    combo.setFocus()
    for _ in range(4):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Formation"
    window.close()
    ctx.close()
    again = open_context(db_path)  # settings.json read again from the data folder
    try:
        second = _window(qtbot, again)
        assert second.stack.currentWidget().objectName() == "page_training"
        assert second.sidebar.currentItem().text() == "Formation"
        second.close()
    finally:
        again.close()


def test_a_new_database_home_says_where_to_start(qtbot, ctx):
    window = _window(qtbot, ctx)
    home = window.pages["home"]
    box = home.findChild(type(home.start_box), "start_box")
    assert box is not None and box.isVisible()
    texts = " ".join(label.text() for label in box.findChildren(type(home.facility_label)))
    assert "Par où commencer\u00a0?" in texts
    assert "Cadre de santé\u00a0: préparer le plan de formation" in texts
    qtbot.mouseClick(box.buttons["training"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget().objectName() == "page_training"
    window.show_page("home")
    qtbot.mouseClick(box.buttons["diagnostic"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget().objectName() == "page_diagnostic"


def test_the_demo_home_does_not(qtbot, demo_ctx):
    window = _window(qtbot, demo_ctx)
    home = window.pages["home"]
    assert home.start_box.isHidden()


def _settings_page(qtbot, ctx):
    from si_local.ui.pages import settings

    page = settings.create_page(ctx)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


def _wheel_down(widget) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_inner_list_scrolls_the_settings_page(qtbot, demo_ctx, demo_db):
    for _ in range(12):  # more copies than the list shows: the list itself could scroll
        snap.take_snapshot(demo_db.path, "manual")
    page = _settings_page(qtbot, demo_ctx)
    bar = page.findChild(QScrollArea).verticalScrollBar()
    assert bar.maximum() > 0  # the page is taller than its window
    snapshots = page.sections["snapshots"].view
    audit = page.sections["audit"].findChild(type(snapshots), "audit_list")
    for view in (snapshots, audit):
        bar.setValue(0)
        assert view.verticalScrollBar().maximum() > 0, view.objectName()  # the list could scroll
        inner = view.verticalScrollBar().value()
        _wheel_down(view.viewport())
        assert bar.value() > 0, view.objectName()
        assert view.verticalScrollBar().value() == inner, view.objectName()


def test_the_snapshot_list_shows_seconds_and_what_each_copy_holds(qtbot, demo_ctx, demo_db):
    snap.take_snapshot(demo_db.path, "manual")
    from si_local.ui.sections.snapshots import SnapshotsSection

    section = SnapshotsSection(demo_ctx)
    qtbot.addWidget(section)
    model = section.view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-1] == "Contenu"
    taken = model.index(0, 0).data()
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", taken), taken
    sites = demo_db.execute("SELECT count(*) FROM site").fetchone()[0]
    people = demo_db.execute("SELECT count(*) FROM training_staff").fetchone()[0]
    held = model.index(0, headers.index("Contenu")).data()
    assert held.startswith(f"{sites} sites, ") and held.endswith(f" {people} personnes"), held
