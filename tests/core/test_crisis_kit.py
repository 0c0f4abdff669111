"""What the crisis kit reads besides the plan: supplier hotlines, emergency numbers."""

from __future__ import annotations

from si_local.core import crisis_kit as kit
from si_local.core import registry as r


def test_supplier_lines_are_the_vendor_contacts(demo_db):
    lines = kit.supplier_lines(demo_db)
    names = [x["name"] for x in lines]
    assert {"Support BioLien", "Dell ProSupport", "Assistance Logisanté"} <= set(names)
    assert {x["kind"] for x in lines} == {"vendor"}  # no internal, group or authority contact
    assert "Laurent Morel" not in names and "DSI du GHT" not in names
    orgs = [(x["organisation"] or x["name"]).casefold() for x in lines]
    assert orgs == sorted(orgs)  # by organisation (BioLien, Dell, Logisanté…)
    biolien = lines[names.index("Support BioLien")]
    assert biolien["phone"] == "01 99 00 21 00" and biolien["organisation"] == "BioLien"
    assert {"name", "role", "organisation", "phone", "mobile", "email"} <= set(biolien)


def test_supplier_lines_empty_database(db):
    assert kit.supplier_lines(db) == []
    assert [(n.key, n.contact) for n in kit.emergency_numbers(db)] == [
        ("cert", None), ("ars", None), ("group", None)]


def test_emergency_numbers_found_in_the_contacts(demo_db):
    found = {n.key: n.contact for n in kit.emergency_numbers(demo_db)}
    assert found["cert"] is None  # the demo has no CERT Santé contact: a blank to fill in
    assert found["ars"]["name"] == "ARS, point focal"
    assert found["group"]["name"] == "DSI du GHT"
    r.save(demo_db, r.CONTACTS, {"name": "CERT Santé", "organisation": "Agence du numérique en santé",
                                 "kind": "authority", "phone": "01 00 00 00 00"})
    found = {n.key: n.contact for n in kit.emergency_numbers(demo_db)}
    assert found["cert"]["name"] == "CERT Santé"
    assert found["ars"]["name"] == "ARS, point focal"  # the CERT is not taken for the ARS


def test_supplier_lines_carry_the_hotline_hours_and_contracts(demo_db):
    """A vendor's support hotline and hours, and each of its contracts with its reference,
    service level and what it covers, are in its line (the printed kit shows them)."""
    from si_local.core.crisis_kit import supplier_lines

    with_contracts = [s for s in supplier_lines(demo_db) if s["contracts"]]
    assert with_contracts
    row = demo_db.execute(
        "SELECT ct.id, ct.hotline, c.name, c.reference FROM contract c "
        "JOIN contact ct ON ct.id = c.supplier_id JOIN contract_application ca "
        "ON ca.contract_id = c.id WHERE ct.hotline IS NOT NULL LIMIT 1").fetchone()
    line = next(s for s in with_contracts if s["id"] == row[0])
    assert line["hotline"] == row[1]
    contract = next(c for c in line["contracts"] if c["name"] == row[2])
    assert contract["reference"] == row[3] and contract["covers"]
