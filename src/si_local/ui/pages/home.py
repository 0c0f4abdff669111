"""Home: what needs attention, grouped by priority, and a short summary of the facility.

Alerts come from :func:`si_local.core.alerts.collect`. Activating an alert about a registry record
opens that record on the registry page; an alert of another area shows that area's page.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QEvent, QRect, QSize, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ...core import alerts as core_alerts
from ...core import registry as reg
from ...core import summary
from ...core.i18n import N_, _, format_date, ngettext
from ..models import SEVERITIES, SEVERITY_ROLE, AlertTableModel
from si_local.core import clock

log = logging.getLogger(__name__)

SEVERITY_HINTS = {
    "high": N_("A risk for patient care or data today."),
    "medium": N_("To schedule in the coming weeks."),
    "low": N_("Worth knowing."),
}
# Where to start, one line per person: (text, page key, page title)
STARTS = (
    (N_("IT manager: describe the sites, servers and applications"), "registry", N_("Registry")),
    (N_("Nurse manager: prepare the training plan"), "training", N_("Training")),
    (N_("Management: start the self-diagnostic"), "diagnostic", N_("Self-diagnostic")),
)


class StartBox(QFrame):
    """« Where to start? », shown while the registry is empty: a new database does not open on
    IT vocabulary alone; each person has a line and a button to the page that is theirs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("start_box")
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        title = QLabel(_("Where to start?"), self)
        title.setProperty("role", "subtitle")
        layout.addWidget(title)
        self.buttons: dict[str, QPushButton] = {}
        for text, key, page_title in STARTS:
            row = QHBoxLayout()
            label = QLabel(_(text), self)
            label.setWordWrap(True)
            button = QPushButton(_(page_title), self)
            button.setObjectName(f"start_{key}")
            button.clicked.connect(lambda _checked=False, k=key: self.open_page(k))
            self.buttons[key] = button
            row.addWidget(label, 1)
            row.addWidget(button)
            layout.addLayout(row)

    def open_page(self, key: str) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page(key)


class SummaryCard(QFrame):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value = QLabel("—", self)
        self.value.setProperty("role", "figure")
        self.caption = QLabel(title, self)
        self.caption.setProperty("role", "hint")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's current width (the style sheet's item
    padding, 8 px a side and 5 px top and bottom, is not counted by Qt's own size hint)."""

    PADDING_X, PADDING_Y = 8, 5

    def sizeHint(self, option, index):  # noqa: N802
        view = self.parent()
        width = max(view.viewport().width() - 2 * view.spacing() - 2 * self.PADDING_X - 12, 100)
        text = index.data() or ""
        box = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000),
                                              int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, box.height() + 2 * self.PADDING_Y + 2)


class AlertGroup(QWidget):
    """The alerts of one severity: a heading and a list (hidden when empty)."""

    def __init__(self, severity: str, model: AlertTableModel, parent=None):
        super().__init__(parent)
        self.severity = severity
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "subtitle")
        self.heading.setProperty("severity", severity)  # its colour: ui/theme.py
        layout.addWidget(self.heading)
        hint = QLabel(_(SEVERITY_HINTS.get(severity, "")), self)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterRole(SEVERITY_ROLE)
        self.proxy.setFilterRegularExpression(f"^{severity}$")
        self.proxy.setFilterKeyColumn(AlertTableModel.COL_MESSAGE)
        self.view = QListView(self)
        self.view.setObjectName(f"alerts_{severity}")
        self.view.setModel(self.proxy)
        self.view.setModelColumn(AlertTableModel.COL_MESSAGE)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setUniformItemSizes(False)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setItemDelegate(WrappingDelegate(self.view))
        self.view.viewport().installEventFilter(self)  # new width: rows wrap differently
        self.view.setToolTip(_("Enter or double-click: open the record concerned"))
        layout.addWidget(self.view)

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            self.view.doItemsLayout()
            self.update_view()
        return super().eventFilter(watched, event)

    def update_view(self) -> None:
        count = self.proxy.rowCount()
        self.heading.setText(_("{title} ({count})").format(
            title=_(SEVERITIES.get(self.severity, self.severity)), count=count))
        # every row's own height: a long message wraps onto two lines and must not be clipped
        height = sum(self.view.sizeHintForRow(row) + 2 * self.view.spacing() for row in range(count))
        self.view.setFixedHeight(height + 2 * self.view.frameWidth() + 2 if count else 0)
        self.setVisible(count > 0)


