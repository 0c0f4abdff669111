"""Qt's own dialogs are French from end to end once ``create_application`` has set up its
translators: the non-native file dialog's « Regarder dans », « Type de fichier », the print dialog's
buttons… not « Look in: » beside « Nom de fichier : »."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QFileDialog, QLabel,
                               QWidget)

# (« Type », « Options », « Sat » and « Val » (saturation, valeur), « HTML » are French too)
ENGLISH = ["Look in", "Files of type", "File name", "File type", "Cancel", "Open", "Save",
           "Choose", "Detail View", "List View", "Back", "Forward", "Parent Directory",
           "Create New Folder", "Name", "Size", "Date Modified", "Directory", "Print",
           "Properties", "Printer", "Copies", "Close", "Select Color", "Basic colors",
           "Custom colors", "Add to Custom Colors", "Hue", "Red", "Green", "Blue",
           "Alpha channel", "Pick Screen Color", "Page", "Orientation", "Portrait",
           "Landscape", "Paper", "Margins", "Pages", "Current Page", "Selection", "All",
           "Collate", "Reverse", "Copies:", "Location:", "Comment:", "Output file:", "Yes", "No"]


@pytest.fixture
def french_app(qapp):
    from si_local.core import i18n
    from si_local.ui import app

    i18n.set_language("fr")
    yield app.create_application()
    for translator in list(app._translators):
        qapp.removeTranslator(translator)
    app._translators.clear()


def _words(text: str) -> str:
    return re.sub(r"[&:.…]", "", text).strip()


def _visible_texts(dialog: QWidget) -> list[str]:
    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
            texts.append(widget.toolTip())
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            texts += [widget.itemText(i) for i in range(widget.count())]
    header = [v.model().headerData(i, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
              for v in dialog.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QTreeView)
              if v.isVisibleTo(dialog) for i in range(v.model().columnCount())]
    return [t for t in texts + [str(h) for h in header] if t]


def _english(texts: list[str]) -> list[str]:
    words = {w.lower() for w in ENGLISH}
    return [t for t in texts if _words(t).lower() in words]


@pytest.mark.parametrize("mode", ["open", "save"])
def test_non_native_file_dialog_is_french(qtbot, french_app, tmp_path, mode):
    dialog = QFileDialog(None, "Choisir", str(tmp_path), "Fichiers CSV (*.csv);;Tous (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = _visible_texts(dialog)
    assert any("Voir dans" in t for t in texts) and any("Fichiers de &type" in t for t in texts), texts
    assert not _english(texts), _english(texts)


def test_colour_dialog_is_french(qtbot, french_app):
    from PySide6.QtWidgets import QColorDialog

    dialog = QColorDialog()
    dialog.setOption(QColorDialog.ColorDialogOption.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = _visible_texts(dialog)
    assert not _english(texts), _english(texts)


def test_print_dialog_is_french(qtbot, french_app):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = _visible_texts(dialog)
    assert texts
    assert not _english(texts), _english(texts)
