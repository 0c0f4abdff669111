"""Table models of the Continuity page: the kit's :class:`RowsModel` over column specs, and
:class:`StepsModel`, which adds step reordering by drag and drop (internal moves) that calls
:func:`si_local.core.continuity.move_step_to`.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt

from ...core import continuity as c
from ...core.i18n import N_, format_minutes
from ..kit.table import Column, RowsModel

__all__ = ["SEVERITY_COLOURS", "STEP_COLUMNS", "Column", "RowsModel", "StepsModel"]

STEP_MIME = "application/x-si-local-step-row"

SEVERITY_COLOURS = {"high": "#F6CFCA", "medium": "#FBE7B5", "low": "#E8EEF5"}


STEP_COLUMNS = [
    Column("#", lambda r: r["position"], lambda r: r["position"]),
    Column(N_("Phase"), lambda r: c.phase_label(r["phase"])),
    Column(N_("Step"), lambda r: r["title"]),
    Column(N_("Owner"), lambda r: r["owner_role"] or ""),
    Column(N_("Stand-in"), lambda r: r["standin_role"] or ""),
    Column(N_("Expected"), lambda r: format_minutes(r["expected_minutes"]), lambda r: r["expected_minutes"] or 0),
    Column(N_("Concerns"), lambda r: ", ".join(n for _c, _i, n in r["items"])),
]


class StepsModel(RowsModel):
    """The steps of one scenario, in order; rows move by drag and drop (no sorting proxy)."""

    def __init__(self, db, parent=None):
        super().__init__(STEP_COLUMNS, parent)
        self.db = db
        self.scenario_id: int | None = None

    def load(self, scenario_id: int | None) -> None:
        self.scenario_id = scenario_id
        self.set_rows(c.steps(self.db, scenario_id) if scenario_id else [])

    def reload(self) -> None:
        self.load(self.scenario_id)

    def move(self, row: int, target: int) -> int:
        """Move the step at ``row`` to ``target`` (0-based) in the database; returns its new row."""
        if not 0 <= row < len(self.rows):
            return row
        new = c.move_step_to(self.db, self.rows[row]["id"], target)
        self.reload()
        return new

    # drag and drop -----------------------------------------------------------------------------
    def flags(self, index):
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if index.isValid():
            base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self):  # noqa: N802
        return [STEP_MIME]

    def mimeData(self, indexes):  # noqa: N802
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(STEP_MIME, str(rows[0] if rows else -1).encode())
        return mime

    def canDropMimeData(self, data, action, row, column, parent):  # noqa: N802
        return data.hasFormat(STEP_MIME)

    def dropMimeData(self, data, action, row, column, parent):  # noqa: N802
        if not data.hasFormat(STEP_MIME):
            return False
        source = int(bytes(data.data(STEP_MIME)).decode() or -1)
        if source < 0:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        target = row - 1 if row > source else row
        if target != source:
            self.move(source, target)
            self.moved_to = target
        return False  # we moved the rows ourselves: the view must not remove the source row
