"""Every CSV SI Local writes opens in a spreadsheet without running a formula (OWASP "CSV
injection"); an export imported again gives the original text."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from si_local.core import registry as reg
from si_local.core import spreadsheet
from si_local.core.db import open_database
from si_local.core.interop import csv_io
from tests.support import run_cli

DATA = Path(__file__).resolve().parents[2] / "data" / "interop"
LINK = '=HYPERLINK("http://attaquant.example/x","Cliquez")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""),
                                       delimiter=";") for cell in row]


def assert_no_formula(text: str) -> list[str]:
    found = cells(text)
    assert found
    live = [cell for cell in found if cell.startswith(STARTS)]
    assert not live, live
    return found


def test_a_host_name_read_from_an_agent_inventory_is_exported_as_text(demo_path, tmp_path):
    inventory = tmp_path / "piege.xml"
    text = (DATA / "fusioninventory-real-debian.xml").read_text(encoding="utf-8")
    start = text.index("<NAME>", text.index("<HARDWARE>"))
    end = text.index("</NAME>", start)
    crafted = LINK.replace("&", "&amp;").replace('"', "&quot;")
    inventory.write_text(text[:start] + "<NAME>" + crafted + text[end:], encoding="utf-8")
    result = run_cli("import", "inventory", "--db", str(demo_path), str(inventory))
    assert result.returncode == 0, result.stderr

    seen = []
    for table in ("servers", "vms", "equipment"):
        out = tmp_path / f"{table}.csv"
        result = run_cli("export", "csv", "--db", str(demo_path), "--table", table, "-o", str(out))
        assert result.returncode == 0, result.stderr
        seen += assert_no_formula(out.read_text(encoding="utf-8"))
        listed = run_cli("list", table, "--db", str(demo_path), "--format", "csv")
        assert listed.returncode == 0, listed.stderr
        seen += assert_no_formula(listed.stdout)
    assert "'" + LINK in seen  # shown as text, the apostrophe hidden by the spreadsheet


def test_every_text_field_of_an_export_comes_back_unchanged_on_import(demo_path, tmp_path):
    db = open_database(demo_path)
    k = reg.kind("servers")
    first = reg.rows(db, k)[0]
    tricky = {"name": "-srv-1", "notes": "+33 5 55 00 00 00\n@équipe =SUM(A1:A9)"}
    reg.save(db, k, {**reg.get(db, k, first["id"]), **tricky}, first["id"])
    out = tmp_path / "servers.csv"
    csv_io.export_csv(db, "servers", out)
    assert_no_formula(out.read_text(encoding="utf-8-sig"))
    db.close()

    fresh = tmp_path / "fresh.sqlite"
    fresh_db = open_database(fresh)
    for table in ("sites",):  # the servers' sites first
        part = tmp_path / f"{table}.csv"
        csv_io.export_csv(open_database(demo_path), table, part)
        csv_io.import_csv(fresh_db, table, part)
    csv_io.import_csv(fresh_db, "servers", out)
    row = sqlite3.connect(fresh).execute(
        "SELECT name, notes FROM server WHERE name = ?", (tricky["name"],)).fetchone()
    assert row == (tricky["name"], tricky["notes"])
    fresh_db.close()


def test_the_diagnostic_and_audit_exports_are_safe(demo_path, tmp_path):
    db = open_database(demo_path)
    campaign = db.execute("SELECT id FROM diagnostic_campaign ORDER BY id LIMIT 1").fetchone()[0]
    question = db.execute("SELECT question_id FROM diagnostic_answer WHERE campaign_id = ? LIMIT 1",
                          (campaign,)).fetchone()[0]
    with db.conn:
        db.execute("UPDATE diagnostic_answer SET comment = ? WHERE campaign_id = ? AND "
                   "question_id = ?", (LINK, campaign, question))
    db.close()
    out = tmp_path / "diag.csv"
    result = run_cli("export", "diagnostic-csv", "--db", str(demo_path), "--campaign",
                     str(campaign), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "'" + LINK in assert_no_formula(out.read_text(encoding="utf-8-sig"))

    audit = tmp_path / "audit.csv"
    result = run_cli("audit", "--db", str(demo_path), "-o", str(audit))
    assert result.returncode == 0, result.stderr
    assert_no_formula(audit.read_text(encoding="utf-8-sig"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", " ", "é"]),
               max_size=6))
def test_safe_cell_never_starts_a_formula_and_restores_exactly(text):
    shown = spreadsheet.safe_cell(text)
    assert not shown.startswith(STARTS)
    assert spreadsheet.restore_cell(shown) == text
