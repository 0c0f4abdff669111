"""GUI of the safety area: restore from the list, snapshots section, audit viewer, secrets panel."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import safety_support
from PySide6.QtGui import QGuiApplication

from si_local.core import registry as reg
from si_local.core import snapshots as snap
from si_local.core.secrets import SecretStore
from si_local.ui import snapshots as safety

keyring_env = safety_support.keyring_env  # fixtures shared by the safety tests
no_keyring = safety_support.no_keyring


@pytest.fixture
def window(qtbot, demo_path):
    from si_local.ui.app import build_context
    from si_local.ui.main_window import MainWindow

    win = MainWindow(build_context(demo_path))
    qtbot.addWidget(win)
    yield win
    win.ctx.close()


def test_menu_entries_exist(window):
    names = {a.objectName() for a in window.findChildren(type(window.menuBar().actions()[0]))}
    assert {"action_backup_now", "action_restore", "action_show_audit"} <= names


def test_restore_from_the_snapshot_list_reloads_the_pages(qtbot, window, monkeypatch, answers):
    ctx = window.ctx
    sites = ctx.db.execute("SELECT COUNT(*) FROM site").fetchone()[0]
    snap.take_snapshot(ctx.db_path, "on-close")
    reg.save(ctx.db, reg.kind("sites"), {"name": "Ajouté après l’instantané"})
    registry_page = window.show_page("registry")
    dialog = safety.RestoreDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    dialog._restore_selected()
    assert answers.told and answers.told[-1][0] == "tell", answers.told
    assert "restaurée" in answers.told[-1][3]
    assert window.ctx.db.execute("SELECT COUNT(*) FROM site").fetchone()[0] == sites
    assert window.pages["registry"] is not registry_page  # rebuilt on the restored data
    reasons = [s.reason for s in snap.list_snapshots(ctx.db_path)]
    assert "before-restore" in reasons


def test_restore_refuses_a_bad_file_with_a_message(qtbot, window, monkeypatch, tmp_path, answers):
    bad = tmp_path / "pas-une-base.sqlite"
    bad.write_text("bonjour", encoding="utf-8")
    assert safety.perform_restore(window, bad) is False
    assert answers.asked == []  # never asked for a bad file
    assert "n’est pas une base SQLite" in answers.texts()[0]
    assert window.ctx.db.execute("SELECT COUNT(*) FROM server").fetchone()[0] > 0  # still open


def test_snapshots_section_backs_up_off_the_gui_thread(qtbot, window):
    from si_local.ui.sections.snapshots import SnapshotsSection

    section = SnapshotsSection(window.ctx)
    qtbot.addWidget(section)
    assert section.model.rowCount() == 0
    section.back_up_now()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=10000)
    assert "Copie écrite" in section.status.text()


def test_close_hook_takes_a_snapshot(window):
    path = safety.snapshot_on_close(window.ctx)
    assert path is not None and path.exists() and "on-close" in path.name
    window.ctx.read_only = True
    assert safety.snapshot_on_close(window.ctx) is None


def test_audit_view_filters_shows_before_after_and_exports(qtbot, window, tmp_path):
    from si_local.ui.sections.audit import AuditView

    ctx = window.ctx
    site = ctx.db.execute("SELECT id, name FROM site ORDER BY id LIMIT 1").fetchone()
    reg.save(ctx.db, reg.kind("sites"), {**reg.get(ctx.db, reg.kind("sites"), site[0]),
                                         "name": "Site renommé"}, record_id=site[0])
    view = AuditView(ctx)
    qtbot.addWidget(view)
    total = view.model.rowCount()
    view.table_combo.setCurrentIndex(view.table_combo.findData("site"))
    assert 0 < view.model.rowCount() < total
    view.view.selectRow(0)  # newest first: the rename
    detail = view.detail.toPlainText()
    assert f"Nom : {site[1]} → Site renommé" in detail and "modification" in detail  # the label
    view.since_check.setChecked(True)
    view.since.setDate(view.since.date() + dt.timedelta(days=5 * 365))  # a future start: nothing
    assert view.model.rowCount() == 0
    view.since_check.setChecked(False)
    target = view.export(str(tmp_path / "journal.csv"))
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:6] == ["id", "at", "os_user", "table", "row_id", "action"]
    assert all(r[3] == "site" for r in rows[1:]) and len(rows) - 1 == view.model.rowCount()
    assert any("Site renommé" in r[6] for r in rows[1:])
    # read-only: no editing, and the trail refuses changes anyway
    assert view.view.editTriggers() == view.view.EditTrigger.NoEditTriggers
    with pytest.raises(Exception, match="cannot be modified"):
        ctx.db.execute("DELETE FROM audit")


def test_secrets_panel_without_keyring_says_so(qtbot, window, no_keyring):
    from si_local.ui.secrets_panel import SecretsPanel

    window.ctx.secrets = SecretStore()  # made once the test chose its keyring
    server = window.ctx.db.execute("SELECT id FROM server LIMIT 1").fetchone()[0]
    panel = SecretsPanel(window.ctx, "servers", server)
    qtbot.addWidget(panel)
    assert "Aucun coffre sécurisé sur ce poste" in panel.notice.text()
    assert panel.edit(None, {"account": "admin", "location_note": "Coffre", "secret": "x"})
    assert panel.model.rowCount() == 1
    assert not panel.reveal_button.isEnabled() and not panel.copy_button.isEnabled()
    assert panel.model.index(0, 3).data() == "non enregistré — à ressaisir"


def test_secrets_panel_store_reveal_copy_and_clear(qtbot, window, keyring_env):
    from si_local.ui.secrets_panel import SecretsPanel, clipboard_guard

    window.ctx.secrets = SecretStore()  # made once the test chose its keyring
    server = window.ctx.db.execute("SELECT id FROM server LIMIT 1").fetchone()[0]
    panel = SecretsPanel(window.ctx, "servers", server)
    qtbot.addWidget(panel)
    assert "keyrings.alt" in panel.notice.text()
    assert panel.edit(None, {"account": "admin", "label": "Compte local",
                             "location_note": "Enveloppe scellée", "secret": "P@ss-42"})
    assert panel.model.index(0, 3).data() == "enregistré dans le trousseau"
    panel.view.selectRow(0)
    assert panel.reveal_button.isEnabled()
    panel.reveal_button.setChecked(True)
    assert panel.revealed.text() == "P@ss-42" and not panel.revealed.isHidden()
    panel.reveal_button.setChecked(False)
    assert panel.revealed.text() == "" and panel.revealed.isHidden()
    guard = clipboard_guard()
    guard.timer.setInterval(200)
    panel.copy()
    assert QGuiApplication.clipboard().text() == "P@ss-42"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "P@ss-42", timeout=5000)
    guard.timer.setInterval(30_000)
    # changing the secret keeps the reference; an empty field keeps the stored secret
    ref = panel.selected()
    assert panel.edit(ref, {"secret": ""})
    assert panel.secret_of_selected() == "P@ss-42"
    panel.view.selectRow(0)
    panel.remove(confirmed=True)
    assert panel.model.rowCount() == 0


def test_settings_sections_present(qtbot, window, no_keyring):
    page = window.show_page("settings")
    assert {"snapshots", "secrets", "audit"} <= set(page.sections)
    assert "Aucun coffre sécurisé" in page.sections["secrets"].status.text()


def test_back_up_now_writes_a_sound_copy_where_asked(qtbot, window, monkeypatch, tmp_path, answers):
    target = tmp_path / "cle-usb" / "copie.sqlite"
    monkeypatch.setattr(safety, "choose_backup_target", lambda parent, db_path: str(target))
    safety.backup_now(window)
    qtbot.waitUntil(lambda: bool(answers.told), timeout=10000)
    assert answers.told[0][0] == "tell" and answers.told[0][3] == f"Copie écrite dans {target}."
    assert snap.check_restorable(target) > 0
