"""The one form dialog: fields from specs, typed with real keys, values as a dict, errors next
to the field they name, Save disabled while a required field is empty."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QListWidget, QPlainTextEdit

from si_local.core import training as t
from si_local.core.errors import UserError, ValidationError
from si_local.ui.kit.date_field import DateField
from si_local.ui.kit.form import FieldSpec, FormDialog

NAME_LIMIT = t.TEXT_COLUMNS["training_unit"]["name"].limit


def _specs() -> list[FieldSpec]:
    return [
        FieldSpec("name", "Name", required=True, max_length=NAME_LIMIT),
        FieldSpec("notes", "Notes", "longtext"),
        FieldSpec("count", "Places", "int", minimum=0, maximum=200, empty="—"),
        FieldSpec("hours", "DMIA (hours)", "float", minimum=0, maximum=1000, decimals=1),
        FieldSpec("due", "Due date", "date"),
        FieldSpec("kind", "Kind", "choice", choices=[("a", "Un"), ("b", "Deux")]),
        FieldSpec("active", "Active", "bool"),
        FieldSpec("profiles", "Who needs it", "checklist", choices=[("nurse", "IDE"), ("doctor", "Médecin")]),
    ]


def _dialog(qtbot, save, specs=None, mark_required=False) -> FormDialog:
    dialog = FormDialog("Essai", save=save)
    dialog.form.mark_required = mark_required
    for spec in specs or _specs():
        dialog.form.add(spec)
    dialog.finish()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot, widget, text: str) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(widget, text)


def test_fields_from_specs_filled_by_keys_give_a_dict(qtbot):
    saved = []
    dialog = _dialog(qtbot, lambda values: saved.append(values) or 7)
    e = dialog.form.editors
    assert [type(e[n]) for n in ("name", "notes", "due", "kind", "active", "profiles")] == [
        QLineEdit, QPlainTextEdit, DateField, QComboBox, QCheckBox, QListWidget]
    assert [dialog.form.labels[n].text() for n in ("name", "due")] == ["Nom", "Échéance"]
    assert e["name"].maxLength() == NAME_LIMIT
    assert not dialog.ok_button.isEnabled()  # the name is required
    _type(qtbot, e["name"], "Cardiologie")
    assert dialog.ok_button.isEnabled()
    _type(qtbot, e["notes"], "Deux lignes")
    _type(qtbot, e["count"], "12")
    _type(qtbot, e["hours"], "4,5")
    _type(qtbot, e["due"].line, "15012027")
    e["kind"].setCurrentIndex(1)
    e["active"].setFocus()
    qtbot.keyClick(e["active"], Qt.Key.Key_Space)
    e["profiles"].item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved == [{"name": "Cardiologie", "notes": "Deux lignes", "count": 12, "hours": 4.5,
                      "due": "2027-01-15", "kind": "b", "active": True, "profiles": ["doctor"]}]
    assert dialog.result() == FormDialog.DialogCode.Accepted and dialog.result_value == 7


def test_typing_stops_at_the_limit(qtbot):
    dialog = _dialog(qtbot, lambda values: 1)
    _type(qtbot, dialog.form.editors["name"], "x" * (NAME_LIMIT + 5))
    assert dialog.form.value("name") == "x" * NAME_LIMIT


def test_empty_fields_give_none(qtbot):
    dialog = _dialog(qtbot, lambda values: 1)
    values = dialog.values()
    assert (values["count"], values["hours"], values["due"]) == (None, None, None)


@pytest.mark.parametrize(("error", "field", "shown"), [
    ({"name": "Une autre unité porte ce nom."}, "name", "Une autre unité porte ce nom."),
    ({"Nom": "requis"}, "name", "Nom : requis"),  # areas that key their errors by label
])
def test_a_validation_error_is_shown_next_to_the_field_it_names(qtbot, error, field, shown):
    def refuse(values):
        raise ValidationError(error)

    dialog = _dialog(qtbot, refuse)
    _type(qtbot, dialog.form.editors["name"], "Cardiologie")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.form.errors() == {field: shown}
    assert dialog.general_error.isHidden()


def test_a_user_error_and_an_unknown_field_go_to_the_general_error(qtbot):
    def refuse(values):
        raise UserError("La base est en lecture seule.")

    dialog = _dialog(qtbot, refuse)
    _type(qtbot, dialog.form.editors["name"], "Cardiologie")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.form.errors() == {}
    assert not dialog.general_error.isHidden()
    assert dialog.general_error.text() == "La base est en lecture seule."


def test_a_date_that_is_no_date_is_named_and_nothing_is_saved(qtbot):
    saved = []
    dialog = _dialog(qtbot, saved.append)
    _type(qtbot, dialog.form.editors["name"], "Cardiologie")
    _type(qtbot, dialog.form.editors["due"].line, "31/02/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved == [] and dialog.isVisible()
    assert dialog.form.errors() == {
        "due": "Échéance : le 31/02/2027 n’existe pas."}
    dialog.form.editors["due"].line.selectAll()
    qtbot.keyClicks(dialog.form.editors["due"].line, "28/02/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved and saved[0]["due"] == "2027-02-28" and dialog.form.errors() == {}


def test_required_fields_are_marked_when_asked(qtbot):
    dialog = _dialog(qtbot, lambda values: 1, mark_required=True)
    dialog.form.add_required_note()
    assert dialog.form.labels["name"].text() == "Nom *"
    assert dialog.form.labels["notes"].text() == "Notes"


def test_an_error_goes_as_soon_as_the_field_is_corrected(qtbot):
    saved = []
    dialog = _dialog(qtbot, saved.append)
    _type(qtbot, dialog.form.editors["name"], "Cardiologie")
    line = dialog.form.editors["due"].line
    _type(qtbot, line, "31/02/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert list(dialog.form.errors()) == ["due"]
    qtbot.keyClick(line, Qt.Key.Key_Backspace)  # « 31/02/202 »: still no date, still said
    assert list(dialog.form.errors()) == ["due"]
    line.selectAll()
    qtbot.keyClicks(line, "28/02/2027")  # no Save pressed: the message is gone already
    assert dialog.form.errors() == {} and not dialog.form.error_labels["due"].isVisible()
    assert saved == []
