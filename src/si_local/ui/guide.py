"""Help › User guide (F1): the guide's chapters (``core/guide.py``, read from resources/guide)
in a list, the chosen one in a QTextBrowser with its screenshots, offline; « Print… » builds the
same guide as ``si-local print guide`` and opens it in the PDF preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QPushButton, QSplitter, QTextBrowser,
    QVBoxLayout,
)

from ..core import guide
from ..core.errors import UserError
from ..core.i18n import _
from .kit import messages
from .pdf_preview import build_and_preview
from .tasks import runner_for


class GuideDialog(QDialog):
    """The guide: chapters on the left, the chapter's text and pictures on the right."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("guide_dialog")
        self.setWindowTitle(_("User guide"))
        self.chapters = guide.chapters()
        self.chapter_list = QListWidget(self)
        self.chapter_list.setObjectName("guide_chapters")
        self.chapter_list.addItems([c.title for c in self.chapters])
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(False)  # nothing to follow: the guide is offline
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.chapter_list)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 800])
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("guide_print")
        self.print_button.setToolTip(_("The whole guide as a PDF, to print or keep"))
        self.print_button.clicked.connect(self.print_guide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.chapter_list.currentRowChanged.connect(self.show_chapter)
        self.chapter_list.setCurrentRow(0)
        self.chapter_list.setFocus()
        self.resize(1100, 720)

    def show_chapter(self, row: int) -> None:
        if 0 <= row < len(self.chapters):
            self.browser.setHtml(guide.chapter_html(self.chapters[row]))
            self.browser.verticalScrollBar().setValue(0)

    def print_guide(self) -> Path:
        """Build the guide's PDF off the GUI thread, then preview it (print, save a copy)."""
        from ..core.reports.guide import print_guide

        self.print_button.setEnabled(False)
        return build_and_preview(runner_for(self.ctx), self, print_guide, "guide-utilisation.pdf",
                                 on_end=lambda: self.print_button.setEnabled(True))


def show_guide(window) -> GuideDialog | None:
    """Menu Help › User guide (F1): one guide window, brought to the front when already open."""
    dialog = window.findChild(GuideDialog)
    if dialog is None:
        try:
            dialog = GuideDialog(getattr(window, "ctx", None), window)
        except UserError as exc:
            messages.warn(window, str(exc), title=_("User guide"))
            return None
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
