"""Qt's own words (file, print and colour dialogs, message boxes) in the user's language.

Qt's ``qtbase_<lang>.qm`` lags behind Qt's sources: Qt 6.12's non-native file dialog asks for
« &Look in: » and « Files of &type: » (accelerators added), while ``qtbase_fr.qm`` only knows
« Look in: » and « Files of type: »; the dialog showed those two labels in English beside
« &Nom de fichier : ». :class:`AcceleratorFallback`, installed after Qt's catalogue (so asked
first), answers only such strings: the source without its ``&`` as Qt's catalogue translates it,
with the accelerator put back on the same letter."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QTranslator

log = logging.getLogger(__name__)


def _with_accelerator(source: str, translated: str) -> str:
    """``translated`` with an ``&`` before the letter that follows it in ``source`` (the first
    one found, at a word's start if possible), else before its first letter."""
    index = source.find("&")
    letter = source[index + 1:index + 2].lower() if index >= 0 else ""
    lower = translated.lower()
    at = -1
    if letter.isalnum():
        starts = [i for i, c in enumerate(lower) if c == letter and (i == 0 or not lower[i - 1].isalnum())]
        at = starts[0] if starts else lower.find(letter)
    if at < 0:
        at = next((i for i, c in enumerate(translated) if c.isalnum()), 0)
    return translated[:at] + "&" + translated[at:]


class AcceleratorFallback(QTranslator):
    """Translates a Qt string that ``base`` lacks only because its source gained an ``&``."""

    def __init__(self, base: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self._base = base

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102
        # None, not "": Qt stops at the first translator whose answer is not a null string
        if not source or "&" not in source or "&&" in source:
            return None
        if self._base.translate(context, source, disambiguation, n):
            return None  # Qt's catalogue knows it: let it answer
        plain = source.replace("&", "", 1)
        translated = self._base.translate(context, plain, disambiguation, n)
        if not translated or "&" in translated:
            return None
        return _with_accelerator(source, translated)


def install_qt_translations(app, language: str) -> list[QTranslator]:
    """Qt's catalogue for ``language`` and its fallback, installed on ``app``; the translators
    (keep them referenced: a collected QTranslator stops working)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", folder):
        log.warning("Qt translations qtbase_%s not found in %s", language, folder)
        return []
    app.installTranslator(translator)
    fallback = AcceleratorFallback(translator, app)
    app.installTranslator(fallback)
    return [translator, fallback]
