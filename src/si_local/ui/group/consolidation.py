"""The Consolidation tab: several facilities' bundles side by side, read-only, with one radar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout,
    QWidget,
)

from ...core.i18n import _, ngettext
from ..kit.table import make_table
from ..tasks import runner_for
from .models import FacilitiesModel
from ..kit import messages


class ConsolidationTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = runner_for(ctx)
        self.consolidation = None
        self._reading = ""
        layout = QVBoxLayout(self)
        intro = QLabel(_("For the group's IT manager: open the bundles the facilities sent "
                         "(File › Export the facility bundle). Each facility stays apart and "
                         "read-only; nothing is imported into this database."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = FacilitiesModel(self)
        self.view = make_table(self.model, sortable=False, alternating=False, stretch_last=False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        below = QHBoxLayout()
        from ..diagnostic.radar import RadarWidget

        self.radar = RadarWidget(self)  # every facility's self-diagnostic scores on one radar
        self.radar.setObjectName("group_radar")
        self.radar.hide()
        below.addWidget(self.radar, 3)
        self.weak = QLabel()
        self.weak.setWordWrap(True)
        self.weak.setAlignment(Qt.AlignmentFlag.AlignTop)
        below.addWidget(self.weak, 2)
        layout.addLayout(below, 2)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open facility bundles…"))
        self.open_button.setShortcut(QKeySequence("Ctrl+O"))
        self.open_button.clicked.connect(lambda: self.open_bundles())
        self.print_button = QPushButton(_("Print the consolidated report…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_report)
        self.status = QLabel()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)

    def open_bundles(self, paths: list[str] | None = None) -> None:
        if not paths:
            paths, _filter = QFileDialog.getOpenFileNames(
                self, _("Open facility bundles"), "", _("SI Local bundle (*.json)"))
            if not paths:
                return
        self._reading = ngettext("Reading {count} bundle…", "Reading {count} bundles…",
                                 len(paths)).format(count=len(paths))
        self.status.setText(self._reading)
        self.open_button.setEnabled(False)
        from ...core.group.consolidation import consolidate

        self.tasks.run_task(consolidate, [Path(p) for p in paths], on_done=self._loaded,
                            on_error=self._failed, on_end=self._ended, parent=self)

    def _ended(self) -> None:
        self.open_button.setEnabled(True)
        if self.status.text() == self._reading:  # an unexpected error: told apart
            self.status.setText("")

    def _loaded(self, consolidation) -> None:
        self.consolidation = consolidation
        self.model.set_rows(consolidation.facilities)
        self.view.resizeColumnsToContents()
        self.print_button.setEnabled(True)
        self.status.setText(ngettext("{count} facility.", "{count} facilities.",
                                     len(consolidation.facilities)).format(count=len(consolidation.facilities)))
        self._show_radar(consolidation)
        common = consolidation.common_weaknesses(5)
        self.weak.setText("<b>" + _("Most common weaknesses across the group") + "</b><br>"
                          + "<br>".join(f"{text} ({n})" for text, n in common) if common else "")

    def _show_radar(self, consolidation) -> None:
        from PySide6.QtGui import QColor

        labels, series = consolidation.radar_series()
        self.radar.set_data(labels, [(name, values, QColor(colour), style)
                                     for name, values, colour, style in series])
        self.radar.setVisible(bool(labels and series))

    def _failed(self, message: str) -> None:
        self.status.setText("")
        messages.warn(self, message, title=_("Consolidation"))

    def print_report(self) -> None:
        if self.consolidation is None:
            return
        from ...core.reports.group import print_group
        from ..pdf_preview import build_and_preview

        consolidation = self.consolidation
        build_and_preview(self.tasks, self, lambda path: print_group(consolidation, path),
                          "consolidation.pdf")
