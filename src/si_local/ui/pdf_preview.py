"""A reusable PDF preview and print dialog (QtPdf), and a helper that builds a PDF off the GUI
thread then previews it.

Use::

    PdfPreviewDialog(pdf_path, parent).exec()        # preview, print, save a copy

    build_and_preview(runner, parent, build, "plan.pdf")   # build(path) runs in a worker thread

``build(path) -> int`` must open its own database connection (one connection per thread) and
write the PDF at ``path``. Printing renders each page with ``QPdfDocument.render`` at the
printer's resolution and paints it on the printer chosen in Qt's print dialog.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ..core.errors import UserError
from ..core.i18n import _, page_count
from .kit import messages

log = logging.getLogger(__name__)

PRINT_DPI_MAX = 300


class PdfPreviewDialog(QDialog):
    """Shows a PDF (all pages, scrolling) with zoom, Print…, Save a copy… and Open buttons."""

    def __init__(self, pdf_path: Path | str, parent=None, title: str | None = None):
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.setWindowTitle(title or _("Preview — {name}").format(name=self.pdf_path.name))
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        error = self.document.load(str(self.pdf_path))
        if error != QPdfDocument.Error.None_:
            raise UserError(_("{path}: the PDF cannot be opened.").format(path=self.pdf_path))
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        bar = QHBoxLayout()
        self.pages_label = QLabel(page_count(self.document.pageCount()), self)
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip(_("Print on a printer (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_document)
        save = QPushButton(_("&Save a copy…"), self)
        save.clicked.connect(self.save_copy)
        open_button = QPushButton(_("&Open in the PDF reader"), self)
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path))))
        zoom_in = QPushButton("+", self)
        zoom_in.setToolTip(_("Zoom in (Ctrl++)"))
        zoom_in.clicked.connect(lambda: self.zoom(1.25))
        zoom_out = QPushButton("−", self)
        zoom_out.setToolTip(_("Zoom out (Ctrl+-)"))
        zoom_out.clicked.connect(lambda: self.zoom(0.8))
        fit = QPushButton(_("Fit &width"), self)
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        close = QPushButton(_("&Close"), self)
        close.clicked.connect(self.accept)
        for w in (self.pages_label,):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (zoom_out, zoom_in, fit, save, open_button, self.print_button, close):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_document)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.zoom(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=lambda: self.zoom(0.8))
        self.view.setFocus()

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def save_copy(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(self, _("Save a copy"), self.pdf_path.name,
                                                      _("PDF files (*.pdf)"))
        if target:
            from ..core.output_file import part_file

            try:
                with part_file(target) as tmp:  # a full disk: no half copy left, one line
                    shutil.copyfile(self.pdf_path, tmp)
            except UserError as exc:
                messages.warn(self, str(exc), title=_("Save a copy"))
            except OSError as exc:
                messages.warn(self, _("{path}: cannot write ({error}).")
                              .format(path=target, error=exc.strerror or exc), title=_("Save a copy"))

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            render_to_printer(self.document, printer)
        except UserError as exc:
            messages.warn(self, str(exc), title=_("Print"))


def render_to_printer(document: QPdfDocument, printer) -> int:
    """Paint the pages of ``document`` (the printer's page range, or all) on ``printer``."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0:
        first, last = 1, count
    last = min(last or count, count)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("The printer cannot be used; check it is connected and ready."))
    printed = 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        for number in range(first, last + 1):
            if printed:
                printer.newPage()
            size_pt = document.pagePointSize(number - 1)
            size = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
            image = document.render(number - 1, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(QPointF(0, 0), image)
            painter.setViewport(target)
            printed += 1
    finally:
        painter.end()
    return printed


# --- building off the GUI thread ---------------------------------------------------------------

def build_and_preview(runner, parent, build: Callable[[Path], int], file_name: str, *,
                      show: bool = True, on_ready: Callable[[Path], None] | None = None,
                      on_end: Callable[[], None] | None = None) -> Path:
    """Build a PDF in a temporary folder through ``runner`` (a :class:`~si_local.ui.tasks.TaskRunner`),
    then open the preview dialog. ``on_end()`` runs last, built or not. Returns the path the
    PDF is built at. The folder is removed when nothing was built, even if ``parent`` was closed
    meanwhile (then nothing else happens)."""
    folder = Path(tempfile.mkdtemp(prefix="si-local-"))
    path = folder / file_name
    built: list[Path] = []

    def alive() -> bool:
        return parent is None or shiboken6.isValid(parent)

    def done(_pages) -> None:
        built.append(path)
        if not alive():
            return
        if on_ready:
            on_ready(path)
        if show:
            PdfPreviewDialog(path, parent).exec()

    def failed(message: str) -> None:
        if alive():
            messages.warn(parent, message, title=_("Print"))

    def end() -> None:
        if not built:
            shutil.rmtree(folder, ignore_errors=True)  # nothing was built: leave no empty folder
        if on_end and alive():
            on_end()

    runner.run_task(build, path, on_done=done, on_error=failed, on_end=end)
    return path
