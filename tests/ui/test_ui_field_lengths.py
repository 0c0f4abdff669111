"""The record forms stop typing at each field's maximum length and refuse long notes on save."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from si_local.core import registry as reg
from si_local.ui.forms import RecordDialog

pytestmark = pytest.mark.gui


def test_typing_a_vm_name_past_the_limit_stops_at_the_limit(qtbot, demo_ctx):
    dialog = RecordDialog(demo_ctx, reg.VMS)
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.form.editors["name"]
    qtbot.keyClicks(name, "v" * 205)
    assert name.text() == "v" * 200
    dialog.form.editors["criticality"].setCurrentIndex(1)
    with qtbot.waitSignal(dialog.saved, timeout=2000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = demo_ctx.db.execute("SELECT name FROM vm WHERE id = ?", [saved.args[0]]).fetchone()[0]
    assert stored == "v" * 200


@pytest.mark.parametrize("kind", reg.LISTABLE)
def test_every_line_edit_takes_its_fields_limit(qtbot, demo_ctx, kind):
    k = reg.KINDS[kind]
    dialog = RecordDialog(demo_ctx, k)
    qtbot.addWidget(dialog)
    for f in k.fields:
        editor = dialog.form.editors[f.name]
        if isinstance(editor, QLineEdit):
            assert f.limit is not None and editor.maxLength() == f.limit, f"{kind}.{f.name}"


def test_too_long_notes_are_refused_on_save_with_the_message(qtbot, demo_ctx):
    db = demo_ctx.db
    vm_id, notes = db.execute("SELECT id, notes FROM vm WHERE name = 'VM-LAB01'").fetchone()
    dialog = RecordDialog(demo_ctx, reg.VMS, vm_id)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.form.editors["notes"]
    assert isinstance(box, QPlainTextEdit)
    box.setPlainText("n" * 10_000)
    qtbot.keyClicks(box, "n")  # one more character, typed
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {"notes": "Notes : 10\u202f001 caractères, au plus 10\u202f000."}
    assert dialog.isVisible()
    assert db.execute("SELECT notes FROM vm WHERE id = ?", [vm_id]).fetchone()[0] == notes
