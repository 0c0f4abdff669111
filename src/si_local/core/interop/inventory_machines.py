"""What an inventory says about machines, in registry terms: values cleaned (sizes, serial
numbers, addresses), the rules that make a computer a server, a VM, a container or a workstation,
and the devices of a computer's or a network device's inventory (split out of inventory.py)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _

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
    software: list | None = None  # the programs it lists (software.Program), None: not given

    @property
    def name(self) -> str:
        return str(self.values.get("name") or "")


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


_NOT_DISKS = ("cdrom", "dvd", "removable", "floppy")
_NOT_LOCAL_FILESYSTEMS = ("nfs", "cifs", "smbfs", "tmpfs", "devtmpfs", "overlay")


def _ram_mb(content: dict[str, Any], hardware: dict[str, Any]) -> float | None:
    ram_mb = _megabytes(hardware.get("memory"))
    if ram_mb is None:
        ram_mb = sum(_megabytes(m.get("capacity")) or 0 for m in _items(content.get("memories"))) or None
    return ram_mb


def _storage_mb(content: dict[str, Any]) -> float | None:
    disks = [s for s in _items(content.get("storages"))
             if str(s.get("type") or "disk").lower() not in _NOT_DISKS]
    storage_mb = sum(_megabytes(s.get("disksize")) or 0 for s in disks) or None
    if storage_mb is None:
        storage_mb = sum(_megabytes(d.get("total")) or 0 for d in _items(content.get("drives"))
                         if str(d.get("filesystem") or "").lower() not in
                         _NOT_LOCAL_FILESYSTEMS) or None
    return storage_mb


def _management_address(networks: list[dict[str, Any]]) -> str | None:
    return next((_text(n.get("ipaddress")) for n in networks
                 if str(n.get("management")).lower() in ("1", "true") and _text(n.get("ipaddress"))),
                None)


class _ComputerFacts:
    """What a computer's inventory says, before the rules decide which kind of record it is."""

    def __init__(self, doc: dict[str, Any]) -> None:
        content = doc["content"]
        self.content = content
        self.hardware = _obj(content.get("hardware"))
        self.bios = bios = _obj(content.get("bios"))
        os_ = _obj(content.get("operatingsystem"))
        self.name = _text(self.hardware.get("name")) or \
            (_text(os_.get("fqdn")) or "").split(".")[0] or None
        self.uuid = _uuid(self.hardware.get("uuid"))
        self.serial = _serial(bios.get("ssn")) or _serial(bios.get("msn"))
        self.cpus = _items(content.get("cpus"))
        self.cores = sum(_int(c.get("core") or c.get("corecount")) or 0 for c in self.cpus) or None
        self.ram_mb = _ram_mb(content, self.hardware)
        self.storage_mb = _storage_mb(content)
        self.networks = _items(content.get("networks"))
        self.mgmt = _management_address(self.networks)
        self.vm_items = _items(content.get("virtualmachines"))
        self.common: dict[str, Any] = {
            "name": self.name,
            "maker": _text(bios.get("smanufacturer")) or _text(bios.get("mmanufacturer")),
            "model": _text(bios.get("smodel")) or _text(bios.get("mmodel")),
            "serial": self.serial,
            "uuid": self.uuid,
            "os": _os_name(content),
            "addresses": _addresses(self.networks, self.hardware.get("ipaddr")),
        }

    def server_values(self) -> dict[str, Any]:
        cpus, hardware = self.cpus, self.hardware
        values = dict(self.common, **{
            "cpu": _text(cpus[0].get("name")) if cpus else _text(hardware.get("processort")),
            "cpu_cores": self.cores, "ram_gb": _gb(self.ram_mb), "storage_gb": _gb(self.storage_mb),
            "mgmt_address": self.mgmt,
        })
        hypervisors = sorted({t for t in (_text(v.get("subsystem")) or _text(v.get("vmtype"))
                                          for v in self.vm_items) if t})
        if hypervisors:
            values["hypervisor"] = ", ".join(hypervisors)
        return values

    def vm_values(self) -> dict[str, Any]:
        values = {c: self.common[c] for c in ("name", "serial", "uuid", "os", "addresses")}
        values.update({"vcpu": self.cores or (len(self.cpus) or None), "ram_gb": _gb(self.ram_mb),
                       "disk_gb": _gb(self.storage_mb)})
        return values

    def equipment_values(self) -> dict[str, Any]:
        address = (self.common["addresses"] or "").split(",")[0].strip() or None
        values = {c: self.common[c] for c in ("name", "maker", "model", "serial", "uuid")}
        values["address"] = address
        return values


def _container(facts: _ComputerFacts, rule: str, server_values: dict[str, Any]) -> Device:
    """A container is registered as a VM (the VM table holds what matters: name, system,
    addresses, criticality, applications, backups) rather than skipped: it runs services the
    facility depends on. What the agent reads inside it about hardware is the host's: the
    processors, memory and disks would be counted twice, and the host's serial number or UUID
    would make every container of that host match the first one imported."""
    vm_values = facts.vm_values()
    notes: list[str] = []
    on_create: dict[str, Any] = {}
    for column in ("vcpu", "ram_gb", "disk_gb"):
        vm_values.pop(column)
    host_identity = [vm_values.pop("uuid"), vm_values.pop("serial")]
    if any(host_identity):
        notes.append(_("UUID and serial number left out: a container reports its host's"))
    on_create["notes"] = _("Container ({system}), from an agent inventory").format(
        system=_text(facts.hardware.get("vmsystem")))
    return Device("vms", vm_values, None, None, notes=notes, rule=rule, on_create=on_create,
                  elsewhere={"servers": server_values})


def _main_device(facts: _ComputerFacts) -> Device:
    """The computer itself, of the kind the rules give it."""
    server_values = facts.server_values()
    machine, rule = _machine_class(facts.hardware, facts.bios, facts.common["model"],
                                   facts.common["os"])
    if machine == "container":
        return _container(facts, rule, server_values)
    if machine == "vm":
        return Device("vms", facts.vm_values(), facts.uuid, facts.serial, rule=rule)
    if machine == "workstation":
        equipment_values = facts.equipment_values()
        equipment_values["kind"] = "workstation"
        return Device("equipment", equipment_values, facts.uuid, facts.serial, rule=rule,
                      elsewhere={"servers": server_values})
    return Device("servers", server_values, facts.uuid, facts.serial, rule=rule)


def _listed_vm(item: dict[str, Any], main: Device, host_name: str | None) -> Device:
    """A VM the computer's inventory lists: it only fills what the VM's own inventory left empty."""
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
                    rule=_("listed by the inventory of {host}").format(host=host_name or "?"))
    if main.kind == "equipment":
        # VMs and containers on a laptop or a desktop (VirtualBox, Docker Desktop…) are the
        # user's own, not the facility's servers; the VM's own inventory registers it if needed
        listed.skip_reason = _("listed by a workstation; import its own inventory to "
                               "register it")
    return listed


def _computer(doc: dict[str, Any]) -> list[Device]:
    facts = _ComputerFacts(doc)
    main = _main_device(facts)
    return [main] + [_listed_vm(item, main, facts.name) for item in facts.vm_items]


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
