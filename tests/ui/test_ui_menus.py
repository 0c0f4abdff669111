"""The menu bar's entries point at functions that exist.

A menu entry's module is imported only when the entry is first clicked (main_window
``_run_menu_entry``), and an entry is shown as soon as its module exists: a renamed or missing
function would only fail on click. This checks every entry up front.
"""

from __future__ import annotations

import importlib
import importlib.util

from si_local.ui import main_window


def _entries():
    for _title, entries in main_window.MENUS:
        for entry in entries:
            if entry is not None:
                yield entry


def test_every_shown_menu_entry_names_a_function_of_its_module():
    checked = 0
    problems = []
    for module_name, function_name, _label, _shortcut in _entries():
        if importlib.util.find_spec(f"si_local.ui.{module_name}") is None:
            continue  # not shown (the area is not there yet)
        module = importlib.import_module(f"si_local.ui.{module_name}")
        if not callable(getattr(module, function_name, None)):
            problems.append(f"si_local.ui.{module_name}.{function_name}")
        checked += 1
    assert not problems, f"menu entries without their function: {problems}"
    assert checked >= 5  # the File and Help menus are there


def test_menu_entries_have_unique_object_names():
    names = [function_name for _m, function_name, _l, _s in _entries()]
    assert len(names) == len(set(names))  # each becomes the action's objectName