class HomePage(QWidget):
    LOADED_WHEN_BUILT = True  # see MainWindow._on_page_changed

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)

        self.start_box = StartBox(body)
        layout.addWidget(self.start_box)
        self.facility_label = QLabel(body)
        self.facility_label.setProperty("role", "title")
        self.facility_label.setWordWrap(True)
        layout.addWidget(self.facility_label)
        self.facility_detail = QLabel(body)
        self.facility_detail.setProperty("role", "hint")
        layout.addWidget(self.facility_detail)

        cards = QGridLayout()
        cards.setHorizontalSpacing(12)
        self.cards: dict[str, SummaryCard] = {}
        for column, (key, title) in enumerate((
            ("servers", _("physical servers")), ("vms", _("virtual machines")),
            ("applications", _("applications")), ("backups", _("backups")),
            ("restore", _("last restore test")),
        )):
            card = SummaryCard(title, body)
            card.setObjectName(f"card_{key}")
            self.cards[key] = card
            cards.addWidget(card, 0, column)
        layout.addLayout(cards)

        heading_row = QHBoxLayout()
        self.attention_title = QLabel(body)
        self.attention_title.setObjectName("attention_title")
        self.attention_title.setProperty("role", "title")
        heading_row.addWidget(self.attention_title)
        heading_row.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(heading_row)
        self.nothing_label = QLabel(_("Nothing needs attention: the registry is up to date."), body)
        self.nothing_label.setProperty("role", "hint")
        layout.addWidget(self.nothing_label)

        self.model = AlertTableModel(parent=self)
        self.groups: dict[str, AlertGroup] = {}
        for severity in SEVERITIES:
            group = AlertGroup(severity, self.model, body)
            group.view.activated.connect(lambda index, g=group: self._activate(g, index))
            self.groups[severity] = group
            layout.addWidget(group)
        layout.addStretch(1)
        self.alerts: list = []
        self.today: dt.date | None = None  # fixed by tests; None means the real date
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        try:
            self.alerts = core_alerts.collect(db, self._today())
        except Exception:  # an area's faulty provider must not leave Home empty
            log.exception("alerts could not be computed")
            self.alerts = []
        self.model.set_alerts(self.alerts)
        count = len(self.alerts)
        self.attention_title.setText(_("What needs attention ({count})").format(count=count))
        self.nothing_label.setVisible(count == 0)
        for group in self.groups.values():
            group.update_view()
        self._refresh_summary()

    def _today(self) -> dt.date:
        return self.today or clock.today()

    def _refresh_summary(self) -> None:
        db = self.ctx.db
        self.start_box.setVisible(summary.registry_is_empty(db))
        facility = summary.first_facility(db)
        if facility:
            _id, name, finess, kind = facility
            self.facility_label.setText(name)
            parts = [_(reg.FACILITY_KINDS.get(kind, kind or ""))]
            if finess:
                parts.append(_("FINESS {number}").format(number=finess))
            sites = summary.site_count(db)
            parts.append(ngettext("{count} site", "{count} sites", sites).format(count=sites))
            self.facility_detail.setText(" · ".join(p for p in parts if p))
        else:
            self.facility_label.setText(_("Welcome to SI Local"))
            self.facility_detail.setText(
                _("Start by describing the facility in Registry › Facility (Ctrl+2)."))
        for key, count in summary.record_counts(db).items():
            self.cards[key].value.setText(str(count))
        last = summary.last_restore_test(db)
        card = self.cards["restore"]
        if last:
            card.value.setText(format_date(last[0]))
            card.caption.setText(_("last restore test: {result}").format(
                result=_(reg.RESULTS.get(last[1], last[1])).lower()))
        else:
            card.value.setText(_("never"))
            card.caption.setText(_("last restore test"))

    def _activate(self, group: AlertGroup, index) -> None:
        source = group.proxy.mapToSource(index)
        self.open_alert(self.model.alert(source.row()))

    def open_alert(self, alert):
        """Show what an alert is about: the registry record, or the page of its area."""
        return open_alert(self.window(), alert)


def open_alert(window, alert):
    """Show in ``window`` what an alert (or anything with its area, kind and record_id) is
    about: the registry record, or the page of its area (its ``open_alert``)."""
    show_page = getattr(window, "show_page", None)
    if show_page is None:
        return None
    if alert.kind in reg.KINDS:
        page = show_page("registry")
        open_record = getattr(page, "open_record", None)
        if open_record is not None:
            return open_record(alert.kind, alert.record_id, True)
        return None
    names = getattr(window, "page_names", lambda: [])()
    if alert.area in names:
        page = show_page(alert.area)
        opener = getattr(page, "open_alert", None)
        if callable(opener):
            return opener(alert)
    return None


def create_page(ctx, parent=None) -> HomePage:
    return HomePage(ctx, parent)
