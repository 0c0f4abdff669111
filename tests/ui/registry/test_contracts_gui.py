"""Contracts in the registry's window: the generic list and form, the supplier chosen among the
vendors, a rule's message under its field, and the « Budget… » dialog (print, CSV)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from si_local.core import registry as reg
from si_local.ui.pages.registry import KIND_ORDER, RegistryPage


@pytest.fixture
def ctx(demo_ctx):
    return demo_ctx


def test_contracts_are_in_the_registry_after_the_contacts(qtbot, ctx):
    assert KIND_ORDER[KIND_ORDER.index("contacts") + 1] == "contracts"
    page = RegistryPage(ctx)
    qtbot.addWidget(page)
    page.show()
    panel = page.show_kind("contracts")
    assert page.nav.currentItem().text() == "Contrats"
    assert panel.model.rowCount() == 6 and panel.budget_button is not None
    assert page.show_kind("contacts").budget_button is None


def test_a_contract_is_typed_in_the_form_and_its_rules_shown_under_the_fields(qtbot, ctx):
    page = RegistryPage(ctx)
    qtbot.addWidget(page)
    page.show()
    panel = page.show_kind("contracts")
    dialog = panel.new_record()
    qtbot.addWidget(dialog)
    form = dialog.form
    supplier = form.editors["supplier_id"]
    names = [supplier.itemText(i) for i in range(supplier.count())]
    assert "Assistance Logisanté" in names and "Laurent Morel" not in names  # vendors only
    qtbot.keyClicks(form.editors["name"], "Maintenance des onduleurs")
    qtbot.keyClicks(form.editors["start_date"].line, "01/06/2027")
    qtbot.keyClicks(form.editors["end_date"].line, "31/05/2027")
    qtbot.keyClicks(form.editors["yearly_cost_eur"], "-10")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    errors = form.errors()
    assert errors["end_date"].startswith("Date de fin\u00a0: doit être postérieure")
    assert errors["yearly_cost_eur"].startswith("Coût annuel\u00a0:")
    assert ctx.db.execute("SELECT count(*) FROM contract").fetchone()[0] == 6
    end = form.editors["end_date"].line
    end.selectAll()
    qtbot.keyClick(end, Qt.Key.Key_Delete)
    qtbot.keyClicks(end, "31/05/2030")
    cost = form.editors["yearly_cost_eur"]
    cost.selectAll()
    qtbot.keyClick(cost, Qt.Key.Key_Delete)
    qtbot.keyClicks(cost, "1200")
    supplier.setCurrentIndex(names.index("Assistance Logisanté"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.errors() == {}
    record = reg.get(ctx.db, reg.CONTRACTS, dialog.record_id)
    assert record["end_date"] == "2030-05-31" and record["yearly_cost_eur"] == 1200
    assert panel.model.rowCount() == 7


def test_the_budget_dialog_prints_and_exports(qtbot, ctx, answers, tmp_path):
    page = RegistryPage(ctx)
    qtbot.addWidget(page)
    page.show()
    panel = page.show_kind("contracts")
    from si_local.ui.contracts_budget import BudgetDialog

    dialog = BudgetDialog(ctx, panel)  # (closed with its page)
    assert dialog.year.value() == 2026  # the suite's day
    dialog.year.selectAll()
    qtbot.keyClicks(dialog.year, "2027")
    assert dialog.year.value() == 2027
    pdf = dialog.print_budget(show=False)
    text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Budget des contrats 2027" in text and "Totaux par type" in text
    out = tmp_path / "budget.csv"
    assert dialog.export_to(out) == 6
    assert out.read_bytes().startswith(b"\xef\xbb\xbfContrat;Fournisseur;")
    assert any("6 contrats écrits" in t for t in answers.texts())


def test_the_budget_dialog_s_print_button_opens_the_preview(qtbot, ctx, monkeypatch):
    """Pressing « Imprimer… » (not calling the method) opens the PDF preview: Qt's clicked(bool)
    once reached print_budget as show=False, and nothing was shown."""
    from PySide6.QtCore import Qt

    from si_local.ui import pdf_preview
    from si_local.ui.contracts_budget import BudgetDialog

    shown = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec",
                        lambda self: shown.append(self.pdf_path) or 0)
    page = RegistryPage(ctx)
    qtbot.addWidget(page)
    page.show()
    dialog = BudgetDialog(ctx, page.show_kind("contracts"))
    dialog.show()
    dialog.print_button.setFocus()
    qtbot.keyClick(dialog.print_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown))
    assert "Budget des contrats" in PdfReader(str(shown[0])).pages[0].extract_text()
