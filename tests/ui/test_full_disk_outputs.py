"""Printing or exporting onto a full disk (a real tmpfs filled to the last byte): one line saying
the disk is full and naming the file, exit code 1, no ``.part`` file left, never « erreur
inattendue » (every print command and the exports that had no such message ended in exit 70
with ``[Errno 28] No space left on device``)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from safety_support import tiny_filesystem

from si_local.cli import main


@pytest.fixture(scope="module")
def full_disk(tmp_path_factory):
    """A 16 kB tmpfs whose every byte is taken by one file."""
    folder = tmp_path_factory.mktemp("plein") / "disque"
    with tiny_filesystem(folder, 16) as mounted:
        filler = mounted / "remplissage"
        with contextlib.suppress(OSError), open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        yield mounted


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("lots")
    assert run(["group", "demo-bundles", folder])[0] == 0
    return sorted(folder.glob("*.json"))


def run(argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


def _assert_disk_full(full_disk, argv, target: Path) -> None:
    code, err = run(argv)
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith(f"si-local: {target} : disque plein"), err
    assert "erreur inattendue" not in err and "Errno" not in err
    assert sorted(p.name for p in full_disk.iterdir()) == ["remplissage"]  # no file, no .part


@pytest.mark.parametrize("document", ["pca", "diagnostic", "training", "attendance", "invitations"])
def test_printing_onto_a_full_disk_is_one_line_and_leaves_no_part_file(full_disk, demo_path,
                                                                       document):
    target = full_disk / f"{document}.pdf"
    _assert_disk_full(full_disk, ["print", document, "--db", demo_path, "-o", target], target)


def test_printing_the_group_report_onto_a_full_disk(full_disk, bundles):
    target = full_disk / "groupe.pdf"
    _assert_disk_full(full_disk, ["print", "group", "-o", target, *bundles], target)


@pytest.mark.parametrize("argv", [
    ["export", "diagnostic-csv", "-o", "{target}.csv"],
    ["group", "export-pack", "-o", "{target}.json"],
    ["audit", "-o", "{target}.csv"],
    ["export", "csv", "--table", "servers", "-o", "{target}.csv"],
    ["export", "ics", "-o", "{target}.ics"],
    ["export", "bundle", "-o", "{target}.json"],
], ids=lambda argv: "-".join(argv[:2]))
def test_exporting_onto_a_full_disk_is_one_line_and_leaves_no_part_file(full_disk, demo_path,
                                                                        argv):
    target = Path(argv[-1].format(target=full_disk / "export"))
    _assert_disk_full(full_disk, [*argv[:-1], target, "--db", demo_path], target)


def test_the_window_preview_of_a_full_temporary_disk_says_so(full_disk, demo_path, qtbot,
                                                            monkeypatch, answers):
    """The window builds every document in a temporary folder (``build_and_preview``): with that
    disk full, the message box says « disque plein » and no ``.part`` is left there."""
    import tempfile

    from si_local.core.db import open_database
    from si_local.core.reports.continuity import print_plan
    from si_local.ui import pdf_preview
    from si_local.ui.tasks import TaskRunner

    monkeypatch.setattr(tempfile, "tempdir", str(full_disk))

    def build(path: Path) -> int:
        db = open_database(demo_path, read_only=True)
        try:
            return print_plan(db, path)
        finally:
            db.close()

    pdf_preview.build_and_preview(TaskRunner(), None, build, "plan.pdf", show=False)
    shown = answers.texts("warn")
    assert len(shown) == 1 and "disque plein" in shown[0] and "\n" not in shown[0], shown
    assert sorted(p.name for p in full_disk.iterdir()) == ["remplissage"]  # no .part, no folder


def test_saving_a_copy_of_the_preview_onto_a_full_disk(full_disk, demo_path, tmp_path, qtbot,
                                                       monkeypatch, answers):
    """« Save a copy… » of the preview: the message said « No space left on device » in English
    and left the half-written copy on the full disk."""
    from si_local.core.db import open_database
    from si_local.core.reports.training import print_plan
    from si_local.ui import pdf_preview

    pdf = tmp_path / "formation.pdf"
    db = open_database(demo_path, read_only=True)
    try:
        print_plan(db, pdf)
    finally:
        db.close()
    dialog = pdf_preview.PdfPreviewDialog(pdf)
    qtbot.addWidget(dialog)
    target = full_disk / "copie.pdf"
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target), ""))
    dialog.save_copy()
    shown = answers.texts("warn")
    assert len(shown) == 1 and "disque plein" in shown[0], shown
    assert sorted(p.name for p in full_disk.iterdir()) == ["remplissage"]
