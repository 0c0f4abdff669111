"""Demo certificates: two real X.509 certificates made here, their dates relative to ``today``.

Ed25519 keys from fixed seeds and Ed25519's deterministic signatures: the same ``today`` gives
the same certificates, byte for byte (fingerprints included). No key is stored: only what the
certificate says, as an import would.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from .. import registry as r
from ..certificates import describe

_CA_SEED = bytes(range(32))
_DPI_SEED = bytes(range(32, 64))
_RDS_SEED = bytes(range(64, 96))


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Hôpital local des Deux-Rives"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(cn, seed, issuer, issuer_seed, start, end, serial, alt):
    key = Ed25519PrivateKey.from_private_bytes(seed)
    midnight = dt.time(0, 0, tzinfo=dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(dt.datetime.combine(start, midnight))
               .not_valid_after(dt.datetime.combine(end, dt.time(23, 0, tzinfo=dt.timezone.utc)))
               .add_extension(x509.SubjectAlternativeName(alt), critical=False))
    return builder.sign(Ed25519PrivateKey.from_private_bytes(issuer_seed), None)


def _id(db, table: str, name: str) -> list[int]:
    row = db.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()
    return [row[0]] if row else []


def populate(db, today: dt.date) -> None:
    dpi = _certificate(
        "dpi.deux-rives.local", _DPI_SEED, _name("AC interne Deux-Rives"), _CA_SEED,
        today - dt.timedelta(days=344), today + dt.timedelta(days=21), 0x2A01,
        [x509.DNSName("dpi.deux-rives.local"), x509.DNSName("vm-dpi01.deux-rives.local"),
         x509.IPAddress(ipaddress.ip_address("10.10.1.22"))])
    rds = _certificate(
        "rds.deux-rives.local", _RDS_SEED, _name("rds.deux-rives.local"), _RDS_SEED,
        today - dt.timedelta(days=65), today + dt.timedelta(days=300), 0x2A02,
        [x509.DNSName("rds.deux-rives.local"), x509.IPAddress(ipaddress.ip_address("10.10.1.26"))])
    r.save(db, r.CERTIFICATES, {
        **describe(dpi).values(), "vm_ids": _id(db, "vm", "VM-DPI01"),
        "application_ids": _id(db, "application", "Dossier patient Sillage+"),
        "notes": "Portail web du dossier patient ; à renouveler auprès de l’AC interne."})
    r.save(db, r.CERTIFICATES, {
        **describe(rds).values(), "vm_ids": _id(db, "vm", "VM-RDS01"),
        "application_ids": _id(db, "application", "Bureautique et fichiers partagés")})
