"""``si-local import backup-report`` and ``si-local print backup-report``, run as a user would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pypdf import PdfReader

from support import all_rows_checksum, run_cli

DATA = Path(__file__).parents[1] / "data" / "backup_reports"


def _with_job_name(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.create_function("si_local_user", 0, lambda: "test")
    conn.execute("UPDATE backup SET job_name = 'NAS-Nuit' WHERE name = 'Sauvegarde nocturne sur NAS'")
    conn.commit()
    conn.close()


def _runs(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM backup_run").fetchone()[0]
    finally:
        conn.close()


def test_import_dry_run_then_import_then_again(demo_path):
    _with_job_name(demo_path)
    files = [str(DATA / "veeam_sessions.csv"), str(DATA / "veeam_job_report.html")]
    before, runs = all_rows_checksum(demo_path), _runs(demo_path)
    dry = run_cli("import", "backup-report", "--db", str(demo_path), *files, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    out = dry.stdout.replace("\xa0", " ")
    assert "Essai à blanc" in out and "Travail inconnu « Backup Job 3 »" in out
    assert "Machine inconnue « SRV-ANCIEN »" in out
    assert "Sauvegarde nocturne sur NAS : 10 nouveaux passages, dernière réussite" in out
    assert all_rows_checksum(demo_path) == before
    done = run_cli("import", "backup-report", "--db", str(demo_path), *files)
    assert done.returncode == 0, done.stderr
    assert "10 nouveaux passages" in done.stdout
    assert _runs(demo_path) == runs + 10
    again = run_cli("import", "backup-report", "--db", str(demo_path), *files)
    assert again.returncode == 0 and "0 nouveau passage" in again.stdout
    assert _runs(demo_path) == runs + 10


def test_a_bad_report_is_one_line_and_nothing_is_written(demo_path, tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_text("job;machine;start;end;status\nNAS;VM-AD01;2026-11-30 01:00;;success\n"
                   "NAS;VM-AD01;hier;;success\n", encoding="utf-8")
    before = all_rows_checksum(demo_path)
    result = run_cli("import", "backup-report", "--db", str(demo_path), str(DATA / "simple.csv"),
                     str(bad))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "export.csv" in lines[0] and "ligne 3, start" in lines[0]
    assert all_rows_checksum(demo_path) == before


def test_forced_format_and_unknown_format(demo_path):
    result = run_cli("import", "backup-report", "--db", str(demo_path), "--format", "vzdump",
                     str(DATA / "simple.csv"))
    assert result.returncode != 0 and "simple.csv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_print_the_month_report_and_read_it_back(demo_path, tmp_path):
    _with_job_name(demo_path)
    assert run_cli("import", "backup-report", "--db", str(demo_path),
                   str(DATA / "veeam_sessions.csv")).returncode == 0
    out = tmp_path / "conformite.pdf"
    result = run_cli("print", "backup-report", "--db", str(demo_path), "--month", "2026-11",
                     "-o", str(out), env={"SI_LOCAL_TODAY": "2026-12-02"})
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(out))
    for page in reader.pages:  # A4 portrait
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert "Rapport de conformité des sauvegardes" in text
    assert "Du 01/11/2026 au 30/11/2026" in text
    assert "Sauvegarde nocturne sur NAS" in text and "VM-DPI01" in text
    assert "Chiffres arrêtés au 30/11/2026 23:59" in text
    assert "1 échec" in text  # VM-DPI01 failed on 29/11
    assert "Dernier test de restauration" in text


def test_print_refuses_a_bad_month(demo_path, tmp_path):
    result = run_cli("print", "backup-report", "--db", str(demo_path), "--month", "novembre",
                     "-o", str(tmp_path / "x.pdf"))
    assert result.returncode != 0 and "2026-11" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
