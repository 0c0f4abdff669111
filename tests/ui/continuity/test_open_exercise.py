"""An alert or a readiness evidence naming an exercise opens the Exercises tab on that exercise,
not on the first one listed."""

from __future__ import annotations

from si_local.core import continuity as c
from si_local.core.alerts import Alert


def test_open_alert_selects_the_named_exercise(qtbot, demo_ctx):
    from si_local.ui.continuity.page import create_page

    older = c.exercises(demo_ctx.db)[0]["id"]
    newer = c.save_exercise(demo_ctx.db, {"held_on": "2026-11-30", "kind": "tabletop",
                                          "title": "Exercice de novembre"})
    page = create_page(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    tab = page.open_alert(Alert("low", "continuity", "", "continuity_exercise", older))
    assert tab.current()["id"] == older
    tab = page.open_alert(Alert("low", "continuity", "", "continuity_exercise", newer))
    assert tab.current()["id"] == newer
