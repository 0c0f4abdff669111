"""The one seam of the window's boxes (``si_local.ui.kit.messages``), with real message boxes:
a timer looks at the box shown (its French buttons, its default one) and answers with a key, as a
person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLibraryInfo, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from si_local.core.errors import ValidationError
from si_local.ui.kit import messages


@pytest.fixture
def french_qt(qapp):
    """Qt's own French (« &Oui », « Annuler »), as ``create_application`` installs it."""
    translator = QTranslator()
    assert translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def _answer_with(qtbot, key, seen: list) -> None:
    """When the box is up: note its title, text, buttons and default button, then press ``key``."""
    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        # the button Enter presses: the one set, else the one Qt makes default when shown
        default = box.defaultButton() or next((b for b in box.buttons() if b.isDefault()), None)
        seen.append({"title": box.windowTitle(), "text": box.text(), "icon": box.icon(),
                     "buttons": sorted(b.text() for b in box.buttons()),
                     "default": default.text() if default is not None else None})
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)


def test_a_question_says_oui_non_and_enter_answers_non(qtbot, french_qt):
    seen = []
    _answer_with(qtbot, Qt.Key.Key_Return, seen)
    assert messages.ask(None, "Restaurer la base", "Remplacer la base ?") is False
    assert seen == [{"title": "Restaurer la base", "text": "Remplacer la base ?",
                     "icon": QMessageBox.Icon.Question, "buttons": ["&Non", "&Oui"], "default": "&Non"}]


def test_a_question_whose_default_is_oui(qtbot, french_qt):
    seen = []
    _answer_with(qtbot, Qt.Key.Key_Return, seen)
    assert messages.ask(None, "Supprimer", "Supprimer le rôle ?", default_no=False) is True
    assert seen[0]["default"] == "&Oui"
    _answer_with(qtbot, Qt.Key.Key_Escape, seen)
    assert messages.ask(None, "Supprimer", "Supprimer le rôle ?", default_no=False) is False


def test_tell_warn_and_error_are_titled_si_local_unless_told(qtbot, french_qt):
    seen = []
    _answer_with(qtbot, Qt.Key.Key_Return, seen)
    messages.tell(None, "Copie écrite.")
    _answer_with(qtbot, Qt.Key.Key_Return, seen)
    messages.warn(None, ValidationError({"Intitulé": "obligatoire", "Échéance": "date invalide"}),
                  title="Plan d’action")
    _answer_with(qtbot, Qt.Key.Key_Escape, seen)
    messages.error(None, "Base endommagée.")
    assert [(s["title"], s["icon"], s["buttons"]) for s in seen] == [
        ("SI Local", QMessageBox.Icon.Information, ["OK"]),
        ("Plan d’action", QMessageBox.Icon.Warning, ["OK"]),
        ("SI Local", QMessageBox.Icon.Critical, ["OK"])]
    # a ValidationError: one field a line, French spacing before the colon
    assert seen[1]["text"] == "Intitulé : obligatoire\nÉchéance : date invalide"


DELETE = messages.Question("Supprimer une fiche", "Supprimer SRV-01 ?", icon="warning",
                           buttons=(("delete", "Supprimer", "destructive"),
                                    ("cancel", "Annuler", "reject")), default="cancel")


def test_a_box_with_its_own_buttons_defaults_to_the_one_asked(qtbot, french_qt):
    seen = []
    _answer_with(qtbot, Qt.Key.Key_Return, seen)
    assert messages.choose(None, DELETE) == "cancel"
    assert seen == [{"title": "Supprimer une fiche", "text": "Supprimer SRV-01 ?",
                     "icon": QMessageBox.Icon.Warning, "buttons": ["Annuler", "Supprimer"],
                     "default": "Annuler"}]


def test_the_key_of_the_button_pressed_comes_back(qtbot, french_qt):
    def press_delete():
        box = QApplication.activeModalWidget()
        delete = messages.button(box, "delete")
        delete.setFocus()
        qtbot.keyClick(delete, Qt.Key.Key_Space)

    QTimer.singleShot(0, press_delete)
    assert messages.choose(None, DELETE) == "delete"


def test_standard_buttons_are_qt_s_french_ones(qtbot, french_qt):
    seen = []
    question = messages.Question("Prendre ce paquet ?", "Groupe, version 2",
                                 buttons=(messages.OK, messages.CANCEL), details="conservé : Sauvegardes")
    _answer_with(qtbot, Qt.Key.Key_Escape, seen)
    assert messages.choose(None, question) == messages.CANCEL
    assert "Annuler" in seen[0]["buttons"] and "OK" in seen[0]["buttons"]
