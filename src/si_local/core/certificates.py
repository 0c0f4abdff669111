"""Certificates: X.509 files read without any network (PEM, possibly a chain, or DER), planned
against the registry (new, already known, renewal of a known one, the links proposed), then
written in one transaction; and Home's alerts on the ones that expire soon.

A private key found in a file is never stored (secrets never go in the database): the file's
certificates are imported and the plan says the key was left out; a file holding only a key is
refused. Parsing is done by ``cryptography`` (a maintained library), never by hand.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from . import registry as reg
from .alerts import Alert
from .errors import UserError
from .i18n import _, format_date, ngettext
from .interop.common import file_error, read_limited
from .write_guard import change_mark, check_unchanged

# A certificate file holds a few certificates of a few KB each: anything larger is a mistake.
MAX_FILE_BYTES = 1024 * 1024
NOTICE_DAYS = 30  # Home warns this many days before a certificate expires…
URGENT_DAYS = 7  # …and calls it urgent from this many days (or once expired)

LINK_FIELDS = {"server": "server_ids", "vm": "vm_ids", "application": "application_ids"}
LINK_KINDS = {"server_ids": "servers", "vm_ids": "vms", "application_ids": "applications"}

_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
_CERT_LABELS = {b"CERTIFICATE", b"X509 CERTIFICATE", b"TRUSTED CERTIFICATE"}
# what cryptography raises on a damaged certificate (a bad version is not a ValueError)
_DAMAGED = (ValueError, TypeError, x509.InvalidVersion, UnsupportedAlgorithm)


@dataclass(frozen=True)
class CertInfo:
    """What one certificate says, as stored (dates are the UTC day)."""

    common_name: str
    subject: str
    issuer: str
    serial: str
    not_before: dt.date
    not_after: dt.date
    names: tuple[str, ...]  # the DNS names and IP addresses it covers (its CN when no SAN)
    fingerprint: str  # SHA-256, « AB:CD:… »
    self_signed: bool

    def values(self) -> dict:
        return {"common_name": self.common_name, "subject": self.subject, "issuer": self.issuer,
                "serial": self.serial, "not_before": self.not_before.isoformat(),
                "not_after": self.not_after.isoformat(), "names": ", ".join(self.names),
                "fingerprint": self.fingerprint, "self_signed": int(self.self_signed)}


@dataclass
class CertFile:
    """One file read: its certificates, and whether a private key was found (and left out)."""

    path: Path
    certificates: list[CertInfo]
    private_key: bool = False


# --- reading -----------------------------------------------------------------------------------

def _hex(data: bytes) -> str:
    return data.hex(":").upper()


def _common_name(name: x509.Name) -> str:
    try:
        attributes = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    except ValueError:
        return ""
    return str(attributes[0].value) if attributes else ""


def _covered_names(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        cn = _common_name(cert.subject)
        return (cn,) if cn else ()
    names = [str(n) for n in san.get_values_for_type(x509.DNSName)]
    names += [str(n) for n in san.get_values_for_type(x509.IPAddress)]
    return tuple(dict.fromkeys(names))


def _self_signed(cert: x509.Certificate) -> bool:
    if cert.subject != cert.issuer:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def describe(cert: x509.Certificate) -> CertInfo:
    """The stored fields of a parsed certificate."""
    names = _covered_names(cert)
    subject = cert.subject.rfc4514_string()
    return CertInfo(
        common_name=_common_name(cert.subject) or (names[0] if names else subject),
        subject=subject,
        issuer=cert.issuer.rfc4514_string(),
        serial=_hex(cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8 or 1,
                                                "big")),
        not_before=cert.not_valid_before_utc.date(),
        not_after=cert.not_valid_after_utc.date(),
        names=names,
        fingerprint=_hex(cert.fingerprint(hashes.SHA256())),
        self_signed=_self_signed(cert),
    )


def _is_der_key(data: bytes) -> bool:
    try:
        serialization.load_der_private_key(data, password=None)
    except TypeError:  # an encrypted key: a key all the same
        return True
    except (ValueError, UnsupportedAlgorithm):
        return False
    return True


def _read_pem(path: Path, data: bytes) -> CertFile:
    found = CertFile(path, [])
    for number, match in enumerate(_PEM_BLOCK.finditer(data), start=1):
        label = match.group(1)
        if b"PRIVATE KEY" in label:
            found.private_key = True
        elif label in _CERT_LABELS:
            block = match.group(0)
            if label != b"CERTIFICATE":  # OpenSSL's other names for the same block
                block = block.replace(label, b"CERTIFICATE")
            try:
                cert = x509.load_pem_x509_certificate(block)
                found.certificates.append(describe(cert))
            except _DAMAGED:
                raise file_error(path, _("block {number} is a damaged certificate.").format(
                    number=number)) from None
    return found


def read_file(path: Path | str) -> CertFile:
    """Read one certificate file; a file that holds no certificate is refused in one line
    (:class:`ImportFileError` naming the file)."""
    path = Path(path)
    data = read_limited(path, MAX_FILE_BYTES)
    if not data.strip():
        raise file_error(path, _("the file is empty."))
    if b"-----BEGIN " in data:
        found = _read_pem(path, data)
    else:
        try:
            found = CertFile(path, [describe(x509.load_der_x509_certificate(data))])
        except _DAMAGED:
            if _is_der_key(data):
                found = CertFile(path, [], private_key=True)
            else:
                raise file_error(path, _("not a certificate (neither PEM text nor DER), or a "
                                         "damaged one.")) from None
    if not found.certificates:
        if found.private_key:
            raise file_error(path, _("this file holds a private key and no certificate; a "
                                     "private key is never imported."))
        raise file_error(path, _("no certificate in this file."))
    return found


def read(path: Path | str) -> list[CertInfo]:
    """The certificates of one file (a PEM file may hold a chain)."""
    return read_file(path).certificates


# --- planning ----------------------------------------------------------------------------------

@dataclass
class Item:
    """What importing one certificate would do."""

    cert: CertInfo
    path: Path
    status: str  # "new", "known" (same fingerprint: its links updated), "renewed", "repeated"
    record_id: int | None = None  # the known record
    renews: list[int] = field(default_factory=list)  # records of the same subject, older
    links: dict[str, list[int]] = field(default_factory=dict)  # field -> ids (proposed)
    guessed: bool = False  # the links come from the names (the user may change them)
    refused: dict[str, list[int]] = field(default_factory=dict)  # guessed, but removed by hand

    def describe(self, titles: dict[str, dict[int, str]]) -> str:
        label = {"new": _("new certificate"), "known": _("already known certificate"),
                 "renewed": _("renewal of a known certificate"),
                 "repeated": _("certificate given twice")}[self.status]
        text = _("{status}: {name}, expires on {date}").format(
            status=label, name=self.cert.common_name, date=format_date(self.cert.not_after))
        linked = [titles[f].get(i, str(i)) for f in LINK_KINDS for i in self.links.get(f, [])]
        if linked:
            text += " — " + (_("proposed links: {names}") if self.guessed
                            else _("links: {names}")).format(names=", ".join(linked))
        refused = refused_names(self, titles)
        if refused:
            text += " — " + _("not proposed again, removed by hand: {names}").format(
                names=refused)
        return text


def refused_names(item: Item, titles: dict[str, dict[int, str]]) -> str:
    """The links the import did not propose again because the user had removed them."""
    return ", ".join(titles[f].get(i, str(i)) for f in LINK_KINDS for i in item.refused.get(f, []))


@dataclass
class CertificatePlan:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # private keys left out
    mark: int | None = None  # write_guard.change_mark() when planned

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    def summary(self) -> str:
        parts = [ngettext("{count} new certificate", "{count} new certificates",
                          self.count("new")).format(count=self.count("new")),
                 ngettext("{count} renewal", "{count} renewals",
                          self.count("renewed")).format(count=self.count("renewed")),
                 ngettext("{count} already known certificate",
                          "{count} already known certificates",
                          self.count("known")).format(count=self.count("known"))]
        return ", ".join(parts)


def _address_words(text: str | None) -> set[str]:
    return {w.lower() for w in re.split(r"[\s,;]+", text or "") if w}


def _targets(db) -> list[tuple[str, int, set[str]]]:
    """(link field, id, the words a certificate's names may match) of every server and VM."""
    found = []
    for row in db.execute("SELECT id, name, mgmt_address, addresses FROM server").fetchall():
        found.append(("server_ids", row[0], {str(row[1]).lower()} | _address_words(row[2])
                      | _address_words(row[3])))
    for row in db.execute("SELECT id, name, addresses FROM vm").fetchall():
        found.append(("vm_ids", row[0], {str(row[1]).lower()} | _address_words(row[2])))
    return found


def _name_keys(name: str) -> set[str]:
    """« srv-dpi.chx.local » matches a machine named « srv-dpi » or « srv-dpi.chx.local »; an IP
    address matches itself; a wildcard name matches nothing."""
    name = name.strip().lower()
    if not name or name.startswith("*"):
        return set()
    try:
        return {str(ipaddress.ip_address(name))}
    except ValueError:
        return {name, name.split(".")[0]}


def guess_links(cert: CertInfo, targets) -> dict[str, list[int]]:
    keys = set().union(*(_name_keys(n) for n in cert.names)) if cert.names else set()
    links: dict[str, list[int]] = {}
    for field_name, record_id, words in targets:
        if keys & words:
            links.setdefault(field_name, []).append(record_id)
    return links


def parse_link(db, text: str) -> tuple[str, int]:
    """« server:NAME », « vm:NAME » or « application:NAME » -> (link field, id)."""
    kind, _sep, name = text.partition(":")
    field_name = LINK_FIELDS.get(kind.strip().lower())
    if field_name is None or not name.strip():
        raise UserError(_("{link}: write server:NAME, vm:NAME or application:NAME.").format(
            link=text))
    k = reg.KINDS[LINK_KINDS[field_name]]
    row = db.execute(f"SELECT id FROM {k.table} WHERE name = ? COLLATE NOCASE",
                     [name.strip()]).fetchone()
    if row is None:
        raise UserError(_("{link}: no {kind} has this name.").format(
            link=text, kind=_(k.singular).lower()))
    return field_name, int(row[0])


def _known(db) -> tuple[dict[str, int], dict[str, list[tuple[int, str]]]]:
    by_print: dict[str, int] = {}
    by_subject: dict[str, list[tuple[int, str]]] = {}
    for rid, fingerprint, subject, not_after, replaced in db.execute(
            "SELECT id, fingerprint, subject, not_after, replaced_by_id FROM certificate"):
        if fingerprint:
            by_print[fingerprint] = rid
        if subject and replaced is None:
            by_subject.setdefault(subject, []).append((rid, not_after or ""))
    return by_print, by_subject


def _refusals_of(db, record_ids: list[int]) -> dict[str, set[int]]:
    """The links removed by hand from these certificates (see ``registry_kinds``), by field."""
    found: dict[str, set[int]] = {}
    for f in reg.CERTIFICATES.links:
        for rid in record_ids:
            for (ref,) in db.execute(f"SELECT {f.link_ref_col} FROM certificate_link_refusal "
                                     f"WHERE certificate_id = ? AND {f.link_ref_col} IS NOT NULL",
                                     [rid]).fetchall():
                found.setdefault(f.name, set()).add(ref)
    return found


def _links_of(db, record_ids: list[int]) -> dict[str, list[int]]:
    links: dict[str, set[int]] = {}
    for f in reg.CERTIFICATES.links:
        for rid in record_ids:
            for (ref,) in db.execute(f"SELECT {f.link_ref_col} FROM {f.link_table} "
                                     f"WHERE {f.link_owner_col} = ?", [rid]).fetchall():
                links.setdefault(f.name, set()).add(ref)
    return {name: sorted(ids) for name, ids in links.items()}


def plan_import(db, paths, links: list[tuple[str, int]] | None = None) -> CertificatePlan:
    """Read every file (a bad one refuses the whole import) and say what importing would do;
    writes nothing. ``links``: (field, id) pairs the user chose, for every certificate; without
    them each certificate gets the links guessed from its names (and a renewal its
    predecessor's)."""
    plan = CertificatePlan(mark=change_mark(db))
    files = [read_file(path) for path in paths]
    by_print, by_subject = _known(db)
    targets = _targets(db)
    chosen: dict[str, list[int]] = {}
    for field_name, rid in links or []:
        chosen.setdefault(field_name, []).append(rid)
    seen: set[str] = set()
    for found in files:
        if found.private_key:
            plan.notes.append(_("{file}: a private key was found in this file and left out; only "
                                "its certificates are imported (a secret never goes in the "
                                "database).").format(file=found.path))
        for cert in found.certificates:
            plan.items.append(_plan_item(db, cert, found.path, seen, by_print, by_subject,
                                         targets, chosen))
            seen.add(cert.fingerprint)
    return plan


def _plan_item(db, cert, path, seen, by_print, by_subject, targets, chosen) -> Item:
    if cert.fingerprint in seen:
        return Item(cert, path, "repeated")
    item = Item(cert, path, "new")
    if cert.fingerprint in by_print:
        item.status, item.record_id = "known", by_print[cert.fingerprint]
    else:
        item.renews = [rid for rid, not_after in by_subject.get(cert.subject, [])
                       if not_after < cert.not_after.isoformat()]
        if item.renews:
            item.status = "renewed"
    if chosen:
        item.links = {name: sorted(set(ids)) for name, ids in chosen.items()}
    else:
        item.links = guess_links(cert, targets)
        if item.renews:
            for name, ids in _links_of(db, item.renews).items():
                item.links[name] = sorted(set(item.links.get(name, [])) | set(ids))
        _leave_out_refused(db, item)
        item.guessed = bool(item.links)
    return item


def _leave_out_refused(db, item: Item) -> None:
    """A link the user removed from this certificate (or from the one it renews) is not proposed
    again; the item keeps it in ``refused`` for the preview to say so."""
    refusals = _refusals_of(db, [item.record_id] if item.record_id else item.renews)
    for name, ids in list(item.links.items()):
        refused = sorted(set(ids) & refusals.get(name, set()))
        if refused:
            item.refused[name] = refused
            item.links[name] = [i for i in ids if i not in refused]
            if not item.links[name]:
                del item.links[name]


# --- writing -----------------------------------------------------------------------------------

def apply_plan(db, plan: CertificatePlan) -> dict[str, int]:
    """Write a plan in ONE transaction: new certificates inserted, known ones refreshed (what the
    file says wins) with the links added, renewed ones pointed at their successor."""
    with db.atomic():
        check_unchanged(db, plan.mark)
        for item in plan.items:
            if item.status == "repeated":
                continue
            values = item.cert.values()
            if item.status == "known":
                current = reg.get(db, reg.CERTIFICATES, item.record_id)
                for name in LINK_KINDS:
                    values[name] = sorted(set(current[name]) | set(item.links.get(name, [])))
            else:
                values.update({name: item.links.get(name, []) for name in LINK_KINDS})
            cleaned = reg.validate(reg.CERTIFICATES, values, db, item.record_id)
            item.record_id = reg.write_validated(db, reg.CERTIFICATES, cleaned, item.record_id)
            for old in item.renews:
                db.execute("UPDATE certificate SET replaced_by_id = ? WHERE id = ?",
                           [item.record_id, old])
            if item.status == "renewed":
                _carry_refusals(db, item)
    return {status: plan.count(status) for status in ("new", "renewed", "known")}


def _carry_refusals(db, item: Item) -> None:
    """A renewal keeps the links removed by hand from the certificates it renews (but those it
    is given), so that its own renewal does not propose them either."""
    refusals = _refusals_of(db, item.renews)
    for f in reg.CERTIFICATES.links:
        for ref in sorted(refusals.get(f.name, set()) - set(item.links.get(f.name, []))):
            db.execute(f"INSERT OR IGNORE INTO certificate_link_refusal (certificate_id, "
                       f"{f.link_ref_col}) VALUES (?, ?)", [item.record_id, ref])


def link_titles(db) -> dict[str, dict[int, str]]:
    """{link field: {id: name}} of the servers, VMs and applications a preview names."""
    return {name: dict(reg.choices_for(db, reg.KINDS[kind])) for name, kind in LINK_KINDS.items()}


# --- Home --------------------------------------------------------------------------------------

def alerts(db, today: dt.date) -> list[Alert]:
    """Certificates that expire within :data:`NOTICE_DAYS` days (urgent within
    :data:`URGENT_DAYS`, or expired), unless a renewal of them is recorded."""
    found = []
    limit = (today + dt.timedelta(days=NOTICE_DAYS)).isoformat()
    for rid, name, not_after in db.execute(
            "SELECT id, common_name, not_after FROM certificate WHERE replaced_by_id IS NULL "
            "AND not_after IS NOT NULL AND not_after <= ? ORDER BY not_after, id", [limit]):
        days = (dt.date.fromisoformat(not_after[:10]) - today).days
        if days < 0:
            message = _("Certificate {name}: expired on {date}.").format(
                name=name, date=format_date(not_after))
        elif days == 0:
            message = _("Certificate {name}: expires today ({date}).").format(
                name=name, date=format_date(not_after))
        else:
            message = ngettext("Certificate {name}: expires on {date}, in {count} day.",
                               "Certificate {name}: expires on {date}, in {count} days.",
                               days).format(name=name, date=format_date(not_after), count=days)
        found.append(Alert("high" if days <= URGENT_DAYS else "medium", "registry", message,
                           "certificates", rid))
    return found
