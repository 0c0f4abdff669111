"""The Training page's To do tab: what to do next, each line opening the tab and the record
it names."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from ...core import training as t
from ...core.i18n import N_, _, format_percent, ngettext
from ..kit.table import make_table
from .common import TABS, button, select_id
from .models import Column, RowsModel


class TodoTabMixin:
    """The To do tab of :class:`~.page.TrainingPage`, which inherits it: builds the tab and
    holds its slots; ``self`` is the page."""

    def _build_todo(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(_("What to do next for the training. Double-click a line (or press Enter) "
                         "to go there."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.todo_model = RowsModel([
            Column(N_("Priority"), lambda r: r["priority"]),
            Column(N_("What to do"), lambda r: r["text"]),
            Column(N_("Where"), lambda r: r["where"]),
        ], self)
        self.todo_view = make_table(self.todo_model, page, sortable=False)
        self.todo_view.setObjectName("todo_view")
        self.todo_view.activated.connect(lambda index: self.open_todo(index.row()))
        header = self.todo_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.todo_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("Plan a session"), self.new_session, tip=_("Create a session")))
        buttons.addWidget(button(_("Print the sign-in sheets"), self.ask_print_all_sheets))
        buttons.addWidget(button(_("Print the training plan"), self.ask_print_plan))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[0][1]))

    def todo_rows(self) -> list[dict]:
        rows: list[dict] = []
        act, soon = _("Act now"), _("Plan soon")
        for s in t.attendance_to_record(self.db, self.today):
            rows.append({"priority": act, "text": _(
                "Record who came to « {module} » of {when} ({count}).").format(
                    module=s["module_name"], when=t.when(s), count=ngettext(
                        "{count} attendance to record", "{count} attendances to record",
                        s["pending"]).format(count=s["pending"])),
                "where": _(dict(TABS)["sessions"]), "tab": "sessions", "id": s["id"]})
        for u in t.units_without_referent(self.db):
            rows.append({"priority": act, "text": _("Name a référent for {unit}.").format(unit=u["name"]),
                         "where": _(dict(TABS)["units"]), "tab": "units", "id": u["id"]})
        cov = t.coverage(self.db)
        settings = t.plan(self.db)
        for r in cov.readiness:
            if r.people and not r.meets_target:
                missing = sum(1 for p in cov.to_train if p["unit_id"] == r.unit_id)
                rows.append({"priority": act if settings["go_live_date"] else soon, "text": ngettext(
                    "{unit}: {ratio} ready, target {target} %: {count} person still to train.",
                    "{unit}: {ratio} ready, target {target} %: {count} people still to train.", missing)
                    .format(unit=r.name, ratio=format_percent(r.ratio), target=r.target_percent,
                            count=missing), "where": _(dict(TABS)["coverage"]), "tab": "coverage",
                    "id": r.unit_id})
        for s in t.sessions_to_fill(self.db, self.today):
            rows.append({"priority": soon, "text": ngettext(
                "Fill « {module} » of {when}: {free} place left.",
                "Fill « {module} » of {when}: {free} places left.", s["capacity"] - s["booked"]).format(
                    module=s["module_name"], when=t.when(s), free=s["capacity"] - s["booked"]),
                "where": _(dict(TABS)["sessions"]), "tab": "sessions", "id": s["id"]})
        for r in t.referents_not_trained(self.db):
            rows.append({"priority": soon, "text": _(
                "The référent {name} ({unit}) still has to follow: {modules}.").format(
                    name=t.person_name(r), unit=r["unit_name"], modules=", ".join(r["missing"])),
                "where": _(dict(TABS)["units"]), "tab": "units", "id": r["unit_id"]})
        return rows

    def open_todo(self, row: int) -> None:
        item = self.todo_model.row(row)
        self.show_tab(item["tab"])
        if item["tab"] == "sessions":
            self.session_filter.setCurrentIndex(2)
            select_id(self.session_view, item["id"])
        elif item["tab"] == "units":
            select_id(self.unit_view, item["id"])
