"""Backup reports (Veeam CSV and HTML, Proxmox vzdump, the simple CSV): read, matched, written.

The files are in tests/data/backup_reports/, shaped as the tools write them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from si_local.core import alerts, backup_runs, registry as reg
from si_local.core.errors import ImportFileError
from si_local.core.interop.backup_reports import apply_plan, plan_reports, read_report

DATA = Path(__file__).parents[3] / "data" / "backup_reports"


def _registry(db):
    ids = {}
    for name in ("VM-AD01", "VM-DPI01", "VM-FIC01", "VM-GAP01", "VM-RDS01"):
        ids[name] = reg.save(db, reg.VMS, {"name": name, "criticality": "high"})
    ids["nas"] = reg.save(db, reg.BACKUPS, {
        "name": "Sauvegarde nocturne sur NAS", "job_name": "NAS-Nuit", "location": "on_site",
        "frequency_hours": 24, "last_success": "2026-11-20T23:30:00",
        "vm_ids": [ids["VM-AD01"], ids["VM-DPI01"], ids["VM-FIC01"]]})
    ids["disk"] = reg.save(db, reg.BACKUPS, {
        "name": "Disque hebdomadaire hors site", "location": "off_site", "frequency_hours": 168,
        "last_success": "2026-12-05T18:00:00", "vm_ids": [ids["VM-AD01"], ids["VM-GAP01"]]})
    return ids


def _import(db, *names, fmt=None):
    plan = plan_reports(db, [read_report(DATA / n, fmt) for n in names])
    return plan, apply_plan(db, plan)


def test_veeam_csv_utf8_bom_american_dates(db):
    report = read_report(DATA / "veeam_sessions.csv")
    assert (report.format, report.encoding) == ("veeam-csv", "UTF-8")
    assert len(report.runs) == 8  # the session still running (« None ») is left aside
    first = report.runs[0]
    assert (first.job, first.machine, first.status) == ("NAS-Nuit", "VM-AD01", "success")
    assert first.started == dt.datetime(2026, 11, 28, 22, 0, 14)
    assert first.ended == dt.datetime(2026, 11, 28, 22, 6, 52)
    assert [r.status for r in report.runs[2:5]] == ["warning", "success", "failure"]


def test_veeam_csv_windows_1252_french_titles_and_dates(db):
    report = read_report(DATA / "veeam_sessions_fr_cp1252.csv")
    assert (report.format, report.encoding) == ("veeam-csv", "Windows-1252")
    assert [r.machine for r in report.runs] == ["VM-AD01", "VM-DPI01", "VM-GAP01"]
    assert report.runs[0].started == dt.datetime(2026, 11, 27, 18, 0, 5)  # day first
    assert report.runs[1].message == "Copie terminée ; disque « USB-2 » éjecté"
    assert report.runs[2].status == "failure"  # « Échec »


def test_veeam_html_email_report(db):
    report = read_report(DATA / "veeam_job_report.html")
    assert report.format == "veeam-html"
    assert [(r.job, r.machine, r.status) for r in report.runs] == [
        ("NAS-Nuit", "VM-AD01", "success"), ("NAS-Nuit", "VM-DPI01", "success"),
        ("NAS-Nuit", "VM-FIC01", "failure")]
    assert report.runs[0].started == dt.datetime(2026, 11, 30, 22, 0, 31)
    assert report.runs[2].ended == dt.datetime(2026, 12, 1, 0, 5, 40)  # « 00:05:40 (+1) »
    assert "VDDK" in report.runs[2].message


def test_vzdump_task_log(db):
    report = read_report(DATA / "vzdump_task.log")
    assert report.format == "vzdump"
    assert [(r.job, r.machine, r.status) for r in report.runs] == [
        ("vzdump nas-sauvegarde", "VM-AD01", "success"),
        ("vzdump nas-sauvegarde", "VM-DPI01", "failure"),
        ("vzdump nas-sauvegarde", "lab-liaison", "success")]
    assert report.runs[0].started == dt.datetime(2026, 11, 30, 1, 0, 2)
    assert report.runs[0].ended == dt.datetime(2026, 11, 30, 1, 1, 25)
    assert report.runs[1].message == "job failed with err -5 - Input/output error"


def test_vzdump_log_file_with_timestamps(tmp_path):
    path = tmp_path / "qemu-100.log"
    path.write_text("2026-11-30 01:00:02 INFO: Starting Backup of VM 100 (qemu)\n"
                    "2026-11-30 01:00:02 INFO: status = running\n"
                    "2026-11-30 01:00:03 INFO: VM Name: VM-AD01\n"
                    "2026-11-30 01:01:25 INFO: Finished Backup of VM 100 (00:01:23)\n")
    (run,) = read_report(path).runs
    assert (run.machine, run.status, run.started, run.ended) == (
        "VM-AD01", "success", dt.datetime(2026, 11, 30, 1, 0, 2), dt.datetime(2026, 11, 30, 1, 1, 25))


def test_simple_csv(db):
    report = read_report(DATA / "simple.csv")
    assert report.format == "csv"
    assert [(r.machine, r.status) for r in report.runs] == [("VM-RDS01", "success"), ("", "failure")]
    assert report.runs[1].started == dt.datetime(2026, 11, 30, 2, 0)


@pytest.mark.parametrize("content, where", [
    ("job;machine;start;end;status\nA;VM;2026-11-30 01:00;;success\nA;VM;31/02/2026 01:00;;success\n",
     "ligne 3, start"),
    ("job;machine;start;end;status\nA;VM;2026-11-30 01:00;;peut-être\n", "ligne 2, status"),
    ("job;machine;start;end;status\nA;VM;2026-11-30 01:00;2026-11-29 01:00;success\n", "ligne 2, end"),
    ("job;machine;start;end;status\n;VM;2026-11-30 01:00;;success\n", "ligne 2, job"),
])
def test_a_bad_file_is_refused_in_one_line_naming_file_line_field_and_nothing_is_written(
        db, tmp_path, content, where):
    _registry(db)
    path = tmp_path / "mauvais.csv"
    path.write_text(content, encoding="utf-8")
    before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(ImportFileError) as caught:
        plan_reports(db, [read_report(path)])
    message = str(caught.value)
    assert "\n" not in message and "mauvais.csv" in message and where in message
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_matching_preview_and_writing(db):
    ids = _registry(db)
    plan = plan_reports(db, [read_report(DATA / "veeam_sessions.csv")])
    # « Backup Job 3 » is no backup: listed, not written; SRV-ANCIEN is no VM: written, listed
    assert plan.unmatched_jobs == [("Backup Job 3", 1)]
    assert plan.unmatched_machines == [("NAS-Nuit", "SRV-ANCIEN")]
    (change,) = plan.changes
    assert change.name == "Sauvegarde nocturne sur NAS"
    assert change.new_last_success == "2026-11-29T23:03:18"
    assert change.last_failure == "2026-11-29T22:02:47"
    text = "\n".join(plan.lines())
    assert "Backup Job 3" in text and "SRV-ANCIEN" in text and "→" in text
    assert apply_plan(db, plan) == 7
    assert db.execute("SELECT last_success FROM backup WHERE id = ?", [ids["nas"]]).fetchone()[0] \
        == "2026-11-29T23:03:18"
    row = db.execute("SELECT vm_id, source_file, length(source_sha256), imported_at FROM backup_run "
                     "WHERE machine = 'VM-DPI01' AND status = 'failure'").fetchone()
    assert row[0] == ids["VM-DPI01"] and row[1] == "veeam_sessions.csv" and row[2] == 64 and row[3]


def test_importing_the_same_report_twice_adds_nothing(db):
    _registry(db)
    _import(db, "veeam_sessions.csv")
    count = db.execute("SELECT count(*) FROM backup_run").fetchone()[0]
    plan, written = _import(db, "veeam_sessions.csv")
    assert written == 0 and plan.count("known") == 7
    assert db.execute("SELECT count(*) FROM backup_run").fetchone()[0] == count


def test_a_later_typed_last_success_is_kept_and_said(db):
    ids = _registry(db)  # the weekly disk's typed last success, 05/12, is later than the report
    plan, _ = _import(db, "veeam_sessions_fr_cp1252.csv")
    (change,) = plan.changes
    assert change.new_last_success is None and change.kept_typed
    assert "gardée" in "\n".join(plan.lines())
    assert db.execute("SELECT last_success FROM backup WHERE id = ?", [ids["disk"]]).fetchone()[0] \
        == "2026-12-05T18:00:00"


def test_a_backup_whose_latest_run_failed_is_a_high_alert_even_with_a_recent_success(db, tmp_path):
    ids = _registry(db)
    _import(db, "veeam_sessions.csv")
    today = dt.date(2026, 11, 30)
    found = [a for a in alerts.collect(db, today) if a.record_id == ids["nas"] and "failed" in a.message
             or a.record_id == ids["nas"] and "échoué" in a.message]
    assert [(a.severity, a.kind) for a in found] == [("high", "backups")]
    assert "VM-DPI01" in found[0].message
    # the next night VM-DPI01 succeeds: no more alert
    path = tmp_path / "next.csv"
    path.write_text("job;machine;start;end;status\nNAS-Nuit;VM-DPI01;2026-11-30 22:00;2026-11-30 22:40;"
                    "success\n", encoding="utf-8")
    apply_plan(db, plan_reports(db, [read_report(path)]))
    assert not [a for a in backup_runs.failed_run_alerts(db, today) if a.record_id == ids["nas"]]


def test_the_format_can_be_forced_and_a_wrong_one_is_refused(db, tmp_path):
    copy = tmp_path / "rapport.txt"
    shutil.copy(DATA / "veeam_job_report.html", copy)
    assert read_report(copy, "veeam-html").runs
    with pytest.raises(ImportFileError, match="rapport.txt"):
        read_report(copy, "vzdump")


def test_month_report_figures(db):
    ids = _registry(db)
    _import(db, "veeam_sessions.csv", "veeam_job_report.html")
    reg.save(db, reg.RESTORE_TESTS, {"backup_id": ids["nas"], "tested_on": "2026-10-01",
                                     "result": "success"})
    month = backup_runs.month_report(db, dt.date(2026, 11, 1), dt.datetime(2026, 12, 7, 9, 0))
    head, vms = next((h, v) for h, v in month.backups if h.backup == "Sauvegarde nocturne sur NAS")
    assert head.runs == 10 and head.failures == 2  # 7 from the CSV, 3 on 30/11 in the e-mail
    assert head.restore_test == "2026-10-01" and head.restore_age_days == 60
    by_vm = {line.vm: line for line in vms}
    assert (by_vm["VM-DPI01"].runs, by_vm["VM-DPI01"].failures) == (3, 1)
    assert by_vm["VM-DPI01"].last_success == "2026-11-30T23:58:10"
    assert not by_vm["VM-AD01"].red and by_vm["VM-FIC01"].red
