"""``si-local software search / list`` on the demo facility and real inventories."""

from __future__ import annotations

from pathlib import Path

from support import all_rows_checksum, run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "inventories"


def test_search_tag_and_action_on_the_demo(demo_path):
    result = run_cli("software", "--db", str(demo_path), "search", "7-Zip < 24.07")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Recherche\u00a0: 7-Zip < 24.07"
    assert [line.split()[1] for line in lines[1:-1]] == ["VM-AD01", "VM-DPI01", "VM-GAP01",
                                                          "VM-RDS01"]
    assert lines[-1] == "4 machines concernées (4 logiciels installés)"
    result = run_cli("software", "--db", str(demo_path), "search", "openssl >= 1.1 < 3.0.7",
                     "--tag", "Alerte CERT-FR 2026-123", "--action")
    assert result.returncode == 0, result.stderr
    assert "VM-DPI01" in result.stdout and "VM-LAB01" not in result.stdout
    assert "1 machine étiquetée «\u00a0Alerte CERT-FR 2026-123\u00a0»" in result.stdout
    assert "créée dans la campagne" in result.stdout
    listed = run_cli("software", "--db", str(demo_path), "list", "vm-dpi01")
    assert listed.returncode == 0, listed.stderr
    assert "Alerte\u00a0: Alerte CERT-FR 2026-123" in listed.stdout
    assert "  OpenSSL 1.1.1w (64-bit) 1.1.1w (OpenSSL Win64 Installer Team," in listed.stdout


def test_a_bad_query_or_machine_is_one_line_and_writes_nothing(demo_path):
    before = all_rows_checksum(demo_path)
    for args in (["search", "OpenSSL <"], ["search", "< 3"], ["list", "NO-SUCH-PC"],
                 ["search", "java", "--action"]):
        result = run_cli("software", "--db", str(demo_path), *args)
        assert result.returncode != 0, args
        assert result.stderr.startswith("si-local: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert all_rows_checksum(demo_path) == before


def test_the_import_preview_counts_programs_per_machine(tmp_path):
    path = tmp_path / "base.sqlite"
    run_cli("demo", str(path))
    result = run_cli("import", "inventory", "--db", str(path), "--dry-run",
                     str(DATA / "fusioninventory-2.xml"))
    assert result.returncode == 0, result.stderr
    assert "8 logiciels ajoutés, 0 retiré" in result.stdout
    assert "Logiciels installés\u00a0: 8 logiciels ajoutés, 0 retiré" in result.stdout


def test_each_file_s_line_counts_in_french_words(demo_path):
    """The per-file line of an inventory import reads « fichier : 1 fiche créée, 0 fiche mise à
    jour… », as the total line does (it read « créé: 1, mis à jour: 0 »)."""
    inventory = Path(__file__).resolve().parents[1] / "data" / "inventories" / "fusioninventory-2.xml"
    result = run_cli("import", "inventory", "--db", str(demo_path), "--dry-run", str(inventory))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == (f"{inventory}\u00a0: 1 fiche créée, 0 fiche mise à jour, "
                     "0 fiche inchangée, 0 fiche ignorée"), first
