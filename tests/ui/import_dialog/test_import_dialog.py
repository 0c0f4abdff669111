"""The import dialogs inside the real main window (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from interop_support import DATA
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from si_local.ui import import_dialog
from si_local.ui.main_window import MainWindow
from support import INVENTORY_EXAMPLES as EXAMPLES

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_menu_entries_exist(window):
    names = {a.objectName() for a in window.menuBar().findChildren(type(window.menuBar().actions()[0]))}
    assert {"action_import_inventories", "action_import_csv", "action_export_csv",
            "action_import_bundle", "action_export_bundle"} <= names


def test_inventory_preview_then_apply_in_a_worker(qtbot, window, tmp_path):
    with window.tasks.pool.held():
        dialog = import_dialog.import_inventories(window, paths=[DATA / "host.json"])
        assert dialog.previewing()  # the files are read in a worker, with a progress bar
        assert dialog.progress.isVisibleTo(dialog) and not dialog.import_button.isEnabled()
    assert not dialog.previewing() and not dialog.progress.isVisibleTo(dialog)
    assert [r[2] for r in dialog.model.rows] == ["SRV-HYP-TEST", "VM-TEST-01", "VM-TEST-02"]
    # drag and drop a second file onto the dialog
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "guest.json"))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=20000)
    assert dialog.paths == [DATA / "host.json", DATA / "guest.json"]
    model = dialog.model
    rows = model.rows
    assert [r[2] for r in rows] == ["SRV-HYP-TEST", "VM-TEST-01", "VM-TEST-02", "VM-TEST-01"]
    assert [r[3] for r in rows[:3]] == ["Créé"] * 3
    assert "3 fiches créées" in dialog.summary.text()
    before = window.ctx.db.execute("SELECT count(*) FROM server").fetchone()[0]
    assert dialog.import_button.isEnabled()
    window.resize(1100, 700)
    assert not dialog.grab().isNull()
    with window.tasks.pool.held():
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.importing and not dialog.add_button.isEnabled()
    assert not dialog.importing and dialog.add_button.isEnabled()
    assert window.ctx.db.execute("SELECT count(*) FROM server").fetchone()[0] == before + 1
    assert "Import terminé" in dialog.summary.text() or "terminée" in dialog.summary.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert not dialog.import_button.isEnabled()
    # the same files again: nothing to write
    dialog.add_paths([DATA / "host.json", DATA / "guest.json"])
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=20000)
    assert not dialog.import_button.isEnabled()
    assert {r[3] for r in dialog.model.rows} == {"Inchangé"}


def test_a_preview_overtaken_by_clear_is_ignored(qtbot, window):
    with window.tasks.pool.held():  # the worker reports after clear()
        dialog = import_dialog.import_inventories(window, paths=[DATA / "host.json"])
        assert dialog.previewing()
        dialog.clear()  # before the worker is done: its result is stale
        assert not dialog.previewing()
    assert not window.tasks.busy()  # the worker did report
    assert dialog.model.rows == [] and dialog.plan is None and dialog.summary.text() == ""
    assert not dialog.import_button.isEnabled()


def test_inventory_bad_file_shows_the_error_and_writes_nothing(qtbot, window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    dialog = import_dialog.import_inventories(window, paths=[bad])
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=20000)
    assert "bad.json" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_csv_dialog_lists_bad_lines_and_imports_good_ones(window, tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text("Nom;Serveur hôte;Criticité\nVM-A;SRV-HYP-01;Haute\nVM-B;INCONNU;Haute\n",
                    encoding="utf-8")
    dialog = import_dialog.import_csv(window, path=path, kind="vms")
    assert dialog.model.rows[0][0] == "3" and "INCONNU" in dialog.model.rows[0][2]
    assert not dialog.import_button.isEnabled()
    dialog.only_good.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    db = window.ctx.db
    assert db.execute("SELECT count(*) FROM vm WHERE name IN ('VM-A', 'VM-B')").fetchone()[0] == 1


def test_csv_dialog_lists_the_first_1000_problems_and_counts_the_others(window, tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text("Nom;Serveur hôte;Criticité\n" + "".join(
        f"VM-{n:04d};INCONNU;Haute\n" for n in range(1500)), encoding="utf-8")
    dialog = import_dialog.import_csv(window, path=path, kind="vms")
    rows = dialog.model.rows
    assert len(rows) == 1001 and rows[999][0] == "1001"
    assert rows[1000][:2] == ["", ""] and rows[1000][2].replace("\u202f", " ") == (
        "… et 500 autres problèmes (seuls les 1 000 premiers sont affichés).")
    assert "1\u202f500 lignes erronées" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_export_and_import_bundle_without_dialogs(window, tmp_path):
    path = import_dialog.export_bundle(window, path=tmp_path / "b.json")
    assert path.exists()
    plan = import_dialog.import_bundle(window, path=path, confirm=False)
    assert plan is not None and plan.count("insert") == 0
    out = import_dialog.export_csv(window, kind="servers", path=tmp_path / "s.csv")
    assert out.read_text(encoding="utf-8-sig").startswith("Nom;")


def test_real_examples_dropped_while_a_preview_runs(qtbot, window):
    """The agent examples: a drop during a preview restarts it; only the newest is shown."""
    dialog = import_dialog.import_inventories(window, paths=EXAMPLES[:1])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in EXAMPLES[1:]])
    dialog.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=20000)
    assert {r[0] for r in dialog.model.rows} == {p.name for p in EXAMPLES}
    # 4 laptops (workstations) and a switch; the 9 VMs and containers the laptops list skipped
    assert dialog.plan.count("create") == 5 and dialog.plan.count("skip") == 9
    assert not dialog.progress.isVisible()
    dialog.clear()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_bundle_confirmation_names_every_reparenting_and_lists_the_fields(window, tmp_path):
    """The question before a merge: the records attached elsewhere in the box itself (not only
    behind « Show Details… »), every changed field in the details; « Cancel » writes nothing."""
    import json

    from PySide6.QtWidgets import QLabel

    from si_local.core.interop import bundle as B
    from si_local.core.interop.common import sha256_hex
    from si_local.ui.kit import messages

    db = window.ctx.db
    bundle = B.build_bundle(db)
    for vm in bundle["tables"]["vm"]:
        vm["server_id"] = 2  # SRV-HYP-02 in the demo
        vm["notes"] = "déplacée"
    bundle["checksum"] = sha256_hex(B.canonical(bundle["tables"]))
    path = tmp_path / "move.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    plan = B.plan_bundle(db, B.read_bundle(path), path)
    box = messages.build(window, import_dialog.bundle_confirmation(plan))
    informative = box.informativeText()
    assert "Attention : 7 fiches existantes seraient rattachées ailleurs :" in informative
    moves = [line for line in informative.splitlines() if "serveur hôte SRV-HYP-01 → SRV-HYP-02" in line]
    assert len(moves) == 7 and "14 champs modifiés" in informative
    details = box.detailedText().splitlines()
    assert "  Machine virtuelle « VM-AD01 » :" in details
    at = details.index("  Machine virtuelle « VM-AD01 » :")
    assert details[at + 1:at + 3] == ["    Serveur hôte : SRV-HYP-01 → SRV-HYP-02",
                                      "    Notes : (vide) → déplacée"]
    label = box.findChild(QLabel, "qt_msgbox_informativelabel")
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
    box.close()
    assert {r[0] for r in db.execute("SELECT DISTINCT server_id FROM vm")} == {1}
