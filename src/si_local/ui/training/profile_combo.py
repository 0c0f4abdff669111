"""The profile combo of the staff form: the profiles of the list, and a new one typed to be
added (profiles are a list the user extends, never silently replaced by another)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from ...core import training as t
from ...core.i18n import _


class ProfileCombo(QComboBox):
    """The profiles of the list; a name typed that is not one of them is a profile to add."""

    def __init__(self, db, current: str | None = None, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for key, text in t.profiles(db).items():
            self.addItem(text, key)
        index = self.findData(current)
        if index >= 0:
            self.setCurrentIndex(index)
        self.lineEdit().setMaxLength(t.TEXT_COLUMNS["training_profile"]["name"].limit)
        self.lineEdit().setPlaceholderText(_("Choose or type a new profile"))
        self.setToolTip(_("Type a name that is not in the list to add a profile"))

    def key(self, db) -> str | None:
        """The key of the profile chosen, the profile typed added to the list first (inside the
        caller's transaction). None when nothing is chosen."""
        text = self.currentText().strip()
        if not text:
            return None
        return t.find_profile(db, text) or t.add_profile(db, text)
