"""Big CSV files and French Excel's CSV (issue 14): a file of bad lines keeps a bounded report (the
first problems and a count), Windows-1252 (« CSV (séparateur : point-virgule) ») is read and named,
UTF-8 with or without BOM still read and named, a file that is neither is one clear line; a cell
holds what the column holds (notes: 10,000 characters). Registry and staff list alike; real SQLite
files, the command line in a real process. Speed is measured in benchmarks/csv_million.py."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from si_local.core import registry as reg
from si_local.core import training as t
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError
from si_local.core.interop import csv_io
from si_local.core.interop.common import rows_checksum

SITES_HEADER = "Nom;Adresse;Code postal;Commune;Département;Notes"
# what French Excel types and writes in Windows-1252: é è à ç œ € « » and the apostrophe ’
FRENCH_NOTE = "Clé à l’accueil, « coffre » près de l’œil-de-bœuf ; reçu 12 € — fenêtre"
UNDEFINED_IN_CP1252 = [0x81, 0x8D, 0x8F, 0x90, 0x9D]


def _spaces(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _sites(db) -> dict[str, dict]:
    return {row["name"]: row for row in reg.rows(db, reg.SITES)}


def test_twenty_thousand_bad_lines_print_100_problems_and_a_count(db_path, tmp_path):
    open_database(db_path).close()
    path = tmp_path / "vms.csv"
    lines = ["Nom;Serveur hôte;Criticité"] + [f"VM-{n:05d};SRV-ABSENT;Haute" for n in range(20_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    database = open_database(db_path)
    try:
        result = csv_io.import_csv(database, "vms", path, dry_run=True)
    finally:
        database.close()
    # the report keeps the first errors and counts them all (not 20,000 objects to show)
    assert result.error_count == 20_000 and result.bad_lines == 20_000
    assert len(result.errors) == csv_io.KEPT_ERRORS
    assert [e.line for e in result.errors[:3]] == [2, 3, 4]
    out = run_cli("import", "csv", "--db", str(db_path), "--table", "vms", "--dry-run", str(path))
    assert out.returncode == 2, out.stderr
    problems = out.stderr.splitlines()
    assert len(problems) == 101
    assert _spaces(problems[0]) == f"{path}: ligne 2, colonne Serveur hôte : aucune fiche serveur physique ne s’appelle SRV-ABSENT."
    assert _spaces(problems[99]).startswith(f"{path}: ligne 101, ")
    assert _spaces(problems[100]) == (
        f"{path}: … et 19 900 autres problèmes (seuls les 100 premiers sont affichés).")
    assert "20 000 lignes erronées" in _spaces(out.stdout)


def test_french_excel_windows_1252_file_is_read_and_named(db_path, tmp_path):
    open_database(db_path).close()
    path = tmp_path / "sites.csv"
    text = (f"{SITES_HEADER}\r\n"
            f"Site de l’Étang;1 rue de la Forêt;19000;Tulle;19;\"{FRENCH_NOTE}\"\r\n"
            "Résidence « Les Aubépines »;2 place Noël;19100;Brive;19;\r\n")
    path.write_bytes(text.encode("cp1252"))
    out = run_cli("import", "csv", "--db", str(db_path), "--table", "sites", str(path))
    assert out.returncode == 0, out.stderr
    assert "(encodage : Windows-1252)" in out.stdout and out.stderr == ""
    database = open_database(db_path, read_only=True)
    try:
        sites = _sites(database)
    finally:
        database.close()
    assert sites["Site de l’Étang"]["notes"] == FRENCH_NOTE
    assert sites["Site de l’Étang"]["address"] == "1 rue de la Forêt"
    assert sites["Résidence « Les Aubépines »"]["address"] == "2 place Noël"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8-bom"])
def test_utf8_with_or_without_bom_is_read_and_named(db_path, tmp_path, bom):
    open_database(db_path).close()
    path = tmp_path / "sites.csv"
    text = f"{SITES_HEADER}\nSite de l’Étang;1 rue;19000;Tulle;19;\"{FRENCH_NOTE} ✓\"\n"
    path.write_bytes(bom + text.encode("utf-8"))
    out = run_cli("import", "csv", "--db", str(db_path), "--table", "sites", str(path))
    assert out.returncode == 0, out.stderr
    assert "(encodage : UTF-8)" in out.stdout
    database = open_database(db_path, read_only=True)
    try:
        assert _sites(database)["Site de l’Étang"]["notes"] == f"{FRENCH_NOTE} ✓"
    finally:
        database.close()


@pytest.mark.parametrize("byte", UNDEFINED_IN_CP1252, ids=[f"0x{b:02X}" for b in UNDEFINED_IN_CP1252])
def test_file_neither_utf8_nor_windows_1252_is_one_clear_line(db_path, tmp_path, byte):
    open_database(db_path).close()
    before = rows_checksum(open_database(db_path, read_only=True))
    path = tmp_path / "sites.csv"
    path.write_bytes(f"{SITES_HEADER}\r\nSite de l’Étang;1 rue;19000;Tulle;19;\r\n".encode("cp1252")
                     + b"Autre;2 rue;19000;Tulle;19;x" + bytes([byte]) + b"y\r\n")
    out = run_cli("import", "csv", "--db", str(db_path), "--table", "sites", str(path))
    assert out.returncode not in (0, 70) and out.stdout == ""
    assert out.stderr.splitlines() == [
        f"si-local: {path} : ligne 3 : le fichier n’est ni en UTF-8 ni en Windows-1252 (l’octet "
        f"0x{byte:02X} ne signifie rien dans l’un ni dans l’autre) ; enregistrez-le de nouveau en "
        "« CSV UTF-8 »."]
    database = open_database(db_path, read_only=True)
    try:
        assert rows_checksum(database) == before
    finally:
        database.close()


def test_staff_list_windows_1252_is_read_and_named(tmp_path):
    db_path = tmp_path / "plan.sqlite"
    database = open_database(db_path)
    t.save_unit(database, {"name": "Médecine"})
    database.close()
    path = tmp_path / "personnel.csv"
    path.write_bytes(("nom;prénom;profil;unité;notes\r\n"
                      f"Lefèvre;Françoise;IDE;Médecine;\"{FRENCH_NOTE}\"\r\n"
                      "Cœur;Noël;AS;médecine;\r\n").encode("cp1252"))
    out = run_cli("import", "staff", "--db", str(db_path), str(path))
    assert out.returncode == 0, out.stderr
    assert "(encodage : Windows-1252)" in out.stdout
    database = open_database(db_path, read_only=True)
    try:
        people = {(r[0], r[1]): r[2] for r in database.execute(
            "SELECT last_name, first_name, notes FROM training_staff")}
    finally:
        database.close()
    assert people == {("Lefèvre", "Françoise"): FRENCH_NOTE, ("Cœur", "Noël"): None}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8-bom"])
def test_staff_list_utf8_is_named_and_neither_is_refused(tmp_path, bom):
    database = open_database(tmp_path / "plan.sqlite")
    try:
        path = tmp_path / "personnel.csv"
        path.write_bytes(bom + "nom;prénom\nLefèvre;Françoise\n".encode("utf-8"))
        report = t.import_staff_csv(database, path)
        assert report.written and report.encoding == "UTF-8"
        assert "(encodage : UTF-8)" in report.summary()
        before = rows_checksum(database, ["training_staff"])
        path.write_bytes("nom;prénom\nDurand;Zoé\n".encode("cp1252") + b"Petit;L\x9d\n")
        with pytest.raises(ImportFileError) as caught:
            t.import_staff_csv(database, path)
        assert str(caught.value) == (
            f"{path} : ligne 3 : le fichier n’est ni en UTF-8 ni en Windows-1252 (l’octet 0x9D ne "
            "signifie rien dans l’un ni dans l’autre) ; enregistrez-le de nouveau en « CSV UTF-8 ».")
        assert rows_checksum(database, ["training_staff"]) == before
    finally:
        database.close()


def test_staff_list_of_bad_lines_keeps_the_first_errors_and_counts_them(tmp_path):
    database = open_database(tmp_path / "plan.sqlite")
    try:
        path = tmp_path / "personnel.csv"
        path.write_text("nom;prénom;profil\n" + "".join(
            f"Nom{n:05d};X;astronaute\n" for n in range(20_000)), encoding="utf-8")
        report = t.import_staff_csv(database, path, dry_run=True)
        assert report.error_count == 20_000 and len(report.errors) == t.KEPT_ERRORS
        assert "20 000 lignes en erreur" in _spaces(report.summary())
    finally:
        database.close()


def test_a_10000_character_note_exported_imports_back_unchanged(db, db_path, tmp_path):
    note = ("Procédure de redémarrage :\n" + "étape " * 2000)[:9_999] + "€"
    assert len(note) == 10_000
    reg.save(db, reg.SITES, {"name": "Site de l’Étang", "notes": note})
    db.close()
    exported = tmp_path / "sites.csv"
    out = run_cli("export", "csv", "--db", str(db_path), "--table", "sites", "-o", str(exported))
    assert out.returncode == 0, out.stderr
    database = open_database(db_path)
    try:
        database.execute("UPDATE site SET notes = 'autre chose'")
        result = csv_io.import_csv(database, "sites", exported)
        assert result.errors == [] and result.updated == 1 and result.written
        assert _sites(database)["Site de l’Étang"]["notes"] == note
    finally:
        database.close()


def test_a_10001_character_note_is_one_error_naming_the_line_and_the_field(db, tmp_path):
    before = rows_checksum(db)
    path = tmp_path / "sites.csv"
    path.write_text(f"{SITES_HEADER}\nSite A;1 rue;19000;Tulle;19;court\n"
                    f"Site B;2 rue;19000;Tulle;19;{'n' * 10_001}\n", encoding="utf-8")
    result = csv_io.import_csv(db, "sites", path)
    assert [_spaces(str(e)) for e in result.errors] == [
        "ligne 3, colonne Notes : 10 001 caractères, au plus 10 000."]
    assert not result.written and rows_checksum(db) == before


def test_a_record_another_program_adds_between_the_check_and_the_write_is_updated(
        db, db_path, tmp_path, monkeypatch):
    """The good lines are checked, then written without being checked again one by one: when
    another program wrote in between (PRAGMA data_version), the file is checked again inside the
    write transaction, so « Site X », added meanwhile, is updated instead of added twice."""
    from si_local.core import snapshots

    path = tmp_path / "sites.csv"
    path.write_text(f"{SITES_HEADER}\nSite X;1 rue;19000;Tulle;19;du fichier\n"
                    "Site Y;2 rue;19000;Tulle;19;\n", encoding="utf-8")
    real_snapshot = snapshots.take_snapshot

    def other_program_writes_then_snapshot(*args, **kwargs):
        other = open_database(db_path)
        try:
            reg.save(other, reg.SITES, {"name": "Site X", "notes": "de l’autre programme"})
        finally:
            other.close()
        return real_snapshot(*args, **kwargs)

    monkeypatch.setattr(snapshots, "take_snapshot", other_program_writes_then_snapshot)
    result = csv_io.import_csv(db, "sites", path)
    assert (result.created, result.updated, result.errors, result.written) == (1, 1, [], True)
    sites = _sites(db)
    assert sorted(sites) == ["Site X", "Site Y"] and sites["Site X"]["notes"] == "du fichier"
