"""« Installed programs / Am I affected? »: a panel of the Registry page.

A query line (« OpenSSL < 3.0.7 ») checked as it is typed, the machines and versions found, then
« Tag… » (an alert's name on each machine) and « Create an action » (one action in the
self-diagnostic action plan listing them). The rules are in ``core/software_search.py``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...core import software_search as ss
from ...core.errors import UserError
from ...core.i18n import N_, _
from ...core.software_search import Hit
from ...core.software_versions import Query, parse_query
from ..kit import messages
from ..kit.form import FieldSpec, FormDialog
from ..kit.roles import set_role
from ..kit.table import NO_INDICATOR, Column, RowsModel, make_table

COLUMNS = [
    Column(N_("Type"), lambda h: h.machine_label),
    Column(N_("Machine"), lambda h: h.machine),
    Column(N_("Program"), lambda h: h.program),
    Column(N_("Version"), lambda h: h.version),
    Column(N_("Publisher"), lambda h: h.publisher or ""),
]


class SoftwarePanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.query: Query | None = None
        self.searched: Query | None = None
        self.hits: list[Hit] = []
        self.alert = ""
        layout = QVBoxLayout(self)
        title = QLabel(_("Installed programs: am I affected?"), self)
        set_role(title, "title")
        layout.addWidget(title)
        hint = QLabel(_("The programs come from the agent inventories (File › Import agent "
                        "inventories…, Ctrl+I). Type a name, then versions if needed: « OpenSSL < 3.0.7 », « openssl "
                        ">= 1.1 < 3.0.7 », « Java » for any version."), self)
        hint.setWordWrap(True)
        set_role(hint, "hint")
        layout.addWidget(hint)
        bar = QHBoxLayout()
        self.line = QLineEdit(self)
        self.line.setObjectName("query")
        self.line.setProperty("filter", True)  # not data
        self.line.setPlaceholderText(_("Program and versions, for example OpenSSL < 3.0.7"))
        self.line.setClearButtonEnabled(True)
        bar.addWidget(self.line, 1)
        self.search_button = QPushButton(_("Search"), self)
        self.search_button.setObjectName("search_button")
        bar.addWidget(self.search_button)
        layout.addLayout(bar)
        self.message = QLabel(self)
        self.message.setObjectName("query_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.model = RowsModel(COLUMNS, self)
        self.table = make_table(self.model, self, word_wrap=False, sort_column=NO_INDICATOR)
        self.table.setObjectName("results")
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        set_role(self.summary, "hint")
        buttons.addWidget(self.summary, 1)
        self.tag_button = QPushButton(_("Tag…"), self)
        self.tag_button.setObjectName("tag_button")
        self.tag_button.setToolTip(_("Tag the machines found with an alert's name"))
        self.action_button = QPushButton(_("Create an action"), self)
        self.action_button.setObjectName("action_button")
        self.action_button.setToolTip(_("One action listing the machines, in the self-diagnostic "
                                        "action plan"))
        buttons.addWidget(self.tag_button)
        buttons.addWidget(self.action_button)
        layout.addLayout(buttons)
        self.line.textChanged.connect(self._check)
        self.line.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.tag_button.clicked.connect(self.tag)
        self.action_button.clicked.connect(self.create_action)
        self._check("")

    def reload(self) -> None:
        """Data changed elsewhere (an import): search again."""
        if self.hits or self.summary.text():
            self.run_search()

    def _check(self, text: str) -> None:
        """The query as it is typed: what will be searched, or why it cannot be."""
        self.query = None
        if not text.strip():
            self.message.setText(_("Type a program's name."))
            set_role(self.message, "hint")
        else:
            try:
                self.query = parse_query(text)
            except UserError as exc:
                self.message.setText(str(exc))
                set_role(self.message, "error")
            else:
                self.message.setText(_("Search: {query} (Enter)").format(query=self.query.describe()))
                set_role(self.message, "hint")
        self.search_button.setEnabled(self.query is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self.hits) and not self.ctx.read_only
        self.tag_button.setEnabled(has)
        self.action_button.setEnabled(has)

    def run_search(self) -> None:
        if self.query is None:
            return
        self.hits = ss.search(self.ctx.db, self.query)
        self.searched = self.query
        self.model.set_rows(self.hits)
        self.table.resizeColumnsToContents()
        self.summary.setText(ss.summary(self.hits))
        self._update_buttons()

    def _ask_alert(self, title: str, ok_text: str, save) -> FormDialog:
        dialog = FormDialog(title, self, save=save, ok_text=ok_text)
        dialog.setObjectName("alert_dialog")
        editor = dialog.form.add(FieldSpec("alert", N_("Alert"), required=True, max_length=ss.MAX_ALERT,
                                           placeholder=_("for example Alerte CERT-FR 2026-123")))
        if self.alert:
            dialog.form.set_value("alert", self.alert)
        dialog.finish()
        editor.setFocus()
        dialog.open()
        return dialog

    def tag(self) -> FormDialog:
        hits, query = list(self.hits), self.searched.text

        def save(values):
            count = ss.tag_machines(self.ctx.db, values["alert"], hits, query)
            self.alert = " ".join(values["alert"].split())
            return count

        dialog = self._ask_alert(_("Tag the machines"), _("Tag"), save)
        dialog.accepted.connect(lambda: self.summary.setText(
            _("{summary}; tagged « {alert} »").format(summary=ss.summary(hits), alert=self.alert)))
        return dialog

    def create_action(self) -> FormDialog:
        hits, query = list(self.hits), self.searched.text

        def save(values):
            action_id, campaign = ss.create_action(self.ctx.db, values["alert"], hits, query)
            self.alert = " ".join(values["alert"].split())
            return campaign

        dialog = self._ask_alert(_("Create an action"), _("Create the action"), save)
        dialog.accepted.connect(lambda: messages.tell(self, _(
            "Action created in the campaign « {campaign} » of the self-diagnostic.").format(
                campaign=dialog.result_value["title"])))
        return dialog
