"""The printed plan on the demo facility, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from si_local.core import continuity as c
from si_local.core.reports.continuity import print_plan
from support import run_cli

TODAY = dt.date(2026, 11, 23)

SECTIONS = [
    "Plan de continuité et de reprise d’activité", "Cellule de crise et chaîne d’alerte",
    "Chaîne d’alerte", "Activités critiques", "Scénarios et listes de contrôle",
    "Fiches de mode dégradé", "Ordre de redémarrage informatique", "Sauvegardes à utiliser",
    "Retour à la normale et communication", "Contacts", "Constats de conformité",
    "Dernier exercice et enseignements", "Annexes : inventaire",
]


def _text(path) -> tuple[str, list[str]]:
    pages = [page.extract_text() for page in PdfReader(str(path)).pages]
    return re.sub(r"\s+", " ", " ".join(pages)), pages


def test_print_pca_on_the_demo_holds_every_section_and_fact(demo_path, tmp_path):
    out = tmp_path / "pca.pdf"
    done = run_cli("print", "pca", "--db", str(demo_path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout and not (tmp_path / "pca.pdf.part").exists()
    text, pages = _text(out)
    for section in SECTIONS:
        assert section in text, section
    for vm in ("VM-AD01", "VM-DPI01", "VM-GAP01", "VM-FIC01", "VM-SAV01", "VM-RDS01", "VM-LAB01"):
        assert vm in text, vm
    # DMIA / PDMA of the activities and applications
    assert "DMIA" in text and "PDMA" in text
    for value in ("4 h", "8 h", "24 h", "72 h"):
        assert value in text, value
    # phones of the crisis cell and of the vendors
    for phone in ("01 99 00 10 01", "06 99 00 10 20", "01 99 00 20 00", "01 99 00 40 00"):
        assert phone in text, phone
    # scenarios as checklists, with the mandatory one first
    assert "Système d’information indisponible — obligatoire" in text
    assert "Rançongiciel" in text and "Site indisponible" in text
    assert "Heure faite" in text
    # where credentials are kept, the mirror, the last exercise and its lessons
    assert "Enveloppe scellée dans le coffre de la direction" in text
    assert "SRV-HYP-02" in text and "Exercice partiel" in text
    assert "procédure de bascule DNS" in text
    # every page: "page X of Y", version and date
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page)
        assert f"Page {number} sur {total}" in flat
        assert "Version 1" in flat


def test_approval_shows_the_new_version_on_every_page(demo_db, tmp_path):
    c.approve_plan(demo_db, "Claire Vidal", TODAY, "revue annuelle")
    out = tmp_path / "v2.pdf"
    pages = print_plan(demo_db, out, TODAY)
    text, page_texts = _text(out)
    assert pages == len(page_texts)
    assert all("Version 2" in p for p in page_texts)
    assert "2 (approuvée)" in text and "Claire Vidal" in text


def test_print_pca_on_an_empty_database(db, tmp_path):
    out = tmp_path / "empty.pdf"
    print_plan(db, out, TODAY)
    text, _pages = _text(out)
    assert "Aucune activité critique pour l’instant." in text
    assert "Aucun exercice enregistré pour l’instant." in text


def test_print_pca_refuses_a_bad_output_name(demo_path, tmp_path):
    done = run_cli("print", "pca", "--db", str(demo_path), "-o", str(tmp_path / "plan.txt"))
    assert done.returncode != 0 and ".pdf" in done.stderr and "Traceback" not in done.stderr


def test_the_findings_list_the_systems_out_of_support_with_their_measure(demo_path, tmp_path):
    out = tmp_path / "pca.pdf"
    done = run_cli("print", "pca", "--db", str(demo_path), "-o", str(out),
                   env={"SI_LOCAL_TODAY": "2026-11-23"})
    assert done.returncode == 0, done.stderr
    text, _pages = _text(out)
    part = text[text.index("Systèmes hors support ou en fin de support"):]
    assert "VM-LAB01 Windows Server 2012 R2 10/10/2023 Réseau isolé" in part
    assert "VM-GAP01 Windows Server 2016 12/01/2027 aucune mesure" in part
