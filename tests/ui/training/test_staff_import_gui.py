"""The forgiving staff import in the window (issue 16): the preview's combo per unknown column,
the choice to create the missing units and profiles, the list to fill in from the Staff tab, and
a profile typed in the staff form — with real clicks and key strokes."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from si_local.core import training as t

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def page(qtbot, demo_ctx):
    from si_local.ui.training import page as training_page

    ctx = demo_ctx
    widget = training_page.create_page(ctx)
    widget.today = TODAY
    widget.refresh()
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def _person(db, last_name: str):
    return db.execute("SELECT st.profile, u.name FROM training_staff st LEFT JOIN training_unit u "
                      "ON u.id = st.unit_id WHERE last_name = ?", [last_name]).fetchone()


def test_the_preview_maps_a_column_and_creates_the_missing_unit_and_profile(page, qtbot, tmp_path):
    from si_local.ui.training.staff_import import StaffImportDialog

    path = tmp_path / "personnel.csv"
    path.write_text("Nom;Prénom;Pôle;Date d'embauche;Profil\n"
                    "ZEBULON;Lou;Unité Zèbre;2020-01-02;Sophrologue\n", encoding="utf-8")
    dialog = StaffImportDialog(page.ctx, page, runner=page.run_task)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check(path)
    assert "Colonnes ignorées : Pôle, Date d'embauche." in dialog.summary.text()
    assert "ligne 2, colonne « Profil »" in dialog.errors.toPlainText()
    assert dialog.create_profiles.isVisible() and not dialog.create_units.isVisible()
    combo = dialog.column_boxes["Pôle"]
    combo.setFocus()
    qtbot.keyClicks(combo, "U")  # the first item starting with U: « Unité »
    assert combo.currentData() == "unit"
    assert "Colonne ignorée : Date d'embauche." in dialog.summary.text()
    assert "Unité inconnue : Unité Zèbre." in dialog.summary.text()
    assert dialog.create_units.isVisible() and not dialog.import_all.isEnabled()
    for box in (dialog.create_units, dialog.create_profiles):  # a click on the box itself
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert "Unité à créer : Unité Zèbre." in dialog.summary.text()
    assert dialog.errors.toPlainText() == "" and dialog.import_all.isEnabled()
    assert _person(page.ctx.db, "ZEBULON") is None  # the check writes nothing
    qtbot.mouseClick(dialog.import_all, Qt.MouseButton.LeftButton)
    assert _person(page.ctx.db, "ZEBULON") == ("Sophrologue", "Unité Zèbre")
    assert "Import terminé" in dialog.summary.text()


def test_the_staff_tab_saves_the_list_to_fill_in_as_a_spreadsheet(page, qtbot, tmp_path,
                                                                    monkeypatch, answers):
    target = tmp_path / "a remplir.ods"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Tableurs (*.ods)"))
    page.show_tab("staff")
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Liste à remplir…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(target) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert str(target) in answers.texts("tell")[0]


def test_a_profile_typed_in_the_staff_form_is_added_to_the_list(page, qtbot):
    from si_local.ui.training.dialogs import StaffDialog

    dialog = StaffDialog(page.ctx, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.last, "Nouveau")
    qtbot.keyClicks(dialog.matricule, "M-42")
    dialog.profile.lineEdit().selectAll()
    qtbot.keyClicks(dialog.profile.lineEdit(), "Sophrologue")
    save = dialog.ok_button
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _person(page.ctx.db, "Nouveau")[0] == "Sophrologue"
    assert page.ctx.db.execute("SELECT matricule FROM training_staff WHERE last_name = 'Nouveau'"
                               ).fetchone() == ("M-42",)
    assert "Sophrologue" in t.profiles(page.ctx.db)
    again = StaffDialog(page.ctx, None, page)  # offered in the list from now on
    qtbot.addWidget(again)
    assert again.profile.findData("Sophrologue") >= 0
    assert again.profile.findText("Kinésithérapeute") >= 0
