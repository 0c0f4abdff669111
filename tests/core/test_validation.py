import pytest

from si_local.core import registry as reg
from si_local.core import validation as v
from si_local.core.errors import ValidationError


@pytest.mark.parametrize("number", ["750712184", "010780054", "030000012", " 75 0712184 "])
def test_finess_valid(number):
    assert v.check_finess(number) == number.replace(" ", "")


@pytest.mark.parametrize("number", ["750712185", "75071218", "7507121840", "ABC123456", ""])
def test_finess_invalid(number):
    with pytest.raises(ValueError):
        v.check_finess(number)


def test_finess_check_digit_message_is_french():
    with pytest.raises(ValueError, match="clé"):
        v.check_finess("750712185")


@pytest.mark.parametrize("value, expected", [
    ("10.0.0.1", "10.0.0.1"), ("10.0.0.0/24", "10.0.0.0/24"), ("fe80::1", "fe80::1"),
    ("srv-hyp-01.local", "srv-hyp-01.local"),
])
def test_address_valid(value, expected):
    assert v.check_address(value) == expected


@pytest.mark.parametrize("value", ["300.1.1.1", "10.0.0", "a b", "-bad-", "10.0.0.1/40"])
def test_address_invalid(value):
    with pytest.raises(ValueError):
        v.check_address(value)


@pytest.mark.parametrize("value", ["23/11/2026", "2026-11-23", "23-11-2026", "23.11.2026"])
def test_dates(value):
    assert v.check_date(value) == "2026-11-23"


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "demain", "1/1/1800"])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        v.check_date(value)


def test_numbers_accept_french_decimal_comma():
    assert v.check_float("1 234,5") == 1234.5
    assert v.check_int("12") == 12
    with pytest.raises(ValueError):
        v.check_int("1,5")
    with pytest.raises(ValueError):
        v.check_float("-3")


def test_save_reports_every_bad_field_at_once(db):
    with pytest.raises(ValidationError) as info:
        reg.save(db, reg.SERVERS, {"name": "", "ram_gb": "beaucoup", "mgmt_address": "999.1.1.1",
                                   "warranty_end": "31/02/2026"})
    assert set(info.value.errors) == {"name", "ram_gb", "mgmt_address", "warranty_end"}
    assert db.execute("SELECT count(*) FROM server").fetchone()[0] == 0


def test_reference_must_exist(db):
    with pytest.raises(ValidationError) as info:
        reg.save(db, reg.VMS, {"name": "VM1", "server_id": 42, "criticality": "high"})
    assert "server_id" in info.value.errors


def test_mirror_needs_exactly_one_source(db):
    s1 = reg.save(db, reg.SERVERS, {"name": "A"})
    with pytest.raises(ValidationError):
        reg.save(db, reg.REPLICATIONS, {"target_server_id": s1})
    with pytest.raises(ValidationError):
        reg.save(db, reg.REPLICATIONS, {"source_server_id": s1, "target_server_id": s1})


def test_links_are_saved_and_dependents_listed(db):
    s = reg.save(db, reg.SERVERS, {"name": "SRV"})
    vm = reg.save(db, reg.VMS, {"name": "VM", "server_id": s, "criticality": "vital"})
    app = reg.save(db, reg.APPLICATIONS, {"name": "DPI", "criticality": "vital", "vm_ids": [vm]})
    assert reg.get(db, reg.APPLICATIONS, app)["vm_ids"] == [vm]
    deps = reg.dependents(db, reg.VMS, vm)
    assert ("links to applications", 1, "delete") in deps
    reg.save(db, reg.APPLICATIONS, {"vm_ids": []}, app)
    assert reg.get(db, reg.APPLICATIONS, app)["vm_ids"] == []


@pytest.mark.parametrize("value", ["9" * 400, "1e400", "-1e400", "inf", "nan", "NaN",
                                   float("inf"), float("nan"), "9223372036854775808", 2**63,
                                   10**400], ids=lambda value: repr(value)[:14])
def test_numbers_no_machine_holds_are_a_message_not_a_crash(value):
    """« 400 nines » in a spreadsheet's vCPU column ended in « erreur inattendue » (OverflowError:
    cannot convert float infinity to integer); 2**63 passed, then SQLite could not store it."""
    with pytest.raises(ValueError) as caught:
        v.check_int(value)
    assert "convert" not in str(caught.value) and str(caught.value)[0].isupper()
    if value not in (2**63, "9223372036854775808", 10**400):  # a real may be that large
        with pytest.raises(ValueError, match="Enter a number|Saisissez un nombre"):
            v.check_float(value)
