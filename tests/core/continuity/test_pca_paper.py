"""The printed plan as a binder that must work when every computer is down (issue 16): a
degraded-mode sheet for every unit in scope, where the break-glass credentials of the critical
systems are kept (never a secret), durations and frequencies as people say them, a contents page
whose page numbers are right, the distribution list and the signatures, no near-empty page; and
the impact analysis of one item, printed from the command line and from the Continuity page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from print_checks import body_lines, flat, pdf_pages
from si_local.core import continuity as c
from si_local.core import secrets
from si_local.core.reports.continuity import print_plan
from support import run_cli

TODAY = dt.date(2026, 11, 23)
MIN_LINES = 36  # a page of the plan holds at least this many lines (a near-empty page is lost)


@pytest.fixture
def plan_pages(demo_db, tmp_path):
    out = tmp_path / "pca.pdf"
    print_plan(demo_db, out, TODAY)
    return pdf_pages(out)


def _section(pages: list[str], start: str, end: str) -> str:
    text = flat(pages)
    begin = text.index(start, text.index(start) + 1)  # past the contents page
    return text[begin:text.index(end, begin)]


def test_a_degraded_mode_sheet_for_every_unit_in_scope(demo_db, plan_pages):
    units = [u["name"] for u in demo_db.query("SELECT name FROM training_unit ORDER BY name")]
    assert len(units) == 7
    sheets = _section(plan_pages, "4. Fiches de mode dégradé", "5. Ordre de redémarrage")
    for name in units:
        assert f"Unité {name}" in sheets, name
    # the reception has no written procedure: a blank sheet to fill by hand
    assert "« à compléter »" in sheets
    blank = sheets[sheets.index("Accueil et admissions"):]
    assert blank.index("« à compléter »") < blank.index("EHPAD Les Charmilles")
    assert "Qui décide le mode dégradé" in blank
    # the units with a procedure print it
    assert "Classeur des résidents" in sheets and "Relevé papier des constantes" in sheets


# where the break-glass accounts are written (the demo records none: the plan says so)
CREDENTIALS = [
    ("servers", "server", "SRV-HYP-01", "root", "Console de l’hyperviseur",
     "Enveloppe n° 1, coffre de la direction"),
    ("vms", "vm", "VM-AD01", "Administrateur", "Administrateur du domaine",
     "Enveloppe n° 3, coffre de la direction"),
    ("equipment", "equipment", "PARE-FEU-01", "admin-fw", "Console du pare-feu",
     "Enveloppe n° 7, coffre de la direction"),
]


def _record_credentials(db) -> list[int]:
    return [secrets.save_ref(db, kind, db.execute(f"SELECT id FROM {table} WHERE name = ?",
                                                  [name]).fetchone()[0], account, label, kept)
            for kind, table, name, account, label, kept in CREDENTIALS]


def test_where_the_credentials_of_every_critical_system_are_kept_and_no_secret(demo_db, tmp_path):
    keys = [secrets.get_ref(demo_db, ref)["key"] for ref in _record_credentials(demo_db)]
    out = tmp_path / "pca.pdf"
    print_plan(demo_db, out, TODAY)
    pages = pdf_pages(out)
    table = _section(pages, "7. Identifiants de secours des systèmes critiques", "8. Retour à la normale")
    for system, where in (("VM-AD01", "Enveloppe n° 3, coffre de la direction"),
                          ("SRV-HYP-01", "Enveloppe n° 1, coffre de la direction"),
                          ("PARE-FEU-01", "Enveloppe n° 7, coffre de la direction"),
                          ("Sauvegarde nocturne sur NAS", "Enveloppe scellée dans le coffre")):
        assert system in table and where in table, system
    assert "admin-fw" in table and "Administrateur" in table
    assert re.search(r"VM-DPI01 VM — — non renseigné", table)  # nothing recorded for it
    text = flat(pages)
    assert not any(key in text for key in keys) and "si-local/" not in text  # no keyring name


def test_durations_frequencies_and_dates_as_people_say_them(demo_db, tmp_path):
    demo_db.execute("UPDATE backup SET last_success = '2026-11-20T00:00:00' "
                    "WHERE name = 'Disque hebdomadaire hors site'")
    demo_db.conn.commit()
    out = tmp_path / "pca.pdf"
    print_plan(demo_db, out, TODAY)
    text = flat(pdf_pages(out))
    assert "240 min" not in text and "120 min" not in text
    steps = _section(pdf_pages(out), "3. Scénarios et listes de contrôle", "4. Fiches de mode dégradé")
    assert "4 h" in steps and "2 h" in steps
    annex = text[text.rindex("Sauvegardes"):]
    assert "hebdomadaire" in annex and "quotidienne" in annex and "168 h" not in text
    assert "00:00" not in text and "20/11/2026" in text


def test_contents_page_numbers_are_the_pages_of_the_headings(plan_pages):
    page = "\n".join(body_lines(plan_pages[1]))
    # each entry: its title and a line of dots ending with the page (pypdf reads the dots first)
    entries = [(title, int(number)) for number, title in
               re.findall(r"^[. ]+ (\d+)\n(\d+\. .+)$", page, flags=re.M)]
    entries = entries or [(title, int(number)) for title, number in
                          re.findall(r"^(\d+\. .+)\n[. ]+ (\d+)$", page, flags=re.M)]
    titles = [t for t, _p in entries]
    assert titles[:3] == ["1. Cellule de crise et chaîne d’alerte", "2. Activités critiques",
                          "3. Scénarios et listes de contrôle"]
    assert "7. Identifiants de secours des systèmes critiques" in titles
    assert "12. Annexes : inventaire" in titles
    for title, page in entries:
        assert title in [line.strip() for line in body_lines(plan_pages[page - 1])], (title, page)


def test_distribution_list_and_approval_signatures(plan_pages):
    contents = flat(plan_pages[:2])
    assert "Diffusion des exemplaires imprimés" in contents
    for number in range(1, 4):
        assert f"N° {number}" in contents
    assert "Détenu par (nom et fonction)" in contents
    title_page = flat(plan_pages[:1])
    assert "Validation" in title_page and "Signature" in title_page
    assert "Laurent Morel, directeur" in title_page


def test_no_near_empty_page(plan_pages):
    counts = [len(body_lines(page)) for page in plan_pages]
    # the title page and the last page may be short; any other page is at least a third full
    assert all(n >= MIN_LINES for n in counts[1:-1]), counts


def test_compliance_finds_the_unit_without_procedure_and_the_system_without_credentials(demo_db):
    found = {(f.rule, f.subject) for f in c.compliance(demo_db, TODAY)}
    assert ("degraded_mode", "Unité Accueil et admissions") in found
    assert ("credentials", "Équipement réseau PARE-FEU-01") in found
    assert ("credentials", "VM VM-AD01") in found
    assert not any(r == "credentials" and "Sauvegarde" in s for r, s in found)  # « kept at » given
    _record_credentials(demo_db)
    found = {(f.rule, f.subject) for f in c.compliance(demo_db, TODAY)}
    assert not any(r == "degraded_mode" and "EHPAD" in s for r, s in found)
    assert not any(r == "credentials" and "VM-AD01" in s for r, s in found)


def test_compliance_on_a_new_unit_and_a_new_critical_vm(db):
    db["training_unit"].insert({"name": "Maternité", "kind": "care_unit"})
    vm = db["vm"].insert({"name": "VM-AD09", "criticality": "vital"}).last_pk
    db.conn.commit()
    found = {(f.rule, f.subject) for f in c.compliance(db, TODAY)}
    assert ("degraded_mode", "Unité Maternité") in found and ("credentials", "VM VM-AD09") in found
    c.save_activity(db, {"name": "Maternité", "kind": "care_unit",
                         "degraded_procedure": "Dossiers d’accouchement papier."})
    secrets.save_ref(db, "vms", vm, "Administrateur", "", "Coffre")
    found = {(f.rule, f.subject) for f in c.compliance(db, TODAY)}
    assert ("degraded_mode", "Unité Maternité") not in found and ("credentials", "VM VM-AD09") not in found


def test_print_impact_of_a_server_and_a_vm(demo_path, tmp_path):
    out = tmp_path / "impact.pdf"
    result = run_cli("print", "impact", "--db", str(demo_path), "--server", "SRV-HYP-01", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = flat(pdf_pages(out))
    assert "Impact de la perte de SRV-HYP-01 (serveur)" in text
    for name in ("VM-AD01", "Dossier patient Sillage+", "Médecine polyvalente", "SRV-HYP-02"):
        assert name in text, name
    out2 = tmp_path / "vm.pdf"
    result = run_cli("print", "impact", "--db", str(demo_path), "--vm", "VM-LAB01", "-o", str(out2))
    assert result.returncode == 0, result.stderr
    assert "Liaison laboratoire" in flat(pdf_pages(out2))
    result = run_cli("print", "impact", "--db", str(demo_path), "--server", "NOPE", "-o", str(out2))
    assert result.returncode != 0 and "NOPE" in result.stderr and "Traceback" not in result.stderr
    assert len(PdfReader(str(out)).pages) >= 1
