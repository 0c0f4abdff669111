"""Write the committed certificate fixtures again (run once; they are valid for a hundred years,
so the tests never see them expire): ``python tests/data/certificates/make_fixtures.py``.

No private key is written: the keys live in memory only and are thrown away."""

import datetime as dt
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = Path(__file__).resolve().parent
START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
END = dt.datetime(2125, 1, 1, tzinfo=dt.timezone.utc)


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CH Exemple"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(cn, key, issuer, issuer_key, serial, ca=False, alt=()):
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(START).not_valid_after(END)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if alt:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(alt)), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def main():
    ca_key, leaf_key, self_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = _cert("CH Exemple CA", ca_key, _name("CH Exemple CA"), ca_key, 1, ca=True)
    leaf = _cert("intranet.ch-exemple.local", leaf_key, ca.subject, ca_key, 2,
                 alt=[x509.DNSName("intranet.ch-exemple.local"),
                      x509.IPAddress(ipaddress.ip_address("10.0.0.12"))])
    alone = _cert("onduleur.ch-exemple.local", self_key, _name("onduleur.ch-exemple.local"),
                  self_key, 3)
    pem = serialization.Encoding.PEM
    (HERE / "chain.pem").write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    (HERE / "self-signed.der").write_bytes(alone.public_bytes(serialization.Encoding.DER))


if __name__ == "__main__":
    main()
