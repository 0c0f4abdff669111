"""The forgiving staff import (issue 16): unknown columns listed and left aside or mapped, the
staff number (matricule) as the first key, homonyms of two units kept apart, units and profiles
created on demand (refused line by line without it), profiles as a list the user extends, the
list to fill in as an .ods spreadsheet."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from xml.etree import ElementTree

import pytest
from support import run_cli

from si_local.core import training as t
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError, UserError, ValidationError
from si_local.core.interop.common import rows_checksum


@pytest.fixture
def units(db):
    return {"med": t.save_unit(db, {"name": "Médecine"}), "chir": t.save_unit(db, {"name": "Chirurgie"})}


def _csv(tmp_path, text: str, name: str = "personnel.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _people(db) -> list[tuple]:
    return db.execute("SELECT last_name, first_name, matricule, profile, u.name FROM training_staff st "
                      "LEFT JOIN training_unit u ON u.id = st.unit_id ORDER BY st.id").fetchall()


def test_unknown_columns_are_listed_and_left_aside(db, units, tmp_path):
    path = _csv(tmp_path, "Nom de famille;Prénom;Date d'embauche;Fonction/Profil/Métier;"
                          "Unité/Service;Téléphone\n"
                          "DURAND;Paul;2019-03-01;IDE;Médecine;0102030405\n")
    report = t.import_staff_csv(db, path)
    assert report.written and report.created == 1 and not report.errors
    assert report.ignored_columns == ["Date d'embauche", "Téléphone"]
    assert "Colonnes ignorées : Date d'embauche, Téléphone." in report.summary()
    assert _people(db) == [("DURAND", "Paul", None, "nurse", "Médecine")]


def test_one_ignored_column_is_said_in_the_singular(db, units, tmp_path):
    report = t.import_staff_csv(db, _csv(tmp_path, "NOM;prenom;Pôle\nDURAND;Paul;Médecine\n"),
                                dry_run=True)
    assert "Colonne ignorée : Pôle." in report.summary() and "(s)" not in " ".join(report.notes())


def test_a_column_mapped_to_a_field_is_read_as_it(db, units, tmp_path):
    path = _csv(tmp_path, "Nom;Prénom;Pôle;N° agent\nDURAND;Paul;Chirurgie;A123\n")
    report = t.import_staff_csv(db, path, mapping={"pôle": "unit"})
    assert report.ignored_columns == [] and report.columns["Pôle"] == "unit"
    assert report.columns["N° agent"] == "matricule"
    assert _people(db) == [("DURAND", "Paul", "A123", "other", "Chirurgie")]
    # a known column can be left aside, a field named in French
    path = _csv(tmp_path, "Nom;Service;Unité\nMARTIN;Chirurgie;Médecine\n", "b.csv")
    report = t.import_staff_csv(db, path, mapping={"Service": None, "Unité": "unité"})
    assert report.ignored_columns == ["Service"]
    assert _people(db)[-1][-1] == "Médecine"
    with pytest.raises(ImportFileError, match="Pointure"):
        t.import_staff_csv(db, path, mapping={"Pointure": "unit"})
    with pytest.raises(UserError, match="pointure"):
        t.import_staff_csv(db, path, mapping={"Service": "pointure"})


def test_the_staff_number_matches_before_the_name(db, units, tmp_path):
    t.save_staff(db, {"last_name": "Durand", "first_name": "Paul", "unit_id": units["med"],
                      "matricule": "A1"})
    # married name changed, other unit: the same person by the staff number
    path = _csv(tmp_path, "nom;prénom;matricule;unité\nDURAND-LEROY;Paula;A1;Chirurgie\n"
                          "DURAND;Paul;B2;Médecine\n")
    report = t.import_staff_csv(db, path)
    assert (report.updated, report.created) == (1, 1)
    assert _people(db) == [("DURAND-LEROY", "Paula", "A1", "other", "Chirurgie"),
                           ("DURAND", "Paul", "B2", "other", "Médecine")]
    with pytest.raises(ValidationError) as caught:
        t.save_staff(db, {"last_name": "Autre", "matricule": "A1"})
    assert "matricule" in caught.value.errors


def test_two_people_of_one_name_in_two_units_are_two_people(db, units, tmp_path):
    path = _csv(tmp_path, "nom;prénom;unité\nMARTIN;Claire;Médecine\nMARTIN;Claire;Chirurgie\n")
    report = t.import_staff_csv(db, path)
    assert report.created == 2 and not report.errors
    assert [p[-1] for p in _people(db)] == ["Médecine", "Chirurgie"]
    again = t.import_staff_csv(db, path)  # a second import updates each, adds nobody
    assert (again.created, again.updated) == (0, 2)
    assert len(_people(db)) == 2
    # a third one in another unit is another person, and the preview says so
    other = t.import_staff_csv(db, _csv(tmp_path, "nom;prénom;unité\nMartin;Claire;Pédiatrie\n",
                                        "c.csv"), dry_run=True, create_units=True)
    assert other.created == 1 and "1 personne à ajouter porte le nom" in other.summary()


def test_missing_units_and_profiles_are_created_on_demand(db, units, tmp_path):
    path = _csv(tmp_path, "nom;profil;unité\nA;Kinésithérapeute;Pédiatrie\nB;Sophrologue;pédiatrie\n"
                          "C;Sophrologue;Urgences\nD;ASH;Médecine\n")
    preview = t.import_staff_csv(db, path, dry_run=True, create_units=True, create_profiles=True)
    assert preview.unknown_units == ["Pédiatrie", "Urgences"]
    assert preview.unknown_profiles == ["Sophrologue"]
    assert "Unités à créer : Pédiatrie, Urgences." in preview.summary()
    assert "Profil à ajouter : Sophrologue." in preview.summary()
    assert not preview.errors and preview.created == 4
    report = t.import_staff_csv(db, path, create_units=True, create_profiles=True)
    assert report.written
    assert sorted(u["name"] for u in t.units(db)) == ["Chirurgie", "Médecine", "Pédiatrie", "Urgences"]
    assert [p[3] for p in _people(db)] == ["physiotherapist", "Sophrologue", "Sophrologue",
                                           "hospital_services_agent"]
    assert t.profiles(db)["Sophrologue"] == "Sophrologue"
    assert list(t.profiles(db))[-1] == "other"  # « Other » stays last


def test_without_the_option_each_line_is_refused_with_its_reason(db, units, tmp_path):
    before = rows_checksum(db, ["training_staff", "training_unit", "training_profile"])
    path = _csv(tmp_path, "nom;profil;unité\nA;Sophrologue;Pédiatrie\nB;IDE;Médecine\n"
                          "C;IDE;Urgences\n")
    report = t.import_staff_csv(db, path)
    assert not report.written
    assert rows_checksum(db, ["training_staff", "training_unit", "training_profile"]) == before
    assert [(e.line, e.column) for e in report.errors] == [(2, "Profil"), (2, "Unité"), (4, "Unité")]
    assert "Unités inconnues : Pédiatrie, Urgences." in report.summary()
    assert "Profil inconnu : Sophrologue." in report.summary()
    good = t.import_staff_csv(db, path, only_good=True)
    assert good.created == 1 and _people(db) == [("B", "", None, "nurse", "Médecine")]


def test_profiles_are_never_turned_into_another_one(db, tmp_path):
    path = _csv(tmp_path, "nom;profil\nA;Cadre de santé\nB;ASH\nC;Secrétaire médicale\n"
                          "D;Brancardier\nE;Ergothérapeute\nF;Psychologue\nG;Diététicienne\n")
    t.import_staff_csv(db, path)
    assert [p[3] for p in _people(db)] == [
        "health_manager", "hospital_services_agent", "medical_secretary", "stretcher_bearer",
        "occupational_therapist", "psychologist", "dietitian"]
    key = t.add_profile(db, "Sophrologue")
    assert t.add_profile(db, "sophrologue") == key  # the same one, not twice
    assert t.find_profile(db, "kinésithérapeute") == "physiotherapist"
    staff_id = t.save_staff(db, {"last_name": "H", "profile": key})
    assert t.get_staff(db, staff_id)["profile"] == "Sophrologue"
    with pytest.raises(ValidationError):
        t.save_staff(db, {"last_name": "I", "profile": "astronaute"})
    module = t.save_module(db, {"name": "Dossier", "profiles": ["Sophrologue", "nurse"]})
    assert next(m for m in t.modules(db) if m["id"] == module)["profiles"] == ["nurse", "Sophrologue"]


def _ods_rows(path) -> list[list[str]]:
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        manifest = ElementTree.fromstring(archive.read("META-INF/manifest.xml"))
        assert {e.get("{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}full-path")
                for e in manifest} >= {"/", "content.xml"}
        content = ElementTree.fromstring(archive.read("content.xml"))
    table = content.find(".//table:table", ns)
    return [["".join(c.itertext()) for c in row.findall("table:table-cell", ns)]
            for row in table.findall("table:table-row", ns)]


def test_the_list_to_fill_in_as_a_spreadsheet_imports_as_it_is(db, units, tmp_path):
    path = t.write_staff_template(tmp_path / "personnel.ods")
    assert path.read_bytes()[30:38] == b"mimetype"  # what programs recognise the format by
    rows = _ods_rows(path)
    assert rows[0] == ["nom", "prénom", "matricule", "profil", "unité", "horaire", "statut", "actif"]
    assert rows[1][0] == "MARTIN"
    report = t.import_staff_csv(db, path)
    assert report.written and report.created == 1 and report.encoding == "OpenDocument"
    assert _people(db) == [("MARTIN", "Claire", None, "nurse", "Médecine")]
    if shutil.which("soffice"):  # when LibreOffice is there, it opens it
        subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path),
                        str(path)], check=True, timeout=120, capture_output=True)
        assert "MARTIN" in (tmp_path / "personnel.csv").read_text(encoding="utf-8", errors="replace")


def test_a_spreadsheet_that_is_not_one_is_one_line(db, tmp_path):
    path = tmp_path / "faux.ods"
    path.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(ImportFileError, match="OpenDocument"):
        t.import_staff_csv(db, path)


def test_command_line_maps_columns_creates_units_and_writes_an_ods_template(db_path, tmp_path):
    database = open_database(db_path)
    t.save_unit(database, {"name": "Médecine"})
    database.close()
    path = _csv(tmp_path, "Nom;Prénom;Matricule;Pôle;Fonction;Date d'embauche\n"
                          "DURAND;Paul;A1;Pédiatrie;Kiné;2020-01-01\n")
    refused = run_cli("import", "staff", "--db", str(db_path), path, "--map", "Pôle=unité")
    assert refused.returncode == 3
    assert "ligne 2, colonne « Unité » : unité inconnue « Pédiatrie »" in refused.stderr
    assert "Colonne ignorée : Date d'embauche." in refused.stdout
    done = run_cli("import", "staff", "--db", str(db_path), path, "--map", "Pôle=unit",
                   "--create-units")
    assert done.returncode == 0, done.stderr
    assert "Unité à créer : Pédiatrie." in done.stdout
    database = open_database(db_path)
    assert _people(database) == [("DURAND", "Paul", "A1", "physiotherapist", "Pédiatrie")]
    database.close()
    bad = run_cli("import", "staff", "--db", str(db_path), path, "--map", "Pôle")
    assert bad.returncode != 0 and "COLONNE=CHAMP" in bad.stderr and "Traceback" not in bad.stderr
    helped = run_cli("import", "staff", "--help")
    assert "--create-units" in helped.stdout and "--map" in helped.stdout
    out = tmp_path / "modele.ods"
    written = run_cli("export", "staff-template", "-o", str(out))
    assert written.returncode == 0, written.stderr
    assert _ods_rows(out)[0][0] == "nom"
