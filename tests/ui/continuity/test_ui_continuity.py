"""The Continuity page offscreen (pytest-qt): step reordering by keyboard and drag and drop,
impact, compliance, exercise timer, approval and the PDF preview dialog."""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtCore import QMimeData, QModelIndex, Qt  # noqa: E402

from si_local.core import continuity as c  # noqa: E402


@pytest.fixture
def page(qtbot, demo_ctx):
    from si_local.ui.continuity.page import create_page

    ctx = demo_ctx
    widget = create_page(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _titles(model):
    return [r["title"] for r in model.rows]


def test_steps_reorder_with_ctrl_up_and_down(qtbot, page, demo_db):
    tab = page.show_tab("scenarios")
    mandatory = c.ensure_mandatory(demo_db)
    tab.select_scenario(mandatory)
    view = tab.steps_view
    before = _titles(view.steps)
    view.setFocus()
    view.select_row(2)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    after = _titles(view.steps)
    assert after[1] == before[2] and after[2] == before[1]
    assert view.currentIndex().row() == 1  # the moved step stays selected
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _titles(view.steps)[3] == before[2]
    # stored in the database, positions dense
    stored = c.steps(demo_db, mandatory)
    assert [s["title"] for s in stored] == _titles(view.steps)
    assert [s["position"] for s in stored] == list(range(1, len(stored) + 1))


def test_steps_reorder_by_drag_and_drop(page, demo_db):
    tab = page.show_tab("scenarios")
    mandatory = c.ensure_mandatory(demo_db)
    tab.select_scenario(mandatory)
    model = tab.steps_model
    before = _titles(model)
    mime = model.mimeData([model.index(0, 0)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # drop before row 3
    assert _titles(model)[:3] == [before[1], before[2], before[0]]
    assert not model.dropMimeData(QMimeData(), Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_impact_tab_shows_the_mirror(page):
    tab = page.show_tab("impact")
    tab.kind.setCurrentIndex(tab.kind.findData("server"))
    tab.item.setCurrentIndex(tab.item.findText("SRV-HYP-01"))
    tab.run()
    text = tab.result.toPlainText()
    assert "VM-LAB01" in text and "Le miroir SRV-HYP-02 prend le relais" in text


def test_compliance_tab_lists_findings_high_first(page):
    tab = page.show_tab("compliance")
    proxy = tab.view.model()
    assert proxy.rowCount() > 3
    assert proxy.index(0, 0).data() == "Haute"
    assert proxy.index(proxy.rowCount() - 1, 0).data() == "Faible"


def test_exercise_timer_records_the_measured_time(page, demo_db):
    tab = page.show_tab("exercises")
    tab.step_view.selectRow(11)  # a step without a measured time in the demo
    row = tab._selected_step()
    assert row["measured_minutes"] is None
    tab.start_timer()
    assert tab.timer.isActive() and tab.stop_button.isEnabled()
    tab.stop_timer(7.5)
    assert not tab.timer.isActive()
    ex = c.exercises(demo_db)[0]
    measured = {s["step_id"]: s["measured_minutes"] for s in c.exercise_steps(demo_db, ex["id"])}
    assert measured[row["step_id"]] == 7.5


def test_approve_from_the_plan_tab(page, demo_db, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    tab = page.show_tab("plan")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Claire Vidal", True))
    tab.approve()
    assert c.get_plan(demo_db)["version"] == 2
    assert "Version 2" in tab.status.text()
    tab.widgets["next_review"][1].line.setText("pas une date")
    assert not tab.save()
    assert "JJ/MM/AAAA" in tab.error_label.text() or tab.error_label.text()


def test_print_tab_builds_the_plan_and_the_preview_opens_it(qtbot, page):
    from si_local.ui.pdf_preview import PdfPreviewDialog

    tab = page.show_tab("print")
    tab.preview(show=False)
    assert tab.last_pdf and tab.last_pdf.exists() and tab.button.isEnabled()
    dialog = PdfPreviewDialog(tab.last_pdf)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() > 5
    assert dialog.print_button.text()


def test_home_alerts_open_the_right_tab(page, demo_db):
    alerts = {a.kind: a for a in c.alerts(demo_db, dt.date(2026, 11, 23))}
    scenario_alert = alerts["continuity_scenario"]
    tab = page.open_alert(scenario_alert)
    assert page.tabs.currentWidget() is tab
    assert tab.current_scenario()["id"] == scenario_alert.record_id
    assert page.open_alert(alerts["continuity_finding"]) is page.tab["exercises"]


def test_timer_records_on_the_exercise_it_started_with_and_shows_french_decimals(page, demo_db):
    tab = page.show_tab("exercises")
    first = tab.current()
    tab.step_view.selectRow(12)
    step = tab._selected_step()
    tab.start_timer()
    # a second exercise is added and selected while the first one is still being timed
    other = c.save_exercise(demo_db, {"held_on": "2026-11-20", "scenario_id": first["scenario_id"]})
    tab.refresh()
    tab.ex_view.selectRow(next(i for i, r in enumerate(tab.ex_model.rows) if r["id"] == other))
    assert tab.current()["id"] == other
    tab.stop_timer(2.5)
    measured = {s["step_id"]: s["measured_minutes"] for s in c.exercise_steps(demo_db, first["id"])}
    assert measured[step["step_id"]] == 2.5
    assert all(s["measured_minutes"] is None for s in c.exercise_steps(demo_db, other))
    assert "2,5 min" in page.message.text().replace("\xa0", " ")  # French decimal
    tab.ex_view.selectRow(next(i for i, r in enumerate(tab.ex_model.rows) if r["id"] == first["id"]))
    shown = [tab.step_model.index(i, 3).data() for i in range(tab.step_model.rowCount())]
    assert "2,5\xa0min" in shown


def test_impact_tab_follows_the_selection_without_a_click(page):
    tab = page.show_tab("impact")
    assert "Impact de la perte de" in tab.result.toPlainText()  # shown as soon as the tab opens
    tab.kind.setCurrentIndex(tab.kind.findData("site"))
    tab.item.setCurrentIndex(tab.item.findText("Site du Moulin"))
    text = tab.result.toPlainText()
    assert "Site du Moulin" in text and "SRV-HYP-01 n’a plus de miroir" in text


def test_durations_on_screen_as_on_paper(page, demo_db, tmp_path):
    """« 1,5 h » in the activities' table (it said « 1.5 h ») and on the printed plan; a
    scenario's expected total of two hours reads « 2 h » (it said « 2 h 00 min »)."""
    from pypdf import PdfReader

    from si_local.core.reports.continuity import print_plan

    activity = c.activities(demo_db)[0]
    demo_db.execute("UPDATE continuity_activity SET dmia_hours = 1.5 WHERE id = ?", [activity["id"]])
    scenario = c.save_scenario(demo_db, {"name": "Coupure électrique", "kind": "other"})
    for title in ("Basculer sur le groupe électrogène", "Vérifier les onduleurs"):
        c.save_step(demo_db, {"scenario_id": scenario, "title": title, "expected_minutes": 60})
    tab = page.show_tab("activities")
    tab.refresh()
    row = next(i for i, r in enumerate(tab.model.rows) if r["id"] == activity["id"])
    on_screen = tab.model.index(row, 2).data()
    assert on_screen == "1,5\xa0h"
    steps = page.show_tab("scenarios")
    steps.select_scenario(scenario)
    assert [steps.steps_model.index(i, 5).data() for i in range(2)] == ["60\xa0min", "60\xa0min"]
    out = tmp_path / "pca.pdf"
    print_plan(demo_db, out, dt.date(2026, 11, 23))
    text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    text = " ".join(text.split())  # the PDF's no-break spaces read back as spaces
    assert f"{activity['name']}" in text and "1,5 h" in text and "1.5 h" not in text
    assert re.findall(r"2 étapes, durée totale prévue : (\d+ h(?: \d+ min)?|\d+ min)", text) == [
        "2 h"]


def test_impact_tab_prints_the_impact_through_the_preview(qtbot, page, monkeypatch):
    """The impact tab's print button builds the PDF off the GUI thread and opens the preview,
    as the plan's print button does."""
    from pypdf import PdfReader

    from si_local.ui import pdf_preview

    shown: list[Path] = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf_path) or 0)
    tab = page.show_tab("impact")
    tab.kind.setCurrentIndex(tab.kind.findData("server"))
    tab.item.setCurrentIndex(tab.item.findText("SRV-HYP-01"))
    tab.print_button.setFocus()
    qtbot.keyClick(tab.print_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown))
    text = " ".join(p.extract_text() for p in PdfReader(str(shown[0])).pages)
    assert "SRV-HYP-01" in text and "VM-AD01" in text
    assert tab.print_button.isEnabled()
