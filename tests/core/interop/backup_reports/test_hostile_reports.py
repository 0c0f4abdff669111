"""Hostile backup report files: one short line naming the file, never the file's content."""

from __future__ import annotations

from pathlib import Path

import pytest

from si_local.core.errors import ImportFileError
from si_local.core.interop.backup_reports import read_report


@pytest.mark.parametrize("fmt", ["csv", "veeam-csv"])
def test_a_huge_header_line_is_not_echoed_whole(tmp_path, fmt):
    """A 5 MB line without any known column: the message listed every « column » found, so the
    « one line » was 5 MB long."""
    path = tmp_path / "rapport.csv"
    path.write_text("x" * 5_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_report(path, fmt)
    message = str(caught.value)
    assert "\n" not in message and "rapport.csv" in message and "ligne 1" in message
    assert len(message) < 500, len(message)


def _nas(db):
    from si_local.core import registry as reg

    vm = reg.save(db, reg.VMS, {"name": "VM-RDS01", "criticality": "high"})
    return reg.save(db, reg.BACKUPS, {
        "name": "Sauvegarde nocturne sur NAS", "job_name": "NAS-Nuit", "location": "on_site",
        "frequency_hours": 24, "last_success": "2026-11-20T23:30:00", "vm_ids": [vm]})


def _csv(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_text("job;machine;start;end;status;message\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    return path


def test_an_iso_date_with_a_t_is_a_date(tmp_path):
    """« 2026-11-29T23:30:00 » is ISO 8601 as SI Local itself writes it: it was refused (the
    reader folds the text to lower case, then looked for an upper-case T)."""
    from si_local.core.interop.backup_reports import read_report

    path = _csv(tmp_path, "rapport.csv",
                "NAS-Nuit;VM-RDS01;2026-11-29T23:30:00;2026-11-29T23:58:12;success;")
    run = read_report(path).runs[0]
    assert (run.started.isoformat(), run.ended.isoformat()) == ("2026-11-29T23:30:00",
                                                                 "2026-11-29T23:58:12")


def test_the_same_run_written_another_way_is_not_imported_twice(db, tmp_path):
    """The same backup, VM and start, its job and machine written in another case (or the
    backup's name instead of the tool's job name): it was imported again, a duplicate run."""
    from si_local.core.interop.backup_reports import apply_plan, plan_reports, read_report

    _nas(db)
    first = _csv(tmp_path, "un.csv", "NAS-Nuit;VM-RDS01;2026-11-29 23:30;2026-11-29 23:58;success;")
    again = _csv(tmp_path, "deux.csv",
                 "nas-nuit;vm-rds01;29/11/2026 23:30;29/11/2026 23:58;success;",
                 "Sauvegarde nocturne sur NAS;VM-RDS01;29/11/2026 23:30;29/11/2026 23:58;success;")
    apply_plan(db, plan_reports(db, [read_report(first)]))
    plan = plan_reports(db, [read_report(again)])
    assert plan.count("new") == 0 and plan.count("known") == 2
    apply_plan(db, plan)
    assert db.execute("SELECT count(*) FROM backup_run").fetchone()[0] == 1


def test_a_last_success_stored_with_a_space_is_not_moved_backwards(db, tmp_path):
    """A last success stored as « 2026-11-29 23:59 » (a bundle, another program: not the form's
    ISO « T »): text comparison put « 2026-11-29T23:58:00 » after it, and the import moved the
    last success one minute backwards."""
    from si_local.core.interop.backup_reports import apply_plan, plan_reports, read_report

    backup = _nas(db)
    with db.atomic():
        db.execute("UPDATE backup SET last_success = '2026-11-29 23:59' WHERE id = ?", [backup])
    report = _csv(tmp_path, "un.csv", "NAS-Nuit;VM-RDS01;2026-11-29 23:30;2026-11-29 23:58;success;")
    plan = plan_reports(db, [read_report(report)])
    assert plan.changes[0].new_last_success is None and plan.changes[0].kept_typed
    apply_plan(db, plan)
    (stored,) = db.execute("SELECT last_success FROM backup WHERE id = ?", [backup]).fetchone()
    assert stored in ("2026-11-29 23:59", "2026-11-29T23:59:00")


DATA = Path(__file__).parents[3] / "data" / "backup_reports"


@pytest.mark.parametrize("name, old, new", [
    ("vzdump_task.log", "2026-11-30 01:00:02", "2026-02-31 01:00:02"),  # no 31 February
    ("vzdump_task.log", "2026-11-30 01:00:02", "2026-13-01 25:00:00"),
    ("vzdump_task.log", "(00:01:23)", "(99999999999999:01:23)"),  # a duration of ages
    ("veeam_job_report.html", "(+1)", "(+3000000)"),  # 3 million days later: past year 9999
    ("veeam_job_report.html", "(+1)", "(+99999999999)"),
])
def test_impossible_dates_and_durations_are_one_line(tmp_path, name, old, new):
    """These were ValueError (« day is out of range for month ») and OverflowError (« date value
    out of range »): the command line's « erreur inattendue », exit 70."""
    text = (DATA / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_report(path)
    message = str(caught.value)
    assert "\n" not in message and name in message and "ligne" in message


@pytest.mark.parametrize("old, new, line, field", [
    ("Backup finished at 2026-11-30 01:01:25", "Backup finished at 2026-11-29 01:01:25", 22,
     "Backup finished at"),
    ("Failed at 2026-11-30 01:03:40", "Failed at 2026-11-30 01:01:00", 37, "Failed at"),
])
def test_a_vzdump_guest_ending_before_it_started_is_refused(demo_path, tmp_path, old, new, line, field):
    """A guest whose end is before its start was imported, a run of a negative duration (the
    simple CSV already refused « end before the start »): now one line naming the file, the
    line and the field, and nothing written."""
    from support import all_rows_checksum, run_cli

    text = (DATA / "vzdump_task.log").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "vzdump_task.log"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_report(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}\u00a0: ")
    assert f"ligne {line}, {field}\u00a0: avant le début." in message, message
    before = all_rows_checksum(demo_path)
    result = run_cli("import", "backup-report", "--db", str(demo_path), str(path))
    assert result.returncode == 3 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "avant le début" in result.stderr
    assert all_rows_checksum(demo_path) == before
