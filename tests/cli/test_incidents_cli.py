"""The incident commands as a user runs them: add, correct, list, the declaration (pre-filled
and blank) and the yearly summary, read back with pypdf."""

from __future__ import annotations

from pypdf import PdfReader

from support import run_cli


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


HEADINGS = ("1. Identification de l’établissement et du déclarant", "2. Description de l’incident",
            "3. Conséquences de l’incident", "4. Causes et mesures prises")


def test_record_correct_list_and_print(demo_path, tmp_path):
    db = str(demo_path)
    done = run_cli("incident", "add", "--db", db, "--title", "Panne du DPI",
                   "--detected", "2026-11-22 08:00", "--declaration", "required",
                   "--touched", "server=SRV-HYP-01", "--declarant", "Jean Essai")
    assert done.returncode == 0, done.stderr
    assert "Incident 3" in done.stdout
    done = run_cli("incident", "correct", "--db", db, "--id", "3", "--causes", "Disque plein",
                   "--note", "cause trouvée")
    assert done.returncode == 0, done.stderr
    listed = run_cli("incidents", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert "3. Panne du DPI" in listed.stdout and "en retard" in listed.stdout
    pdf = tmp_path / "declaration.pdf"
    done = run_cli("print", "declaration", "--db", db, "--id", "3", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    text = _text(pdf)
    for heading in HEADINGS:
        assert heading in text
    for value in ("Panne du DPI", "Disque plein", "Jean Essai", "Hôpital local des Deux-Rives",
                  "030000012", "SRV-HYP-01", "Dossier patient Sillage+", "30 octobre 2017",
                  "par tout moyen"):
        assert value in text, value
    yearly = tmp_path / "year.pdf"
    done = run_cli("print", "incidents", "--db", db, "--year", "2026", "-o", str(yearly))
    assert done.returncode == 0, done.stderr
    text = _text(yearly)
    for value in ("Panne du DPI", "Fichiers chiffrés sur le serveur de fichiers", "SIG-2026-0417",
                  "pas de déclaration", "en cours"):
        assert value in text, value


def test_the_blank_form_has_the_headings_and_no_value(demo_path, tmp_path):
    pdf = tmp_path / "blank.pdf"
    done = run_cli("print", "declaration", "--blank", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    text = _text(pdf)
    for heading in HEADINGS:
        assert heading in text
    for value in ("Hôpital local", "030000012", "Claire Morel", "SIG-2026-0417"):
        assert value not in text


def test_errors_are_one_line(demo_path, tmp_path):
    db = str(demo_path)
    done = run_cli("print", "declaration", "--db", db, "--id", "99", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    done = run_cli("incident", "add", "--db", db, "--title", "x", "--detected", "demain")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    done = run_cli("incident", "add", "--db", db, "--title", "x", "--detected", "2026-11-22",
                   "--touched", "server=INCONNU")
    assert done.returncode == 1 and "INCONNU" in done.stderr
    done = run_cli("incident", "correct", "--db", db, "--id", "1", "--title", "y")
    assert done.returncode == 0


def test_a_year_out_of_range_is_refused_naming_the_field(demo_path):
    """« incident add --detected "0001-01-01 10:00" » (or year 5000) recorded the incident, in a
    register where nothing can be deleted."""
    from support import all_rows_checksum

    db = str(demo_path)
    before = all_rows_checksum(demo_path)
    for value in ("0001-01-01 10:00", "5000-01-01 10:00"):
        done = run_cli("incident", "add", "--db", db, "--title", "x", "--detected", value)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        year = int(value[:4])
        assert f"Détection\u00a0: l’année {year} n’est pas acceptée (de 1900 à 2200)." in done.stderr
    done = run_cli("incident", "correct", "--db", db, "--id", "1", "--ended", "31/12/2201 10:00")
    assert done.returncode == 2 and "Fin\u00a0: l’année 2201 n’est pas acceptée" in done.stderr
    assert all_rows_checksum(demo_path) == before
