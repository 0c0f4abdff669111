"""Numbers no one means, on the new commands: one line and a non-zero exit, never the « erreur
inattendue » (exit 70) of an OverflowError."""

from __future__ import annotations

import pytest

from support import all_rows_checksum, run_cli

HUGE = "9" * 25  # more than SQLite's integers hold


@pytest.mark.parametrize("args", [
    ["print", "declaration", "--id", HUGE, "-o", "{tmp}/declaration.pdf"],
    ["incident", "correct", "--id", HUGE, "--title", "x"],
    ["print", "backup-report", "--month", "9999-12", "-o", "{tmp}/sauvegardes.pdf"],
])
def test_a_number_out_of_range_is_one_line(demo_path, tmp_path, args):
    before = all_rows_checksum(demo_path)
    result = run_cli(*[a.format(tmp=tmp_path) for a in args], "--db", str(demo_path))
    assert result.returncode in (1, 2, 3), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "inattendue" not in result.stderr
    assert all_rows_checksum(demo_path) == before
    assert not list(tmp_path.glob("*.pdf"))


# Every whole-number option of the command line (grep « type= » in src/si_local/cli/).
NUMBER_OPTIONS = [
    ["print", "diagnostic", "--campaign", "{n}", "-o", "{tmp}/out.pdf"],
    ["print", "diagnostic", "--compare", "{n}", "-o", "{tmp}/out.pdf"],
    ["export", "diagnostic-csv", "--campaign", "{n}", "-o", "{tmp}/out.csv"],
    ["print", "attendance", "--session", "{n}", "-o", "{tmp}/out.pdf"],
    ["print", "certificate", "--person", "BONNET Sylvie", "--session", "{n}", "-o", "{tmp}/out.pdf"],
    ["incident", "correct", "--id", "{n}", "--title", "x"],
    ["print", "declaration", "--id", "{n}", "-o", "{tmp}/out.pdf"],
    ["print", "incidents", "--year", "{n}", "-o", "{tmp}/out.pdf"],
    ["group", "export-pack", "--pack-version", "{n}", "-o", "{tmp}/out.json"],
    ["print", "exercise", "--id", "{n}", "-o", "{tmp}/out.pdf"],
    ["print", "exercise-sheet", "--id", "{n}", "-o", "{tmp}/out.pdf"],
    ["print", "budget", "--year", "{n}", "-o", "{tmp}/out.pdf"],
    ["export", "calendar", "--year", "{n}", "-o", "{tmp}/out.ics"],
]


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "0", "-1"])
@pytest.mark.parametrize("args", NUMBER_OPTIONS, ids=lambda a: " ".join(a[:3]))
def test_every_number_option_refuses_what_no_record_has(demo_path, tmp_path, args, value):
    """A huge number was exit 70 (« Python int too large to convert to SQLite INTEGER ») on
    --campaign, --session; 0 or a negative year printed a summary of year 0, a negative or huge
    pack version wrote a pack no database can take. Now one French line, exit 1 or 2, nothing
    written."""
    before = all_rows_checksum(demo_path)
    result = run_cli(*[a.format(tmp=tmp_path, n=value) for a in args], "--db", str(demo_path))
    assert result.returncode in (1, 2), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "inattendue" not in result.stderr and "Traceback" not in result.stderr
    assert all_rows_checksum(demo_path) == before
    assert not list(tmp_path.glob("out.*"))


def test_a_huge_campaign_number_is_no_such_campaign(demo_path, tmp_path):
    result = run_cli("print", "diagnostic", "--campaign", HUGE, "-o", str(tmp_path / "r.pdf"),
                     "--db", str(demo_path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"si-local: La campagne d’autodiagnostic n° {HUGE} n’existe pas."


def test_a_word_for_a_number_is_one_french_line(demo_path, tmp_path):
    result = run_cli("print", "attendance", "--session", "douze", "-o", str(tmp_path / "r.pdf"),
                     "--db", str(demo_path))
    assert result.returncode == 2 and "douze\u00a0: indiquez un nombre entier, par exemple 12." in result.stderr


def test_a_pack_with_a_huge_version_is_refused_in_one_line(demo_path, tmp_path):
    """A pack carrying version 10**25 (written by hand, or by --pack-version before it was
    bounded) was read, previewed, then its writing stopped on an OverflowError: exit 70."""
    import json

    pack = tmp_path / "pack.json"
    assert run_cli("group", "export-pack", "--db", str(demo_path), "-o", str(pack)).returncode == 0
    data = json.loads(pack.read_text(encoding="utf-8"))
    data["version"] = int(HUGE)
    pack.write_text(json.dumps(data), encoding="utf-8")
    before = all_rows_checksum(demo_path)
    result = run_cli("group", "import-pack", "--db", str(demo_path), str(pack))
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        "si-local: pack.json\u00a0: le paquet n’a pas de numéro de version valable."]
    assert all_rows_checksum(demo_path) == before
