"""The dialog adapting a core-model item (the kit's form dialog) on a copy of the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from si_local.core.group import packs


def _dialog(qtbot, demo_db):
    from si_local.ui.group.dialogs import AdaptDialog

    item = next(i for i in packs.items(demo_db) if i.key == "vms-name")
    dialog = AdaptDialog(item)
    qtbot.addWidget(dialog)
    dialog.show()
    return item, dialog


def _retype(qtbot, editor, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)


def test_an_item_adapted_by_keys_is_kept(qtbot, demo_db):
    item, dialog = _dialog(qtbot, demo_db)
    _retype(qtbot, dialog.editor, '{"pattern": "VM-[A-Z]+[0-9]{3}", "registry_kind": "vms"}')
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    packs.adapt(demo_db, item.id, dialog.value)  # what the Core model tab does on Save
    adapted = next(i for i in packs.items(demo_db) if i.id == item.id)
    assert adapted.local == {"pattern": "VM-[A-Z]+[0-9]{3}", "registry_kind": "vms"}


def test_invalid_json_is_said_in_the_dialog(qtbot, demo_db):
    _item, dialog = _dialog(qtbot, demo_db)
    _retype(qtbot, dialog.editor, '{"pattern": ')
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.value is None
    assert dialog.general_error.text().startswith("JSON invalide à la ligne 1")
