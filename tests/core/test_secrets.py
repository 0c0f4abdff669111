"""SecretStore: an explicit unavailable state, never a plain-text fallback; references only."""

from __future__ import annotations

import pytest
import safety_support

from si_local.core import secrets as sec
from si_local.core.errors import UserError, ValidationError
from support import run_cli

keyring_env = safety_support.keyring_env  # fixtures shared by the safety tests
no_keyring = safety_support.no_keyring


def _server_id(db, name="SRV-HYP-01"):
    return db.execute("SELECT id FROM server WHERE name = ?", [name]).fetchone()[0]


def test_fail_backend_is_unavailable_and_refuses(no_keyring, demo_db):
    store = sec.SecretStore()
    assert not store.available
    assert "Aucun coffre sécurisé sur ce poste" in store.describe()
    with pytest.raises(sec.SecretStoreError):
        store.set("k", "value")
    with pytest.raises(sec.SecretStoreError):
        sec.set_for(demo_db, store, "servers", "SRV-HYP-01", "admin", "value")
    assert demo_db.execute("SELECT COUNT(*) FROM secret_ref").fetchone()[0] == 0


def test_chainer_with_nothing_to_chain_is_unavailable(monkeypatch):
    from keyring.backends import chainer

    monkeypatch.setattr(chainer.ChainerBackend, "backends", [], raising=False)
    store = sec.SecretStore(chainer.ChainerBackend())
    assert not store.available


def test_plaintext_backend_refused_unless_chosen_explicitly(monkeypatch, tmp_path):
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    backend = PlaintextKeyring()
    store = sec.SecretStore(backend)
    assert not store.available
    assert "fichier en clair" in store.status.reason
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    assert sec.SecretStore(backend).available


def test_references_and_values_round_trip(keyring_env, demo_db):
    store = sec.SecretStore()
    assert store.available and "keyrings.alt" in store.status.backend
    server = _server_id(demo_db)
    ref_id = sec.save_ref(demo_db, "servers", server, "admin", "Compte local",
                          "Enveloppe scellée, coffre")
    sec.store_secret(demo_db, store, ref_id, "mot-de-passe-1")
    assert sec.reveal(demo_db, store, ref_id) == "mot-de-passe-1"
    sec.store_secret(demo_db, store, ref_id, "mot-de-passe-2")  # change
    assert sec.reveal(demo_db, store, ref_id) == "mot-de-passe-2"
    with pytest.raises(ValidationError) as caught:
        sec.save_ref(demo_db, "servers", server, "admin")
    assert "déjà enregistré" in str(caught.value)
    with pytest.raises(ValidationError):
        sec.store_secret(demo_db, store, ref_id, "")
    key = sec.get_ref(demo_db, ref_id)["key"]
    sec.delete_ref(demo_db, store, ref_id)
    assert store.get(key) is None  # the keyring entry goes with the reference
    with pytest.raises(UserError):
        sec.save_ref(demo_db, "sites", 1, "admin")  # not a kind with credentials


def test_deleting_the_record_deletes_its_references(keyring_env, demo_db):
    from si_local.core import registry as reg

    server = reg.save(demo_db, reg.kind("servers"), {"name": "SRV-TEMP"})
    sec.save_ref(demo_db, "servers", server, "root")
    reg.delete(demo_db, reg.kind("servers"), server)
    assert demo_db.execute("SELECT COUNT(*) FROM secret_ref WHERE owner_id = ?",
                           [server]).fetchone()[0] == 0


def test_cli_set_and_status(keyring_env, demo_path):
    result = run_cli("secret", "status", "--db", str(demo_path), env=keyring_env)
    assert result.returncode == 0 and "keyrings.alt" in result.stdout
    result = run_cli("secret", "set", "--db", str(demo_path), "--for", "servers", input="x\n",
                     env=keyring_env)
    assert result.returncode != 0 and "TYPE:NOM" in result.stderr
    result = run_cli("secret", "set", "--db", str(demo_path), "--for", "servers:Inconnu",
                     input="x\n", env=keyring_env)
    assert result.returncode != 0 and "aucune fiche nommée « Inconnu »" in result.stderr
    result = run_cli("secret", "set", "--db", str(demo_path), "--for", "servers:SRV-HYP-01",
                     "--account", "admin", input="\n", env=keyring_env)
    assert result.returncode != 0 and "le secret est vide" in result.stderr
    result = run_cli("secret", "set", "--db", str(demo_path), "--for", "servers:srv-hyp-01",
                     "--account", "admin", "--kept-at", "Coffre", input="s3cret\n", env=keyring_env)
    assert result.returncode == 0, result.stderr
    result = run_cli("secret", "list", "--db", str(demo_path), env=keyring_env)
    assert "SRV-HYP-01\tadmin\t\tCoffre\tenregistré" in result.stdout
    assert "s3cret" not in result.stdout
    result = run_cli("secret", "status", "--db", str(demo_path), env=keyring_env)
    assert "1 référence d’identifiant" in result.stdout and "dont 1 avec un secret" in result.stdout


def test_a_stored_or_revealed_secret_is_masked_in_the_log(keyring_env, demo_db, tmp_path):
    import logging

    from si_local.core.logs import RedactingFormatter

    store = sec.SecretStore()
    ref_id = sec.save_ref(demo_db, "servers", _server_id(demo_db), "admin", "Compte local", "")
    sec.store_secret(demo_db, store, ref_id, "s3cret-stocké")
    import keyring

    keyring.set_password(sec.SERVICE, "other-key", "autre-s3cret")  # stored by another session
    assert sec.SecretStore().get("other-key") == "autre-s3cret"
    try:
        raise RuntimeError("refus du serveur pour s3cret-stocké / autre-s3cret")
    except RuntimeError:
        import sys

        record = logging.LogRecord("si_local", logging.ERROR, __file__, 1,
                                   "échec avec %s", ("s3cret-stocké",), sys.exc_info())
    text = RedactingFormatter("%(message)s").format(record)
    assert "s3cret" not in text
    assert "échec avec ***" in text and "refus du serveur pour *** / ***" in text
