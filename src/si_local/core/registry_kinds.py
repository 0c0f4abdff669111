"""The registry's kinds of records and their fields, described once (the data; ``registry``
holds what is done with them: validation, saving, display).

A :class:`Kind` lists its :class:`Field`s with their type, unit and rules. Every kind is defined
here, in the order of the sidebar, so that ``KINDS`` is complete as soon as this module is
imported. ``registry`` re-exports every name, so ``registry.SERVERS`` and ``registry.Kind`` work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import validation as v
from .i18n import N_

CRITICALITY = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"), "vital": N_("Vital")}
FACILITY_KINDS = {
    "hospital": N_("Hospital"),
    "nursing_home": N_("Nursing home (EHPAD)"),
    "home_care": N_("Home-care service"),
    "disability": N_("Disability service"),
    "other": N_("Other"),
}
LICENCES = {"bought": N_("Bought"), "rented": N_("Rented (subscription)"), "free": N_("Free software")}
LOCATIONS = {"on_site": N_("On site"), "off_site": N_("Off site")}
RESULTS = {"success": N_("Success"), "partial": N_("Partial"), "failure": N_("Failure")}
EQUIPMENT_KINDS = {
    "ups": N_("UPS"), "nas": N_("NAS"), "switch": N_("Switch"), "firewall": N_("Firewall"),
    "router": N_("Router"), "printer": N_("Printer"), "workstation": N_("Workstation"),
    "other": N_("Other"),
}
CONTACT_KINDS = {
    "internal": N_("Internal"), "vendor": N_("Vendor"), "group": N_("Regional group"),
    "authority": N_("Authority"), "other": N_("Other"),
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # English source, translate with _() when shown
    type: str = "text"  # text, longtext, int, float, date, datetime, bool, choice, ref, multiref,
    #                     address, addresses, email, phone, finess
    required: bool = False
    unit: str = ""  # "GB", "h", "min", "€", "days"
    choices: dict[str, str] | None = None
    ref: str | None = None  # kind key for ref / multiref
    link_table: str | None = None  # multiref: table (id, <owner>_id, <ref>_id)
    link_owner_col: str | None = None
    link_ref_col: str | None = None
    in_list: bool = False  # shown as a column in the list
    minimum: float | None = 0
    maximum: float | None = None
    help: str = ""
    max_length: int | None = None  # characters; None: the default of the type (v.MAX_LENGTHS)

    @property
    def limit(self) -> int | None:
        """The most characters a value of this field may hold; None for a field that holds no
        free text (a number, a date, a choice, a reference)."""
        if self.max_length is not None:
            return self.max_length
        return v.MAX_LENGTHS.get(self.type)


@dataclass(frozen=True)
class Kind:
    key: str  # "servers"
    table: str  # "server"
    singular: str  # English source
    plural: str
    fields: tuple[Field, ...]
    title_field: str = "name"
    order_by: str = "name COLLATE FRENCH"  # core.collation: French order
    extra: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def columns(self) -> list[Field]:
        return [f for f in self.fields if f.type != "multiref"]

    @property
    def links(self) -> list[Field]:
        return [f for f in self.fields if f.type == "multiref"]

    @property
    def list_fields(self) -> list[Field]:
        return [f for f in self.fields if f.in_list]


F = Field
KINDS: dict[str, Kind] = {}


def _kind(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


FACILITY = _kind(Kind("facility", "facility", N_("Facility"), N_("Facility"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("finess", N_("FINESS number"), "finess", in_list=True,
      help=N_("9 characters; the last one is a check digit.")),
    F("kind", N_("Type"), "choice", required=True, choices=FACILITY_KINDS, in_list=True),
    F("address", N_("Address")),
    F("phone", N_("Switchboard"), "phone"),
    F("notes", N_("Notes"), "longtext"),
)))

SITES = _kind(Kind("sites", "site", N_("Site"), N_("Sites"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("address", N_("Address"), in_list=True),
    F("postcode", N_("Postcode")),
    F("city", N_("City"), in_list=True),
    F("department", N_("Department"), in_list=True),
    F("notes", N_("Notes"), "longtext"),
)))

SERVERS = _kind(Kind("servers", "server", N_("Physical server"), N_("Physical servers"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("site_id", N_("Site"), "ref", ref="sites", in_list=True),
    F("room", N_("Room")),
    F("maker", N_("Maker"), in_list=True),
    F("model", N_("Model"), in_list=True),
    F("serial", N_("Serial number")),
    F("uuid", N_("UUID")),
    F("cpu", N_("Processor")),
    F("cpu_cores", N_("CPU cores"), "int"),
    F("ram_gb", N_("RAM"), "float", unit="GB", in_list=True),
    F("storage_gb", N_("Storage"), "float", unit="GB"),
    F("hypervisor", N_("Hypervisor"), in_list=True),
    F("os", N_("Operating system")),
    F("mgmt_address", N_("Management address"), "address"),
    F("addresses", N_("Addresses"), "addresses"),
    F("purchase_date", N_("Purchase date"), "date"),
    F("warranty_end", N_("Warranty end"), "date", in_list=True),
    F("maintenance_contract", N_("Maintenance contract")),
    F("notes", N_("Notes"), "longtext"),
)))

VMS = _kind(Kind("vms", "vm", N_("Virtual machine"), N_("Virtual machines"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("server_id", N_("Host server"), "ref", ref="servers", in_list=True),
    F("os", N_("Operating system"), in_list=True),
    F("role", N_("Role"), in_list=True),
    F("vcpu", N_("vCPU"), "int", in_list=True),
    F("ram_gb", N_("RAM"), "float", unit="GB", in_list=True),
    F("disk_gb", N_("Disk"), "float", unit="GB"),
    F("addresses", N_("Addresses"), "addresses", in_list=True),
    F("criticality", N_("Criticality"), "choice", required=True, choices=CRITICALITY, in_list=True),
    F("uuid", N_("UUID")),
    F("serial", N_("Serial number")),
    F("notes", N_("Notes"), "longtext"),
)))

REPLICATIONS = _kind(Kind("replications", "replication", N_("Mirror"), N_("Mirrors"), (
    F("source_server_id", N_("Mirrored server"), "ref", ref="servers", in_list=True),
    F("source_vm_id", N_("Mirrored VM"), "ref", ref="vms", in_list=True),
    F("target_server_id", N_("Mirror server"), "ref", ref="servers", required=True, in_list=True),
    F("method", N_("Method"), in_list=True),
    F("interval_minutes", N_("Interval"), "int", unit="min", in_list=True),
    F("notes", N_("Notes"), "longtext"),
), title_field="method", order_by="id"))

APPLICATIONS = _kind(Kind("applications", "application", N_("Application"), N_("Applications"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("vendor", N_("Vendor"), in_list=True),
    F("module", N_("Functional module"), in_list=True),
    F("criticality", N_("Criticality"), "choice", required=True, choices=CRITICALITY, in_list=True),
    F("dmia_hours", N_("DMIA (max. interruption)"), "float", unit="h", in_list=True),
    F("pdma_hours", N_("PDMA (max. data loss)"), "float", unit="h", in_list=True),
    F("licence", N_("Licence"), "choice", choices=LICENCES),
    F("yearly_cost_eur", N_("Yearly maintenance cost"), "float", unit="€"),
    F("vm_ids", N_("Runs on VMs"), "multiref", ref="vms", link_table="application_vm",
      link_owner_col="application_id", link_ref_col="vm_id"),
    F("notes", N_("Notes"), "longtext"),
)))

BACKUPS = _kind(Kind("backups", "backup", N_("Backup"), N_("Backups"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("method", N_("Method"), in_list=True),
    F("medium", N_("Storage medium"), in_list=True),
    F("location", N_("Location"), "choice", required=True, choices=LOCATIONS, in_list=True),
    F("offline", N_("Offline copy"), "bool", in_list=True),
    F("immutable", N_("Immutable copy"), "bool"),
    F("encrypted", N_("Encrypted"), "bool"),
    F("frequency_hours", N_("Frequency"), "float", unit="h", in_list=True, minimum=0.01),
    F("retention_days", N_("Retention"), "int", unit="days"),
    F("last_success", N_("Last success"), "datetime", in_list=True),
    F("job_name", N_("Job name in reports"),
      help=N_("if not the name above")),
    F("credential_location", N_("Where the credentials are kept"),
      help=N_("For example: sealed envelope in the director's safe. Never the secret itself.")),
    F("vm_ids", N_("VMs covered"), "multiref", ref="vms", link_table="backup_vm",
      link_owner_col="backup_id", link_ref_col="vm_id"),
    F("application_ids", N_("Applications covered"), "multiref", ref="applications",
      link_table="backup_application", link_owner_col="backup_id", link_ref_col="application_id"),
    F("notes", N_("Notes"), "longtext"),
)))

RESTORE_TESTS = _kind(Kind("restore-tests", "restore_test", N_("Restore test"), N_("Restore tests"), (
    F("backup_id", N_("Backup"), "ref", ref="backups", required=True, in_list=True),
    F("tested_on", N_("Date"), "date", required=True, in_list=True),
    F("target", N_("What was restored"), in_list=True),
    F("duration_minutes", N_("Duration"), "int", unit="min", in_list=True),
    F("result", N_("Result"), "choice", required=True, choices=RESULTS, in_list=True),
    F("notes", N_("Notes"), "longtext"),
), title_field="tested_on", order_by="tested_on DESC"))

EQUIPMENT = _kind(Kind("equipment", "equipment", N_("Equipment"), N_("Equipment"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("kind", N_("Type"), "choice", required=True, choices=EQUIPMENT_KINDS, in_list=True),
    F("site_id", N_("Site"), "ref", ref="sites", in_list=True),
    F("room", N_("Room")),
    F("maker", N_("Maker"), in_list=True),
    F("model", N_("Model"), in_list=True),
    F("serial", N_("Serial number")),
    F("address", N_("Address"), "address", in_list=True),
    F("purchase_date", N_("Purchase date"), "date"),
    F("warranty_end", N_("Warranty end"), "date", in_list=True),
    F("notes", N_("Notes"), "longtext"),
)))

CONTACTS = _kind(Kind("contacts", "contact", N_("Contact"), N_("Contacts"), (
    F("name", N_("Name"), required=True, in_list=True),
    F("role", N_("Role"), in_list=True),
    F("organisation", N_("Organisation"), in_list=True),
    F("kind", N_("Type"), "choice", required=True, choices=CONTACT_KINDS),
    F("phone", N_("Phone"), "phone", in_list=True),
    F("mobile", N_("Mobile"), "phone", in_list=True),
    F("email", N_("E-mail"), "email"),
    F("standin_for_id", N_("Stand-in for"), "ref", ref="contacts", in_list=True),
    F("hotline", N_("Support hotline"), "phone",
      help=N_("The number to call for an incident (a vendor's support).")),
    F("support_hours", N_("Support hours"), help=N_("For example: Monday to Friday, 8 am–6 pm")),
    F("notes", N_("Notes"), "longtext"),
)))

# --- contracts and licences (core/contracts.py: notice deadlines, Home alerts, budget) --------
CONTRACT_KINDS = {
    "maintenance": N_("Maintenance"), "support": N_("Support"), "licence": N_("Licence"),
    "rental": N_("Rental"), "purchase": N_("Purchase"), "hosting": N_("Hosting"),
}
NOTICE_UNITS = {"months": N_("months"), "days": N_("days")}


def _check_contract(db, cleaned: dict[str, Any], errors: dict[str, str],
                    record_id: int | None) -> None:
    """A contract's rules across fields, each message naming its field: the end after the start,
    no negative notice, renewal length or cost, a tacit renewal has a length, the supplier is a
    contact of type « vendor »."""
    from .i18n import _, format_date

    merged = dict(cleaned)
    if record_id is not None and db is not None:
        row = db.execute("SELECT * FROM contract WHERE id = ?", [record_id]).fetchone()
        if row is not None:
            names = [d[0] for d in db.execute("SELECT * FROM contract LIMIT 0").description]
            merged = {**dict(zip(names, row, strict=True)), **cleaned}
    start, end = merged.get("start_date"), merged.get("end_date")
    if start and end and "end_date" not in errors and "start_date" not in errors and end <= start:
        errors["end_date"] = _("End date: must be after the start date ({date}).").format(
            date=format_date(start))
    for name, message in (
        ("notice_period", N_("Notice period: must be 0 or more.")),
        ("renewal_months", N_("Renewal length: must be 0 or more months.")),
        ("yearly_cost_eur", N_("Yearly cost: must be 0 € or more.")),
    ):
        if name not in errors and merged.get(name) is not None and merged[name] < 0:
            errors[name] = _(message)
    if (merged.get("tacit_renewal") and not merged.get("renewal_months")
            and "renewal_months" not in errors):
        errors["renewal_months"] = _("Renewal length: required with a tacit renewal "
                                     "(in months, for example 12).")
    supplier = merged.get("supplier_id")
    if supplier is not None and db is not None and "supplier_id" not in errors:
        found = db.execute("SELECT kind FROM contact WHERE id = ?", [supplier]).fetchone()
        if found is not None and found[0] != "vendor":
            errors["supplier_id"] = _("Supplier: choose a contact of type « Vendor ».")


CONTRACTS = _kind(Kind("contracts", "contract", N_("Contract"), N_("Contracts"), (
    F("name", N_("Title"), required=True, in_list=True),
    F("kind", N_("Type"), "choice", required=True, choices=CONTRACT_KINDS, in_list=True),
    F("reference", N_("Contract reference"), in_list=True),
    F("supplier_id", N_("Supplier"), "ref", ref="contacts", in_list=True,
      help=N_("A contact of type « Vendor »; its hotline and hours print in the continuity plan.")),
    F("service_level", N_("Service level"), help=N_("For example: next working day, 8 am–6 pm")),
    F("start_date", N_("Start date"), "date"),
    F("end_date", N_("End date"), "date", in_list=True),
    F("notice_period", N_("Notice period"), "int", minimum=None),
    F("notice_unit", N_("Notice period in"), "choice", required=True, choices=NOTICE_UNITS),
    F("tacit_renewal", N_("Tacit renewal"), "bool"),
    F("renewal_months", N_("Renewal length (months)"), "int", minimum=None),
    F("yearly_cost_eur", N_("Yearly cost"), "float", unit="€", in_list=True, minimum=None),
    F("application_ids", N_("Applications covered"), "multiref", ref="applications",
      link_table="contract_application", link_owner_col="contract_id",
      link_ref_col="application_id"),
    F("server_ids", N_("Servers covered"), "multiref", ref="servers",
      link_table="contract_server", link_owner_col="contract_id", link_ref_col="server_id"),
    F("equipment_ids", N_("Equipment covered"), "multiref", ref="equipment",
      link_table="contract_equipment", link_owner_col="contract_id",
      link_ref_col="equipment_id"),
    F("notes", N_("Notes"), "longtext"),
), extra={"check": _check_contract, "ref_filters": {"supplier_id": "kind = 'vendor'"}}))


def _certificate_links_changed(db, record_id: int, f: Field, removed: set[int],
                               added: set[int]) -> None:
    """A link taken away from a certificate is remembered (``certificate_link_refusal``): a later
    import of it, or of its renewal, does not propose it again; a link given back forgets it."""
    column = f.link_ref_col
    for ref in sorted(removed):
        db.execute(f"INSERT OR IGNORE INTO certificate_link_refusal (certificate_id, {column}) "
                   "VALUES (?, ?)", [record_id, ref])
    for ref in sorted(added):
        db.execute(f"DELETE FROM certificate_link_refusal WHERE certificate_id = ? "
                   f"AND {column} = ?", [record_id, ref])


CERTIFICATES = _kind(Kind("certificates", "certificate", N_("Certificate"), N_("Certificates"), (
    F("common_name", N_("Name"), in_list=True,
      help=N_("Its CN, or the first name it covers.")),
    F("not_after", N_("Expires on"), "date", in_list=True),
    F("names", N_("Names covered"), "longtext", in_list=True, max_length=2000),
    F("issuer", N_("Issuer"), max_length=2000),
    F("subject", N_("Subject"), max_length=2000),
    F("serial", N_("Serial number")),
    F("not_before", N_("Valid from"), "date"),
    F("fingerprint", N_("SHA-256 fingerprint")),
    F("self_signed", N_("Self-signed"), "bool", in_list=True),
    F("replaced_by_id", N_("Renewed by"), "ref", ref="certificates", in_list=True),
    F("server_ids", N_("Used by servers"), "multiref", ref="servers",
      link_table="certificate_server", link_owner_col="certificate_id", link_ref_col="server_id"),
    F("vm_ids", N_("Used by VMs"), "multiref", ref="vms", link_table="certificate_vm",
      link_owner_col="certificate_id", link_ref_col="vm_id"),
    F("application_ids", N_("Used by applications"), "multiref", ref="applications",
      link_table="certificate_application", link_owner_col="certificate_id",
      link_ref_col="application_id"),
    F("notes", N_("Notes"), "longtext"),
), title_field="common_name", order_by="common_name COLLATE FRENCH, not_after DESC",
    extra={"links_changed": _certificate_links_changed}))

# The kinds the command line lists (``si-local list KIND``), in the order of the sidebar.
LISTABLE = ["sites", "servers", "vms", "replications", "applications", "backups",
            "restore-tests", "equipment", "contacts", "contracts", "certificates"]
