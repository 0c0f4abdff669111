"""Issue 16 on the Training page, with real clicks and keys: the To do tab shows the people to
invite apart from those enrolled in a session to come, « Répéter » makes N sessions in one step,
« Attestation… » prints a certificate (refused for a person not present), the untrained list is
exported from the To do tab."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton

from si_local.core import training as t

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def page(qtbot, demo_ctx, monkeypatch, tmp_path):
    from si_local.ui.pdf_preview import PdfPreviewDialog
    from si_local.ui.training import page as training_page

    shown = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog.pdf_path))
    ctx = demo_ctx
    widget = training_page.create_page(ctx)
    widget.today = TODAY
    widget.refresh()
    widget.shown_pdfs = shown
    widget.saved_as = tmp_path / "out"
    monkeypatch.setattr(widget, "_ask_path", lambda name, _pattern: widget.saved_as.with_suffix(
        "." + name.rsplit(".", 1)[-1]))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def _names(model) -> set[str]:
    return {t.person_name(model.row(i)) for i in range(model.rowCount())}


def test_todo_shows_people_to_invite_apart_from_people_enrolled(page, qtbot):
    db = page.db
    still = t.still_to_train(db, TODAY)
    assert still.to_invite and still.enrolled  # the demo has both
    assert _names(page.invite_model) == {t.person_name(p) for p in still.to_invite}
    assert _names(page.enrolled_model) == {t.person_name(p) for p in still.enrolled}
    assert not _names(page.invite_model) & _names(page.enrolled_model)
    assert page.todo_invite_title.text().startswith("À inviter : ")
    assert page.todo_enrolled_title.text().startswith("Inscrits à une session à venir : ")
    # the enrolled list shows the day of the session to come
    first = page.enrolled_model.row(0)
    assert page.enrolled_model.index(0, 2).data() == "/".join(reversed(first["next_date"].split("-")))
    # booking someone to invite on a session to come moves them to the other list, once the
    # session's people are added through the page
    person = next(p for p in still.to_invite if len(p["to_invite"]) == 1)
    module_id = person["to_invite"][0]
    session = next(s for s in t.upcoming_sessions(db, TODAY) if s["module_id"] == module_id)
    t.book(db, session["id"], [person["id"]])
    page.show_tab("sessions")
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # To do: it refreshes
    assert page.tabs.currentIndex() == 0
    assert t.person_name(person) in _names(page.enrolled_model)
    assert t.person_name(person) not in _names(page.invite_model)
    # the per-unit lines of the To do list count both groups
    texts = [page.todo_model.row(i)["text"] for i in range(page.todo_model.rowCount())]
    below = [text for text in texts if "prêts, cible" in text]
    assert below and all(("à inviter" in text or "inscrit" in text) and "personne(s)" not in text
                     for text in below)
    assert not any("0 personne à inviter" in text for text in below)


def test_export_untrained_button(page, qtbot, answers):
    export = page.findChild(QPushButton, "export_untrained")
    assert export is not None and export.isVisible()
    qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
    path = page.saved_as.with_suffix(".csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    count = len(t.coverage(page.db).to_train)
    assert len(lines) == count + 1 and lines[0].startswith("Unité;Nom;Profil")
    assert answers.texts("tell") == [f"{count} personnes restant à former écrites dans {path}."]


def test_repeat_option_creates_the_sessions_in_one_step(page, qtbot, answers, monkeypatch):
    from si_local.ui.training.repeat import NewSessionDialog

    before = len(t.sessions(page.db))
    seen = []

    def run(dialog):  # the dialog is modal: filled with clicks and keys, then saved
        seen.append(dialog)
        dialog.show()
        assert not dialog.repeat_count.isEnabled()
        qtbot.mouseClick(dialog.repeat_on, Qt.MouseButton.LeftButton)
        assert dialog.repeat_count.isEnabled()
        dialog.repeat_count.lineEdit().selectAll()
        qtbot.keyClicks(dialog.repeat_count, "6")
        qtbot.keyClicks(dialog.room, "Salle du repeat")
        save = dialog.ok_button
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(NewSessionDialog, "exec", run)
    plan_button = next(b for b in page.findChildren(QPushButton) if b.isVisible()
                       and b.toolTip() == "Créer une session")  # « Planifier une session », To do
    qtbot.mouseClick(plan_button, Qt.MouseButton.LeftButton)
    assert seen, "the button opens the new-session dialog"
    made = [s for s in t.sessions(page.db) if s["room"] == "Salle du repeat"]
    assert len(t.sessions(page.db)) == before + 6 == before + len(made)
    days = [dt.date.fromisoformat(s["starts_at"][:10]) for s in made]
    assert [(b - a).days for a, b in zip(days, days[1:])] == [7] * 5
    assert answers.texts("tell")[0].startswith("6 sessions créées.")
    assert not answers.asked  # no « add people now? » after a repetition


def test_repeat_refuses_more_than_52_in_the_dialog(page, qtbot, monkeypatch):
    from si_local.ui.training.repeat import NewSessionDialog

    dialog = NewSessionDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.repeat_on, Qt.MouseButton.LeftButton)
    dialog.repeat_count.lineEdit().selectAll()
    qtbot.keyClicks(dialog.repeat_count, "60")
    before = len(t.sessions(page.db))
    assert not dialog.try_save()
    assert "52 au plus" in dialog.general_error.text() and dialog.general_error.isVisibleTo(dialog)
    assert len(t.sessions(page.db)) == before


def _select(view, row: int) -> None:
    view.selectionModel().select(view.model().index(row, 0),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)


def test_certificate_buttons(page, qtbot, answers):
    db = page.db
    held = next(s for s in t.held_sessions(db, TODAY) if s["pending"] and s["booked"] >= 2)
    people = t.participants(db, held["id"])
    present, absent = people[0]["staff_id"], people[1]["staff_id"]
    t.record_attendance(db, held["id"], {present: "present", absent: "absent"}, today=TODAY)
    page.show_tab("sessions")
    page.session_filter.setCurrentIndex(2)
    from si_local.ui.training.common import select_id

    assert select_id(page.session_view, held["id"])
    button = page.findChild(QPushButton, "session_certificate")
    assert button is not None and button.text() == "Attestation…"
    assert select_id(page.participant_view, absent)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "pas de présence notée" in answers.texts("warn")[-1]
    assert page.shown_pdfs == []
    assert select_id(page.participant_view, present)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    path = page.saved_as.with_suffix(".pdf")
    assert page.shown_pdfs == [path]
    text = " ".join((PdfReader(str(path)).pages[0].extract_text() or "").split())
    assert "Attestation de formation" in text and held["module_name"] in text
    # the staff tab: every session the person attended
    page.show_tab("staff")
    assert select_id(page.staff_view, present)
    qtbot.mouseClick(page.findChild(QPushButton, "staff_certificate"), Qt.MouseButton.LeftButton)
    assert len(page.shown_pdfs) == 2
