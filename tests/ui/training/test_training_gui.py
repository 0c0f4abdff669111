"""The Training page on a copy of the demo: recording attendance changes the coverage, the To do
view leads somewhere, proposals and warnings, printing."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt

from si_local.core import training as t

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def page(qtbot, demo_ctx, monkeypatch):
    from si_local.ui.training import page as training_page
    from si_local.ui.pdf_preview import PdfPreviewDialog

    shown = []  # the preview dialog is modal: built (the PDF loads) but not run
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog.pdf_path))
    ctx = demo_ctx
    widget = training_page.create_page(ctx)
    widget.today = TODAY
    widget.refresh()
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def _matrix_text(page, unit_name: str, module_name: str) -> str:
    model = page.coverage_model
    row = next(i for i, u in enumerate(model.cov.units) if u["name"] == unit_name)
    column = 1 + next(i for i, m in enumerate(model.cov.modules) if m["name"] == module_name)
    return model.index(row, column).data()


def test_recording_attendance_changes_the_coverage(page, qtbot):
    db = page.db
    pending = t.attendance_to_record(db, TODAY)
    assert len(pending) == 1
    session = pending[0]
    people = t.participants(db, session["id"])
    unit = people[-1]["unit_name"]  # the first one will be absent, the last one present
    before = _matrix_text(page, unit, session["module_name"])
    # the To do view starts with this session; opening it selects the session
    todo = page.todo_model
    row = next(i for i in range(todo.rowCount()) if todo.row(i)["tab"] == "sessions"
               and todo.row(i)["id"] == session["id"])
    assert "Noter les présences à" in todo.index(row, 1).data()
    page.open_todo(row)
    assert page.tabs.currentIndex() == 4
    assert page.current_session() == session["id"]
    assert page.participant_model.rowCount() == len(people)
    # first person absent with the big button, then everyone else present
    view = page.participant_view
    view.selectionModel().select(view.model().index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)
    first = view.model().index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    qtbot.mouseClick(page.attendance_buttons["absent"], Qt.MouseButton.LeftButton)
    assert t.participants(db, session["id"])[0]["attendance"] in ("absent", "pending")
    assert {p["staff_id"]: p["attendance"] for p in t.participants(db, session["id"])}[first] == "absent"
    everyone = page.findChild(type(page.attendance_buttons["absent"]), "mark_everyone")
    qtbot.mouseClick(everyone, Qt.MouseButton.LeftButton)
    stored = {p["staff_id"]: p["attendance"] for p in t.participants(db, session["id"])}
    assert stored[first] == "absent"
    assert sorted(stored.values()).count("present") == len(people) - 1
    after = _matrix_text(page, unit, session["module_name"])
    assert after != before
    trained_before = int(before.split("(")[1].split("/")[0])
    trained_after = int(after.split("(")[1].split("/")[0])
    assert trained_after > trained_before
    assert not any(todo.row(i)["tab"] == "sessions" and todo.row(i)["id"] == session["id"]
                   and "Saisir" in todo.row(i)["text"] for i in range(todo.rowCount()))
    assert "à saisir" not in page.session_model.index(
        page.session_model.row_of(session["id"]), 3).data()
    # the headline and the matrix agree with the core
    cov = t.coverage(db)
    assert page.coverage_model.cov.overall.trained == cov.overall.trained


def test_attendance_of_a_future_session_is_refused_plainly(page, answers):
    future = next(s for s in t.sessions(page.db) if s["starts_at"][:10] > TODAY.isoformat() and s["booked"])
    page.show_tab("sessions")
    from si_local.ui.training.common import select_id

    assert select_id(page.session_view, future["id"])
    page.participant_view.selectRow(0)
    assert not page.mark("present")
    shown = answers.texts("warn")
    assert shown and "pas encore eu lieu" in shown[0]


def test_add_people_proposes_and_warns(page, qtbot):
    from si_local.ui.training.dialogs import AddPeopleDialog

    upcoming = next(s for s in t.sessions(page.db) if s["starts_at"][:10] > TODAY.isoformat()
                    and s["booked"] == 0 and t.is_day_session(s))
    dialog = AddPeopleDialog(page.ctx, upcoming["id"], page, TODAY)
    qtbot.addWidget(dialog)
    proposed = dialog.model.rows
    assert proposed and len(dialog.model.checked) == min(len(proposed), upcoming["capacity"])
    night = next((r for r in proposed if r["shift"] == "night"), None)
    assert night is not None
    dialog.model.set_checked(set(dialog.model.checked) | {night["id"]})
    text = dialog.warnings.text()
    assert "travaille de nuit" in text
    if len(dialog.model.checked) > upcoming["capacity"]:
        assert "de trop" in text
    dialog.add_people()
    assert len(t.participants(page.db, upcoming["id"])) == len(dialog.model.checked)


def test_print_from_the_page(page, tmp_path):
    path = tmp_path / "feuilles.pdf"
    page.print_to("attendance", path, None)
    assert page.last_pdf == path
    assert "Signature" in PdfReader(str(path)).pages[0].extract_text()
    plan = tmp_path / "plan.pdf"
    page.print_to("plan", plan)
    assert len(PdfReader(str(plan)).pages) >= 3


def test_home_alert_opens_the_unit_without_referent(page):
    alert = next(a for a in t.alerts(page.db, TODAY) if a.kind == "training_unit")
    page.open_alert(alert)
    assert page.tabs.currentIndex() == 1
    assert page.current_unit() == alert.record_id
    assert "SSR" in page.referent_title.text()


def test_staff_search(page, qtbot):
    page.show_tab("staff")
    total = page.staff_proxy.rowCount()
    qtbot.keyClicks(page.staff_search, "nuit")
    assert 0 < page.staff_proxy.rowCount() < total


def _select_referent(page, unit_name: str):
    from si_local.ui.training.common import select_id

    unit = next(u for u in t.units(page.db) if u["name"] == unit_name)
    page.show_tab("units")
    assert select_id(page.unit_view, unit["id"])
    referent = next(r for r in t.referents(page.db) if r["unit_id"] == unit["id"])
    assert select_id(page.referent_view, referent["id"])
    return unit, referent


def test_referent_date_and_mission_are_edited_from_the_page(page, monkeypatch):
    from si_local.ui.training import dialogs as training_dialogs

    unit, referent = _select_referent(page, "Médecine polyvalente")
    seen = {}

    def fill_and_save(dialog):
        seen["title"] = dialog.windowTitle()
        seen["mission"] = dialog.mission.toPlainText()
        dialog.start.setDate(dialog.start.date() - dt.timedelta(days=30))
        dialog.mission.setPlainText("Référente de jour ; 3 h par semaine.")
        return dialog.try_save()

    monkeypatch.setattr(training_dialogs.ReferentDialog, "exec", fill_and_save)
    page.edit_referent()
    # (a QPlainTextEdit gives no-break spaces back as plain ones)
    assert t.person_name(referent) in seen["title"]
    assert seen["mission"] == referent["mission"].replace("\u00a0", " ")
    stored = next(r for r in t.referents(page.db) if r["id"] == referent["id"])
    expected = (dt.date.fromisoformat(referent["start_date"]) - dt.timedelta(days=30)).isoformat()
    assert (stored["start_date"], stored["mission"]) == (expected, "Référente de jour ; 3 h par semaine.")
    assert (stored["unit_id"], stored["staff_id"]) == (referent["unit_id"], referent["staff_id"])
    # the page shows the new mission, and the change is in the audit trail
    missions = [page.referent_model.index(i, 5).data() for i in range(page.referent_model.rowCount())]
    assert "Référente de jour ; 3 h par semaine." in missions
    assert page.db.execute("SELECT count(*) FROM audit WHERE table_name = 'training_referent' "
                           "AND action = 'update'").fetchone()[0] == 1


def test_evaluation_per_person(page, monkeypatch, answers):
    from si_local.ui.training.common import select_id

    held = next(s for s in t.sessions(page.db) if s["starts_at"][:10] < "2026-11-15" and s["present"]
                and any(p["evaluation"] for p in t.participants(page.db, s["id"]))
                and any(p["attendance"] == "absent" for p in t.participants(page.db, s["id"])))
    page.show_tab("sessions")
    page.session_filter.setCurrentIndex(2)
    assert select_id(page.session_view, held["id"])
    people = t.participants(page.db, held["id"])
    marked = next(p for p in people if p["evaluation"])
    # selecting one person shows their own mark and comment
    assert select_id(page.participant_view, marked["staff_id"])
    assert page.evaluation.value() == marked["evaluation"]
    assert page.evaluation_comment.text() == (marked["comment"] or "")
    # a new mark for that person only
    other = next(p for p in people if p["attendance"] == "present" and p["staff_id"] != marked["staff_id"])
    assert select_id(page.participant_view, other["staff_id"])
    page.evaluation.setValue(2)
    page.evaluation_comment.setText("À revoir en tutorat")
    page.save_evaluation()
    after = {p["staff_id"]: p for p in t.participants(page.db, held["id"])}
    assert (after[other["staff_id"]]["evaluation"], after[other["staff_id"]]["comment"]) == (2, "À revoir en tutorat")
    assert after[marked["staff_id"]]["evaluation"] == marked["evaluation"]
    # someone absent cannot be marked; the message names the person
    absent = next(p for p in people if p["attendance"] == "absent")
    assert select_id(page.participant_view, absent["staff_id"])
    page.evaluation.setValue(4)
    page.save_evaluation()
    shown = answers.texts("warn")
    assert shown and t.person_name(absent) in shown[-1]
    assert t.participants(page.db, held["id"]) and \
        {p["staff_id"]: p for p in t.participants(page.db, held["id"])}[absent["staff_id"]]["evaluation"] is None


def _staff_csv(tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text("nom;prénom;profil;unité;horaire\n"
                    "Nouvelle;Anne;IDE;Médecine polyvalente;jour\n"
                    "Nouveau;Yann;AS;Équipe de nuit;nuit\n", encoding="utf-8")
    return path


def test_staff_import_runs_off_the_gui_thread(page, qtbot, tmp_path, monkeypatch):
    """The check and the import run in the thread pool on their own connection."""
    import threading

    from PySide6.QtCore import QThreadPool

    from si_local.ui.tasks import TaskRunner
    from si_local.ui.training.dialogs import ImportStaffDialog

    page.tasks = TaskRunner(QThreadPool())  # real threads, for once
    threads = []
    real = t.import_staff_csv

    def spy(db, path, **kwargs):
        threads.append((threading.get_ident(), db is page.db, kwargs.get("dry_run", False)))
        return real(db, path, **kwargs)

    monkeypatch.setattr(t, "import_staff_csv", spy)
    before = len(t.staff(page.db))
    dialog = ImportStaffDialog(page.ctx, page, runner=page.run_task)
    qtbot.addWidget(dialog)
    dialog.check(_staff_csv(tmp_path))
    qtbot.waitUntil(lambda: dialog.import_all.isEnabled(), timeout=10000)
    assert len(t.staff(page.db)) == before  # the check writes nothing
    dialog.run(only_good=False)
    qtbot.waitUntil(lambda: len(threads) == 2 and not page.tasks.busy(), timeout=10000)
    qtbot.waitUntil(lambda: "2" in dialog.summary.text(), timeout=10000)
    assert len(t.staff(page.db)) == before + 2
    main = threading.get_ident()
    assert [(thread != main, same, dry) for thread, same, dry in threads] == [
        (True, False, True), (True, False, False)]
    page.refresh()
    page.show_tab("staff")
    page.staff_search.setText("Nouvelle")
    assert page.staff_proxy.rowCount() == 1


def test_staff_import_bad_file_is_shown_in_the_dialog(page, qtbot, tmp_path):
    from si_local.ui.training.dialogs import ImportStaffDialog

    path = tmp_path / "personnel.csv"
    path.write_text("nom;prénom;profil;unité\nDurand;Lou;IDE;Unité inconnue\n", encoding="utf-8")
    dialog = ImportStaffDialog(page.ctx, page, runner=page.run_task)
    qtbot.addWidget(dialog)
    dialog.check(path)
    assert "ligne 2" in dialog.errors.toPlainText() and "Unité inconnue" in dialog.errors.toPlainText()
    assert "1 ligne en erreur" in dialog.summary.text()
    assert not dialog.import_all.isEnabled() and not dialog.import_good.isEnabled()


def test_module_duration_and_session_capacity_typed_after_a_click(page, qtbot):
    from si_local.ui.training.dialogs import ModuleDialog, SessionDialog

    dialog = ModuleDialog(page.ctx, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.duration.lineEdit().text() == ""
    qtbot.mouseClick(dialog.duration, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.duration, "15")
    assert dialog.duration.value() == 15
    qtbot.keyClicks(dialog.name, "Module saisi")
    module_id = dialog.save()
    assert page.ctx.db.execute("SELECT duration_minutes FROM training_module WHERE id = ?",
                               [module_id]).fetchone()[0] == 15

    dialog = SessionDialog(page.ctx, None, page, module_id=module_id)
    qtbot.addWidget(dialog)
    dialog.show()
    capacity = dialog.capacity
    qtbot.mouseClick(capacity, Qt.MouseButton.LeftButton)
    capacity.lineEdit().selectAll()
    qtbot.keyClicks(capacity, "12")
    assert dialog.values()["capacity"] == 12
    capacity.lineEdit().selectAll()
    qtbot.keyClick(capacity, Qt.Key.Key_Delete)
    assert dialog.values()["capacity"] is None
    qtbot.keyClicks(capacity, "16")
    assert dialog.values()["capacity"] == 16


def test_the_staff_import_dialog_offers_the_list_to_fill_in(page, qtbot, tmp_path):
    """« Enregistrer une liste vierge à remplir… » writes the template; chosen back as it is (its
    unit made to exist), it checks clean and can be imported."""
    from si_local.ui.training.dialogs import ImportStaffDialog

    dialog = ImportStaffDialog(page.ctx, page, runner=page.run_task)
    qtbot.addWidget(dialog)
    assert dialog.template_button.text() == "Enregistrer une liste vierge à remplir…"
    path = tmp_path / "personnel.csv"
    assert dialog.save_template(path) == path
    assert str(path) in dialog.summary.text()
    t.save_unit(page.ctx.db, {"name": "Médecine"})
    dialog.check(path)
    assert dialog.errors.toPlainText() == ""
    assert dialog.import_all.isEnabled()


@pytest.mark.qt_no_exception_capture
def test_staff_check_failing_unexpectedly_leaves_no_busy_text(page, tmp_path, monkeypatch):
    """An unexpected error in the check is told by ui/errors.py (here: the hook records it); the
    dialog does not stay on « Vérification du fichier… » and the print button comes back."""
    import sys

    from si_local.ui.training.dialogs import ImportStaffDialog

    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: reported.append(info[1]))

    def broken(db, path, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(t, "import_staff_csv", broken)
    dialog = ImportStaffDialog(page.ctx, page, runner=page.run_task)
    dialog.check(_staff_csv(tmp_path))
    assert [str(e) for e in reported] == ["panne simulée"]
    assert dialog.summary.text() == "" and page.print_button.isEnabled()
    dialog.deleteLater()
