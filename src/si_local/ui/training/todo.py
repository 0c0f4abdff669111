"""The Training page's To do tab: what to do next, each line opening the tab and the record
it names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

from ...core import training as t
from ...core.i18n import N_, _, format_date, format_percent, ngettext
from ..kit import messages
from ..kit.table import make_table
from .common import TABS, button, select_id
from .models import Column, RowsModel


def _unit_groups(invite: list[dict], enrolled: list[dict]) -> str:
    """« 3 personnes à inviter, 2 inscrites à une session à venir (03/12/2026) »."""
    parts = [ngettext("{count} person to invite", "{count} people to invite", len(invite)).format(
        count=len(invite))] if invite or not enrolled else []
    if enrolled:
        first = min(p["next_date"] for p in enrolled)
        parts.append(ngettext("{count} enrolled in a session to come ({date})",
                                "{count} enrolled in sessions to come (from {date})",
                                len(enrolled)).format(count=len(enrolled), date=format_date(first)))
    return ", ".join(parts)


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
        self._build_still_to_train(layout)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("Plan a session"), self.new_session, tip=_("Create a session")))
        buttons.addWidget(button(_("Print the sign-in sheets"), self.ask_print_all_sheets))
        buttons.addWidget(button(_("Print the training plan"), self.ask_print_plan))
        export = button(_("Export the people to train (CSV)…"), self.ask_export_untrained,
                        tip=_("Per unit: name, profile, modules missing, session to come"))
        export.setObjectName("export_untrained")
        buttons.addWidget(export)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(page, _(TABS[0][1]))

    def _build_still_to_train(self, layout: QVBoxLayout) -> None:
        """« Still to train », in two lists side by side: the people to invite to a session, and
        those already enrolled in a session to come (with its date)."""
        splitter = QSplitter(Qt.Orientation.Horizontal)
        names = lambda r, key: ", ".join(self._module_names[m] for m in r[key])  # noqa: E731
        self.invite_model = RowsModel([
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Name"), t.person_name),
            Column(N_("Profile"), lambda r: t.label(t.PROFILES, r["profile"])),
            Column(N_("Modules to invite to"), lambda r: names(r, "to_invite")),
        ], self)
        self.enrolled_model = RowsModel([
            Column(N_("Unit"), lambda r: r.get("unit_name") or ""),
            Column(N_("Name"), t.person_name),
            Column(N_("Session to come"), lambda r: format_date(r["next_date"]),
                   sort=lambda r: r["next_date"]),
            Column(N_("Modules"), lambda r: names(r, "missing")),
        ], self)
        self._module_names: dict[int, str] = {}
        for key, model in (("invite", self.invite_model), ("enrolled", self.enrolled_model)):
            box = QWidget(splitter)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            title = QLabel(box)
            title.setObjectName(f"todo_{key}_title")
            column.addWidget(title)
            view = make_table(model, box)
            view.setObjectName(f"todo_{key}_view")
            column.addWidget(view, 1)
            setattr(self, f"todo_{key}_title", title)
            setattr(self, f"todo_{key}_view", view)
            splitter.addWidget(box)
        layout.addWidget(splitter, 1)

    def refresh_still_to_train(self, still: t.StillToTrain, cov: t.Coverage) -> None:
        self._module_names = {m["id"]: m["name"] for m in cov.modules}
        self.invite_model.set_rows(still.to_invite)
        self.enrolled_model.set_rows(still.enrolled)
        count = len(still.to_invite)
        self.todo_invite_title.setText(ngettext(
            "To invite: {count} person still needs a session", "To invite: {count} people still "
            "need a session", count).format(count=count))
        count = len(still.enrolled)
        self.todo_enrolled_title.setText(ngettext(
            "Enrolled in a session to come: {count} person", "Enrolled in a session to come: "
            "{count} people", count).format(count=count))

    def ask_export_untrained(self) -> None:
        path = self._ask_path(_("People to train") + ".csv", _("CSV files (*.csv)"))
        if not path:
            return
        count = self._guard(lambda: t.export_untrained_csv(self.db, path, self.today))
        if count is not None:
            messages.tell(self, ngettext("{count} person still to train written to {path}.",
                                         "{count} people still to train written to {path}.",
                                         count).format(count=count, path=path),
                          title=_("People to train"))

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
        still = t.still_to_train(self.db, self.today, cov)
        self.refresh_still_to_train(still, cov)
        settings = t.plan(self.db)
        for r in cov.readiness:
            if r.people and not r.meets_target:
                rows.append({"priority": act if settings["go_live_date"] else soon, "text": _(
                    "{unit}: {ratio} ready, target {target} %: {groups}.").format(
                        unit=r.name, ratio=format_percent(r.ratio), target=r.target_percent,
                        groups=_unit_groups(*still.in_unit(r.unit_id))),
                    "where": _(dict(TABS)["coverage"]), "tab": "coverage", "id": r.unit_id})
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
