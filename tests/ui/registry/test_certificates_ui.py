"""File › Import certificates…: preview, links picked by ticking, import; the certificates list of
the registry (pytest-qt, offscreen, the demo facility)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from cert_support import key_pem, make_cert, pem, write
from si_local.ui import certificate_import
from si_local.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_ctx):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _tick(listing, text):
    for i in range(listing.count()):
        if listing.item(i).text() == text:
            listing.item(i).setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(text)


def test_preview_pick_a_link_then_import(qtbot, window, tmp_path):
    today = window.ctx.clock.today()
    cert, private = make_cert("lab.deux-rives.local", today, today + dt.timedelta(days=200),
                              dns=["vm-lab01.deux-rives.local"])
    path = write(tmp_path / "lab.pem", pem(cert), key_pem(private))
    dialog = certificate_import.import_certificates(window, paths=[path])
    rows = dialog.model.rows
    assert [(r[1], r[2]) for r in rows] == [("lab.deux-rives.local", "nouveau certificat")]
    assert rows[0][5] == "proposés\u00a0: VM-LAB01"  # guessed from the name
    assert "clé privée" in dialog.summary.text()
    _tick(dialog.link_lists["application_ids"], "Liaison laboratoire")
    assert dialog.model.rows[0][5] == "Liaison laboratoire"  # the user's choice replaces it
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "Import terminé" in dialog.summary.text()
    db = window.ctx.db
    (rid,) = db.execute("SELECT id FROM certificate WHERE common_name = 'lab.deux-rives.local'"
                        ).fetchone()
    linked = db.execute("SELECT a.name FROM certificate_application ca JOIN application a "
                        "ON a.id = ca.application_id WHERE ca.certificate_id = ?", [rid]).fetchall()
    assert linked == [("Liaison laboratoire",)]
    assert not dialog.import_button.isEnabled()


def test_preview_says_a_link_removed_by_hand_is_not_proposed_again(qtbot, window, tmp_path):
    from si_local.core import registry as reg

    today = window.ctx.clock.today()
    cert, _key = make_cert("lab.deux-rives.local", today, today + dt.timedelta(days=200),
                           dns=["vm-lab01.deux-rives.local"])
    path = write(tmp_path / "lab.pem", pem(cert))
    dialog = certificate_import.import_certificates(window, paths=[path])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    db = window.ctx.db
    (rid,) = db.execute("SELECT id FROM certificate WHERE common_name = 'lab.deux-rives.local'"
                        ).fetchone()
    reg.save(db, reg.CERTIFICATES, {**reg.get(db, reg.CERTIFICATES, rid), "vm_ids": []}, rid)
    again = certificate_import.import_certificates(window, paths=[path])
    assert again.model.rows[0][5] == "non proposé de nouveau, retiré à la main\u00a0: VM-LAB01"


def test_bad_file_says_why_and_imports_nothing(qtbot, window, tmp_path):
    bad = write(tmp_path / "bad.cer", b"nothing here")
    dialog = certificate_import.import_certificates(window, paths=[bad])
    assert "bad.cer" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert dialog.model.rows == []


def test_registry_lists_the_demo_certificates(qtbot, window):
    page = window.show_page("registry")
    panel = page.show_kind("certificates")
    model = panel.model
    names = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert names == {"dpi.deux-rives.local", "rds.deux-rives.local"}
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["Nom", "Expire le"] and "Renouvelé par" in headers
