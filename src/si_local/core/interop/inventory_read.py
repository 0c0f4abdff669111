"""Reading an agent's inventory file: GLPI agent JSON as it is, FusionInventory XML turned into the
same shape (lists where the XML repeats a tag), whatever the encoding the file came in (split out of
inventory.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..i18n import _
from .common import decode_utf8, file_error, parse_json, read_limited

LIST_SECTIONS = {
    "cpus", "drives", "storages", "memories", "networks", "virtualmachines", "softwares",
    "printers", "controllers", "usbdevices", "monitors", "inputs", "sounds", "videos", "slots",
    "batteries", "ports", "processes", "local_users", "local_groups", "users", "envs",
    "antivirus", "physical_volumes", "volume_groups", "logical_volumes", "licenseinfos", "modems",
    "firmwares", "simcards", "sensors", "powersupplies", "cameras", "network_ports",
    "network_components", "remote_mgmt", "databases_services", "firewalls",
}

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
