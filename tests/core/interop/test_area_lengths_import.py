"""Field length limits of the continuity plan, the training plan, the self-diagnostic and the
core model on import: a bundle holding a too-long value is refused whole (real files, real SQLite
databases), a staff CSV line is refused naming its line and column."""

from __future__ import annotations

import json

import pytest
from interop_support import all_rows_checksum

from conftest import run_cli
from si_local.core import training as t
from si_local.core.db import open_database
from si_local.core.errors import ImportFileError
from si_local.core.interop import bundle as B
from si_local.core.interop.common import sha256_hex


def _forged_bundle(demo_db, path, table, column, value, name_column=None):
    """The demo's bundle with one value of ``table`` replaced, its checksum made right again (a
    forged or hand-edited file the checksum alone cannot catch); returns the row changed."""
    bundle = B.build_bundle(demo_db)
    row = bundle["tables"][table][0]
    row[column] = value
    bundle["checksum"] = sha256_hex(B.canonical(bundle["tables"]))
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return row


CASES = [
    # table, column, length, what the message says
    ("continuity_step", "note", 10_001,
     "table Étape, enregistrement « {name} » : Remarque : 10\u202f001 caractères, au plus 10\u202f000."),
    ("continuity_scenario", "name", 5_000,
     "table Scénario, enregistrement « {short} » : Nom : 5\u202f000 caractères, au plus 200."),
    ("training_staff", "first_name", 201,
     "table Personnel, enregistrement « {name} » : Prénom : 201 caractères, au plus 200."),
    ("training_module", "description", 10_001,
     "table Module de formation, enregistrement « {name} » : Contenu : 10\u202f001 caractères, "
     "au plus 10\u202f000."),
    ("diagnostic_action", "owner", 300,
     "table Action de l’autodiagnostic, enregistrement « {name} » : Responsable : 300 caractères, "
     "au plus 200."),
    ("diagnostic_answer", "comment", 10_001,
     "table Réponse, enregistrement « ligne 1 » : Commentaire : 10\u202f001 caractères, "
     "au plus 10\u202f000."),
]


@pytest.mark.parametrize("into", ["empty", "merge"])
@pytest.mark.parametrize("table, column, length, wanted", CASES, ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_a_bundle_with_a_too_long_value_of_another_area_is_refused_and_nothing_is_written(
        demo_db, demo_path, tmp_path, into, table, column, length, wanted):
    path = tmp_path / "forged.json"
    row = _forged_bundle(demo_db, path, table, column, "z" * length)
    name = next((row[n] for n in ("name", "title", "last_name") if row.get(n)), "")
    name = name if len(name) <= 40 else name[:40] + "…"  # long names are cut in the message
    wanted = wanted.format(name=name, short="z" * 40 + "…")
    target_path = tmp_path / "empty.sqlite" if into == "empty" else demo_path
    target = open_database(target_path) if into == "empty" else demo_db
    before = all_rows_checksum(target_path)
    with pytest.raises(ImportFileError) as caught:
        B.import_bundle(target, path)
    message = str(caught.value)
    assert str(path) in message
    assert wanted + " Rien n’a été importé." in message, message
    assert "\n" not in message and len(message) < 400 + len(str(path))
    assert all_rows_checksum(target_path) == before
    if into == "empty":
        target.close()


def test_every_area_table_with_limits_is_checked(demo_db, tmp_path):
    """Each table of TEXT_COLUMNS the demo fills: a value one character too long is refused."""
    bundle = B.build_bundle(demo_db)
    checked = 0
    for table, columns in B.area_text_columns().items():
        if not bundle["tables"].get(table):
            continue
        for column, text in columns.items():
            forged = json.loads(json.dumps(bundle))
            forged["tables"][table][0][column] = "w" * (text.limit + 1)
            forged["checksum"] = sha256_hex(B.canonical(forged["tables"]))
            path = tmp_path / f"{table}.{column}.json"
            path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
            with pytest.raises(ImportFileError, match="caractères, au plus"):
                B.plan_bundle(demo_db, B.read_bundle(path), path)
            checked += 1
    assert checked >= 40


def test_the_command_line_says_it_in_one_line(demo_db, tmp_path):
    path = tmp_path / "forged.json"
    plan = _forged_bundle(demo_db, path, "continuity_plan", "scope", "p" * 20_000)
    database = tmp_path / "cli.sqlite"
    open_database(database).close()
    before = all_rows_checksum(database)
    done = run_cli("import", "bundle", "--db", str(database), str(path))
    assert done.returncode != 0 and done.returncode != 70
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("si-local: ")
    assert (f"table Plan de continuité, enregistrement « {plan['title'][:40]}… » : Périmètre : "
            "20\u202f000 caractères, au plus 10\u202f000. Rien n’a été importé.") in line
    assert all_rows_checksum(database) == before


# --- the staff CSV -----------------------------------------------------------------------------

def test_staff_csv_refuses_too_long_names_and_notes_on_their_line(db, db_path, tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text("nom;prénom;profil;notes\n"
                    f"{'M' * 300};Claire;Infirmier;\n"
                    f"DURAND;{'P' * 201};Médecin;\n"
                    f"LEROY;Anne;Infirmier;{'n' * 10_001}\n"
                    f"PETIT;Luc;Médecin;{'n' * 10_000}\n", encoding="utf-8")
    before = all_rows_checksum(db_path)
    report = t.import_staff_csv(db, path)
    assert not report.written
    assert all_rows_checksum(db_path) == before
    assert [str(e) for e in report.errors] == [
        "ligne 2, colonne « Nom » : 300 caractères, au plus 200.",
        "ligne 3, colonne « Prénom » : 201 caractères, au plus 200.",
        # longer than any field: the CSV reader's own bound (the longest limit) says it first
        "ligne 4, colonne « Notes » : 10\u202f001 caractères, au plus 10\u202f000."]
    # the good lines only: notes of exactly 10,000 characters go in
    report = t.import_staff_csv(db, path, only_good=True)
    assert report.written and report.created == 1
    [(last, notes)] = db.execute("SELECT last_name, notes FROM training_staff").fetchall()
    assert last == "PETIT" and notes == "n" * 10_000


def test_the_command_line_names_file_line_and_column(tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text(f"nom;prénom\n{'M' * 5000};Claire\n", encoding="utf-8")
    database = tmp_path / "cli.sqlite"
    open_database(database).close()
    done = run_cli("import", "staff", "--db", str(database), str(path))
    assert done.returncode not in (0, 70)
    assert "Traceback" not in done.stderr
    output = done.stdout + done.stderr
    assert "ligne 2, colonne « Nom » : 5\u202f000 caractères, au plus 200." in output
    assert str(path) in output


def test_a_bundle_with_a_too_long_credential_label_is_refused(demo_db, tmp_path):
    from si_local.core import secrets as sec

    server = demo_db.execute("SELECT id FROM server ORDER BY id LIMIT 1").fetchone()[0]
    sec.save_ref(demo_db, "servers", server, "administrateur", "Compte local")
    path = tmp_path / "forged.json"
    _forged_bundle(demo_db, path, "secret_ref", "label", "L" * 201)
    target_path = tmp_path / "empty.sqlite"
    target = open_database(target_path)
    before = all_rows_checksum(target_path)
    with pytest.raises(ImportFileError) as caught:
        B.import_bundle(target, path)
    assert ("table Identifiant, enregistrement « administrateur » : Libellé : 201 caractères, "
            "au plus 200. Rien n’a été importé.") in str(caught.value)
    assert all_rows_checksum(target_path) == before
    target.close()
