"""Colours and sizes come from the one application style sheet (``ui/theme.py``), chosen by a
widget's « role » (issue 15): a role shows its colour, also when it changes while shown."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from si_local.ui import theme
from si_local.ui.kit.roles import set_role


@pytest.fixture
def themed(qapp):
    before = qapp.styleSheet()
    qapp.setStyleSheet(theme.STYLE)
    yield qapp
    qapp.setStyleSheet(before)


def _reddish(label: QLabel) -> int:
    """How many pixels of ``label`` are clearly red (the text of an error)."""
    image = label.grab().toImage()
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = QColor(image.pixel(x, y))
            count += c.red() > 140 and c.green() < 90 and c.blue() < 100
    return count


def test_a_role_set_while_shown_turns_the_text_red_and_back(qtbot, themed):
    label = QLabel("Impossible d’importer : ligne 3")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    assert _reddish(label) == 0
    set_role(label, "error")  # a summary that turns red
    assert _reddish(label) > 20
    assert label.palette().color(label.foregroundRole()) == QColor(theme.ERROR_RED)
    set_role(label, None)
    assert _reddish(label) == 0


def test_each_error_role_has_its_colour_and_the_strong_one_is_bold(qtbot, themed):
    for role, colour, bold in (("dialog-error", theme.DIALOG_RED, False),
                               ("error-strong", theme.ERROR_RED, True)):
        label = QLabel("Nom *")
        qtbot.addWidget(label)
        set_role(label, role)
        label.ensurePolished()
        assert label.palette().color(label.foregroundRole()) == QColor(colour), role
        assert label.font().bold() is bold, role


def test_a_large_text_and_a_severity_heading(qtbot, themed):
    from si_local.ui.diagnostic.common import BigLabel

    title = BigLabel("Dimension 1 sur 7", 18, True)
    qtbot.addWidget(title)
    title.ensurePolished()
    assert (title.font().pointSizeF(), title.font().bold()) == (18, True)
    heading = QLabel("À traiter en priorité")
    qtbot.addWidget(heading)
    heading.setProperty("role", "subtitle")
    heading.setProperty("severity", "high")
    heading.ensurePolished()
    assert heading.palette().color(heading.foregroundRole()) == QColor(theme.SEVERITY_COLOURS["high"])
    assert heading.font().pointSizeF() == 12
