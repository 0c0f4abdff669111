"""File › Import certificates…: choose (or drop) certificate files, see what each one is (new,
already known, a renewal) and the links proposed, pick the servers, VMs or applications that use
them, then import. Nothing is written before « Import »; certificate files are a few KB, so they
are read and planned at once (no worker)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import certificates as certs
from ..core import registry as reg
from ..core.errors import UserError
from ..core.i18n import N_, _, format_date, ngettext
from .import_dialog import _list_model, _read_only, _refresh, _status, _table
from .kit.form import FieldSpec, make_editor, read_editor
from .kit.roles import set_role

CERTIFICATE_FILTER = "{label} (*.pem *.crt *.cer *.der);;{all} (*)"
STATUS_TEXT = {"new": N_("new certificate"), "known": N_("already known certificate"),
               "renewed": N_("renewal of a known certificate"),
               "repeated": N_("certificate given twice")}


class CertificateImportDialog(QDialog):
    """Choose certificate files, see the preview, choose the links, then import."""

    PREVIEW_HEADERS = (N_("File"), N_("Certificate"), N_("What happens"), N_("Expires on"),
                       N_("Names covered"), N_("Links"))

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.ctx = window.ctx
        self.paths: list[Path] = []
        self.plan: certs.CertificatePlan | None = None
        self.setWindowTitle(_("Import certificates"))
        self.setAcceptDrops(True)
        self.resize(980, 600)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose certificate files (.pem, .crt, .cer or DER), or drop them on this "
                         "window; nothing is read from the network. A private key in a file is "
                         "never imported. Nothing is written before you click « Import »."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add files…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.clear_button = QPushButton(_("&Clear the list"), self)
        self.clear_button.clicked.connect(self.clear)
        self.files_label = QLabel(_("No file chosen."), self)
        row.addWidget(self.add_button)
        row.addWidget(self.clear_button)
        row.addWidget(self.files_label, 1)
        layout.addLayout(row)
        self.model = _list_model(self.PREVIEW_HEADERS, self)
        self.view = _table(self.model, self)
        self.view.setObjectName("certificate_preview")
        layout.addWidget(self.view, 1)
        layout.addWidget(self._links_box())
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("certificate_summary")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.close_button = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _links_box(self) -> QWidget:
        """Three check lists side by side: what uses the certificates. None ticked: the links
        proposed from the names the certificates cover."""
        box = QWidget(self)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(QLabel(_("Used by (tick none to keep the links proposed from the names "
                                 "the certificates cover):"), box))
        row = QHBoxLayout()
        self.link_lists: dict[str, QListWidget] = {}
        for name, kind in certs.LINK_KINDS.items():
            column = QVBoxLayout()
            column.addWidget(QLabel(_(reg.KINDS[kind].plural), box))
            spec = FieldSpec(name, reg.KINDS[kind].plural, "checklist", height=96,
                             choices=reg.choices_for(self.ctx.db, reg.KINDS[kind]))
            editor = make_editor(spec, box)
            editor.setObjectName(f"links_{name}")
            editor.itemChanged.connect(lambda *_a: self.preview())
            self.link_lists[name] = editor
            column.addWidget(editor)
            row.addLayout(column, 1)
        outer.addLayout(row)
        return box

    def chosen_links(self) -> list[tuple[str, int]]:
        return [(name, rid) for name, editor in self.link_lists.items()
                for rid in read_editor(editor) or []]

    # files
    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose certificate files"), str(Path.home()),
            CERTIFICATE_FILTER.format(label=_("Certificates"), all=_("All files")))
        if names:
            self.add_paths([Path(n) for n in names])

    def clear(self) -> None:
        self.paths = []
        self.plan = None
        self.model.set_rows([])
        self.summary.setText("")
        set_role(self.summary, None)
        self.files_label.setText(_("No file chosen."))
        self.import_button.setEnabled(False)

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
        self.files_label.setText(ngettext("{count} file chosen.", "{count} files chosen.",
                                          len(self.paths)).format(count=len(self.paths)))
        self.preview()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # preview
    def preview(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)
        self.model.set_rows([])
        set_role(self.summary, None)
        if not self.paths:
            self.summary.setText("")
            return
        try:
            plan = certs.plan_import(self.ctx.db, self.paths, links=self.chosen_links())
        except UserError as exc:
            self.summary.setText(_("Cannot import: {error}").format(error=exc))
            set_role(self.summary, "error")
            return
        self._show_preview(plan)

    def _show_preview(self, plan: certs.CertificatePlan) -> None:
        self.plan = plan
        titles = certs.link_titles(self.ctx.db)
        rows = []
        for item in plan.items:
            linked = [titles[f].get(i, str(i)) for f in certs.LINK_KINDS for i in item.links.get(f, [])]
            links = ", ".join(linked)
            if links and item.guessed:
                links = _("proposed: {names}").format(names=links)
            refused = certs.refused_names(item, titles)
            if refused:
                links = " — ".join(filter(None, [links, _(
                    "not proposed again, removed by hand: {names}").format(names=refused)]))
            rows.append([item.path.name, item.cert.common_name, _(STATUS_TEXT[item.status]),
                         format_date(item.cert.not_after), ", ".join(item.cert.names), links])
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        text = _("Preview: {summary}.").format(summary=plan.summary())
        if plan.notes:
            text += "\n" + "\n".join(plan.notes)
        self.summary.setText(text)
        set_role(self.summary, "warning-box" if plan.notes else None)
        writes = len(plan.items) - plan.count("repeated")
        self.import_button.setEnabled(writes > 0 and not self.ctx.read_only)

    # apply
    def apply(self) -> None:
        if self.plan is None:
            return
        self.import_button.setEnabled(False)
        try:
            counts = certs.apply_plan(self.ctx.db, self.plan)
        except UserError as exc:
            self.summary.setText(str(exc))
            set_role(self.summary, "error")
            return
        self.summary.setText(_("Import finished: {summary}.").format(summary=", ".join([
            ngettext("{count} new certificate", "{count} new certificates",
                     counts["new"]).format(count=counts["new"]),
            ngettext("{count} renewal", "{count} renewals",
                     counts["renewed"]).format(count=counts["renewed"]),
            ngettext("{count} already known certificate", "{count} already known certificates",
                     counts["known"]).format(count=counts["known"])])))
        self.paths = []
        self.plan = None
        _refresh(self.window_)
        _status(self.window_, self.summary.text())


def import_certificates(window, paths: list[Path] | None = None) -> CertificateImportDialog | None:
    if _read_only(window):
        return None
    dialog = CertificateImportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if paths:
        dialog.add_paths([Path(p) for p in paths])
    dialog.open()
    if paths is None:
        dialog.choose_files()
    return dialog
