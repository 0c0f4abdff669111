"""Real X.509 certificates made with ``cryptography`` for the certificate tests: self-signed,
signed by a small CA (a chain), with DNS and IP names, expired, written as PEM or DER, with or
without their private key."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def key():
    return ec.generate_private_key(ec.SECP256R1())


def name(cn: str, org: str = "CH Test") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_cert(cn: str, not_before: dt.date, not_after: dt.date, *, dns=(), ips=(),
              issuer=None, issuer_key=None, own_key=None, ca: bool = False, serial: int = 0x1234):
    """(certificate, its key). Without ``issuer``: self-signed."""
    own_key = own_key or key()
    subject = name(cn)
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer.subject if issuer is not None else subject)
               .public_key(own_key.public_key())
               .serial_number(serial)
               .not_valid_before(dt.datetime.combine(not_before, dt.time(0, 0), dt.timezone.utc))
               .not_valid_after(dt.datetime.combine(not_after, dt.time(12, 0), dt.timezone.utc))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    alt = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if alt:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt), critical=False)
    cert = builder.sign(issuer_key or own_key, hashes.SHA256())
    return cert, own_key


def pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def der(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def key_pem(private_key) -> bytes:
    return private_key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())


def write(path: Path, *parts: bytes) -> Path:
    path.write_bytes(b"".join(parts))
    return path


def fingerprint(cert) -> str:
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()
