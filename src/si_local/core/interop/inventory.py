"""Agent inventories: GLPI agent JSON and FusionInventory XML, into the registry.

Reading gives :class:`Device` records (a server, a VM or a piece of equipment, with the registry
fields the inventory knows). :func:`plan_inventories` compares them with the database and says,
per file, what would be created, updated (and which fields) or left alone, without writing;
:func:`apply_plan` then writes everything in ONE transaction, after a snapshot of the database.

Rules (each action carries the one that applied, shown by the preview):
- a computer whose ``vmsystem`` names a hypervisor (VMware, QEMU/KVM, Xen, Hyper-V, VirtualBox…)
  becomes a VM;
- a container (``vmsystem`` Docker, LXC, Podman, OpenVZ/Virtuozzo, WSL…) becomes a VM too, without
  host (its own inventory does not name one; the host's inventory, listing it, links it). Its
  processors, memory, disks, serial number and UUID are the host's: they are not written;
- a physical computer (``vmsystem`` "Physical" or empty) whose chassis type says laptop or
  desktop (``CHASSIS_TYPE`` Notebook, Laptop, Desktop, Tower, Mini PC…, or the DMI number)
  becomes equipment of type « workstation », unless a desktop-type chassis holds a server model
  or a server system (tower servers say "Tower"); any other physical computer is a server;
- the ``virtualmachines`` a computer lists become VMs hosted on it (when it is a server); such a
  listing only fills the VM's empty fields (the VM's own inventory is the better source);
- a machine already in the registry under another type (imported before these rules: a
  container or a laptop registered as a server…) is updated where it is, with a note, never
  duplicated nor moved (moving would drop its links);
- network equipment, printers and storage (NAS) inventories become equipment;
- matching on UUID, then serial number, then name (case-insensitive), in the same table; an
  updated inventory updates the same row (the audit trail records what changed);
- only the fields the inventory knows are written: what the user entered elsewhere is kept;
- an existing record is never renamed (its name is how the facility knows it; a VM's hypervisor
  name and its own host name often differ): the preview notes the inventory's name instead;
- a field value the registry's rules refuse (an odd address…) is left out, with a note.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import registry as reg
from .. import validation
from ..errors import ImportFileError
from ..i18n import N_, _, format_number
from ..safety import change_mark, check_unchanged
from .common import decode_utf8, file_error, parse_json, read_limited

log = logging.getLogger(__name__)

# Sections that hold a list of items (the XML format repeats the tag once per item).
LIST_SECTIONS = {
    "cpus", "drives", "storages", "memories", "networks", "virtualmachines", "softwares",
    "printers", "controllers", "usbdevices", "monitors", "inputs", "sounds", "videos", "slots",
    "batteries", "ports", "processes", "local_users", "local_groups", "users", "envs",
    "antivirus", "physical_volumes", "volume_groups", "logical_volumes", "licenseinfos", "modems",
    "firmwares", "simcards", "sensors", "powersupplies", "cameras", "network_ports",
    "network_components", "remote_mgmt", "databases_services", "firewalls",
}

# What the agents write in VMSYSTEM inside a container (FusionInventory / GLPI agent: "Docker",
# "lxc", "Virtuozzo", "OpenVZ", "SolarisZone", "BSDJail"…) and what a container runtime may say.
CONTAINER_WORDS = ("docker", "lxc", "lxd", "openvz", "virtuozzo", "podman", "containerd", "jail",
                   "wsl", "container", "nspawn", "solariszone", "solaris zone", "rkt", "crio",
                   "cri-o", "kubepods")

# Chassis types (SMBIOS names as dmidecode and Windows write them, spaces and dashes dropped,
# and the DMI numbers) that say « workstation ».
PORTABLE_CHASSIS = {"portable", "laptop", "notebook", "subnotebook", "handheld", "tablet",
                    "convertible", "detachable", "8", "9", "10", "14", "30", "31", "32"}
DESKTOP_CHASSIS = {"desktop", "lowprofiledesktop", "pizzabox", "minitower", "tower", "allinone",
                   "spacesaving", "lunchbox", "minipc", "stickpc",
                   "3", "4", "5", "6", "7", "13", "15", "16", "35", "36"}
DMI_CHASSIS_NAMES = {
    "3": "Desktop", "4": "Low Profile Desktop", "5": "Pizza Box", "6": "Mini Tower", "7": "Tower",
    "8": "Portable", "9": "Laptop", "10": "Notebook", "13": "All in One", "14": "Sub Notebook",
    "15": "Space-saving", "16": "Lunch Box", "30": "Tablet", "31": "Convertible",
    "32": "Detachable", "35": "Mini PC", "36": "Stick PC",
}
# A desktop-type chassis ("Tower", "Mini Tower") also holds tower servers: these model lines and a
# server operating system keep such a machine a server.
SERVER_MODEL_WORDS = ("poweredge", "proliant", "primergy", "thinksystem", "thinkserver",
                      "system x", "powervault", "server")

JUNK_SERIALS = {
    "", "0", "00000000", "000000000000", "none", "n/a", "na", "unknown", "default string",
    "not specified", "not available", "to be filled by o.e.m.", "to be filled by oem",
    "system serial number", "serial number", "0123456789", "123456789", "xxxxxxxxxx",
}
JUNK_UUIDS = {
    "", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "03000200-0400-0500-0006-000700080009",
}

KIND_LABELS = {"servers": N_("Server"), "vms": N_("VM"), "equipment": N_("Network device")}
WORKSTATION_LABEL = N_("Workstation")
OP_LABELS = {
    "create": N_("Created"), "update": N_("Updated"), "unchanged": N_("Unchanged"),
    "skip": N_("Skipped"),
}


@dataclass
class Device:
    """What one inventory says about one machine, in registry terms."""

    kind: str  # "servers", "vms" or "equipment"
    values: dict[str, Any]  # registry field -> value (only what the inventory knows)
    uuid: str | None = None
    serial: str | None = None
    host: Device | None = None  # for a VM listed by its host's inventory
    fill_only: bool = False  # a host's listing of a VM only fills what is empty (the VM's own
    #                          inventory is the better source; else two files would disagree)
    notes: list[str] = field(default_factory=list)  # values left out, and why
    rule: str = ""  # why the machine is of this kind, for people (translated)
    # the same machine in the terms of a table where an import made before the container and
    # workstation rules put it (a server), to update it there rather than duplicate it
    elsewhere: dict[str, dict[str, Any]] = field(default_factory=dict)
    on_create: dict[str, Any] = field(default_factory=dict)  # written only when created
    skip_reason: str = ""  # not imported, and why

    @property
    def name(self) -> str:
        return str(self.values.get("name") or "")


@dataclass(eq=False)
class Action:
    file: str
    kind: str
    op: str  # "create", "update", "unchanged", "skip"
    name: str
    record_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # what will be written
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    reason: str = ""
    host_action: Action | None = None  # a VM's host when that host is created by this plan
    notes: list[str] = field(default_factory=list)
    merged_into: Action | None = None  # same machine as a record another file creates
    key: Any = None  # where the planned row lives in the index
    rule: str = ""  # which rule gave the kind (« Docker container → virtual machine »…)
    label: str = ""  # English source of the record's type, as shown (« Workstation »…)

    @property
    def kind_label(self) -> str:
        return _(self.label or KIND_LABELS[self.kind])

    def describe(self) -> str:
        """One line for people: what happens to this record and why."""
        k = reg.KINDS[self.kind]
        what = _("{kind} {name}").format(kind=self.kind_label, name=self.name or "?")
        if self.op == "update":
            fields = ", ".join(field_label(self.kind, f) for f in self.changes)
            line = _("{what}: updated ({fields})").format(what=what, fields=fields)
        elif self.op == "skip":
            line = _("{what}: skipped ({reason})").format(what=what, reason=self.reason)
        else:
            line = _("{what}: {op}").format(what=what, op=_(OP_LABELS[self.op]).lower())
        if self.rule:
            line = _("{line} [{rule}]").format(line=line, rule=self.rule)
        return line


def field_label(kind: str, column: str) -> str:
    """A column's label in a kind (the UUID of equipment is stored but not in its form)."""
    if column == "uuid":
        return _("UUID")
    return _(reg.KINDS[kind].field(column).label)


