"""The record forms, driven like a user: typing in the fields and clicking Save."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from si_local.core import registry as reg
from si_local.ui.forms import RecordDialog, confirm_delete, deletion_text

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_ctx(ctx):
    return ctx


def _type(qtbot, widget, text):
    """Replace what a field holds by typing, as a person would."""
    line = getattr(widget, "line", None) or (widget.lineEdit() if hasattr(widget, "lineEdit") else widget)
    assert text.isascii(), "QTest types ASCII only"
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _pick(combo, text):
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setCurrentIndex(index)


def _audit(db, table, row_id):
    return [(r[0], json.loads(r[1]) if r[1] else None) for r in db.execute(
        "SELECT action, after FROM audit WHERE table_name = ? AND row_id = ? ORDER BY id",
        [table, row_id])]


def test_add_a_server_then_a_vm_through_the_forms(qtbot, demo_ctx):
    db = demo_ctx.db
    dialog = RecordDialog(demo_ctx, reg.SERVERS)
    qtbot.addWidget(dialog)
    dialog.show()
    e = dialog.form.editors
    assert dialog.windowTitle() == "Serveur physique — nouvelle fiche"
    _type(qtbot, e["name"], "SRV-HYP-03")
    _pick(e["site_id"], "Site du Moulin")
    _type(qtbot, e["maker"], "HPE")
    _type(qtbot, e["model"], "ProLiant DL380 Gen11")
    _type(qtbot, e["ram_gb"], "256")
    _type(qtbot, e["storage_gb"], "3840,5")
    _type(qtbot, e["mgmt_address"], "10.20.0.12")
    _type(qtbot, e["warranty_end"], "31/12/2029")
    assert e["ram_gb"].suffix() == " Go"
    with qtbot.waitSignal(dialog.saved, timeout=2000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    server_id = saved.args[0]
    row = db.execute("SELECT name, site_id, maker, ram_gb, storage_gb, mgmt_address, warranty_end "
                     "FROM server WHERE id = ?", [server_id]).fetchone()
    site = db.execute("SELECT id FROM site WHERE name = 'Site du Moulin'").fetchone()[0]
    assert row == ("SRV-HYP-03", site, "HPE", 256.0, 3840.5, "10.20.0.12", "2029-12-31")
    trail = _audit(db, "server", server_id)
    assert trail[0][0] == "insert" and trail[0][1]["name"] == "SRV-HYP-03"
    assert not dialog.isVisible()

    dialog = RecordDialog(demo_ctx, reg.VMS)
    qtbot.addWidget(dialog)
    dialog.show()
    e = dialog.form.editors
    _type(qtbot, e["name"], "VM-PACS01")
    _pick(e["server_id"], "SRV-HYP-03")
    _type(qtbot, e["os"], "Debian 12")
    _type(qtbot, e["role"], "PACS imagerie")
    _type(qtbot, e["vcpu"], "6")
    _type(qtbot, e["ram_gb"], "24")
    _type(qtbot, e["addresses"], "10.20.1.40, 10.20.1.41")
    _pick(e["criticality"], "Haute")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {}
    vm = db.execute("SELECT id, server_id, vcpu, ram_gb, addresses, criticality FROM vm "
                    "WHERE name = 'VM-PACS01'").fetchone()
    assert vm[1:] == (server_id, 6, 24.0, "10.20.1.40, 10.20.1.41", "high")
    trail = _audit(db, "vm", vm[0])
    assert [a for a, _after in trail] == ["insert"]
    assert trail[0][1]["server_id"] == server_id


def test_edit_loads_the_record_and_saves_only_the_change(qtbot, demo_ctx):
    db = demo_ctx.db
    vm_id = db.execute("SELECT id FROM vm WHERE name = 'VM-LAB01'").fetchone()[0]
    dialog = RecordDialog(demo_ctx, reg.VMS, vm_id)
    qtbot.addWidget(dialog)
    e = dialog.form.editors
    assert e["name"].text() == "VM-LAB01" and e["server_id"].currentText() == "SRV-HYP-01"
    assert e["criticality"].currentText() == "Haute" and e["vcpu"].value() == 2
    _type(qtbot, e["vcpu"], "3")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert db.execute("SELECT vcpu, role FROM vm WHERE id = ?", [vm_id]).fetchone() == (
        3, "Liaison laboratoire (résultats de biologie)")
    assert [a for a, _x in _audit(db, "vm", vm_id)][-1] == "update"


def test_multiref_checks_are_saved_as_links(qtbot, demo_ctx):
    db = demo_ctx.db
    dialog = RecordDialog(demo_ctx, reg.APPLICATIONS)
    qtbot.addWidget(dialog)
    e = dialog.form.editors
    _type(qtbot, e["name"], "Pharmacie")
    _pick(e["criticality"], "Moyenne")
    listing = e["vm_ids"]
    for i in range(listing.count()):
        if listing.item(i).text() in ("VM-AD01", "VM-GAP01"):
            listing.item(i).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    app_id = db.execute("SELECT id FROM application WHERE name = 'Pharmacie'").fetchone()[0]
    assert reg.get(db, reg.APPLICATIONS, app_id)["vm_ids"] == sorted(
        r[0] for r in db.execute("SELECT id FROM vm WHERE name IN ('VM-AD01', 'VM-GAP01')"))


def test_invalid_input_shows_the_message_next_to_the_field_and_writes_nothing(qtbot, demo_ctx):
    db = demo_ctx.db
    servers = db.execute("SELECT count(*) FROM server").fetchone()[0]
    audit = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    dialog = RecordDialog(demo_ctx, reg.SERVERS)
    qtbot.addWidget(dialog)
    dialog.show()
    e = dialog.form.editors
    _type(qtbot, e["name"], "SRV-HYP-01")  # already taken
    _type(qtbot, e["mgmt_address"], "10.10.0.300")
    _type(qtbot, e["warranty_end"], "31/02/2027")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    errors = dialog.form.errors()
    assert errors == {
        "name": "Une autre fiche porte déjà ce nom.",
        "mgmt_address": "Ce n’est pas une adresse IP valide.",
        "warranty_end": "le 31/02/2027 n’existe pas.",
    }
    for name in errors:
        label = dialog.form.error_labels[name]
        assert label.isVisible()
        assert label.parentWidget() is e[name].parentWidget()  # in the field's own cell
    assert not dialog.form.error_labels["maker"].isVisible()
    assert db.execute("SELECT count(*) FROM server").fetchone()[0] == servers
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit
    # corrected, it saves and the messages go away
    _type(qtbot, e["name"], "SRV-HYP-09")
    _type(qtbot, e["mgmt_address"], "10.10.0.30")
    _type(qtbot, e["warranty_end"], "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors() == {}
    assert db.execute("SELECT warranty_end FROM server WHERE name = 'SRV-HYP-09'").fetchone() == (None,)


def test_required_fields_are_marked_and_enforced(qtbot, empty_ctx):
    dialog = RecordDialog(empty_ctx, reg.CONTACTS)
    qtbot.addWidget(dialog)
    assert dialog.form.labels["name"].text() == "Nom *"
    assert dialog.form.labels["role"].text() == "Rôle"
    _type(qtbot, dialog.form.editors["email"], "pas-une-adresse")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors()["name"] == "Ce champ est obligatoire."
    assert "e-mail" in dialog.form.errors()["email"]
    assert empty_ctx.db.execute("SELECT count(*) FROM contact").fetchone()[0] == 0


def test_deletion_text_lists_dependents_with_counts_and_effects(demo_db):
    server = demo_db.execute("SELECT id FROM server WHERE name = 'SRV-HYP-01'").fetchone()[0]
    text = deletion_text(demo_db, reg.SERVERS, server)
    assert text.splitlines()[0] == "Supprimer la fiche « SRV-HYP-01 » (Serveur physique) ?"
    assert "Seul le lien est retiré, sans suppression : 7 machines virtuelles (qui resteront sans hôte)." in text
    assert "Suppression avec elle : 1 réplication de ce serveur." in text
    backup = demo_db.execute("SELECT id FROM backup WHERE name = 'Sauvegarde nocturne sur NAS'").fetchone()[0]
    text = deletion_text(demo_db, reg.BACKUPS, backup)
    assert "Suppression avec elle : 2 tests de restauration." in text
    assert "Suppression avec elle : 7 liens vers des VM." in text
    ups = demo_db.execute("SELECT id FROM equipment WHERE name = 'OND-A1'").fetchone()[0]
    assert "Aucune autre fiche n’en dépend." in deletion_text(demo_db, reg.EQUIPMENT, ups)
    printer = demo_db.execute("SELECT id FROM equipment WHERE name = 'IMP-URG-01'").fetchone()[0]
    assert "Suppression avec elle\u00a0: 1 lien vers un contrat." in deletion_text(
        demo_db, reg.EQUIPMENT, printer)  # its rental contract keeps its other links


def test_confirmed_deletion_detaches_and_is_audited(qtbot, demo_ctx):
    db = demo_ctx.db
    server = db.execute("SELECT id FROM server WHERE name = 'SRV-HYP-01'").fetchone()[0]
    shown = []

    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "Supprimer").click()

    QTimer.singleShot(0, answer)
    assert confirm_delete(demo_ctx, reg.SERVERS, server) is True
    assert "7 machines virtuelles" in shown[0]
    assert db.execute("SELECT count(*) FROM server WHERE id = ?", [server]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM vm WHERE server_id IS NULL").fetchone()[0] == 7
    assert [a for a, _x in _audit(db, "server", server)][-1] == "delete"


def test_cancelled_deletion_keeps_the_record(qtbot, demo_ctx):
    db = demo_ctx.db
    site = db.execute("SELECT id FROM site ORDER BY id LIMIT 1").fetchone()[0]

    def answer():
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() == "Annuler").click()

    QTimer.singleShot(0, answer)
    assert confirm_delete(demo_ctx, reg.SITES, site) is False
    assert db.execute("SELECT count(*) FROM site WHERE id = ?", [site]).fetchone()[0] == 1


def test_secrets_panel_is_embedded_when_that_module_exists(qtbot, demo_ctx, monkeypatch):
    import sys
    import types

    from PySide6.QtWidgets import QLabel

    class SecretsPanel(QLabel):  # stands for the secrets area's widget
        KINDS = ("servers", "equipment")

        def __init__(self, ctx, kind_key, record_id, parent=None):
            super().__init__(f"{kind_key}:{record_id}", parent)

    module = types.ModuleType("si_local.ui.secrets_panel")
    module.SecretsPanel = SecretsPanel
    monkeypatch.setitem(sys.modules, "si_local.ui.secrets_panel", module)
    server = demo_ctx.db.execute("SELECT id FROM server ORDER BY id LIMIT 1").fetchone()[0]
    dialog = RecordDialog(demo_ctx, reg.SERVERS, server)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.secrets_panel, SecretsPanel)
    assert dialog.secrets_panel.text() == f"servers:{server}"
    new = RecordDialog(demo_ctx, reg.SERVERS)  # not saved yet: nothing to attach a secret to
    qtbot.addWidget(new)
    assert new.secrets_panel is None
    vm = RecordDialog(demo_ctx, reg.VMS, 1)
    qtbot.addWidget(vm)
    assert vm.secrets_panel is None


def test_a_field_error_goes_as_soon_as_the_field_is_corrected(qtbot, demo_ctx):
    dialog = RecordDialog(demo_ctx, reg.SERVERS)
    qtbot.addWidget(dialog)
    dialog.show()
    e = dialog.form.editors
    _type(qtbot, e["name"], "SRV-NEW-01")
    _type(qtbot, e["mgmt_address"], "10.10.0.300")
    _type(qtbot, e["warranty_end"], "31/02/2027")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert set(dialog.form.errors()) == {"mgmt_address", "warranty_end"}
    qtbot.keyClick(e["mgmt_address"], Qt.Key.Key_Backspace)  # 10.10.0.30: an address now
    assert set(dialog.form.errors()) == {"warranty_end"}
    _type(qtbot, e["warranty_end"], "28/02/2027")
    assert dialog.form.errors() == {}
