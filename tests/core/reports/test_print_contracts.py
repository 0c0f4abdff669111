"""Contracts on paper, read back with pypdf: the hotlines of the critical applications' suppliers
in the continuity plan's contacts, and the yearly budget (PDF and CSV) from the command line."""

from __future__ import annotations

import re

from pypdf import PdfReader

from si_local.core import registry as reg
from si_local.core.reports.continuity import print_plan
from support import run_cli
from conftest import TODAY


def _text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def _contacts_part(text: str) -> str:
    """From the contacts section to the compliance findings (the contents page lists both)."""
    start = text.rindex("9. Contacts")
    return text[start:text.index("10. Constats de conformité", start)]


def test_the_plan_lists_the_hotlines_of_the_critical_applications_suppliers(demo_db, tmp_path):
    out = tmp_path / "pca.pdf"
    print_plan(demo_db, out, TODAY)
    part = _contacts_part(_text(out))
    assert "Hotlines des fournisseurs des applications critiques" in part
    # the EHR's vendor: hotline, hours, contract reference, service level, its applications
    for fact in ("01 99 00 20 20", "LS-2021-0088", "J+1 ouvré", "astreinte 24 h/24",
                 "Dossier patient Sillage+", "Numéria Santé", "01 99 00 23 23", "NS-HDS-2024-112",
                 "BioLien", "01 99 00 21 21", "BL-2022-031"):
        assert fact in part, fact
    # not the printers' rental nor the firewall's support: they cover no critical application
    assert "BSC-LOC-3312" not in part and "ARV-SN310-0457" not in part


def test_without_contracts_the_plan_says_where_to_record_them(demo_db, tmp_path):
    for row in demo_db.query("SELECT id FROM contract"):
        reg.delete(demo_db, reg.CONTRACTS, row["id"])
    out = tmp_path / "pca.pdf"
    print_plan(demo_db, out, TODAY)
    assert "Aucun contrat ne couvre une application critique" in _contacts_part(_text(out))


def test_print_and_export_the_budget_from_the_command_line(demo_path, tmp_path):
    pdf, csv_file = tmp_path / "budget.pdf", tmp_path / "budget.csv"
    done = run_cli("print", "budget", "--db", str(demo_path), "--year", "2027", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "Budget des contrats 2027 écrit" in done.stdout
    text = _text(pdf)
    assert "Budget des contrats 2027" in text and "Totaux par type" in text
    for fact in ("Maintenance Logisanté", "76 500,00 €", "Location des imprimantes",
                 "Hébergement", "Logisanté"):
        assert fact in text, fact
    done = run_cli("export", "budget", "--db", str(demo_path), "--year", "2027", "-o",
                   str(csv_file))
    assert done.returncode == 0, done.stderr
    assert "6 contrats écrits" in done.stdout
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM, Excel's line ends
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:4] == ["Contrat", "Fournisseur", "Type", "Couvre"]
    by_name = {line.split(";")[0]: line.split(";") for line in lines[1:]}
    assert by_name["Maintenance Logisanté (DPI, GAP, GEF)"][-1] == "76500,00"
    assert by_name["Location des imprimantes"][2] == "Location"
    assert lines[-1].startswith("Total;") and "," in lines[-1].split(";")[-1]
    # the firewall's support ends in March 2027 (demo day 23/11/2026): prorated by day
    firewall = by_name["Support du pare-feu Stormshield"]
    assert firewall[5].startswith("du 01/01/2027 au ") and firewall[-1] != "1450,00"


def test_budget_commands_refuse_bad_arguments_in_one_line(demo_path, tmp_path):
    done = run_cli("print", "budget", "--db", str(demo_path), "--year", "deux", "-o",
                   str(tmp_path / "b.pdf"))
    assert done.returncode == 2 and "indiquez une année" in done.stderr
    done = run_cli("export", "budget", "--db", str(demo_path), "-o", str(tmp_path / "b.txt"))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "b.txt").exists()
    done = run_cli("list", "contracts", "--db", str(demo_path))
    assert done.returncode == 0 and "Support du pare-feu Stormshield" in done.stdout
    assert "6 fiches" in done.stdout
