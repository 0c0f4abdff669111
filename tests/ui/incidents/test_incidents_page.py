"""The Incidents page on the demo: the register, the selected incident's deadlines and history,
a new incident typed in the dialog (real key events) with the impact pre-fill shown before
saving, and a correction that adds an entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from si_local.core import incidents as inc
from si_local.core.errors import ValidationError
from si_local.ui.incidents.dialogs import IncidentDialog
from si_local.ui.incidents.page import create_page


def test_the_register_and_the_selected_incident(qtbot, demo_ctx):
    page = create_page(demo_ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    text = page.details.text()
    assert "Déclaration à l’ARS" in text and "Historique des corrections" in text
    assert "VM-FIC01" in text


def test_a_new_incident_typed_in_with_the_impact_prefill(qtbot, demo_ctx):
    dialog = IncidentDialog(demo_ctx.db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.editors["title"], "Panne du DPI")
    dialog.form.set_value("detected_at", "2026-11-22T08:00")
    assert dialog.prefill.text() == "Rien de plus."
    for i in range(dialog.picker.count()):
        item = dialog.picker.item(i)
        if item.data(Qt.ItemDataRole.UserRole)[2] == "SRV-HYP-01":
            item.setCheckState(Qt.CheckState.Checked)
    assert "Dossier patient Sillage+" in dialog.prefill.text()  # shown before saving
    assert dialog.try_save()
    found = inc.incidents(demo_ctx.db)[0]
    assert found.entry["title"] == "Panne du DPI"
    assert {"SRV-HYP-01", "Dossier patient Sillage+"} <= {link.name for link in found.links}
    # a correction: a new entry, the first kept
    fix = IncidentDialog(demo_ctx.db, None, found.entry, found.links)
    qtbot.addWidget(fix)
    fix.show()
    fix.form.set_value("causes", "Disque plein")
    assert fix.try_save()
    again = inc.incident(demo_ctx.db, found.number)
    assert again.entry["causes"] == "Disque plein" and len(again.history) == 1
    assert "SRV-HYP-01" in {link.name for link in again.links}


def test_an_alert_naming_an_incident_opens_it(qtbot, demo_ctx):
    """Home's deadline alert and a readiness evidence carry the incident's number: the page
    shows that incident, not the first row."""
    from si_local.core.alerts import Alert
    from si_local.ui.incidents.page import create_page

    page = create_page(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    numbers = [row.number for row in page.model.rows]
    assert len(numbers) >= 2
    for number in reversed(numbers):
        page.open_alert(Alert("medium", "incidents", "", "incident", number))
        assert page.selected().number == number


def test_a_year_out_of_range_typed_in_the_dialog_is_refused(qtbot, demo_ctx):
    """The dialog's date field and the register agree: year 1 or 5000 is refused under the
    field, nothing recorded."""
    before = len(inc.incidents(demo_ctx.db))
    for typed in ("01/01/0001 10:00", "01/01/5000 10:00"):
        dialog = IncidentDialog(demo_ctx.db)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.form.editors["title"], "Faute de frappe")
        qtbot.keyClicks(dialog.form.editors["detected_at"].line, typed)
        qtbot.keyClick(dialog.form.editors["detected_at"].line, Qt.Key.Key_Tab)
        assert not dialog.try_save()
        assert "Détection" in dialog.form.errors()["detected_at"]
    # the same values reaching the register by another way (a form value set by code)
    dialog = IncidentDialog(demo_ctx.db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.editors["title"], "Faute de frappe")
    dialog.form.set_value("detected_at", "2026-11-22T08:00")
    values = {**dialog.form.values(), "detected_at": "5000-01-01T10:00"}
    with pytest.raises(ValidationError) as caught:
        dialog.submit(values)
    dialog.show_errors(caught.value.errors)  # what try_save does with it
    assert dialog.form.errors()["detected_at"] == (
        "Détection\u00a0: l’année 5000 n’est pas acceptée (de 1900 à 2200).")
    assert len(inc.incidents(demo_ctx.db)) == before