@dataclass
class FilePlan:
    path: str
    actions: list[Action] = field(default_factory=list)

    def count(self, op: str) -> int:
        return sum(1 for a in self.actions if a.op == op)


@dataclass
class Plan:
    files: list[FilePlan] = field(default_factory=list)
    mark: int | None = None  # safety.change_mark() when planned: checked again when written

    @property
    def actions(self) -> list[Action]:
        return [a for f in self.files for a in f.actions]

    def count(self, op: str) -> int:
        return sum(f.count(op) for f in self.files)

    @property
    def writes(self) -> int:
        return self.count("create") + self.count("update")

    def summary(self) -> str:
        return _("{created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped").format(
            created=self.count("create"), updated=self.count("update"),
            unchanged=self.count("unchanged"), skipped=self.count("skip"))


# --- reading ---------------------------------------------------------------------------------

# An agent's XML is five or six levels deep; a file nested thousands of levels deep is refused
# before reading it would exhaust Python's recursion.
MAX_XML_DEPTH = 64


class _TooDeep(Exception):
    pass


def _xml_to_obj(element, depth: int = 0) -> Any:
    if depth > MAX_XML_DEPTH:
        raise _TooDeep
    children = list(element)
    if not children:
        return (element.text or "").strip()
    out: dict[str, Any] = {}
    for child in children:
        key = str(child.tag).lower()
        value = _xml_to_obj(child, depth + 1)
        if key in out:
            if not isinstance(out[key], list) or key not in LIST_SECTIONS:
                out[key] = [out[key]] if not isinstance(out[key], list) else out[key]
            out[key].append(value)
        else:
            out[key] = [value] if key in LIST_SECTIONS else value
    return out


