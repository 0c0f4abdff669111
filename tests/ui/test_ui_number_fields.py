"""Number fields typed like a person would: click the field, type the digits.

An empty number field used to hold Qt's "special value" (one below the minimum) with the cursor
before it, so clicking an empty vCPU field and typing 12 stored 21.  These tests use real mouse
and key events on every numeric field of every form.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core import registry as reg
from si_local.ui.continuity.dialogs import FormDialog
from si_local.ui.forms import RecordDialog

pytestmark = pytest.mark.gui


def _numeric_fields():
    for kind in reg.KINDS.values():
        for f in kind.fields:
            if f.type in ("int", "float"):
                yield pytest.param(kind.key, f.name, id=f"{kind.key}.{f.name}")


def _typed(f) -> tuple[str, float]:
    """Digits inside the field's range, as typed, and the number they mean."""
    for text in ("12", "15", "16", "5", "1"):
        n = int(text)
        if (f.minimum is None or n >= f.minimum) and (f.maximum is None or n <= f.maximum):
            return text, n
    raise AssertionError(f"no test value fits {f.name}")


def _click_and_type(qtbot, field, text):
    field.show()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize(("kind_key", "name"), list(_numeric_fields()))
def test_every_registry_number_field_gets_what_is_typed(qtbot, demo_ctx, kind_key, name):
    kind = reg.KINDS[kind_key]
    f = kind.field(name)
    dialog = RecordDialog(demo_ctx, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.form.editors[name]
    assert dialog.form.value(name) is None and editor.lineEdit().text() == ""
    text, number = _typed(f)
    _click_and_type(qtbot, editor, text)
    assert dialog.form.value(name) == number
    # a field that holds a value: select all and type replaces it
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, "1")
    assert dialog.form.value(name) == 1 or (f.minimum is not None and f.minimum > 1)
    # clearing the text makes it empty again
    editor.lineEdit().selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert dialog.form.value(name) is None
    editor.clearFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.form.value(name) is None


def test_vm_vcpu_and_ram_typed_after_a_click_are_stored(qtbot, demo_ctx):
    db = demo_ctx.db
    dialog = RecordDialog(demo_ctx, reg.VMS)
    qtbot.addWidget(dialog)
    dialog.show()
    e = dialog.form.editors
    qtbot.keyClicks(e["name"], "VM-NUM01")
    e["server_id"].setCurrentIndex(1)
    _click_and_type(qtbot, e["vcpu"], "12")
    _click_and_type(qtbot, e["ram_gb"], "16")
    assert e["ram_gb"].suffix() == " Go"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {}
    assert db.execute("SELECT vcpu, ram_gb FROM vm WHERE name = 'VM-NUM01'").fetchone() == (12, 16.0)


def test_editing_a_stored_value_select_all_and_type(qtbot, demo_ctx):
    db = demo_ctx.db
    vm_id = db.execute("SELECT id FROM vm WHERE name = 'VM-LAB01'").fetchone()[0]
    dialog = RecordDialog(demo_ctx, reg.VMS, vm_id)
    qtbot.addWidget(dialog)
    dialog.show()
    e = dialog.form.editors
    assert e["vcpu"].value() == 2
    qtbot.mouseClick(e["vcpu"], Qt.MouseButton.LeftButton)
    e["vcpu"].lineEdit().selectAll()
    qtbot.keyClicks(e["vcpu"], "12")
    qtbot.mouseClick(e["ram_gb"], Qt.MouseButton.LeftButton)
    e["ram_gb"].lineEdit().selectAll()
    qtbot.keyClick(e["ram_gb"], Qt.Key.Key_Delete)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {}
    assert db.execute("SELECT vcpu, ram_gb FROM vm WHERE id = ?", [vm_id]).fetchone() == (12, None)


@pytest.mark.parametrize(("kind", "text", "expected"), [("int", "15", 15), ("float", "16", 16.0),
                                                         ("float", "12", 12.0)])
def test_continuity_form_dialog_number_fields(qtbot, kind, text, expected):
    saved = {}
    dialog = FormDialog("Test", [("n", "Number", kind), ("other", "Other", kind)], {},
                        lambda v: saved.update(v) or 1)
    qtbot.addWidget(dialog)
    dialog.show()
    w = dialog.widgets["n"][1]
    assert w.lineEdit().text() == ""
    _click_and_type(qtbot, w, text)
    dialog._save()
    assert saved == {"n": expected, "other": None}
    # a stored value: select all and type replaces it; clearing empties it
    dialog = FormDialog("Test", [("n", "Number", kind)], {"n": 7}, lambda v: saved.update(v) or 1)
    qtbot.addWidget(dialog)
    dialog.show()
    w = dialog.widgets["n"][1]
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)
    w.lineEdit().selectAll()
    qtbot.keyClicks(w, "12")
    assert dialog.values() == {"n": 12}
    w.lineEdit().selectAll()
    qtbot.keyClick(w, Qt.Key.Key_Delete)
    assert dialog.values() == {"n": None}
