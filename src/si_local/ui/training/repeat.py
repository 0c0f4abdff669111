"""The new-session dialog with its « Repeat » option: every week or every two weeks, a number of
times or until a day; the sessions are made in one step by
:func:`si_local.core.training.create_repeated_sessions`. Kept apart from ``dialogs.py``: the
session form itself is :class:`~.dialogs.SessionDialog`, unchanged."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QRadioButton,
    QWidget,
)

from ...core import training as t
from ...core.i18n import _
from ..kit.date_field import DateField
from ..number_field import IntField
from .dialogs import SessionDialog


class NewSessionDialog(SessionDialog):
    """:class:`SessionDialog` for a new session, with « Repeat » under the form. After a
    repeated save, ``repeated`` holds what was made (ids, warnings of each), else None."""

    def __init__(self, ctx, parent=None, module_id: int | None = None, day: dt.date | None = None):
        super().__init__(ctx, None, parent, module_id=module_id, day=day)
        self.repeated: t.RepeatedSessions | None = None
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self.repeat_on = QCheckBox(_("Repeat the session"))
        self.repeat_on.setObjectName("repeat_on")
        self.repeat_every = QComboBox()
        self.repeat_every.setObjectName("repeat_every")
        self.repeat_every.addItem(_("every week"), 1)
        self.repeat_every.addItem(_("every two weeks"), 2)
        self.repeat_by_count = QRadioButton(_("number of times:"))
        self.repeat_by_count.setObjectName("repeat_by_count")
        self.repeat_by_count.setChecked(True)
        self.repeat_count = IntField()
        self.repeat_count.setObjectName("repeat_count")
        self.repeat_count.setRange(0, 999)
        self.repeat_count.setValue(4)
        self.repeat_by_date = QRadioButton(_("until:"))
        self.repeat_by_date.setObjectName("repeat_by_date")
        group = QButtonGroup(holder)
        group.addButton(self.repeat_by_count)
        group.addButton(self.repeat_by_date)
        first = self.day.date() or ctx.today()
        self.repeat_until = DateField(first + dt.timedelta(weeks=8), label=_("until:"))
        self.repeat_until.setObjectName("repeat_until")
        grid.addWidget(self.repeat_on, 0, 0)
        grid.addWidget(self.repeat_every, 0, 1, 1, 2)
        grid.addWidget(self.repeat_by_count, 1, 1)
        grid.addWidget(self.repeat_count, 1, 2)
        grid.addWidget(self.repeat_by_date, 2, 1)
        grid.addWidget(self.repeat_until, 2, 2)
        grid.setColumnStretch(3, 1)
        for box in (self.repeat_on, self.repeat_by_count, self.repeat_by_date):
            box.setMinimumWidth(box.sizeHint().width())  # never cut by the date beside
        self.add("repeat", _("Repeat"), holder)
        holder.setToolTip(_("Same module, times, room, trainer and places; at most {max} sessions.")
                          .format(max=t.MAX_OCCURRENCES))
        self.repeat_on.toggled.connect(self._repeat_toggled)
        self._repeat_toggled(False)

    def _repeat_toggled(self, on: bool) -> None:
        for widget in (self.repeat_every, self.repeat_by_count, self.repeat_count,
                       self.repeat_by_date, self.repeat_until):
            widget.setEnabled(on)

    def save(self) -> int:
        if not self.repeat_on.isChecked():
            return super().save()
        by_count = self.repeat_by_count.isChecked()
        self.repeated = t.create_repeated_sessions(
            self.db, self.values(), self.repeat_every.currentData(),
            count=self.repeat_count.value() if by_count else None,
            until=None if by_count else self.repeat_until.date())
        return self.repeated.ids[0]