def _parse_xml(data: bytes, path: str) -> dict[str, Any]:
    import xml.etree.ElementTree as StdET

    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeET

    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise file_error(path, _(
            "the XML file declares a DTD, entities or external references; they are refused "
            "for safety.")) from None
    except StdET.ParseError as exc:
        raise file_error(path, _("the XML is not well formed ({error}).").format(error=exc)) from None
    except ValueError as exc:  # e.g. an encoding declaration Python cannot use
        raise file_error(path, _("the XML cannot be read ({error}).").format(error=exc)) from None
    if str(root.tag).upper() != "REQUEST" or root.find("CONTENT") is None:
        raise file_error(path, _("this XML file is not a FusionInventory inventory "
                                 "(no REQUEST/CONTENT element)."))
    try:
        content = _xml_to_obj(root.find("CONTENT"))
    except _TooDeep:
        raise file_error(path, _("the XML is nested too deeply (more than {depth} levels).").format(
            depth=MAX_XML_DEPTH)) from None
    if not isinstance(content, dict):
        content = {}
    query = (root.findtext("QUERY") or "").strip().upper()
    doc: dict[str, Any] = {"content": content, "deviceid": (root.findtext("DEVICEID") or "").strip()}
    device = content.get("device")
    if isinstance(device, list):
        device = device[0] if device else None
    if isinstance(device, dict) and isinstance(device.get("info"), dict):
        info = dict(device["info"])
        ips = info.get("ips")
        if isinstance(ips, dict):
            ip = ips.get("ip")
            info["ips"] = ip if isinstance(ip, list) else [ip]
        elif ips is not None and not isinstance(ips, list):
            info["ips"] = [ips]
        if "ip" in info and "ips" not in info:
            info["ips"] = [info["ip"]]
        content["network_device"] = info
        device_type = str(info.get("type") or "").lower()
        doc["itemtype"] = "Printer" if "printer" in device_type else "NetworkEquipment"
    elif query in ("SNMPQUERY", "NETDISCOVERY"):
        doc["itemtype"] = "NetworkEquipment"
    else:
        doc["itemtype"] = "Computer"
    return doc


def _parse_json(text: str, path: str) -> dict[str, Any]:
    # an integer of thousands of digits is read as a float (infinite, then left out) instead
    # of stopping at Python's 4,300-digit limit for int()
    doc = parse_json(text, path, parse_int=lambda digits: int(digits) if len(digits) < 100
                     else float(digits))
    if not isinstance(doc, dict) or not isinstance(doc.get("content"), dict):
        raise file_error(path, _("this JSON file is not a GLPI agent inventory (no « content » object)."))
    return doc


# An XML declaration naming an encoding other than UTF-8 (ISO-8859-1…): the parser follows it.
_XML_DECLARED_ENCODING = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*[\"'](?!utf-?8[\"'])[^\"']+[\"']",
    re.IGNORECASE)

_XML_ENCODING_ATTRIBUTE = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


def read_document(path: Path | str) -> dict[str, Any]:
    """The inventory as a GLPI-JSON-like mapping, whichever format the file is in."""
    path_text = str(path)
    data = read_limited(path)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 with a byte-order mark: what Windows PowerShell 5 writes for `agent > file`
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise file_error(path_text, _("the file starts like UTF-16 text but is not valid "
                                          "UTF-16; save it again as UTF-8.")) from None
        # Read on as UTF-8; an XML declaration naming another encoding would mislead the parser.
        text = _XML_ENCODING_ATTRIBUTE.sub(r"\g<1>UTF-8\g<2>", text.lstrip("\ufeff"), count=1)
        data = text.encode("utf-8")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        if not _XML_DECLARED_ENCODING.match(data):
            decode_utf8(data, path_text)  # no declared encoding: UTF-8, else say so by name
        return _parse_xml(data, path_text)
    if head in (b"{", b"["):
        return _parse_json(decode_utf8(data, path_text), path_text)
    if not data.strip():
        raise file_error(path_text, _("the file is empty."))
    raise file_error(path_text, _(
        "this file is not an agent inventory (expected GLPI agent JSON or FusionInventory XML)."))


