"""Maximum lengths of the registry's text fields: one table by field type, enforced on save."""

from __future__ import annotations

import pytest

from si_local.core import registry as reg
from si_local.core import validation as v
from si_local.core.db import open_database
from si_local.core.errors import ValidationError

# Field types that hold no free text (a number, a date, a yes/no, a choice among keys, references)
NOT_TEXT = {"int", "float", "date", "datetime", "bool", "choice", "ref", "multiref"}


@pytest.mark.parametrize("kind", sorted(reg.KINDS), ids=str)
def test_every_text_field_of_every_kind_has_a_limit(kind):
    """A new text field cannot forget its limit: its type must be in the one table."""
    for f in reg.KINDS[kind].fields:
        if f.type in NOT_TEXT:
            assert f.limit is None, f"{kind}.{f.name}"
            continue
        assert f.type in v.MAX_LENGTHS, f"{kind}.{f.name}: type {f.type} has no default limit"
        assert isinstance(f.limit, int) and f.limit > 0, f"{kind}.{f.name}"
        assert f.limit == (f.max_length or v.MAX_LENGTHS[f.type]), f"{kind}.{f.name}"


def test_the_defaults_short_text_and_notes():
    assert reg.VMS.field("name").limit == 200
    assert reg.SERVERS.field("serial").limit == 200
    assert reg.SERVERS.field("mgmt_address").limit == 200
    assert reg.VMS.field("notes").limit == 10_000


def test_a_field_may_override_its_default():
    f = reg.Field("code", "Name", max_length=5)
    assert f.limit == 5
    assert reg.clean_value(f, "abcde") == "abcde"
    with pytest.raises(ValueError, match="6 caractères, au plus 5"):
        reg.clean_value(f, "abcdef")


def test_a_5000_character_vm_name_is_refused_naming_the_field_and_nothing_is_written(db_path):
    db = open_database(db_path)
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.VMS, {"name": "x" * 5000, "criticality": "low"})
    assert caught.value.errors == {"name": "Nom : 5\u202f000 caractères, au plus 200."}
    db.close()
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM vm").fetchone()[0] == 0
    # exactly at the limit (spaces around do not count) is fine, on create and on update
    vm = reg.save(db, reg.VMS, {"name": "  " + "x" * 200 + " ", "criticality": "low"})
    assert reg.get(db, reg.VMS, vm)["name"] == "x" * 200
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.VMS, {"serial": "S" * 201}, vm)
    assert caught.value.errors == {"serial": "Numéro de série : 201 caractères, au plus 200."}
    assert reg.get(db, reg.VMS, vm)["serial"] is None
    db.close()


def test_notes_take_10000_characters_not_one_more(db):
    site = reg.save(db, reg.SITES, {"name": "Site A", "notes": "n" * 10_000})
    assert len(reg.get(db, reg.SITES, site)["notes"]) == 10_000
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.SITES, {"notes": "n" * 10_001}, site)
    assert caught.value.errors == {"notes": "Notes : 10\u202f001 caractères, au plus 10\u202f000."}


def test_a_too_long_address_is_refused_for_its_length(db):
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.SERVERS, {"name": "SRV", "mgmt_address": "a" * 300})
    assert caught.value.errors["mgmt_address"] == "Adresse d’administration : 300 caractères, au plus 200."


def test_the_message_in_english(db, english):
    with pytest.raises(ValidationError) as caught:
        reg.save(db, reg.CONTACTS, {"name": "y" * 1234, "kind": "vendor"})
    assert caught.value.errors == {"name": "Name: 1,234 characters, at most 200."}
