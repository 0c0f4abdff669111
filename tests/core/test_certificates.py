"""Certificates: real files made with cryptography, read, planned, written; Home's alerts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cert_support import der, fingerprint, key_pem, make_cert, pem, write
from si_local.core import certificates as c
from si_local.core import registry as reg
from si_local.core.errors import ImportFileError

TODAY = dt.date(2026, 11, 23)
DATA = Path(__file__).resolve().parents[1] / "data" / "certificates"


def _server(db, name, **values):
    return reg.save(db, reg.SERVERS, {"name": name, **values})


def test_self_signed_pem_with_dns_and_ip(tmp_path):
    cert, _k = make_cert("intranet.chx.local", TODAY, TODAY + dt.timedelta(days=365),
                         dns=["intranet.chx.local", "www.chx.local"], ips=["10.0.0.12"])
    [info] = c.read(write(tmp_path / "a.pem", pem(cert)))
    assert info.common_name == "intranet.chx.local"
    assert info.names == ("intranet.chx.local", "www.chx.local", "10.0.0.12")
    assert info.self_signed is True
    assert info.not_after == TODAY + dt.timedelta(days=365)
    assert info.not_before == TODAY
    assert info.fingerprint == fingerprint(cert)
    assert info.serial == "12:34"
    assert "CN=intranet.chx.local" in info.subject and info.subject == info.issuer


def test_chain_in_one_pem_and_cn_without_san(tmp_path):
    ca, ca_key = make_cert("CH Test CA", TODAY, TODAY + dt.timedelta(days=3650), ca=True)
    leaf, _k = make_cert("dpi.chx.local", TODAY, TODAY + dt.timedelta(days=90), issuer=ca,
                         issuer_key=ca_key, serial=7)
    infos = c.read(write(tmp_path / "chain.pem", pem(leaf), b"\n", pem(ca)))
    assert [i.common_name for i in infos] == ["dpi.chx.local", "CH Test CA"]
    assert infos[0].self_signed is False and infos[1].self_signed is True
    assert infos[0].names == ("dpi.chx.local",)  # no SAN: its CN
    assert "CN=CH Test CA" in infos[0].issuer


def test_der_file(tmp_path):
    cert, _k = make_cert("ups.chx.local", TODAY, TODAY + dt.timedelta(days=30))
    [info] = c.read(write(tmp_path / "ups.cer", der(cert)))
    assert info.fingerprint == fingerprint(cert)


@pytest.mark.parametrize("content, words", [
    (b"", "vide"),
    (b"   \n", "vide"),
    (b"hello, this is not a certificate", "pas un certificat"),
    (b"\x30\x82\x01\x00garbage", "pas un certificat"),
    (b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "endommagé"),
    (b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "aucun certificat"),
])
def test_bad_files_are_one_line(tmp_path, content, words):
    path = write(tmp_path / "bad.pem", content)
    with pytest.raises(ImportFileError) as caught:
        c.read(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and words in message


def test_too_large_file(tmp_path):
    path = write(tmp_path / "big.pem", b"x" * (c.MAX_FILE_BYTES + 1))
    with pytest.raises(ImportFileError, match="trop"):
        c.read(path)


def test_key_only_file_is_refused(tmp_path):
    _cert, private = make_cert("x", TODAY, TODAY + dt.timedelta(days=1))
    with pytest.raises(ImportFileError, match="clé privée"):
        c.read(write(tmp_path / "key.pem", key_pem(private)))
    from cryptography.hazmat.primitives import serialization
    der_key = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    with pytest.raises(ImportFileError, match="clé privée"):
        c.read(write(tmp_path / "key.der", der_key))


def test_key_is_left_out_and_said(db, tmp_path):
    cert, private = make_cert("mail.chx.local", TODAY, TODAY + dt.timedelta(days=200))
    path = write(tmp_path / "both.pem", key_pem(private), pem(cert))
    plan = c.plan_import(db, [path])
    assert len(plan.items) == 1 and "clé privée" in plan.notes[0]
    c.apply_plan(db, plan)
    secret = key_pem(private).split(b"\n")[1].decode()
    dump = "\n".join(db.iterdump())
    assert secret not in dump and "PRIVATE" not in dump
    assert db.execute("SELECT common_name FROM certificate").fetchall() == [("mail.chx.local",)]


def test_plan_guesses_links_from_names_and_apply(db, tmp_path):
    srv = _server(db, "srv-dpi", addresses="10.0.0.20")
    other = _server(db, "srv-mail")
    vm = reg.save(db, reg.VMS, {"name": "vm-web", "criticality": "high",
                                "addresses": "10.0.0.31, 10.0.0.32"})
    cert, _k = make_cert("dpi", TODAY, TODAY + dt.timedelta(days=100),
                         dns=["srv-dpi.chx.local", "*.chx.local"], ips=["10.0.0.32"])
    plan = c.plan_import(db, [write(tmp_path / "dpi.pem", pem(cert))])
    [item] = plan.items
    assert item.status == "new" and item.guessed
    assert item.links == {"server_ids": [srv], "vm_ids": [vm]}
    assert other not in item.links["server_ids"]
    assert "liens proposés\u00a0: srv-dpi, vm-web" in item.describe(c.link_titles(db))
    assert c.apply_plan(db, plan) == {"new": 1, "renewed": 0, "known": 0}
    record = reg.get(db, reg.CERTIFICATES, item.record_id)
    assert record["server_ids"] == [srv] and record["vm_ids"] == [vm]
    assert record["names"] == "srv-dpi.chx.local, *.chx.local, 10.0.0.32"


def test_reimport_updates_links_without_duplicate(db, tmp_path):
    a = _server(db, "alpha")
    b = _server(db, "beta")
    cert, _k = make_cert("gamma.example", TODAY, TODAY + dt.timedelta(days=100))
    path = write(tmp_path / "g.crt", pem(cert))
    c.apply_plan(db, c.plan_import(db, [path], links=[("server_ids", a)]))
    plan = c.plan_import(db, [path, path], links=[c.parse_link(db, "server:BETA")])
    assert [i.status for i in plan.items] == ["known", "repeated"]
    c.apply_plan(db, plan)
    rows = db.execute("SELECT id FROM certificate").fetchall()
    assert len(rows) == 1
    assert reg.get(db, reg.CERTIFICATES, rows[0][0])["server_ids"] == [a, b]


def test_renewal_is_the_successor_and_inherits_links(db, tmp_path):
    srv = _server(db, "portal")
    old, _k = make_cert("portal.example", TODAY - dt.timedelta(days=300), TODAY + dt.timedelta(days=5),
                        serial=1)
    new, _k = make_cert("portal.example", TODAY, TODAY + dt.timedelta(days=400), serial=2)
    c.apply_plan(db, c.plan_import(db, [write(tmp_path / "old.pem", pem(old))],
                                   links=[("server_ids", srv)]))
    assert [a.severity for a in c.alerts(db, TODAY)] == ["high"]
    plan = c.plan_import(db, [write(tmp_path / "new.pem", pem(new))])
    [item] = plan.items
    assert item.status == "renewed" and item.links == {"server_ids": [srv]}
    assert "renouvellement" in item.describe(c.link_titles(db))
    c.apply_plan(db, plan)
    old_row = db.execute("SELECT replaced_by_id FROM certificate WHERE serial = '01'").fetchone()
    assert old_row[0] == item.record_id
    assert c.alerts(db, TODAY) == []  # the renewed one no longer warns


def test_stale_plan_is_refused(db, tmp_path):
    from si_local.core.errors import UserError
    cert, _k = make_cert("x.example", TODAY, TODAY + dt.timedelta(days=100))
    plan = c.plan_import(db, [write(tmp_path / "x.pem", pem(cert))])
    _server(db, "meanwhile")
    with pytest.raises(UserError, match="a changé"):
        c.apply_plan(db, plan)
    assert db.execute("SELECT count(*) FROM certificate").fetchone()[0] == 0


def test_bad_link_is_one_line(db):
    from si_local.core.errors import UserError
    with pytest.raises(UserError, match="server:NOM"):
        c.parse_link(db, "printer:x")
    with pytest.raises(UserError, match="serveur physique"):
        c.parse_link(db, "server:nowhere")


@pytest.mark.parametrize("days, severity", [(-1, "high"), (0, "high"), (7, "high"), (8, "medium"),
                                            (30, "medium"), (31, None)])
def test_alerts_relative_to_today(db, tmp_path, days, severity):
    cert, _k = make_cert("soon.example", TODAY - dt.timedelta(days=400), TODAY + dt.timedelta(days=days))
    c.apply_plan(db, c.plan_import(db, [write(tmp_path / "s.pem", pem(cert))]))
    found = c.alerts(db, TODAY)
    assert [a.severity for a in found] == ([severity] if severity else [])
    if severity:
        assert found[0].kind == "certificates" and "soon.example" in found[0].message


def test_alerts_reach_home(db, tmp_path):
    from si_local.core.alerts import collect
    cert, _k = make_cert("home.example", TODAY, TODAY + dt.timedelta(days=3))
    c.apply_plan(db, c.plan_import(db, [write(tmp_path / "h.pem", pem(cert))]))
    assert any(a.kind == "certificates" for a in collect(db, TODAY))


def test_committed_fixtures_read():
    chain = c.read(DATA / "chain.pem")
    assert [i.common_name for i in chain] == ["intranet.ch-exemple.local", "CH Exemple CA"]
    assert chain[0].names == ("intranet.ch-exemple.local", "10.0.0.12")
    [der_info] = c.read(DATA / "self-signed.der")
    assert der_info.self_signed and der_info.not_after.year == 2125


def test_damaged_files_are_refused_never_crash(tmp_path):
    """Every byte of a real DER certificate changed in turn, and PEM text cut anywhere: each
    file is read or refused in one line (ImportFileError), never another exception."""
    cert, _k = make_cert("fuzz.example", TODAY, TODAY + dt.timedelta(days=10), dns=["a.example"])
    good = der(cert)
    path = tmp_path / "f.der"
    for position in range(0, len(good), 3):
        damaged = bytearray(good)
        damaged[position] ^= 0x5A
        path.write_bytes(bytes(damaged))
        try:
            c.read(path)
        except ImportFileError as exc:
            assert "\n" not in str(exc)
    text = pem(cert)
    for cut in range(30, len(text), 17):
        path.write_bytes(text[:cut] + b"\n-----END CERTIFICATE-----\n")
        try:
            c.read(path)
        except ImportFileError as exc:
            assert "\n" not in str(exc)


def test_a_link_removed_by_hand_is_not_proposed_again_nor_on_renewal(db, tmp_path):
    dpi = _server(db, "srv-dpi")
    web = _server(db, "srv-web")
    first, _k = make_cert("portal.example", TODAY - dt.timedelta(days=300),
                          TODAY + dt.timedelta(days=5), dns=["srv-dpi.chx.local",
                                                             "srv-web.chx.local"], serial=1)
    path = write(tmp_path / "portal.pem", pem(first))
    plan = c.plan_import(db, [path])
    assert plan.items[0].links == {"server_ids": [dpi, web]}
    c.apply_plan(db, plan)
    rid = plan.items[0].record_id
    # the user takes srv-web away in the certificate's form
    reg.save(db, reg.CERTIFICATES, {**reg.get(db, reg.CERTIFICATES, rid), "server_ids": [dpi]},
             rid)
    # the same file again: srv-web is not proposed, and the preview says why
    [item] = c.plan_import(db, [path]).items
    assert item.status == "known" and item.links == {"server_ids": [dpi]}
    assert item.refused == {"server_ids": [web]}
    text = item.describe(c.link_titles(db))
    assert "non proposé de nouveau, retiré à la main\u00a0: srv-web" in text
    c.apply_plan(db, c.plan_import(db, [path]))
    assert reg.get(db, reg.CERTIFICATES, rid)["server_ids"] == [dpi]
    # its renewal neither, nor the renewal's own re-import
    renewal, _k = make_cert("portal.example", TODAY, TODAY + dt.timedelta(days=400),
                            dns=["srv-dpi.chx.local", "srv-web.chx.local"], serial=2)
    new_path = write(tmp_path / "portal-2026.pem", pem(renewal))
    plan = c.plan_import(db, [new_path])
    [item] = plan.items
    assert item.status == "renewed" and item.links == {"server_ids": [dpi]}
    assert item.refused == {"server_ids": [web]}
    c.apply_plan(db, plan)
    assert reg.get(db, reg.CERTIFICATES, item.record_id)["server_ids"] == [dpi]
    [again] = c.plan_import(db, [new_path]).items
    assert again.status == "known" and again.links == {"server_ids": [dpi]}
    # ticked again by hand: linked, and proposed from then on
    c.apply_plan(db, c.plan_import(db, [new_path], links=[("server_ids", web)]))
    [after] = c.plan_import(db, [new_path]).items
    assert after.links == {"server_ids": [dpi, web]} and after.refused == {}
    # a refusal goes with what it names
    reg.save(db, reg.CERTIFICATES, {**reg.get(db, reg.CERTIFICATES, item.record_id),
                                    "server_ids": [dpi]}, item.record_id)
    assert db.execute("SELECT count(*) FROM certificate_link_refusal").fetchone()[0] == 2
    reg.delete(db, reg.SERVERS, web)
    assert db.execute("SELECT count(*) FROM certificate_link_refusal").fetchone()[0] == 0
