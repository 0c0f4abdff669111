"""Portable mode, the About dialog and Settings section, the window icon and the smoke-test checks
(on the source tree; tools/ci_build.sh runs the same checks on the built program)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from si_local.core import paths

ROOT = Path(__file__).resolve().parents[2]


# --- portable mode ------------------------------------------------------------------------------

@pytest.fixture
def program_dir(tmp_path, monkeypatch):
    """A program folder of our own, SI_LOCAL_DATA_DIR unset, platformdirs under tmp_path."""
    folder = tmp_path / "program"
    folder.mkdir()
    monkeypatch.setattr(paths, "_program_dir", lambda: folder)
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


def test_source_tree_program_dir_is_the_repository():
    assert not getattr(sys, "frozen", False)
    assert paths._program_dir() == ROOT


def test_frozen_program_dir_is_the_folder_of_the_executable(tmp_path, monkeypatch):
    exe = tmp_path / "usb" / "si-local" / "si-local.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths._program_dir() == exe.parent


def test_without_marker_data_goes_to_the_user_folder(program_dir, tmp_path):
    assert paths.portable_data_dir() is None
    data = paths.data_dir()
    assert data == tmp_path / "xdg" / "si-local"
    assert not (program_dir / "si-local-data").exists()


@pytest.mark.parametrize("as_folder", [False, True])
def test_marker_puts_data_next_to_the_program(program_dir, tmp_path, as_folder):
    marker = program_dir / paths.PORTABLE_MARKER
    if as_folder:
        marker.mkdir()
    else:
        marker.write_text("")
    assert paths.data_dir() == program_dir / "si-local-data"
    assert paths.default_db_path() == program_dir / "si-local-data" / "si-local.sqlite"
    assert paths.logs_dir().is_dir() and paths.logs_dir().parent == program_dir / "si-local-data"
    assert not (tmp_path / "xdg" / "si-local").exists()


def test_environment_variable_wins_over_the_marker(program_dir, tmp_path, monkeypatch):
    (program_dir / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"
    assert not (program_dir / "si-local-data").exists()


def test_the_repository_is_not_portable_by_accident():
    assert not (ROOT / paths.PORTABLE_MARKER).exists()


# --- About ----------------------------------------------------------------------------------------

def test_about_facts_in_french(ctx, _data_dir):
    from si_local.ui.about import about_facts

    facts = dict(about_facts(ctx))
    assert facts["Version"] == "0.1.0"
    assert facts["Licence"] == "EUPL-1.2"
    assert facts["Dossier de données"] == str(_data_dir)
    assert facts["Base de données utilisée"] == str(ctx.db_path)
    # tests/conftest.py selects keyring's "fail" backend: no keyring on this workstation (said
    # by the context's SecretStore, as in the window).
    assert facts["Coffre des secrets"].startswith("Aucun coffre sécurisé sur ce poste")
    assert facts["Mode portable"] == "non"


def test_about_names_the_secret_store_of_the_context(ctx):
    from si_local.ui.about import secret_store_description

    class Store:
        def description(self):
            return "Gestionnaire d’identification Windows"

    ctx.secrets = Store()
    assert secret_store_description(ctx) == "Gestionnaire d’identification Windows"


def test_about_names_a_working_keyring(monkeypatch):
    import keyring
    from keyring.backends import null

    from si_local.ui.about import secret_store_description

    monkeypatch.setattr(keyring, "get_keyring", lambda: null.Keyring())
    assert "keyring.backends.null.Keyring" in secret_store_description(None)


def test_about_dialog_from_the_help_menu(qtbot, ctx):
    from si_local.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = window.findChild(type(window.menuBar().actions()[0]), "action_show_about")
    assert action is not None  # F1 is the user guide (tests/guide/test_guide_dialog.py)
    action.trigger()
    dialog = window.findChild(__import__("si_local.ui.about", fromlist=["AboutDialog"]).AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "À propos de SI Local"
    text = dialog.panel.text()
    assert "Licence : EUPL-1.2" in text and str(ctx.db_path) in text
    assert not dialog.windowIcon().isNull()
    dialog.panel.copy.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == text
    dialog.reject()


def test_about_section_in_settings(qtbot, ctx):
    from si_local.ui.pages.settings import SettingsPage
    from si_local.ui.sections.about import TITLE

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert "about" in page.sections
    box = page.findChild(__import__("PySide6.QtWidgets", fromlist=["QGroupBox"]).QGroupBox,
                         "section_about")
    assert box.title() == "À propos de SI Local" and TITLE == "About SI Local"
    panel = page.sections["about"]
    assert panel.values["Base de données utilisée"].text() == str(ctx.db_path)


def test_window_icon_is_set(qtbot):
    from si_local.ui.app import create_application

    app = create_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    assert {16, 32, 256} <= {size.width() for size in icon.availableSizes()}


# --- smoke-test checks ------------------------------------------------------------------------

def test_packaging_checks_render_a_pdf_and_find_everything(ctx, tmp_path, qtbot):
    from si_local.ui.app import create_application
    from si_local.ui.smoke import packaging_checks

    create_application()
    report = packaging_checks(ctx, tmp_path)
    assert report["missing"] == [] and "ok" not in report
    assert report["date_fr"] == "23 novembre 2026"
    assert report["catalogue_fr"] > 100 and report["icon"] is True
    assert report["secret_store"].startswith("Aucun coffre sécurisé sur ce poste")
    pdf = PdfReader(tmp_path / "smoke.pdf")
    assert len(pdf.pages) == report["pdf_pages"] >= 1
    text = pdf.pages[0].extract_text()
    assert "SI Local" in text
    assert f"Page 1 sur {len(pdf.pages)}" in text  # French footer, embedded fonts


def test_packaging_checks_fail_when_a_resource_is_missing(ctx, tmp_path, monkeypatch, qtbot):
    from si_local.ui import smoke

    monkeypatch.setattr(smoke, "check_resources", lambda: ({"fonts": 0}, ["resources/fonts/*"]))
    report = smoke.packaging_checks(ctx, tmp_path)
    assert report["ok"] is False
    assert report["missing"][0] == "resources/fonts/*"


def test_quick_smoke_test_builds_the_window_without_the_packaging_checks(tmp_path):
    from support import run_cli

    result = run_cli("--smoke-test", env={"SI_LOCAL_DATA_DIR": str(tmp_path),
                                          "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True and report["full"] is False and report["missing"] == []
    assert report["catalogue_fr"] > 100 and report["icon"] is True and report["translators"] >= 1
    assert "pdf_pages" not in report and "snapshot_ok" not in report


def test_smoke_test_command_reports_packaging_checks(tmp_path):
    from support import run_cli

    result = run_cli("--smoke-test=full", env={"SI_LOCAL_DATA_DIR": str(tmp_path),
                                          "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True and report["missing"] == []
    assert report["pdf_pages"] >= 1 and report["pdf_bytes"] > 1000
    assert report["resources"]["continuity"] == 1 and report["translators"] == 2  # qtbase + fallback
    # the snapshot check runs without any module having been imported first (it was left out when
    # it registered itself on import, which nothing did before the report)
    assert report["snapshot_ok"] is True and "secret_store_available" in report
