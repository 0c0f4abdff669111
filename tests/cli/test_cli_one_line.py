"""Every bad input is answered in one line: a folder given as the database, a file name holding a
line break, a file with hundreds of bad lines (the first 100 and a count)."""

from __future__ import annotations

import csv

import pytest

from tests.support import run_cli


@pytest.mark.parametrize("command", [
    ["check"], ["list", "servers"], ["import", "csv", "--table", "servers", "x.csv"],
])
def test_a_folder_given_as_the_database_is_said_to_be_a_folder(tmp_path, command):
    folder = tmp_path / "bases"
    folder.mkdir()
    result = run_cli(*command[:1], *command[1:], "--db", str(folder))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "est un dossier" in lines[0] and "endommag" not in lines[0]  # it is not "damaged"
    assert list(folder.iterdir()) == []  # nothing created in it


def test_a_file_name_with_a_line_break_stays_on_one_line(demo_path, tmp_path):
    odd = tmp_path / "inventaire\nsecond.xml"
    odd.write_text("pas un inventaire", encoding="utf-8")
    result = run_cli("import", "inventory", "--db", str(demo_path), str(odd))
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "inventaire\\nsecond.xml" in lines[0]


def test_hundreds_of_bad_lines_print_the_first_hundred_and_a_count(demo_path, tmp_path):
    path = tmp_path / "serveurs.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Nom", "Site", "Rôle"])
        for i in range(250):
            writer.writerow([f"srv-{i}", "Nulle part", "x", "champ en trop"])
    result = run_cli("import", "csv", "--db", str(demo_path), "--table", "servers", "--dry-run",
                     str(path))
    assert result.returncode == 2
    lines = [line for line in result.stderr.strip().splitlines() if "ligne" in line or "…" in line]
    assert len(lines) == 101, lines[-3:]
    assert "ligne 101 :" in lines[99] and "ligne 102 :" not in result.stderr
    assert "150 autres problèmes" in lines[100]
    assert "250" in result.stdout  # the summary still counts them all


@pytest.mark.parametrize("command", [["list", "servers"], ["export", "bundle", "-o", "lot.json"],
                                     ["print", "pca", "-o", "plan.pdf"]])
def test_a_database_holding_text_that_is_not_utf8_is_one_line(demo_path, tmp_path, command):
    """A damaged page, or another program writing Latin-1: Python's sqlite3 cannot read the value
    (« erreur inattendue : Could not decode to UTF-8 column 'name' »)."""
    import sqlite3

    from si_local.core import audit

    conn = sqlite3.connect(demo_path)
    audit.register_functions(conn)
    conn.execute("UPDATE server SET name = CAST(x'5352562d80' AS TEXT) "
                 "WHERE id = (SELECT min(id) FROM server)")
    conn.commit()
    conn.close()
    args = [str(tmp_path / a) if a.endswith((".json", ".pdf")) else a for a in command]
    result = run_cli(*args, "--db", str(demo_path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "pas en UTF-8" in result.stderr, result.stderr
    assert "erreur inattendue" not in result.stderr