def _obj(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([kmgt]i?b?|[kmgt]o)?\s*$", re.IGNORECASE)


# No machine of these facilities has an exabyte of memory or disks, nor a billion cores: a larger
# figure is a broken or crafted inventory, left out rather than stored (SQLite's integers stop at
# 2**63, and such a value would be shown and summed everywhere).
MAX_FIGURE = 1024.0 ** 4


def _megabytes(value: Any) -> float | None:
    """A size in MB: a number, or text such as "4194MB", "2 GB"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value) if value >= 0 else None
        except OverflowError:  # an integer of 400 digits
            return None
        if number is None or not math.isfinite(number) or number > MAX_FIGURE:  # JSON's 1e999
            return None
        return number
    match = _NUMBER.match(str(value))
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or "m")[0].lower()
    size = number * {"k": 1 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024}[unit]
    return size if math.isfinite(size) and size <= MAX_FIGURE else None


def _int(value: Any) -> int | None:
    size = _megabytes(value)
    return int(size) if size is not None and size == int(size) else None


def _gb(megabytes: float | None) -> float | None:
    if megabytes is None:
        return None
    return round(megabytes / 1024, 1)


def _serial(value: Any) -> str | None:
    text = _text(value)
    if text is None or text.strip("/ ").lower() in JUNK_SERIALS or len(text) > 200:
        return None
    return text


def _uuid(value: Any) -> str | None:
    text = _text(value)
    if text is None or text.lower() in JUNK_UUIDS or len(text) > 100:
        return None
    return text.lower()


def _is_container(vmsystem: str | None) -> bool:
    text = (vmsystem or "").lower()
    return any(w in text for w in CONTAINER_WORDS)


def _is_hypervisor(vmsystem: str | None) -> bool:
    text = (vmsystem or "").lower()
    if not text or text == "physical" or _is_container(text):
        return False
    return True


def _chassis(hardware: dict[str, Any], bios: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the chassis type as written, or the DMI number's name; "portable"/"desktop"/None)."""
    text = _text(hardware.get("chassis_type")) or _text(bios.get("chassis_type"))
    if not text:
        return None, None
    key = re.sub(r"[\s_-]+", "", text.lower())
    shown = DMI_CHASSIS_NAMES.get(key, text)
    if key in PORTABLE_CHASSIS:
        return shown, "portable"
    if key in DESKTOP_CHASSIS:
        return shown, "desktop"
    return shown, None


def _machine_class(hardware: dict[str, Any], bios: dict[str, Any], model: str | None,
                   os_name: str | None) -> tuple[str, str]:
    """("container", "vm", "workstation" or "server"; the rule, for people)."""
    vmsystem = _text(hardware.get("vmsystem"))
    if _is_container(vmsystem):
        return "container", _("{system} container → virtual machine").format(system=vmsystem)
    if _is_hypervisor(vmsystem):
        return "vm", _("virtual machine ({system})").format(system=vmsystem)
    chassis, family = _chassis(hardware, bios)
    if family == "portable":
        return "workstation", _("portable chassis ({chassis}) → workstation").format(
            chassis=chassis)
    if family == "desktop":
        server_like = f"{model or ''} {os_name or ''}".lower()
        if any(w in server_like for w in SERVER_MODEL_WORDS):
            return "server", _("desktop chassis ({chassis}) but a server model or system → "
                               "physical server").format(chassis=chassis)
        return "workstation", _("desktop chassis ({chassis}) → workstation").format(
            chassis=chassis)
    return "server", _("physical server")


def _addresses(items: list[dict[str, Any]], fallback: Any = None) -> str | None:
    found: list[str] = []
    for item in items:
        if str(item.get("virtualdev")).lower() in ("1", "true") and item.get("type") == "loopback":
            continue
        for key in ("ipaddress",):
            ip = _text(item.get(key))
            if ip and not ip.startswith("127.") and ip != "0.0.0.0" and ip not in found:
                found.append(ip)
    if not found and fallback:
        for ip in re.split(r"[/,;\s]+", str(fallback)):
            if ip and not ip.startswith("127.") and ip not in found:
                found.append(ip)
    return ", ".join(found) or None


def _os_name(content: dict[str, Any]) -> str | None:
    os_ = _obj(content.get("operatingsystem"))
    full = _text(os_.get("full_name"))
    if full:
        return full
    name, version = _text(os_.get("name")), _text(os_.get("version"))
    if name:
        return f"{name} {version}" if version and version not in name else name
    return _text(_obj(content.get("hardware")).get("osname"))


def _computer(doc: dict[str, Any]) -> list[Device]:
    content = doc["content"]
    hardware = _obj(content.get("hardware"))
    bios = _obj(content.get("bios"))
    os_ = _obj(content.get("operatingsystem"))
    name = _text(hardware.get("name")) or (_text(os_.get("fqdn")) or "").split(".")[0] or None
    uuid = _uuid(hardware.get("uuid"))
    serial = _serial(bios.get("ssn")) or _serial(bios.get("msn"))
    cpus = _items(content.get("cpus"))
    cores = sum(_int(c.get("core") or c.get("corecount")) or 0 for c in cpus) or None
    ram_mb = _megabytes(hardware.get("memory"))
    if ram_mb is None:
        ram_mb = sum(_megabytes(m.get("capacity")) or 0 for m in _items(content.get("memories"))) or None
    disks = [s for s in _items(content.get("storages"))
             if str(s.get("type") or "disk").lower() not in ("cdrom", "dvd", "removable", "floppy")]
    storage_mb = sum(_megabytes(s.get("disksize")) or 0 for s in disks) or None
    if storage_mb is None:
        storage_mb = sum(_megabytes(d.get("total")) or 0 for d in _items(content.get("drives"))
                         if str(d.get("filesystem") or "").lower() not in
                         ("nfs", "cifs", "smbfs", "tmpfs", "devtmpfs", "overlay")) or None
    networks = _items(content.get("networks"))
    mgmt = next((_text(n.get("ipaddress")) for n in networks
                 if str(n.get("management")).lower() in ("1", "true") and _text(n.get("ipaddress"))),
                None)
    common: dict[str, Any] = {
        "name": name,
        "maker": _text(bios.get("smanufacturer")) or _text(bios.get("mmanufacturer")),
        "model": _text(bios.get("smodel")) or _text(bios.get("mmodel")),
        "serial": serial,
        "uuid": uuid,
        "os": _os_name(content),
        "addresses": _addresses(networks, hardware.get("ipaddr")),
    }
    vm_items = _items(content.get("virtualmachines"))
    server_values = dict(common, **{
        "cpu": _text(cpus[0].get("name")) if cpus else _text(hardware.get("processort")),
        "cpu_cores": cores, "ram_gb": _gb(ram_mb), "storage_gb": _gb(storage_mb),
        "mgmt_address": mgmt,
    })
    hypervisors = sorted({t for t in (_text(v.get("subsystem")) or _text(v.get("vmtype"))
                                      for v in vm_items) if t})
    if hypervisors:
        server_values["hypervisor"] = ", ".join(hypervisors)
    vm_values = {c: common[c] for c in ("name", "serial", "uuid", "os", "addresses")}
    vm_values.update({"vcpu": cores or (len(cpus) or None), "ram_gb": _gb(ram_mb),
                      "disk_gb": _gb(storage_mb)})
    address = (common["addresses"] or "").split(",")[0].strip() or None
    equipment_values = {c: common[c] for c in ("name", "maker", "model", "serial", "uuid")}
    equipment_values["address"] = address
    machine, rule = _machine_class(hardware, bios, common["model"], common["os"])
    notes: list[str] = []
    on_create: dict[str, Any] = {}
    if machine == "container":
        # A container is registered as a VM (the VM table holds what matters: name, system,
        # addresses, criticality, applications, backups) rather than skipped: it runs services the
        # facility depends on. What the agent reads inside it about hardware is the host's: the
        # processors, memory and disks would be counted twice, and the host's serial number or
        # UUID would make every container of that host match the first one imported.
        for column in ("vcpu", "ram_gb", "disk_gb"):
            vm_values.pop(column)
        host_identity = [vm_values.pop("uuid"), vm_values.pop("serial")]
        if any(host_identity):
            notes.append(_("UUID and serial number left out: a container reports its host's"))
        on_create["notes"] = _("Container ({system}), from an agent inventory").format(
            system=_text(hardware.get("vmsystem")))
        main = Device("vms", vm_values, None, None, notes=notes, rule=rule, on_create=on_create,
                      elsewhere={"servers": server_values})
    elif machine == "vm":
        main = Device("vms", vm_values, uuid, serial, rule=rule)
    elif machine == "workstation":
        equipment_values["kind"] = "workstation"
        main = Device("equipment", equipment_values, uuid, serial, rule=rule,
                      elsewhere={"servers": server_values})
    else:
        main = Device("servers", server_values, uuid, serial, rule=rule)
    devices = [main]
    for item in vm_items:
        vm_os = item.get("operatingsystem")
        vm_os = _text(_obj(vm_os).get("full_name") or _obj(vm_os).get("name")) if isinstance(
            vm_os, (dict, list)) else _text(vm_os)
        ips = item.get("ipaddress")
        if isinstance(ips, list):
            ips = ", ".join(str(i) for i in ips if isinstance(i, (str, int)))
        vm_values = {
            "name": _text(item.get("name")),
            "os": vm_os,
            "vcpu": _int(item.get("vcpu")),
            "ram_gb": _gb(_megabytes(item.get("memory"))),
            "addresses": _text(ips),
            "uuid": _uuid(item.get("uuid")),
            "serial": _serial(item.get("serial")),
        }
        listed = Device("vms", vm_values, vm_values["uuid"], vm_values["serial"],
                        host=main if main.kind == "servers" else None, fill_only=True,
                        rule=_("listed by the inventory of {host}").format(host=name or "?"))
        if main.kind == "equipment":
            # VMs and containers on a laptop or a desktop (VirtualBox, Docker Desktop…) are the
            # user's own, not the facility's servers; the VM's own inventory registers it if needed
            listed.skip_reason = _("listed by a workstation; import its own inventory to "
                                   "register it")
        devices.append(listed)
    return devices


def _equipment_kind(device_type: str, model: str) -> str:
    text = f"{device_type} {model}".lower()
    if "printer" in text:
        return "printer"
    if any(w in text for w in ("storage", "nas")):
        return "nas"
    if any(w in text for w in ("firewall", "fortigate", "asa ", "pfsense", "stormshield")):
        return "firewall"
    if "router" in text:
        return "router"
    if any(w in text for w in ("ups", "power")):
        return "ups"
    if any(w in text for w in ("network", "switch")):
        return "switch"
    return "other"


def _equipment(doc: dict[str, Any]) -> list[Device]:
    content = doc["content"]
    info = _obj(content.get("network_device"))
    ips = info.get("ips") or []
    if not isinstance(ips, list):
        ips = [ips]
    address = next((str(ip).strip() for ip in ips
                    if isinstance(ip, (str, int)) and str(ip).strip()
                    and not str(ip).startswith("127.")), None)
    itemtype = str(doc.get("itemtype") or "")
    kind = "printer" if itemtype.lower() == "printer" else _equipment_kind(
        str(info.get("type") or ""), str(info.get("model") or ""))
    serial = _serial(info.get("serial"))
    values = {
        "name": _text(info.get("name")),
        "kind": kind,
        "maker": _text(info.get("manufacturer")),
        "model": _text(info.get("model")),
        "serial": serial,
        "address": address,
    }
    return [Device("equipment", values, None, serial, rule=_("network device inventory"))]


def read_inventory(path: Path | str) -> list[Device]:
    """The devices one inventory file describes (the machine first, then its VMs)."""
    doc = read_document(path)
    try:
        itemtype = str(doc.get("itemtype") or "").lower()
        content = doc["content"]
        if itemtype in ("networkequipment", "printer") or (
                "network_device" in content and "hardware" not in content):
            devices = _equipment(doc)
        elif "hardware" in content or "bios" in content or "operatingsystem" in content:
            devices = _computer(doc)
        else:
            raise file_error(path, _("this inventory describes no computer and no network device."))
    except ImportFileError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # odd shapes in a valid file
        log.warning("inventory %s: %r", path, exc)
        raise file_error(path, _("the inventory has an unexpected shape ({error}).").format(
            error=type(exc).__name__)) from None
    return devices


# --- planning --------------------------------------------------------------------------------

TABLE_OF = {"servers": "server", "vms": "vm", "equipment": "equipment"}
EXTRA_COLUMNS = {"equipment": ["uuid"]}  # stored columns the kind's form does not show


class _Index:
    """Rows of one table, found by UUID, serial or name (lower case), including planned rows."""

    def __init__(self, db, kind: str):
        self.kind = kind
        table = TABLE_OF[kind]
        self.rows: dict[Any, dict[str, Any]] = {}
        self.by: dict[str, dict[str, Any]] = {"uuid": {}, "serial": {}, "name": {}}
        for row in db.query(f"SELECT * FROM {table} ORDER BY id"):
            self.add(row["id"], dict(row))

    def add(self, key: Any, row: dict[str, Any]) -> None:
        self.rows[key] = row
        for column in ("uuid", "serial", "name"):
            value = row.get(column)
            if value:
                self.by[column].setdefault(str(value).strip().lower(), key)

    def find(self, device: Device) -> tuple[Any, str] | tuple[None, None]:
        for column, value in (("uuid", device.uuid), ("serial", device.serial), ("name", device.name)):
            if value:
                key = self.by[column].get(str(value).strip().lower())
                if key is not None:
                    return key, column
        return None, None

    def name_taken(self, name: str, by: Any) -> bool:
        key = self.by["name"].get(name.strip().lower())
        return key is not None and key != by


def _clean(kind: str, device: Device) -> tuple[dict[str, Any], list[str]]:
    """The device's values under the registry's rules; refused values are left out with a note."""
    k = reg.KINDS[kind]
    cleaned: dict[str, Any] = {}
    notes = list(device.notes)
    for name, value in device.values.items():
        if value is None:
            continue
        extra = name in EXTRA_COLUMNS.get(kind, [])
        f = None if extra else k.field(name)
        limit = validation.MAX_LENGTHS["text"] if extra else f.limit
        if limit is not None and isinstance(value, str) and len(value.strip()) > limit:
            # An inventory is written by an agent, not typed: the user cannot correct it, and
            # refusing the file for one odd value (a 5,000-character host name) would lose all the
            # rest of the machine. So the value is cut to the field's limit and the preview says
            # so; a form, a CSV line or a bundle is refused instead (a person can fix those).
            text = value.strip()
            notes.append(_("{field} cut to {limit} characters (the inventory gives {length})").format(
                field=_(f.label) if f else name, limit=format_number(limit),
                length=format_number(len(text))))
            value = text[:limit].strip()
        if extra:
            cleaned[name] = value
            continue
        assert f is not None
        try:
            cleaned[name] = reg.clean_value(f, value)
        except ValueError as exc:
            notes.append(_("{field} left out: {problem}").format(field=_(f.label), problem=exc))
    return cleaned, notes


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(float(old) - float(new)) < 1e-9
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return old == new


def plan_inventories(db, paths: list[Path | str],
                     progress: Callable[[int, int], None] | None = None) -> Plan:
    """Read every file and say what importing them would do; writes nothing.

    A file that cannot be read raises :class:`ImportFileError` (naming it) and nothing is planned.
    """
    plan = Plan(mark=change_mark(db))  # before anything is read
    indexes = {kind: _Index(db, kind) for kind in TABLE_OF}
    planned: dict[int, Action] = {}  # id(Device) -> action, to attach VMs to their host
    for number, path in enumerate(paths, start=1):
        devices = read_inventory(path)
        file_plan = FilePlan(str(path))
        for device in devices:
            chosen = _where_registered(indexes, device)
            action = _plan_device(indexes, chosen, str(path))
            action.rule = device.rule
            if chosen.kind == "equipment" and chosen.values.get("kind") == "workstation":
                action.label = WORKSTATION_LABEL
            planned[id(device)] = action
            if chosen.kind == "vms" and device.host is not None and action.op != "skip":
                _attach(indexes, action, planned.get(id(device.host)))
            file_plan.actions.append(action)
        plan.files.append(file_plan)
        if progress:
            progress(number, len(paths))
    return plan


def _where_registered(indexes: dict[str, _Index], device: Device) -> Device:
    """The device, or the same machine in the terms of the table that already holds it.

    Imports made before the container and workstation rules registered containers and laptops
    as servers: such a record is updated where it is (with a note), not duplicated in its new
    table nor moved (its VMs, backups, credentials and continuity items point at it). Only the
    machine an inventory is about is looked for elsewhere, not the VMs a host lists by name.
    """
    if device.fill_only or not device.elsewhere:
        return device
    own_key, _column = indexes[device.kind].find(device)
    if own_key is not None:
        return device
    for kind, values in device.elsewhere.items():
        probe = Device(kind, values, values.get("uuid"), values.get("serial"))
        key, _column = indexes[kind].find(probe)
        if key is not None:
            note = _("already in the registry as: {kind}; updated there (move it by hand if "
                     "needed)").format(kind=_(reg.KINDS[kind].singular))
            return Device(kind, values, probe.uuid, probe.serial, host=device.host,
                          notes=[*device.notes, note], rule=device.rule)
    return device


def _plan_device(indexes: dict[str, _Index], device: Device, path: str) -> Action:
    kind = device.kind
    index = indexes[kind]
    values, notes = _clean(kind, device)
    name = values.get("name") or ""
    if device.skip_reason:
        return Action(path, kind, "skip", name, reason=device.skip_reason, notes=notes)
    if not name:
        return Action(path, kind, "skip", name, reason=_("the inventory gives no name"), notes=notes)
    key, _matched_on = index.find(Device(kind, values, values.get("uuid"), values.get("serial")))
    if key is None:
        if kind == "vms":
            values.setdefault("criticality", "medium")
        if kind == "equipment":
            values.setdefault("kind", "other")
        for column, value in device.on_create.items():
            values.setdefault(column, value)
        values["source"] = "inventory"
        action = Action(path, kind, "create", name, values=values, notes=notes)
        action.key = action
        index.add(action, values)  # later files of the same import match this planned row
        return action
    row = index.rows[key]
    changes: dict[str, tuple[Any, Any]] = {}
    for column, new in values.items():
        if column == "name":  # the registry's name is the facility's reference: never renamed
            if str(row.get("name") or "").lower() != str(new).lower():
                notes.append(_("name kept; the inventory calls it {name}").format(name=new))
            continue
        if column == "kind" and row.get("kind") not in (None, "", "other"):
            continue  # the user's choice of equipment type wins over a guess
        if device.fill_only and row.get(column) not in (None, ""):
            continue
        if not _same(row.get(column), new):
            changes[column] = (row.get(column), new)
    changed = {c: n for c, (_o, n) in changes.items()}
    action = Action(path, kind, "update" if changes else "unchanged", row.get("name") or name,
                    values=changed, changes=changes, notes=notes)
    action.key = key
    if isinstance(key, Action):  # the same machine in two files of this import: one record
        action.merged_into = key
        action.record_id = None
    else:
        action.record_id = key
    row.update(changed)  # for a planned row, this updates the creating action's values
    if str(name).lower() != str(row.get("name") or "").lower():
        index.by["name"].setdefault(str(name).lower(), key)
    return action


def _attach(indexes: dict[str, _Index], vm_action: Action, host_action: Action | None) -> None:
    """Set a listed VM's host: an existing server's id, or the server this plan creates."""
    if host_action is None or host_action.op == "skip":
        return
    host: Action | int | None = host_action if host_action.op == "create" else (
        host_action.merged_into or host_action.record_id)
    target = vm_action if vm_action.op == "create" else (vm_action.merged_into or None)
    if target is not None:  # the VM is created by this import
        if isinstance(host, Action):
            target.host_action = host
        else:
            target.values["server_id"] = host
        return
    row = indexes["vms"].rows.get(vm_action.record_id) or {}
    current = row.get("server_id")
    if isinstance(host, Action):
        vm_action.host_action = host
        vm_action.changes["server_id"] = (current, host.name)
    elif host is not None and current != host:
        vm_action.changes["server_id"] = (current, host)
        vm_action.values["server_id"] = host
        row["server_id"] = host
    else:
        return
    vm_action.op = "update"


# --- applying --------------------------------------------------------------------------------

def apply_plan(db, plan: Plan, snapshot: bool = True,
               progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Write a plan in ONE transaction (after a snapshot of the database when it has a file)."""
    todo = [a for a in plan.actions if a.op in ("create", "update") and a.merged_into is None]
    # servers first, so that a VM created here can point at a host created here
    todo.sort(key=lambda a: 0 if (a.kind == "servers" and a.op == "create") else 1)
    counts = {op: plan.count(op) for op in ("create", "update", "unchanged", "skip")}
    if not todo:
        return counts
    if snapshot and getattr(db, "path", None):
        from ..snapshots import take_snapshot

        take_snapshot(db.path, "before-import")
    with db.atomic():
        check_unchanged(db, plan.mark)  # another import wrote meanwhile: this plan is stale
        for number, action in enumerate(todo, start=1):
            table = TABLE_OF[action.kind]
            values = dict(action.values)
            if action.host_action is not None:
                values["server_id"] = action.host_action.record_id
            if not values:
                continue
            if action.op == "create":
                action.record_id = int(db[table].insert(values).last_pk)
            else:
                db[table].update(action.record_id, values)
            if progress and (number % 50 == 0 or number == len(todo)):
                progress(number, len(todo))
    return counts


def import_inventories(db, paths: list[Path | str], dry_run: bool = False) -> Plan:
    """Plan, then (unless ``dry_run``) apply. Returns the plan (with ids filled when applied)."""
    plan = plan_inventories(db, paths)
    if not dry_run:
        apply_plan(db, plan)
    return plan
